"""The privacy policy: which operator treats which column, by default or as a coordinator wrote it.

Policy file (JSON): {"columns": {"<column>": {"action": "drop|replace|blank|occult|pseudonymise|year|month|
age-band|street|keep", "value": "…"}}, "small_counts": {"column": "…", "threshold": 3},
"quasi_identifiers": ["…"], "sensitive": "…", "k": 5}
"""

from __future__ import annotations

from dataclasses import dataclass

from opendata_desktop.core.operations import DropColumn, DropRows, ReplaceCells, SetCells
from opendata_desktop.core.privacy import operators
from opendata_desktop.core.privacy.detection import PersonalFinding

ACTION_LABELS = {
    "drop": "colonne retirée", "replace": f"remplacé par « {operators.NATURAL_PERSON} »", "blank": "cellules vidées",
    "occult": "noms occultés dans le texte", "pseudonymise": "pseudonymisé (reste une donnée personnelle)",
    "year": "date réduite à l'année", "month": "date réduite au mois", "age-band": "âge par tranche de 10 ans",
    "street": "adresse réduite à la voie", "keep": "conservé",
}
_VALUE_OPERATORS = {"occult": operators.occult_names, "year": lambda v: operators.generalise_date(v, "year"),
                    "month": lambda v: operators.generalise_date(v, "month"), "age-band": operators.age_band,
                    "street": operators.street_only}


def default_action(finding: PersonalFinding, required_field: bool) -> str:
    if finding.entity == "FREE_TEXT_WITH_PERSON":
        return "occult"
    if finding.rows is not None:
        return "replace" if finding.entity == "PERSON" else "blank"
    if required_field:
        return "replace" if finding.entity in ("PERSON", "LAST_NAME", "FIRST_NAME") else "blank"
    return "drop"


@dataclass
class Applied:
    column: str
    action: str
    cells: int

    def as_dict(self) -> dict:
        return {"column": self.column, "action": self.action, "label": ACTION_LABELS.get(self.action, self.action),
                "cells": self.cells}


def apply_policy(document, findings: list[PersonalFinding], policy: dict | None = None,
                 required: set[str] = frozenset(), secret: bytes | None = None) -> list[Applied]:
    """Treat each finding as the policy says (or by default), as undoable operations on `document`."""
    policy = policy or {}
    chosen = policy.get("columns", {})
    applied: list[Applied] = []
    secret = secret or operators.new_secret()  # one per publication, never stored
    for finding in findings:
        column = finding.column
        if column not in document.table.columns:
            continue
        rule = chosen.get(column, {})
        action = rule.get("action") or default_action(finding, column in required)
        all_rows = list(range(len(document.table)))
        rows = finding.rows if finding.rows is not None else all_rows
        if action == "keep":
            continue
        if action == "drop":
            document.apply(DropColumn(column, reason="donnée personnelle"))
        elif action in ("replace", "blank"):
            value = rule.get("value", operators.NATURAL_PERSON if action == "replace" else "")
            document.apply(ReplaceCells(column, rows, value, reason=ACTION_LABELS[action]))
        elif action == "pseudonymise":
            values = [operators.pseudonym(str(document.table.at[r, column]), secret) for r in rows]
            document.apply(SetCells(column, rows, values, ACTION_LABELS[action], converter="pseudonym"))
        elif action in _VALUE_OPERATORS:
            convert = _VALUE_OPERATORS[action]
            values = [convert(str(document.table.at[r, column])) for r in rows]
            document.apply(SetCells(column, rows, values, ACTION_LABELS[action], converter=f"privacy-{action}"))
        else:
            continue
        applied.append(Applied(column, action, len(rows)))
    small = policy.get("small_counts")
    if small and small.get("column") in document.table.columns:
        rows = operators.suppress_small_counts(document.table, small["column"], int(small.get("threshold", 3)))
        if rows:
            document.apply(DropRows(rows, reason=f"effectifs inférieurs à {small.get('threshold', 3)}"))
            applied.append(Applied(small["column"], "small-counts", len(rows)))
    return applied
