"""Columns hidden in an Excel sheet (calamine does not report them; the sheet XML does)."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    rel_id = None
    with archive.open("xl/workbook.xml") as handle:
        for _, element in iterparse(handle):
            if element.tag == f"{_MAIN}sheet" and element.get("name") == sheet:
                rel_id = element.get(f"{_REL}id")
                break
    if rel_id is None:
        return None
    with archive.open("xl/_rels/workbook.xml.rels") as handle:
        for _, element in iterparse(handle):
            if element.tag == f"{_PKG_REL}Relationship" and element.get("Id") == rel_id:
                target = element.get("Target", "")
                return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return None


def hidden_column_positions(path: Path, sheet: str) -> set[int]:
    """0-based positions of hidden columns; reads only the <cols> header of the sheet XML."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None or part not in archive.namelist():
                return set()
            hidden: set[int] = set()
            with archive.open(part) as handle:
                for _, element in iterparse(handle, events=("start",)):
                    if element.tag == f"{_MAIN}col" and element.get("hidden") in ("1", "true"):
                        first, last = int(element.get("min", "1")), int(element.get("max", "1"))
                        hidden.update(range(first - 1, min(last, first + 16383)))
                    elif element.tag == f"{_MAIN}sheetData":
                        break
            return hidden
    except (KeyError, zipfile.BadZipFile, SyntaxError, ValueError):
        return set()  # no column information: nothing to report
