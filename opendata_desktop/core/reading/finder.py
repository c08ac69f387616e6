"""Find the table inside a sheet: title rows, the header, blank rows/columns, totals and notes.

Mairie spreadsheets put a title and a date above the header, leave blank rows, end with a
« TOTAL » row and a few notes. This module decides, from the grid of texts alone, which row is
the header and which rows are data, so that people rarely have to say it themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from opendata_desktop.core.textnorm import fold

_SCAN_ROWS = 60
_TOTAL_ROW = re.compile(r"^(sous )?(total|totaux)( general| generaux)?\b|^montant total\b|^somme\b")
_NUMBER_LIKE = re.compile(r"^[\s+\-]?[\d\s.,  €%]+$")
_DATE_LIKE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")


@dataclass(frozen=True)
class TableLocation:
    header_index: int  # 0-based row of the header in the grid
    column_positions: list[int]  # 0-based grid columns belonging to the table
    data_indexes: np.ndarray  # 0-based grid rows holding data


def _filled(grid: pd.DataFrame) -> np.ndarray:
    values = grid.to_numpy(dtype=object)
    return np.vectorize(lambda v: bool(v) and not str(v).isspace(), otypes=[bool])(values) \
        if values.size else np.zeros(grid.shape, dtype=bool)


def _label_like(text: str) -> bool:
    text = text.strip()
    return bool(text) and not _NUMBER_LIKE.match(text) and not _DATE_LIKE.match(text)


def guess_header_index(grid: pd.DataFrame, filled: np.ndarray) -> int:
    top = filled[:_SCAN_ROWS]
    widths = top.sum(axis=1)
    if widths.size == 0 or widths.max() == 0:
        return 0
    max_width = int(widths.max())
    threshold = max(1, int(np.ceil(0.6 * max_width))) if max_width > 1 else 1
    for i, width in enumerate(widths):
        if width < threshold or (max_width > 1 and width < 2):
            continue
        cells = [str(v) for v, f in zip(grid.iloc[i].tolist(), top[i]) if f]
        labels = sum(_label_like(c) for c in cells)
        if labels / len(cells) >= 0.8 and len(set(cells)) >= 0.8 * len(cells):
            return i
    return int(np.argmax(widths > 0))


def locate_table(grid: pd.DataFrame, header_index: int | None = None) -> TableLocation:
    filled = _filled(grid)
    if header_index is None:
        header_index = guess_header_index(grid, filled)
    below = filled[header_index + 1:]
    header_filled = filled[header_index]
    columns = [int(c) for c in np.flatnonzero(header_filled | below.any(axis=0))] if below.size \
        else [int(c) for c in np.flatnonzero(header_filled)]
    n_cols = max(len(columns), 1)
    widths = below[:, columns].sum(axis=1) if below.size else np.array([], dtype=int)
    firsts = _first_texts(grid, header_index + 1, columns, widths)

    keep: list[int] = []
    blank_run = 0
    note_width = max(2, int(0.3 * n_cols))
    for offset, width in enumerate(widths):
        row = header_index + 1 + offset
        if width == 0:
            blank_run += 1
            continue
        if _TOTAL_ROW.match(firsts[offset]) and width < n_cols:
            blank_run = 0
            continue
        if blank_run and keep and width < note_width and n_cols >= 3:
            break  # a note below the table, after a blank gap
        blank_run = 0
        keep.append(row)
    return TableLocation(header_index, columns, np.asarray(keep, dtype=np.int64))


def _first_texts(grid: pd.DataFrame, start: int, columns: list[int], widths: np.ndarray) -> list[str]:
    sub = grid.iloc[start:, columns].to_numpy(dtype=object)
    firsts = []
    for i in range(sub.shape[0]):
        text = ""
        if widths[i]:
            for value in sub[i]:
                if value and str(value).strip():
                    text = fold(str(value))
                    break
        firsts.append(text)
    return firsts
