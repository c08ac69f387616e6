"""A read-only copy of the document for workers: checks run on it while the person keeps editing."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np


class Snapshot:
    """What core checks read from a document (table, schema, mapping, row ids, revision), copied."""

    def __init__(self, doc):
        self.schema = doc.schema
        self.table = doc.table.copy()
        self.mapping = SimpleNamespace(columns=dict(doc.mapping.columns),
                                       confidence=dict(getattr(doc.mapping, "confidence", {})),
                                       column_for=_column_for(dict(doc.mapping.columns)))
        self.row_ids = np.array(getattr(doc, "row_ids", np.arange(len(self.table))), copy=True)
        self.row_numbers = np.array(doc.row_numbers, copy=True)
        self.revision = getattr(doc, "revision", 0)
        self.source = doc.source

    def ids_at(self, positions) -> np.ndarray:
        return self.row_ids[np.asarray(positions, dtype=np.int64)]

    def positions_of(self, row_ids) -> np.ndarray:
        return np.searchsorted(self.row_ids, np.asarray(row_ids, dtype=np.int64))


def _column_for(columns: dict):
    def column_for(field_name: str):
        return next((c for c, f in columns.items() if f == field_name), None)
    return column_for


def with_row_ids(proposals, snapshot: Snapshot):
    """Proposals computed on positions of the snapshot, addressed by stable row ids (operations want ids)."""
    for proposal in proposals:
        if getattr(proposal, "row_ids", None) is None and hasattr(proposal, "rows"):
            proposal.rows = [int(i) for i in snapshot.ids_at(proposal.rows)]
    return proposals
