"""Find the table inside a sheet: title rows, the header, blank rows/columns, totals and notes.

Mairie spreadsheets put a title and a date above the header, leave blank rows, end with a
« TOTAL » row and a few notes. This module decides, from the grid of texts alone, which row is
the header and which rows are data, so that people rarely have to say it themselves. It works
column by column (vectorised), so a million-row CSV costs a second, not a minute.

The grid is a list of columns (1-D object arrays of texts), not a DataFrame: taking one column of
a DataFrame of thousands of string columns walks every column, which made wide files quadratic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from opendata_desktop.core.reading.cells import nonempty_mask

_SCAN_ROWS = 60
_TOTAL_ROW = r"(?i)^\s*(?:(?:sous[\s-]?)?(?:total|totaux)|montant total|somme)\b"
_NUMBER_LIKE = re.compile(r"^[\s+\-]?[\d\s.,\u00a0\u202f€%]+$")
_DATE_LIKE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")


@dataclass(frozen=True)
class TableLocation:
    header_index: int  # 0-based row of the header in the grid
    column_positions: list[int]  # 0-based grid columns belonging to the table
    data_indexes: np.ndarray  # 0-based grid rows holding data
    blank_indexes: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))  # blank, inside


_IS_SPACE = np.frompyfunc(str.isspace, 1, 1)  # the grid holds texts only
Columns = list  # list[np.ndarray]: the grid, one object array of texts per column, all the same length


def grid_columns(grid: pd.DataFrame) -> Columns:
    """The grid as a list of column arrays (each taken once, in linear time)."""
    return [values.to_numpy(dtype=object) for _, values in grid.items()]


def filled_mask(grid: Columns, blank_cells_possible: bool = True) -> np.ndarray:
    """True where a cell holds something other than blanks."""
    if not grid or len(grid[0]) == 0:
        return np.zeros((len(grid[0]) if grid else 0, len(grid)), dtype=bool)
    columns = []
    for values in grid:
        nonempty = nonempty_mask(values)
        if blank_cells_possible and nonempty.any():
            # Only non-empty cells can be whitespace-only: check those alone.
            where = np.flatnonzero(nonempty)
            blank = _IS_SPACE(values[where]).astype(bool)  # str.isspace: non-empty and only blanks
            nonempty[where[blank]] = False
        columns.append(nonempty)
    return np.stack(columns).T  # (rows, columns), stored column after column: one copy, no transposition


def _label_like(text: str) -> bool:
    text = text.strip()
    return bool(text) and not _NUMBER_LIKE.match(text) and not _DATE_LIKE.match(text)


def guess_header_index(grid: Columns, filled: np.ndarray) -> int:
    top = filled[:_SCAN_ROWS]
    widths = top.sum(axis=1)
    if widths.size == 0 or widths.max() == 0:
        return 0
    max_width = int(widths.max())
    threshold = max(1, int(np.ceil(0.6 * max_width))) if max_width > 1 else 1
    for i, width in enumerate(widths):
        if width < threshold or (max_width > 1 and width < 2):
            continue
        cells = [str(grid[c][i]) for c in np.flatnonzero(top[i])]
        labels = sum(_label_like(c) for c in cells)
        if labels / len(cells) >= 0.8 and len(set(cells)) >= 0.8 * len(cells):
            return i
    return int(np.argmax(widths > 0))


def locate_table(grid: Columns, header_index: int | None = None,
                 blank_cells_possible: bool = True, trailing_blanks: bool = False,
                 filled: np.ndarray | None = None) -> TableLocation:
    """`trailing_blanks`: also list blank rows after the table (a CSV's empty lines are rows).

    `filled`: the grid's filled_mask when the caller already has it (it is the costly part).
    """
    if filled is None:
        filled = filled_mask(grid, blank_cells_possible)
    if header_index is None:
        header_index = guess_header_index(grid, filled)
    below = filled[header_index + 1:]
    columns_mask = filled[header_index] | (below.any(axis=0) if below.size else False)
    columns = [int(c) for c in np.flatnonzero(columns_mask)]
    if not below.size or not columns:
        return TableLocation(header_index, columns, np.array([], dtype=np.int64))
    sub = below if len(columns) == below.shape[1] else below[:, columns]  # no copy when every column is kept
    widths = sub.sum(axis=1)
    n_cols = len(columns)
    rows = np.arange(header_index + 1, header_index + 1 + len(widths))

    # Total rows: the first filled cell reads « TOTAL », « Sous-total »…, on a row at most half filled
    # (a label and an amount or two, not a record).
    sparse = (widths > 0) & (widths <= max(1, n_cols // 2))
    total = np.zeros(len(widths), dtype=bool)
    if sparse.any():
        candidates = np.flatnonzero(sparse)
        first_col = np.asarray(columns)[np.argmax(sub[candidates], axis=1)]
        values = np.empty(len(candidates), dtype=object)
        for column in np.unique(first_col):
            picked = first_col == column
            values[picked] = grid[column][rows[candidates[picked]]]
        total[candidates] = pd.Series(values, dtype=object).astype(str).str.match(_TOTAL_ROW).to_numpy()

    keep = (widths > 0) & ~total
    # Notes below the table: narrow rows after the last blank gap that follows the last wide row.
    if n_cols >= 3:
        note_width = max(2, int(0.3 * n_cols))
        wide = np.flatnonzero(keep & (widths >= note_width))
        if wide.size:
            last_wide = wide[-1]
            blanks_after = np.flatnonzero(widths[last_wide + 1:] == 0)
            if blanks_after.size:
                keep[last_wide + 1 + blanks_after[0]:] = False
    kept = rows[keep]
    blanks = rows[widths == 0]
    if kept.size and not trailing_blanks:
        blanks = blanks[blanks < kept[-1]]
    elif trailing_blanks and kept.size and len(kept) < len(rows):
        notes_start = rows[len(rows) - 1] + 1
        dropped = rows[~keep & (widths > 0) & ~total]
        if dropped.size:  # notes below the table: the blank lines before them separate, not fault
            notes_start = dropped[0]
        blanks = blanks[blanks < notes_start]
    return TableLocation(header_index, columns, kept, blanks)
