"""How a fix of a project is redone on a file (the same file, or next year's): found again, never copied.

Fix operations journal no values; replaying one proposes the fixes of the new file and keeps the one of
the same kind on the same column (same values give the same result). Derivations (« derive-… ») are
recomputed by core.fixes.columns, which registers its own replayer.
"""

from __future__ import annotations

from opendata_desktop.core.fixes import columns as _columns  # noqa: F401  (registers « derive-… »)
from opendata_desktop.core.fixes import continuation as _continuation  # noqa: F401  (registers « continuation »)
from opendata_desktop.core.fixes import review as _review  # noqa: F401  (registers « revert »)
from opendata_desktop.core.fixes.auto import propose_fixes
from opendata_desktop.core.operations import ReplayError, register_rule_replayer

_GUESSES = ("nearest", "shorten")


def _replay_fix(entry: dict, doc, context):
    column = entry["column"]
    rule = entry.get("rule") or entry.get("converter")
    if doc.schema is None:
        raise ReplayError("aucun schéma choisi")
    if rule == "enum-choice":
        raise ReplayError("une valeur choisie à la main parmi plusieurs est à choisir de nouveau sur ce fichier")
    for proposal in propose_fixes(doc, include_guesses=rule in _GUESSES):
        if proposal.column == column and proposal.converter == rule:
            return proposal.operation()
    raise ReplayError("plus rien à corriger de cette façon dans ce fichier")


register_rule_replayer("", _replay_fix)  # any rule no more specific module claims is a fix kind


def _replay_blank_rows(entry: dict, doc, context):
    from opendata_desktop.core.fixes.review import blank_rows
    from opendata_desktop.core.operations import DropRows

    ids = blank_rows(doc)
    if not ids:
        raise ReplayError("aucune ligne vide dans ce fichier")
    return DropRows(ids, reason=entry.get("reason", "lignes vides"), rule="blank-rows")


register_rule_replayer("blank-rows", _replay_blank_rows)
