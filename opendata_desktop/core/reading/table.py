"""The table read from a source file, with where each value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from opendata_desktop.core.reading.cells import column_letter


@dataclass(frozen=True)
class ReadOptions:
    """What people may override when the detection guessed wrong (remembered per file)."""

    sheet: str | None = None
    header_row: int | None = None  # 1-based, as the spreadsheet shows it
    encoding: str | None = None
    delimiter: str | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict | None) -> "ReadOptions":
        data = data or {}
        return cls(**{k: data.get(k) for k in ("sheet", "header_row", "encoding", "delimiter")})


@dataclass
class SourceTable:
    path: Path
    format: str  # csv | xlsx | xls | ods
    encoding: str | None
    delimiter: str | None
    sheets: list[str]
    sheet: str | None
    header_row: int  # 1-based
    data: pd.DataFrame  # one str column per source column, labelled by its (unique) header
    row_numbers: np.ndarray  # 1-based row in the source for each data row
    column_positions: list[int]  # 0-based source column for each data column
    hidden_sheets: list[str] = field(default_factory=list)
    hidden_columns: list[str] = field(default_factory=list)  # hidden in the workbook, still read
    blank_rows: list[int] = field(default_factory=list)  # 1-based blank rows dropped inside the table
    skip_initial_space: bool = False  # CSV written "a, b, c"
    duplicate_labels: dict[str, str] = field(default_factory=dict)  # "Nom (2)" -> "Nom": repeated header
    warnings: list[str] = field(default_factory=list)  # what was odd in the file (French), values kept

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.data.columns]

    @property
    def n_rows(self) -> int:
        return len(self.data)

    def cell_name(self, row_index: int, column: str) -> str:
        """Spreadsheet coordinates ('B12') of a data cell, as the person sees them in their file."""
        position = self.column_positions[self.columns.index(column)]
        return f"{column_letter(position)}{int(self.row_numbers[row_index])}"

    def column_name(self, column: str) -> str:
        return column_letter(self.column_positions[self.columns.index(column)])

    def inspect_dict(self) -> dict:
        return {
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheets": list(self.sheets),
            "sheet": self.sheet,
            "header_row": self.header_row,
            "columns": self.columns,
            "n_rows": self.n_rows,
            "hidden_columns": list(self.hidden_columns),
            "warnings": list(self.warnings),
        }
