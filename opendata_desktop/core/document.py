"""The document being prepared: the source table, its schema, its mapping and the edits made.

The source file is never touched: edits live in `table`, a working copy. Views observe `changed`.
"""

from __future__ import annotations

import pandas as pd

from opendata_desktop.core.events import Signal
from opendata_desktop.core.mapping import Mapping, MappingMemory, suggest_mapping
from opendata_desktop.core.operations.base import OpChanges, Operation, UndoStack
from opendata_desktop.core.reading.table import SourceTable
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.validation.engine import CellLocator
from opendata_desktop.core.validation.report import ValidationReport


class Document:
    def __init__(self, source: SourceTable, schema: Schema | None = None):
        self.source = source
        from opendata_desktop.core.project import file_checksum  # (project imports this module)

        self.source_checksum = file_checksum(source.path)  # as read now: tells a project if the file changed
        self.table: pd.DataFrame = source.data.copy()
        self.row_numbers = source.row_numbers.copy()  # source row of each working row (rows can be left out)
        self.schema: Schema | None = None
        self.mapping = Mapping({c: None for c in self.table.columns})
        self.report: ValidationReport | None = None
        self.validator = None  # the engine that produced `report`, kept for quick re-checks
        self.undo_stack = UndoStack()
        self.journal: list[dict] = []
        self.changed = Signal()  # emits OpChanges
        if schema is not None:
            self.set_schema(schema)

    # -- schema and mapping -------------------------------------------------------------------
    def set_schema(self, schema: Schema, memory: MappingMemory | None = None) -> None:
        """Choosing a schema starts a fresh mapping: the one confirmed for this layout (`memory`), else suggested."""
        self.schema = schema
        self.mapping = suggest_mapping(list(self.table.columns), schema, self.table, memory)
        self.report = None
        self.validator = None
        self.changed.emit(OpChanges(f"schéma « {schema.title} »", structure=True))

    # -- operations ---------------------------------------------------------------------------
    def apply(self, op: Operation) -> OpChanges:
        changes = op.apply(self)
        self.undo_stack.pushed(op)
        self.journal.append(op.to_dict())
        self.changed.emit(changes)
        return changes

    def undo(self) -> OpChanges | None:
        if not self.undo_stack.can_undo:
            return None
        op = self.undo_stack.done.pop()
        changes = op.revert(self)
        self.undo_stack.undone.append(op)
        self.journal.append({"op": "undo", "of": op.kind})
        self.changed.emit(changes)
        return changes

    def redo(self) -> OpChanges | None:
        if not self.undo_stack.can_redo:
            return None
        op = self.undo_stack.undone.pop()
        changes = op.apply(self)
        self.undo_stack.done.append(op)
        self.journal.append(op.to_dict())
        self.changed.emit(changes)
        return changes

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
                positions[f.name] = self.source.column_positions[source_columns.index(column)]
            else:
                data[f.name] = [""] * len(self.table)
                positions[f.name] = None
        frame = pd.DataFrame(data, columns=self.schema.field_names, dtype=object)
        return frame, CellLocator(self.row_numbers, positions)

    def source_column_of(self, field_name: str) -> str | None:
        return self.mapping.column_for(field_name)
