"""Recognise what a file really is from its first bytes, whatever its extension says."""

from __future__ import annotations

import zipfile
from pathlib import Path

from opendata_desktop.core.errors import UnreadableFileError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_FORMATS = ("xlsx", "xls", "ods")

_NOT_A_TABLE_MAGICS = {
    b"%PDF": "un document PDF",
    b"\x89PNG": "une image PNG",
    b"\xff\xd8\xff": "une image JPEG",
    b"GIF8": "une image GIF",
    b"MZ": "un programme",
    b"{\\rtf": "un document RTF",
    b"Rar!": "une archive RAR",
    b"7z\xbc\xaf": "une archive 7-Zip",
    b"\x1f\x8b": "une archive compressée (gzip)",
    b"PK\x05\x06": "une archive ZIP vide",
}


def sniff_format(path: Path, head: bytes) -> str:
    """Return 'csv', 'xlsx', 'xls' or 'ods', or raise a French UnreadableFileError."""
    if not head:
        raise UnreadableFileError(
            f"Le fichier « {path.name} » est vide.",
            "Vérifiez que vous avez choisi le bon fichier, ou enregistrez-le à nouveau depuis votre tableur.",
        )
    if head.startswith(OLE2_MAGIC):
        return "xls"  # may also be an encrypted xlsx: the workbook reader tells them apart
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path)
    for magic, what in _NOT_A_TABLE_MAGICS.items():
        if head.startswith(magic):
            raise UnreadableFileError(
                f"« {path.name} » est {what}, pas un tableau.",
                "Ouvrez un fichier de tableur : Excel (.xlsx, .xls), LibreOffice (.ods) ou CSV.",
            )
    lowered = head[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        raise UnreadableFileError(
            f"« {path.name} » est une page web, pas un tableau.",
            "Si vous l'avez téléchargé, téléchargez plutôt le fichier CSV ou Excel proposé par le site.",
        )
    return "csv"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
                raise UnreadableFileError(
                    f"« {path.name} » est un document OpenDocument qui n'est pas un classeur.",
                    "Ouvrez un classeur LibreOffice Calc (.ods), Excel ou CSV.",
                )
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                if "xl/workbook.bin" in names:
                    raise UnreadableFileError(
                        f"« {path.name} » est un classeur Excel binaire (.xlsb), non pris en charge.",
                        "Dans Excel, faites « Enregistrer sous » au format « Classeur Excel (.xlsx) ».",
                    )
                return "xlsx"
            if "word/document.xml" in names:
                raise UnreadableFileError(
                    f"« {path.name} » est un document Word, pas un tableau.",
                    "Copiez le tableau dans Excel ou LibreOffice Calc et enregistrez-le en .xlsx ou .ods.",
                )
    except zipfile.BadZipFile as exc:
        raise UnreadableFileError(
            f"Le classeur « {path.name} » est endommagé (fichier incomplet ou corrompu).",
            "Rouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau, ou demandez une nouvelle copie.",
        ) from exc
    raise UnreadableFileError(
        f"« {path.name} » est une archive ZIP, pas un tableau.",
        "Extrayez l'archive et ouvrez le fichier de tableur qu'elle contient.",
    )
