"""The document being prepared: the source table, its schema, its mapping and the edits made.

The source file is never touched: edits live in `table`, a working copy. Every change goes through
`apply` as one operation (one undo step); views observe `changed`. Rows keep a stable id (`row_ids`:
their index in the source table), so an operation made for a row still finds it after others were left
out; `revision` counts the changes, so a proposal knows whether it was computed on the current state.
"""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd

from opendata_desktop.core.checksum import file_checksum
from opendata_desktop.core.errors import OpenDataError
from opendata_desktop.core.events import Signal
from opendata_desktop.core.mapping import Mapping, MappingMemory
from opendata_desktop.core.operations.base import CellChange, OpChanges, Operation, UndoStack
from opendata_desktop.core.operations.schema import SetSchema
from opendata_desktop.core.reading.table import SourceTable
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.validation.engine import CellLocator
from opendata_desktop.core.validation.report import ValidationReport


class StaleRowError(OpenDataError):
    title = "Ligne introuvable"


class Document:
    def __init__(self, source: SourceTable, schema: Schema | None = None, *, history_bytes: int | None = None):
        self.source = source
        self.source_checksum = file_checksum(source.path)  # as read now: tells a project if the file changed
        self.table: pd.DataFrame = source.data.copy()
        self.row_ids = np.arange(len(self.table), dtype=np.int64)  # stable identity of each working row
        self.row_numbers = source.row_numbers.copy()  # spreadsheet row of each working row, for display
        self.schema: Schema | None = None
        self.mapping = Mapping({c: None for c in self.table.columns})
        self.report: ValidationReport | None = None
        self.validator = None  # the engine that produced `report`, kept for quick re-checks
        self.undo_stack = UndoStack() if history_bytes is None else UndoStack(max_bytes=history_bytes)
        self.revision = 0
        self.applied: list[dict] = []  # journal entries of the operations in effect (what a project replays)
        self.journal: list[dict] = []  # everything that happened, undo and redo included
        self.changed = Signal()  # emits OpChanges
        # Edits are serial: a large operation may be applied in a worker (`apply(op, emit=False)`, then
        # `changed.emit` on the views' thread) while the window stays responsive; an edit asked meanwhile
        # waits for it instead of interleaving (see `edit_lock`).
        self.edit_lock = threading.RLock()
        self.initial_schema = schema  # the starting state, not an undoable step (a project records it)
        if schema is not None:
            SetSchema(schema).apply(self)

    # -- rows ---------------------------------------------------------------------------------
    def positions_of(self, row_ids) -> np.ndarray:
        """Current positions of rows given by id; refuses ids of rows that are no longer in the table."""
        ids = np.asarray(row_ids, dtype=np.int64)
        positions = np.searchsorted(self.row_ids, ids)
        found = positions < len(self.row_ids)
        found[found] = self.row_ids[positions[found]] == ids[found]
        if not found.all():
            raise StaleRowError("Une ligne visée n'est plus dans le tableau (elle a été retirée entre-temps).",
                                "Relancez la vérification pour obtenir des propositions à jour.")
        return positions

    def ids_at(self, positions) -> np.ndarray:
        return self.row_ids[np.asarray(positions, dtype=np.int64)]

    # -- schema and mapping -------------------------------------------------------------------
    def set_schema(self, schema: Schema, memory: MappingMemory | None = None) -> OpChanges:
        """Choosing a schema (one undoable operation) starts a fresh mapping: remembered, else suggested."""
        return self.apply(SetSchema(schema, memory=memory))

    # -- operations ---------------------------------------------------------------------------
    def _entry(self, op: Operation) -> dict:
        """The journal entry, with the French label (what a replay summary names when it skips it)."""
        return {**op.to_dict(), "label": op.label}

    def apply(self, op: Operation, *, emit: bool = True) -> OpChanges:
        """Apply `op` as one undo step. `emit=False` leaves telling the views to the caller (a worker
        applies, the views' thread emits `changed` with the returned changes)."""
        with self.edit_lock:
            changes = op.apply(self)
            self.undo_stack.pushed(op)
            self._in_effect(op)
        return self._tell(changes, emit)

    def undo(self, *, emit: bool = True) -> OpChanges | None:
        with self.edit_lock:
            if not self.undo_stack.can_undo:
                return None
            op = self.undo_stack.done.pop()
            changes = op.revert(self)
            self.undo_stack.undone.append(op)
            self.applied.pop()
            self.journal.append({"op": "undo", "of": op.kind})
            self.revision += 1
        return self._tell(changes, emit)

    def redo(self, *, emit: bool = True) -> OpChanges | None:
        with self.edit_lock:
            if not self.undo_stack.can_redo:
                return None
            op = self.undo_stack.undone.pop()
            changes = op.apply(self)
            self.undo_stack.done.append(op)
            self._in_effect(op)
        return self._tell(changes, emit)

    def _in_effect(self, op: Operation) -> None:
        entry = self._entry(op)
        self.applied.append(entry)
        self.journal.append(entry)
        self.revision += 1

    def _tell(self, changes: OpChanges, emit: bool) -> OpChanges:
        if emit:
            self.changed.emit(changes)
        return changes

    def cell_changes(self) -> list[CellChange]:
        """Every cell change of the operations still in the undo history, oldest first."""
        return [change for op in self.undo_stack.done for change in op.cell_changes()]

    # -- schema form --------------------------------------------------------------------------
    def schema_frame(self) -> tuple[pd.DataFrame, CellLocator]:
        """The table as it will be published: every schema field, in schema order.

        Unmapped fields are empty columns (the SCDL asks for every column, even empty).
        """
        if self.schema is None:
            raise ValueError("no schema chosen")
        data = {}
        positions: dict[str, int | None] = {}
        source_columns = list(self.source.data.columns)
        for f in self.schema.fields:
            column = self.mapping.column_for(f.name)
            if column is not None and column in self.table.columns:
                data[f.name] = self.table[column].astype(object).to_numpy()
                positions[f.name] = (self.source.column_positions[source_columns.index(column)]
                                     if column in source_columns else None)
            else:
                data[f.name] = [""] * len(self.table)
                positions[f.name] = None
        frame = pd.DataFrame(data, columns=self.schema.field_names, dtype=object)
        return frame, CellLocator(self.row_numbers, positions)

    def source_column_of(self, field_name: str) -> str | None:
        return self.mapping.column_for(field_name)
