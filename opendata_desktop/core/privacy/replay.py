"""How a privacy treatment of a project is redone: on the same file only, recomputed from its values."""

from __future__ import annotations

from opendata_desktop.core.operations import ReplayError, SetCells, register_rule_replayer
from opendata_desktop.core.privacy.plan import VALUE_OPERATORS as _VALUE_OPERATORS


def _replay_value_operator(entry: dict, doc, context):
    if not context.same_source or entry.get("row_ids", entry.get("rows")) is None:
        raise ReplayError("à refaire à l'étape « Données personnelles » sur le nouveau fichier")
    column = entry["column"]
    action = (entry.get("rule") or entry.get("converter"))[len("privacy-"):]
    convert = _VALUE_OPERATORS.get(action)
    if convert is None:
        raise ReplayError(f"traitement « {action} » inconnu de cette version")
    ids = [int(i) for i in entry.get("row_ids", entry.get("rows"))]
    positions = doc.positions_of(ids)
    col = doc.table.columns.get_loc(column)
    values = [convert(str(doc.table.iat[p, col])) for p in positions]
    return SetCells(column, ids, values, entry.get("description", ""), entry.get("rule") or entry.get("converter"))


def _refuse_pseudonym(entry: dict, doc, context):
    raise ReplayError("refaite à chaque publication, avec une nouvelle clé")


register_rule_replayer("privacy-", _replay_value_operator)
register_rule_replayer("pseudonym", _refuse_pseudonym)
