"""Operations on whole rows, addressed by stable row ids."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from opendata_desktop.core.operations.base import OpChanges, Operation, ReplayContext, ReplayError, rule_replayer


class DropRows(Operation):
    """Leave rows out of the publication (they stay in the source file, untouched).

    Undo keeps only the rows left out, not the whole table.
    """

    kind = "drop-rows"

    def __init__(self, row_ids: Sequence[int], reason: str = "", rule: str = "drop-rows"):
        self.row_ids = sorted({int(r) for r in row_ids})
        self.reason = reason
        self.rule = rule
        self._removed: pd.DataFrame | None = None
        self._removed_numbers: np.ndarray | None = None

    @property
    def label(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return f"retrait de {len(self.row_ids)} ligne(s){why}"

    def apply(self, doc) -> OpChanges:
        ids = np.asarray(self.row_ids, dtype=np.int64)
        positions = doc.positions_of(ids)
        keep = np.ones(len(doc.table), dtype=bool)
        keep[positions] = False
        self._removed = doc.table.iloc[positions].copy()
        self._removed_numbers = doc.row_numbers[positions].copy()
        doc.table = doc.table[keep].reset_index(drop=True)
        doc.row_numbers = doc.row_numbers[keep]
        doc.row_ids = doc.row_ids[keep]
        return OpChanges(self.label, rows=tuple(self.row_ids), structure=True)

    def revert(self, doc) -> OpChanges:
        ids = np.concatenate([doc.row_ids, np.asarray(self.row_ids, dtype=np.int64)])
        order = np.argsort(ids, kind="stable")
        table = pd.concat([doc.table, self._removed.reset_index(drop=True)], ignore_index=True)
        doc.table = table.iloc[order].reset_index(drop=True)
        doc.row_numbers = np.concatenate([doc.row_numbers, self._removed_numbers])[order]
        doc.row_ids = ids[order]
        self._removed = self._removed_numbers = None
        return OpChanges(self.label, rows=tuple(self.row_ids), structure=True)

    def to_dict(self) -> dict:
        return {"op": self.kind, "row_ids": list(self.row_ids), "reason": self.reason, "rule": self.rule}

    @classmethod
    def from_dict(cls, entry, doc, context=ReplayContext()):
        replay = rule_replayer(entry.get("rule", ""), fallback=False)
        if replay is not None:  # rows chosen by a rule (blank rows…): found again on this file
            return replay(entry, doc, context)
        if not context.same_source:
            raise ReplayError("à refaire à l'étape « Données personnelles » sur le nouveau fichier")
        if "row_ids" in entry:
            ids = [int(i) for i in entry["row_ids"]]
        else:  # projects of format 1 stored spreadsheet row numbers
            numbers = set(entry.get("source_rows", []))
            ids = [int(i) for i, n in zip(doc.row_ids, doc.row_numbers) if int(n) in numbers]
        present = [i for i in ids if i in set(doc.row_ids.tolist())]
        if not present:
            raise ReplayError("les lignes à retirer ne sont plus dans le fichier")
        return cls(present, entry.get("reason", ""), entry.get("rule", "drop-rows"))

    def memory_bytes(self) -> int:
        if self._removed is None:
            return 256 + 8 * len(self.row_ids)
        return int(self._removed.memory_usage(deep=True).sum()) + 16 * len(self.row_ids) + 256
