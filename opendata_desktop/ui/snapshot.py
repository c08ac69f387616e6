"""A read-only copy of the document for workers: checks run on it while the person keeps editing.

Taken on the GUI thread, so it must be quick: with pandas' copy-on-write (always on from pandas 3) a shallow
copy is a true copy — the document's next write copies the column it writes, the snapshot keeps the old
one — and costs nothing (a deep copy of 100,000 rows stopped the window about 100 ms).
"""

from __future__ import annotations

from contextlib import nullcontext
from types import SimpleNamespace

import numpy as np
import pandas as pd

COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3 or pd.options.mode.copy_on_write is True


class Snapshot:
    """What core checks read from a document (table, schema, mapping, row ids, revision), copied."""

    def __init__(self, doc):
        with getattr(doc, "edit_lock", None) or nullcontext():  # never half of an operation a worker applies
            self._copy(doc)

    def _copy(self, doc) -> None:
        self.schema = doc.schema
        self.table = doc.table.copy(deep=not COPY_ON_WRITE)
        self.mapping = SimpleNamespace(columns=dict(doc.mapping.columns),
                                       confidence=dict(getattr(doc.mapping, "confidence", {})),
                                       column_for=_column_for(dict(doc.mapping.columns)))
        self.row_ids = np.array(getattr(doc, "row_ids", np.arange(len(self.table))), copy=True)
        self.row_numbers = np.array(doc.row_numbers, copy=True)
        self.revision = getattr(doc, "revision", 0)
        self.source = doc.source

    def schema_frame(self):
        """The table as it will be published, and where its cells are: the document's own code, run in the
        worker on this copy (building it for 100,000 rows stopped the window up to 90 ms)."""
        from opendata_desktop.core.document import Document

        return Document.schema_frame(self)

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
