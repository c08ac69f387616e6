"""Validate a table in schema form against its Table Schema (frictionless), in the person's coordinates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import frictionless
import numpy as np
import pandas as pd

from opendata_desktop.core.reading.cells import column_letter
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.validation.messages import describe
from opendata_desktop.core.validation.report import CellError, ValidationReport


@dataclass(frozen=True)
class CellLocator:
    """Where a schema-form cell lives in the person's file, so messages say « B12 »."""

    row_numbers: np.ndarray  # 1-based source row per data row
    field_positions: dict[str, int | None]  # field -> 0-based source column (None: not in file)

    def locate(self, row_index: int | None, field_name: str | None) -> tuple[int | None, str | None]:
        if row_index is None or not 0 <= row_index < len(self.row_numbers):
            return None, None
        row_number = int(self.row_numbers[row_index])
        position = self.field_positions.get(field_name) if field_name else None
        cell = f"{column_letter(position)}{row_number}" if position is not None else None
        return row_number, cell

    @classmethod
    def identity(cls, frame: pd.DataFrame) -> "CellLocator":
        return cls(np.arange(2, len(frame) + 2), {c: i for i, c in enumerate(frame.columns)})


def validate_frame(frame: pd.DataFrame, schema: Schema, locator: CellLocator | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ValidationReport:
    """`frame` holds texts, one column per schema field present, in any order."""
    locator = locator or CellLocator.identity(frame)
    header = [str(c) for c in frame.columns]
    rows = frame.to_numpy(dtype=object).tolist()
    descriptor = schema.frictionless_descriptor()
    descriptor["fieldsMatch"] = "subset"  # match columns by name; absent ones are missing-label errors
    resource = frictionless.Resource(
        data=[header] + rows,
        schema=frictionless.Schema.from_descriptor(descriptor),
        dialect=frictionless.Dialect(header_rows=[1]),
    )
    fr_report = frictionless.validate(resource, limit_errors=10_000_000)
    report = ValidationReport(schema.name, schema.version, rows=len(frame))
    for task in fr_report.tasks:
        for error in task.errors:
            if cancelled and cancelled():
                break
            report.errors.append(_convert(error, schema, locator, frame))
    return report


def _convert(error, schema: Schema, locator: CellLocator, frame: pd.DataFrame) -> CellError:
    field_name = getattr(error, "field_name", None) or getattr(error, "label", None)
    row_number = getattr(error, "row_number", None)
    row_index = row_number - 2 if row_number else None
    try:
        field = schema.field(field_name) if field_name else None
    except KeyError:
        field = None
    value = getattr(error, "cell", None)
    source_row, cell = locator.locate(row_index, field.name if field else None)
    return CellError(
        row_number=source_row,
        cell=cell,
        field=field.name if field else field_name,
        code=error.type,
        message=describe(error.type, field, value, getattr(error, "note", "") or ""),
        row_index=row_index,
        value=value,
        blocking=not (error.type == "missing-label" and field is not None and not field.required),
    )
