"""Operations on cell values, addressed by stable row ids.

Each carries, when it comes from a proposal, the values that proposal saw (`expected`): a cell changed
since (a manual edit after the proposals were computed) is left alone — the operation « rebases » onto
the newer document — and if no cell still holds what was seen, the operation is refused.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from opendata_desktop.core.operations.base import (CellChange, OpChanges, Operation, ReplayContext, ReplayError,
                                                   StaleProposalError, rule_replayer, values_bytes)


def _as_text(values) -> np.ndarray:
    return pd.Series(values, dtype=object).fillna("").astype(str).to_numpy()


def _same_text(current: np.ndarray, expected) -> np.ndarray:
    """Cell by cell: does the table still hold what the proposal saw? Plain comparison first (the
    cells are text almost always); only the cells that differ are compared as text (empty, numbers)."""
    expected = np.asarray(expected, dtype=object)
    same = np.asarray(current == expected, dtype=bool)
    if not same.all():
        differ = ~same
        same[differ] = _as_text(current[differ]) == _as_text(expected[differ])
    return same


def _column_index(doc, column: str) -> int:
    try:
        return doc.table.columns.get_loc(column)
    except KeyError:
        raise ReplayError(f"La colonne « {column} » n'existe pas dans ce fichier.") from None


class _CellsOperation(Operation):
    """Writes values into `row_ids` of `column`, keeping the old values for undo and the review."""

    column: str
    row_ids: list[int]
    expected: list[str] | None
    rule: str = ""

    def _new_values(self) -> list[str]:
        raise NotImplementedError

    def apply(self, doc) -> OpChanges:
        col = _column_index(doc, self.column)
        ids = np.asarray(self.row_ids, dtype=np.int64)
        positions = doc.positions_of(ids)
        new = np.asarray(self._new_values(), dtype=object)
        current = doc.table.iloc[positions, col].to_numpy(dtype=object)
        keep = np.ones(len(ids), dtype=bool)
        if self.expected is not None:
            keep = _same_text(current, self.expected)
            if len(ids) and not keep.any():
                raise StaleProposalError(
                    "Ces cellules ont été modifiées depuis que la correction a été proposée : elle n'est plus à jour.",
                    "Relancez la vérification pour obtenir des propositions à jour.")
        self._memory = None
        self._applied_ids = ids[keep]
        self._skipped_ids = ids[~keep]
        self._old = current[keep]
        self._written = new[keep]
        doc.table.iloc[positions[keep], col] = self._written
        return OpChanges(self.label, columns=(self.column,), rows=tuple(self._applied_ids.tolist()),
                         skipped=tuple(self._skipped_ids.tolist()))

    def revert(self, doc) -> OpChanges:
        col = _column_index(doc, self.column)
        doc.table.iloc[doc.positions_of(self._applied_ids), col] = self._old
        return OpChanges(self.label, columns=(self.column,), rows=tuple(self._applied_ids.tolist()))

    def cell_changes(self) -> list[CellChange]:
        applied = getattr(self, "_applied_ids", None)
        if applied is None:
            return []
        return [CellChange(int(i), self.column, "" if b is None else str(b), str(a), self.rule or self.kind, self.label)
                for i, b, a in zip(applied, self._old, self._written)]

    def memory_bytes(self) -> int:
        if getattr(self, "_memory", None) is None:  # computed once: the history's cap asks on every change
            self._memory = values_bytes(getattr(self, "_old", ())) + values_bytes(getattr(self, "_written", ())) + \
                8 * len(self.row_ids) + 256
        return self._memory


class EditCell(_CellsOperation):
    """A value typed by the person in one cell."""

    kind = "edit-cell"

    def __init__(self, row_id: int, column: str, value: str, expected: str | None = None):
        self.row_id = int(row_id)
        self.column = column
        self.value = value
        self.row_ids = [self.row_id]
        self.expected = None if expected is None else [expected]
        self.rule = "edit"

    @classmethod
    def at(cls, doc, position: int, column: str, value: str) -> "EditCell":
        """The edit of the cell a view shows at `position` (checked against what the view showed)."""
        current = doc.table.iat[position, doc.table.columns.get_loc(column)]
        return cls(int(doc.row_ids[position]), column, value, expected=str(current))

    @property
    def label(self) -> str:
        return f"modification d'une cellule de la colonne « {self.column} »"

    def _new_values(self):
        return [self.value]

    def to_dict(self) -> dict:
        return {"op": self.kind, "row_id": self.row_id, "column": self.column, "value": self.value}

    @classmethod
    def from_dict(cls, entry, doc, context=ReplayContext()):
        if not context.same_source:
            raise ReplayError("une correction à la main ne vaut que pour l'ancien fichier")
        row_id = entry.get("row_id", entry.get("row"))
        if row_id is None:
            raise ReplayError("cellule inconnue")
        return cls(int(row_id), entry["column"], entry["value"])


class ReplaceCells(_CellsOperation):
    """Put one value in some rows of a column (e.g. « Personne physique » instead of a name)."""

    kind = "replace-cells"

    def __init__(self, column: str, row_ids: Sequence[int], value: str, reason: str = "",
                 expected: Sequence[str] | None = None, rule: str = "replace"):
        self.column = column
        self.row_ids = [int(r) for r in row_ids]
        self.value = value
        self.reason = reason
        self.expected = None if expected is None else list(expected)
        self.rule = rule

    @property
    def label(self) -> str:
        what = self.reason or f"remplacement par « {self.value} »"
        return f"{what} ({len(self.row_ids)} cellule(s) de la colonne « {self.column} »)"

    def _new_values(self):
        return [self.value] * len(self.row_ids)

    def to_dict(self) -> dict:
        # Never journal the personal values themselves: only where and with what they were replaced.
        return {"op": self.kind, "column": self.column, "row_ids": list(self.row_ids), "value": self.value,
                "reason": self.reason, "rule": self.rule}

    @classmethod
    def from_dict(cls, entry, doc, context=ReplayContext()):
        if not context.same_source:
            raise ReplayError("à refaire à l'étape « Données personnelles » sur le nouveau fichier")
        _column_index(doc, entry["column"])
        ids = entry.get("row_ids", entry.get("rows", []))
        return cls(entry["column"], ids, entry["value"], entry.get("reason", ""), rule=entry.get("rule", "replace"))


class SetCells(_CellsOperation):
    """Put new values in some cells of a column: one fix (« conversion des dates ») applied at once."""

    kind = "set-cells"

    def __init__(self, column: str, row_ids: Sequence[int], values: Sequence[str], description: str,
                 rule: str = "", expected: Sequence[str] | None = None, *, converter: str | None = None):
        self.column = column
        self.row_ids = [int(r) for r in row_ids]
        self.values = list(values)
        self.description = description
        self.rule = converter if converter is not None else rule
        self.expected = None if expected is None else list(expected)

    @property
    def converter(self) -> str:  # the former name of `rule`
        return self.rule

    @property
    def label(self) -> str:
        return f"{self.description} ({len(self.row_ids)} cellule(s) de la colonne « {self.column} »)"

    def _new_values(self):
        return self.values

    def to_dict(self) -> dict:
        # No values: fixes are deterministic and recomputed from the source; values may be personal.
        entry = {"op": self.kind, "column": self.column, "description": self.description, "rule": self.rule,
                 "cells": len(self.row_ids)}
        if self.rule.startswith("privacy-") or self.rule in ("fill", "set", "find-replace", "same-cells", "revert"):
            entry["row_ids"] = list(self.row_ids)  # which rows were treated (ids, not values)
        return entry

    @classmethod
    def from_dict(cls, entry, doc, context=ReplayContext()):
        rule = entry.get("rule") or entry.get("converter") or ""
        _column_index(doc, entry["column"])
        replay = rule_replayer(rule)
        if replay is None:
            raise ReplayError(f"la correction « {entry.get('description', rule)} » n'est pas connue de cette version")
        return replay(entry, doc, context)
