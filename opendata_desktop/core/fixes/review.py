"""What a preparation changed, cell by cell, as the person reviews it (the `prepare` report, the
« Modifications » view): row, field, before, after, rule — computed from the document itself, so the list
matches the written file exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd

from opendata_desktop.core.fixes.auto import identifier_findings
from opendata_desktop.core.operations import (CompoundOperation, DropRows, ReplayError, SetCells,
                                              register_rule_replayer)
from opendata_desktop.core.validation.report import CellError

RULE_NAMES = {"set": "même valeur pour toute la colonne", "fill": "cellules vides remplies",
              "same-cells": "même correction pour les cellules identiques", "find-replace": "rechercher et remplacer",
              "derive-actes-label": "matière ACTES d'après son code", "derive-actes-code": "code ACTES d'après la matière",
              "derive-siren": "SIREN d'après le SIRET", "derive-insee": "code INSEE d'après le nom de la commune",
              "blank-rows": "lignes vides retirées", "edit": "modification à la main", "modification": "modification"}


def rule_label(rule: str) -> str:
    """French name of a change's rule, for the « Modifications » view and its filter (« date » -> « conversion
    des dates au format AAAA-MM-JJ »); combined rules (« fill+enum ») are joined."""
    from opendata_desktop.core.fixes.auto import LABELS

    return " puis ".join(RULE_NAMES.get(r) or LABELS.get(r) or r for r in rule.split("+"))


def blank_rows(document) -> list[int]:
    """Row ids whose published form is entirely empty (a row with data only in columns not published)."""
    frame, _ = document.schema_frame()
    missing = set(document.schema.missing_values) | {""}
    empty = frame.astype(str).apply(lambda c: c.str.strip().isin(missing)).all(axis=1).to_numpy()
    return [int(i) for i in np.asarray(document.row_ids)[empty]]


def drop_blank_rows(document) -> list[int]:
    """Leave out the rows that would be written empty; returns their spreadsheet row numbers."""
    ids = blank_rows(document)
    if not ids:
        return []
    numbers = [int(n) for n in document.row_numbers[document.positions_of(ids)]]
    document.apply(DropRows(ids, reason="lignes vides", rule="blank-rows"))
    return numbers


def changed_cells(document, frame: pd.DataFrame) -> list[dict]:
    """Every published cell whose value differs from the source file's, with the rule that changed it."""
    rules: dict[tuple[int, str], list[str]] = {}
    for change in document.cell_changes():
        rules.setdefault((int(change.row_id), change.column), []).append(change.rule)
    source = document.source.data
    row_ids = np.asarray(document.row_ids)
    row_numbers = np.asarray(document.row_numbers)
    changes = []
    for field_name in frame.columns:
        column = document.mapping.column_for(field_name)
        after = frame[field_name].astype(str).to_numpy()
        if column is not None and column in source.columns:
            before = source[column].astype(str).to_numpy()[row_ids]
            default_rule = "modification"
        else:
            before = np.full(len(after), "", dtype=object)
            default_rule = "set"  # a column added with one value (--set on a field the file lacks)
        for position in np.flatnonzero(before != after):
            row_id = int(row_ids[position])
            rule = "+".join(dict.fromkeys(rules.get((row_id, column), [default_rule])))
            changes.append({"row": int(row_numbers[position]), "field": field_name, "column": column,
                            "before": str(before[position]), "after": str(after[position]), "rule": rule})
    changes.sort(key=lambda c: (c["row"], list(frame.columns).index(c["field"])))
    return changes


def add_identifier_findings(validator, frame: pd.DataFrame, schema, labels: dict[str, str]) -> None:
    """Add to a validator's errors what plain checks miss in identifier columns (damaged columns, SIRENs in
    SIRET fields), replacing the generic message of the same cell and code."""
    for row, field_name, code, message in identifier_findings(frame, schema, labels):
        row_number, cell = validator.locator.locate(row, field_name)
        value = str(frame[field_name].iat[row]) if row is not None else None
        validator.errors[(row, field_name, code)] = CellError(row_number, cell, field_name, code, message,
                                                              row_index=row, value=value)


def revert_operation(changes, label: str = "annulation de modifications"):
    """Put back the `before` value of some cell changes (`doc.cell_changes()` items): one line of the
    « Modifications » view, or every change of one rule, as ONE operation. A cell changed again since
    (its value is no longer the change's `after`) is left alone."""
    by_column: dict[str, list] = {}
    for change in changes:
        by_column.setdefault(change.column, []).append(change)
    ops = [SetCells(column, [c.row_id for c in items], [c.before for c in items], label, rule="revert",
                    expected=[c.after for c in items]) for column, items in by_column.items()]
    if not ops:
        return None
    return ops[0] if len(ops) == 1 else CompoundOperation(label, ops, rule="revert")


def _replay_revert(entry: dict, doc, context):
    """On the very same file, a reverted change goes back to the source's value (row ids journaled)."""
    row_ids = entry.get("row_ids")
    if not context.same_source or not row_ids:
        raise ReplayError("une annulation faite à la main ne vaut que pour l'ancien fichier")
    column = entry["column"]
    values = doc.source.data[column].astype(str).to_numpy()[list(row_ids)] if column in doc.source.data.columns \
        else [""] * len(row_ids)
    return SetCells(column, row_ids, list(values), entry.get("description", "annulation"), rule="revert")


register_rule_replayer("revert", _replay_revert)
