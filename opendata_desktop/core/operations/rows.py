"""Operations on whole rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from opendata_desktop.core.operations.base import OpChanges, Operation


@dataclass
class DropRows(Operation):
    """Leave rows out of the publication (they stay in the source file, untouched)."""

    rows: list[int]
    reason: str = ""
    _table: pd.DataFrame | None = field(default=None, repr=False)
    _row_numbers: np.ndarray | None = field(default=None, repr=False)
    kind = "drop-rows"

    @property
    def label(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return f"retrait de {len(self.rows)} ligne(s){why}"

    def apply(self, doc) -> OpChanges:
        self._table, self._row_numbers = doc.table, doc.row_numbers
        keep = np.ones(len(doc.table), dtype=bool)
        keep[self.rows] = False
        doc.table = doc.table[keep].reset_index(drop=True)
        doc.row_numbers = doc.row_numbers[keep]
        return OpChanges(self.label, structure=True)

    def revert(self, doc) -> OpChanges:
        doc.table, doc.row_numbers = self._table, self._row_numbers
        return OpChanges(self.label, structure=True)

    def to_dict(self) -> dict:
        return {"op": self.kind, "source_rows": [int(self._row_numbers[r]) for r in self.rows]
                if self._row_numbers is not None else [], "reason": self.reason}
