"""Read Excel (xlsx, xlsm, xls) and LibreOffice (ods) workbooks with python-calamine."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from opendata_desktop.core.errors import UnreadableFileError
from opendata_desktop.core.reading.cells import cell_to_text
from opendata_desktop.core.reading.limits import MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool


def _check_zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        total = 0
        for member in archive.infolist():
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 50 * 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
                raise _bomb(path)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _bomb(path)


def _bomb(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        f"Le classeur « {path.name} » se décompresse en un volume anormalement grand : "
        "il n'a pas été ouvert, par sécurité.",
        "Si le fichier vient d'un message inconnu, supprimez-le. Sinon, enregistrez-le à nouveau "
        "depuis Excel ou LibreOffice.",
    )


def _is_encrypted_ole(path: Path) -> bool:
    """Password-protected xlsx files are OLE2 containers holding an 'EncryptedPackage' stream."""
    with path.open("rb") as handle:
        head = handle.read(1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in head


def open_workbook(path: Path, fmt: str) -> CalamineWorkbook:
    if fmt in ("xlsx", "ods"):
        _check_zip_bomb(path)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types, all meaning "unreadable"
        if isinstance(exc, PasswordError) or (fmt == "xls" and _is_encrypted_ole(path)):
            raise UnreadableFileError(
                f"Le classeur « {path.name} » est protégé par un mot de passe.",
                "Ouvrez-le dans Excel, retirez le mot de passe (Fichier > Informations > Protéger "
                "le classeur), enregistrez, puis rouvrez-le ici.",
            ) from exc
        raise UnreadableFileError(
            f"Le classeur « {path.name} » est endommagé ou d'un format non reconnu.",
            "Rouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau (.xlsx ou .ods).",
        ) from exc


def list_sheets(workbook: CalamineWorkbook) -> list[SheetInfo]:
    return [
        SheetInfo(meta.name, meta.visible == SheetVisibleEnum.Visible)
        for meta in workbook.sheets_metadata
        if meta.typ == SheetTypeEnum.WorkSheet
    ]


def read_sheet_grid(workbook: CalamineWorkbook, sheet: str, path: Path) -> pd.DataFrame:
    try:
        values = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:
        raise UnreadableFileError(
            f"La feuille « {sheet} » du classeur « {path.name} » ne peut pas être lue.",
            "Rouvrez le classeur dans votre tableur et enregistrez-le à nouveau.",
        ) from exc
    if not values:
        return pd.DataFrame()
    width = max(len(r) for r in values)
    grid = [[cell_to_text(v) for v in row] + [""] * (width - len(row)) for row in values]
    return pd.DataFrame(grid, dtype=object)
