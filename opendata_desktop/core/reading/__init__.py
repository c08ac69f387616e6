"""Open any spreadsheet a mairie has (xlsx, xlsm, xls, ods, csv/txt) as a clean table of texts.

`open_table` never modifies the source file: it only reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from opendata_desktop.core.errors import UnreadableFileError, UsageError
from opendata_desktop.core.reading.cells import column_letter, text_column
from opendata_desktop.core.reading.csv_source import read_csv_grid
from opendata_desktop.core.reading.finder import Columns, filled_mask, grid_columns, locate_table
from opendata_desktop.core.reading.hidden import hidden_column_positions
from opendata_desktop.core.reading.limits import MAX_CSV_BYTES, MAX_WORKBOOK_BYTES
from opendata_desktop.core.reading.sniff import sniff_format
from opendata_desktop.core.reading.table import ReadOptions, SourceTable
from opendata_desktop.core.reading.workbook_source import list_sheets, open_workbook, read_sheet_grid

__all__ = ["open_table", "ReadOptions", "SourceTable"]

_SPACES = re.compile(r"\s+")


def open_table(path: Path | str, options: ReadOptions | None = None) -> SourceTable:
    path = Path(path)
    options = options or ReadOptions()
    if not path.exists():
        raise FileNotFoundError(2, "Fichier introuvable", str(path))
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(4096)
    fmt = sniff_format(path, head)
    limit = MAX_CSV_BYTES if fmt == "csv" else MAX_WORKBOOK_BYTES
    if size > limit:
        raise UnreadableFileError(
            f"« {path.name} » est trop volumineux ({_size_text(size)}) pour être ouvert ici "
            f"(au plus {_size_text(limit)} pour ce type de fichier).",
            "Découpez-le en plusieurs fichiers plus petits (par année ou par service, par exemple).",
        )
    if fmt == "csv":
        grid, dialect = read_csv_grid(path, options.encoding, options.delimiter)
        columns = grid_columns(grid)
        del grid  # the columns are all that is kept: one copy of the texts in memory
        table = _build(path, fmt, columns, options, encoding=dialect.encoding,
                       delimiter=dialect.delimiter, sheets=[], sheet=None,
                       blank_cells_possible=dialect.blank_cells_possible)
        table.skip_initial_space = dialect.skip_initial_space
        table.warnings = list(dialect.warnings) + table.warnings
        return table

    warnings: list[str] = []
    workbook = open_workbook(path, fmt)
    sheets = list_sheets(workbook)
    names = [s.name for s in sheets]
    if not names:
        raise UnreadableFileError(f"Le classeur « {path.name} » ne contient aucune feuille.",
                                  "Vérifiez que vous avez choisi le bon fichier.")
    if options.sheet is not None and options.sheet not in names:
        raise UsageError(f"Le classeur n'a pas de feuille « {options.sheet} ».",
                         "Feuilles disponibles : " + ", ".join(names))
    hidden = [s.name for s in sheets if not s.visible]
    if options.sheet is not None:
        grid = read_sheet_grid(workbook, options.sheet, path, warnings)
        chosen = options.sheet
    else:
        chosen, grid, warnings = _pick_data_sheet(workbook, sheets, path)
    columns = grid_columns(grid)
    del grid
    table = _build(path, fmt, columns, options, encoding=None, delimiter=None, sheets=names,
                   sheet=chosen, hidden=hidden)
    table.warnings = warnings + table.warnings
    if fmt == "xlsx":
        hidden_positions = hidden_column_positions(path, chosen)
        table.hidden_columns = [c for c, p in zip(table.columns, table.column_positions) if p in hidden_positions]
    return table


def _size_text(size: int) -> str:
    return f"{size / 1024**3:.1f} Go" if size >= 1024**3 else f"{size / 1024**2:.0f} Mo"


def _pick_data_sheet(workbook, sheets, path: Path) -> tuple[str, pd.DataFrame, list[str]]:
    """The sheet holding the data: the visible one with the most filled cells (and its warnings)."""
    best_name, best_grid, best_score, best_warnings = None, pd.DataFrame(), -1, []
    for info in sorted(sheets, key=lambda s: not s.visible):
        warnings: list[str] = []
        grid = read_sheet_grid(workbook, info.name, path, warnings)
        filled = int((grid.to_numpy(dtype=object) != "").sum()) if grid.size else 0
        score = filled * (1 if info.visible else 0.01)
        if score > best_score:
            best_name, best_grid, best_score, best_warnings = info.name, grid, score, warnings
    return best_name, best_grid, best_warnings


def _build(path: Path, fmt: str, grid: Columns, options: ReadOptions, *, encoding, delimiter,
           sheets, sheet, hidden=(), blank_cells_possible: bool = True) -> SourceTable:
    filled = filled_mask(grid, blank_cells_possible)
    if not filled.any():
        where = f"La feuille « {sheet} »" if sheet else f"Le fichier « {path.name} »"
        raise UnreadableFileError(f"{where} ne contient aucune donnée.",
                                  "Vérifiez que vous avez choisi le bon fichier ou la bonne feuille.")
    header_index = None
    if options.header_row is not None:
        n_lines = len(grid[0]) if grid else 0
        if not 1 <= options.header_row <= n_lines:
            raise UsageError(f"La ligne d'en-tête {options.header_row} n'existe pas.",
                             f"Choisissez un numéro entre 1 et {n_lines}.")
        header_index = options.header_row - 1
    location = locate_table(grid, header_index, trailing_blanks=fmt == "csv", filled=filled)
    if len(location.data_indexes) == 0:
        raise UnreadableFileError(
            f"Aucune ligne de données n'a été trouvée sous l'en-tête (ligne {location.header_index + 1}).",
            "Vérifiez la feuille choisie, ou indiquez vous-même la ligne d'en-tête.",
        )
    labels, duplicates = _header_labels([grid[p][location.header_index] for p in location.column_positions],
                                        location.column_positions)
    data = _extract(grid, location.data_indexes, location.column_positions, labels)
    return SourceTable(
        path=path, format=fmt, encoding=encoding, delimiter=delimiter, sheets=list(sheets),
        sheet=sheet, header_row=location.header_index + 1, data=data,
        row_numbers=location.data_indexes + 1, column_positions=list(location.column_positions),
        hidden_sheets=list(hidden), blank_rows=[int(i) + 1 for i in location.blank_indexes],
        duplicate_labels=duplicates,
    )


def _extract(grid: Columns, rows: np.ndarray, columns: list[int], labels: list[str]) -> pd.DataFrame:
    """The data block, taken column by column out of the grid (consumed) to keep peak memory low."""
    every_row = len(rows) == len(grid[0]) - 1  # data rows are all the rows below a first-line header
    data = {}
    for position, label in zip(columns, labels):
        values = grid[position]
        grid[position] = None  # released as soon as its data is taken
        data[label] = text_column(values[1:] if every_row else values[rows])
    return pd.DataFrame(data, columns=labels, copy=False)  # each column wrapped once, never copied


def _header_labels(cells: list, positions: list[int]) -> tuple[list[str], dict[str, str]]:
    """Unique labels for the columns, and {renamed label: header it repeats} for repeated headers."""
    labels: list[str] = []
    taken: set[str] = set()
    next_number: dict[str, int] = {}  # linear time even when thousands of headers repeat
    duplicates: dict[str, str] = {}
    for cell, position in zip(cells, positions):
        label = _SPACES.sub(" ", str(cell)).strip() or f"Colonne {column_letter(position)}"
        base, n = label, next_number.get(label, 2)
        while label in taken:
            label = f"{base} ({n})"
            n += 1
        next_number[base] = n
        if label != base:
            duplicates[label] = base
        labels.append(label)
        taken.add(label)
    return labels, duplicates
