"""Read Excel (xlsx, xlsm, xls) and LibreOffice (ods) workbooks with python-calamine."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from opendata_desktop.core.errors import UnreadableFileError
from opendata_desktop.core.reading.cells import cell_to_text
from opendata_desktop.core.reading.workbook_guard import (SheetScan, check_archive, check_extent, damaged, scan_ods,
                                                          scan_xlsx)
from opendata_desktop.core.reading.xls_guard import xls_extents


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool


def _is_encrypted_ole(path: Path) -> bool:
    """Password-protected xlsx files are OLE2 containers holding an 'EncryptedPackage' stream."""
    with path.open("rb") as handle:
        head = handle.read(1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in head


class Workbook:
    """A calamine workbook and what the guard learnt about its sheets before calamine touched them."""

    def __init__(self, book: CalamineWorkbook, scans: dict[str, SheetScan]):
        self.book = book
        self.scans = scans

    @property
    def sheets_metadata(self):
        return self.book.sheets_metadata


def open_workbook(path: Path, fmt: str) -> Workbook:
    scans: dict[str, SheetScan] = {}
    if fmt in ("xlsx", "ods"):
        check_archive(path)
        if fmt == "xlsx":
            scans = scan_xlsx(path)
        else:
            scan_ods(path)
    elif fmt == "xls":
        _check_xls(path)
    try:
        return Workbook(CalamineWorkbook.from_path(str(path)), scans)
    except BaseException as exc:  # calamine's errors, and a Rust panic (a BaseException), mean "unreadable"
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        if isinstance(exc, PasswordError) or (fmt == "xls" and _is_encrypted_ole(path)):
            raise UnreadableFileError(
                f"Le classeur « {path.name} » est protégé par un mot de passe.",
                "Ouvrez-le dans Excel, retirez le mot de passe (Fichier > Informations > Protéger "
                "le classeur), enregistrez, puis rouvrez-le ici.",
            ) from exc
        raise damaged(path) from exc


def _check_xls(path: Path) -> None:
    """The extent of each sheet's values against the cell budget, before calamine builds the grid.

    A file the guard cannot parse is left to calamine, which refuses what it cannot read either.
    """
    try:
        extents = xls_extents(path)
    except (ValueError, struct.error):
        return
    for sheet, rows, columns in extents:
        check_extent(path, sheet, SheetScan(max_row=rows, max_col=columns))


def list_sheets(workbook: Workbook) -> list[SheetInfo]:
    return [
        SheetInfo(meta.name, meta.visible == SheetVisibleEnum.Visible)
        for meta in workbook.sheets_metadata
        if meta.typ == SheetTypeEnum.WorkSheet
    ]


def read_sheet_grid(workbook: Workbook, sheet: str, path: Path, warnings: list[str] | None = None) -> pd.DataFrame:
    """The sheet as a grid of texts; cached error values (#DIV/0!…) kept as their text, with a warning."""
    try:
        values = workbook.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except BaseException as exc:  # a Rust panic is a BaseException: still "unreadable", never an abort
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        raise UnreadableFileError(
            f"La feuille « {sheet} » du classeur « {path.name} » ne peut pas être lue.",
            "Rouvrez le classeur dans votre tableur et enregistrez-le à nouveau.",
        ) from exc
    if not values:
        return pd.DataFrame()
    width = max(len(r) for r in values)
    grid = [[v if type(v) is str else cell_to_text(v) for v in row] + [""] * (width - len(row))
            for row in values]
    scan = workbook.scans.get(sheet)
    if scan and scan.errors:
        kept = 0
        for (row, col), text in scan.errors.items():
            if row < len(grid) and col < width and grid[row][col] == "":
                grid[row][col] = text
                kept += 1
        if kept and warnings is not None:
            examples = ", ".join(sorted(set(scan.errors.values()))[:4])
            warnings.append(f"La feuille « {sheet} » contient {kept} cellule(s) en erreur ({examples}) : "
                            "elles sont gardées telles quelles, corrigez les formules dans le classeur.")
    return pd.DataFrame(grid, dtype=object)
