"""Operations on cell values."""

from __future__ import annotations

from dataclasses import dataclass, field

from opendata_desktop.core.operations.base import OpChanges, Operation


@dataclass
class EditCell(Operation):
    row: int  # 0-based data row
    column: str  # source column
    value: str
    _old: str | None = field(default=None, repr=False)
    kind = "edit-cell"

    @property
    def label(self) -> str:
        return f"modification d'une cellule de la colonne « {self.column} »"

    def apply(self, doc) -> OpChanges:
        self._old = doc.table.at[self.row, self.column]
        doc.table.at[self.row, self.column] = self.value
        return OpChanges(self.label, columns=(self.column,), rows=(self.row,))

    def revert(self, doc) -> OpChanges:
        doc.table.at[self.row, self.column] = self._old
        return OpChanges(self.label, columns=(self.column,), rows=(self.row,))

    def to_dict(self) -> dict:
        return {"op": self.kind, "row": self.row, "column": self.column, "value": self.value}


class _ColumnCells(Operation):
    """Writes `_new_values()` into `rows` of `column`, keeping the old values for undo."""

    def apply(self, doc) -> OpChanges:
        self._old = doc.table.loc[self.rows, self.column].tolist()
        doc.table.loc[self.rows, self.column] = self._new_values()
        return OpChanges(self.label, columns=(self.column,), rows=tuple(self.rows))

    def revert(self, doc) -> OpChanges:
        doc.table.loc[self.rows, self.column] = self._old
        return OpChanges(self.label, columns=(self.column,), rows=tuple(self.rows))


@dataclass
class ReplaceCells(_ColumnCells):
    """Put one value in some rows of a column (e.g. « Personne physique » instead of a name)."""

    column: str
    rows: list[int]
    value: str
    reason: str = ""
    _old: list[str] = field(default_factory=list, repr=False)
    kind = "replace-cells"

    @property
    def label(self) -> str:
        what = self.reason or f"remplacement par « {self.value} »"
        return f"{what} ({len(self.rows)} cellule(s) de la colonne « {self.column} »)"

    def _new_values(self):
        return self.value

    def to_dict(self) -> dict:
        # Never journal the personal values themselves: only where and with what they were replaced.
        return {"op": self.kind, "column": self.column, "rows": list(self.rows), "value": self.value,
                "reason": self.reason}


@dataclass
class SetCells(_ColumnCells):
    """Put new values in some cells of a column: one fix (« conversion des dates ») applied at once."""

    column: str
    rows: list[int]
    values: list[str]
    description: str
    converter: str = ""  # the kind of fix, replayed on next year's file
    _old: list[str] = field(default_factory=list, repr=False)
    kind = "set-cells"

    @property
    def label(self) -> str:
        return f"{self.description} ({len(self.rows)} cellule(s) de la colonne « {self.column} »)"

    def _new_values(self):
        return self.values

    def to_dict(self) -> dict:
        # No values: fixes are deterministic and replayed from the source; values may be personal.
        entry = {"op": self.kind, "column": self.column, "description": self.description,
                 "converter": self.converter, "cells": len(self.rows)}
        if self.converter.startswith("privacy-"):
            entry["rows"] = list(self.rows)  # which rows were treated (positions, not values)
        return entry
