"""Continuation lines: a row holding one value alone, directly under a full row.

Spreadsheets typed by hand put a second value of the same record on the next line (a second
payment date, a second address line) instead of a new column. Read as is, that line becomes a
data row missing every required field. This module only FINDS them, as proposals; merging a
value into the row above is an operation the person reviews (never applied silently).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from opendata_desktop.core.reading.table import SourceTable

FULL_ROW_SHARE = 0.5  # a "full" row fills at least half of the columns (and at least two)


@dataclass(frozen=True)
class ContinuationLine:
    row: int  # 0-based data row holding the lone value
    above: int  # 0-based data row of the full row it continues
    column: str  # the column of the lone value
    value: str  # the lone value
    row_number: int  # 1-based row in the source file (as the spreadsheet shows it)
    above_row_number: int
    above_value: str  # what the full row already holds in that column ("" when empty)

    def as_dict(self) -> dict:
        return {"row": self.row, "above": self.above, "column": self.column, "value": self.value,
                "row_number": self.row_number, "above_row_number": self.above_row_number,
                "above_value": self.above_value}


def find_continuation_lines(table: SourceTable) -> list[ContinuationLine]:
    """The candidate continuation lines of `table`, top to bottom.

    A candidate: exactly one filled cell; the line just above in the file (no blank line between)
    is a full row, or itself a candidate continuing a full row (several lines may continue one).
    Tables of fewer than three columns are left alone: a single filled cell is ordinary there.
    """
    columns = table.columns
    if len(columns) < 3 or table.n_rows < 2:
        return []
    values = [table.data[c].to_numpy(dtype=object) for c in columns]
    filled = np.column_stack([np.fromiter((bool(str(v).strip()) for v in col), dtype=bool, count=len(col))
                              for col in values])
    counts = filled.sum(axis=1)
    lone_column = np.argmax(filled, axis=1)
    full = counts >= max(2, int(np.ceil(FULL_ROW_SHARE * len(columns))))
    numbers = np.asarray(table.row_numbers, dtype=np.int64)
    found: list[ContinuationLine] = []
    anchor = None  # the full row that the current run of lone lines continues
    for i in range(table.n_rows):
        adjacent = i > 0 and numbers[i] == numbers[i - 1] + 1
        if counts[i] == 1 and adjacent and anchor is not None:
            col = int(lone_column[i])
            found.append(ContinuationLine(
                row=i, above=anchor, column=columns[col], value=str(values[col][i]),
                row_number=int(numbers[i]), above_row_number=int(numbers[anchor]),
                above_value=str(values[col][anchor]),
            ))
            continue
        anchor = i if full[i] else None
    return found
