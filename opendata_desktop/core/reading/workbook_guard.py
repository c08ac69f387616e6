"""Check a workbook against the reading budgets BEFORE the native reader sees it.

The spreadsheet reader (calamine, in Rust) builds a dense grid from the first to the last cell a
sheet holds: one cell written at XFD1048576 asks for 512 GB and aborts the whole process (a Rust
allocation failure cannot be caught). So every worksheet's XML is streamed once here (zlib and
regular expressions, no per-cell Python work) to find the real extent of its cells, whatever the
sheet's <dimension> declares. The same pass collects the cached error values (#DIV/0!, #N/A…)
that calamine turns into empty cells, so that they can be kept as their text.

ODS: the cells a row or a column repeat (`number-*-repeated`) are counted the same way.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import iterparse

from opendata_desktop.core.errors import UnreadableFileError
from opendata_desktop.core.reading.cells import column_letter
from opendata_desktop.core.reading.limits import (MAX_COLUMNS, MAX_COMPRESSION_RATIO, MAX_HELD_WHOLE_BYTES,
                                                  MAX_UNCOMPRESSED_BYTES, MAX_WORKBOOK_CELLS, RATIO_CHECKED_ABOVE)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CHUNK = 8 * 1024 * 1024
_HELD_WHOLE = ("sharedstrings.xml", "styles.xml", "workbook.xml")

_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_TOKEN = re.compile(rb'<' + _NS + rb'(row|c)(?=[\s/>])([^>]*)>')
_ERROR_CELL = re.compile(rb'<' + _NS + rb'c\b([^>]*\st="e"[^>]*)>(.*?)</' + _NS + rb'c>', re.S)
_VALUE = re.compile(rb'<' + _NS + rb'v>([^<]*)</' + _NS + rb'v>')
_R_ATTR = re.compile(rb'\sr="([A-Z]{1,4})([1-9]\d{0,7})"')


@dataclass
class SheetScan:
    """What a worksheet really holds, found without building it."""

    max_row: int = 0  # 1-based, 0 when the sheet is empty
    max_col: int = 0  # 1-based
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 0-based -> "#DIV/0!"

    @property
    def cells(self) -> int:
        return self.max_row * self.max_col


def check_archive(path: Path) -> None:
    """Refuse a zip whose members expand beyond the budgets (absolute size and ratio), unexpanded."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for member in archive.infolist():
                total += member.file_size
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_COMPRESSION_RATIO:
                    raise _bomb(path)
                if member.filename.lower().endswith(_HELD_WHOLE) and member.file_size > MAX_HELD_WHOLE_BYTES:
                    raise _bomb(path)  # parts a reader keeps whole in memory, not streamed
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _bomb(path)
    except zipfile.BadZipFile as exc:
        raise damaged(path) from exc


def scan_xlsx(path: Path) -> dict[str, SheetScan]:
    """{sheet name: scan} for every worksheet; raises UnreadableFileError beyond the budgets."""
    scans: dict[str, SheetScan] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for sheet, part in _sheet_parts(archive).items():
                if part not in names:
                    continue
                scan = _scan_sheet_xml(archive, part)
                check_extent(path, sheet, scan)
                scans[sheet] = scan
    except (zipfile.BadZipFile, KeyError, SyntaxError, EOFError, ValueError, zlib.error, NotImplementedError) as exc:
        raise damaged(path) from exc
    return scans


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    rel_ids: dict[str, str] = {}
    with archive.open("xl/workbook.xml") as handle:
        for _, element in iterparse(handle):
            if element.tag == f"{_MAIN}sheet":
                rel_ids[element.get(f"{_REL}id", "")] = element.get("name", "")
    parts: dict[str, str] = {}
    with archive.open("xl/_rels/workbook.xml.rels") as handle:
        for _, element in iterparse(handle):
            if element.tag == f"{_PKG_REL}Relationship" and element.get("Id") in rel_ids:
                target = element.get("Target", "")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                parts[rel_ids[element.get("Id")]] = part
    return parts


def _scan_sheet_xml(archive: zipfile.ZipFile, part: str) -> SheetScan:
    scan = SheetScan()
    state = _SlowState()
    slow = False
    prefix: bytes | None = None
    carry = b""
    with archive.open(part) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            data = carry + chunk
            if not chunk:
                block, carry = data, b""
            else:
                cut = data.rfind(b">") + 1  # never split a tag between two blocks
                block, carry = data[:cut], data[cut:]
            if block:
                if prefix is None:
                    root = _ROOT.search(block)
                    prefix = (root.group(1) or b"") if root else b""
                    slow = root is None
                if not slow and not _scan_refs(block, scan, prefix):
                    slow = True  # positions implied by order, or unusual writing: counted one by one
                    state.row = scan.max_row  # implied rows continue after the ones already seen
                if slow:
                    _scan_tokens(block, scan, state)
                if b't="e"' in block:
                    _collect_errors(block, scan)
            if not chunk:
                break
            if len(carry) > _CHUNK:  # a tag longer than 8 MB is no spreadsheet
                raise ValueError("tag too long")
    return scan


_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*:))?worksheet[\s>]")


_STRICT_REF = re.compile(rb"([A-Z]{1,3})([1-9][0-9]{0,6})")


def _scan_refs(block: bytes, scan: SheetScan, prefix: bytes) -> bool:
    """Fast path for sheets written as Excel, LibreOffice and openpyxl do (every <c> tag starts with
    its r attribute): a few C-speed passes; only references beyond column Z or row 99999 become
    Python objects. False when the block is written otherwise (then counted one by one).
    """
    cell = b"<" + prefix + b"c"
    if re.search(re.escape(cell) + rb'(?! r=")[\s>/]', block):
        return False  # a cell without r, or with r after other attributes
    # Every cell carries its position: the row numbers of <row> tags do not place anything.
    usual = re.search(re.escape(cell) + rb' r="[A-Z][1-9][0-9]{0,4}"', block) is not None
    rare = re.findall(re.escape(cell) + rb' r="((?![A-Z][1-9][0-9]{0,4}")[^"]*)"', block)
    rare_col = rare_row = 0
    for ref in set(rare):
        match = _STRICT_REF.fullmatch(ref)
        if match is None:
            raise ValueError("a cell reference that no spreadsheet writes")
        rare_col, rare_row = max(rare_col, _column_number(match.group(1))), max(rare_row, int(match.group(2)))
    max_col, max_row = rare_col, rare_row
    if usual:  # usual references: column A to Z, row 1 to 99999
        max_col, max_row = max(max_col, 26), max(max_row, 99999)
        if max(max_col, scan.max_col) * max(max_row, scan.max_row) > MAX_WORKBOOK_CELLS:
            # These bounds are too loose to decide: the exact extent of the usual references.
            refs = re.findall(re.escape(cell) + rb' r="([A-Z])([1-9][0-9]{0,4})"', block)
            max_col = max(rare_col, max(_column_number(c) for c in {c for c, _ in refs}))
            max_row = max(rare_row, max(int(r) for r in {r for _, r in refs}))
    scan.max_col, scan.max_row = max(scan.max_col, max_col), max(scan.max_row, max_row)
    return True


@dataclass
class _SlowState:
    row: int = 0
    col: int = 0


def _scan_tokens(block: bytes, scan: SheetScan, state: _SlowState) -> None:
    """Positions as calamine derives them: an explicit r, else one after the previous row or cell."""
    for match in _TOKEN.finditer(block):
        kind, attrs = match.group(1), match.group(2)
        ref = _R_ATTR.search(b" " + attrs) if kind == b"c" else re.search(rb'\sr="([1-9]\d{0,7})"', b" " + attrs)
        if ref is None and re.search(rb'\sr=', b" " + attrs):
            raise ValueError("a cell or row reference that no spreadsheet writes")
        if kind == b"row":
            state.row = int(ref.group(1)) if ref else state.row + 1
            state.col = 0
            scan.max_row = max(scan.max_row, state.row)
            continue
        if ref:
            state.col, row = _column_number(ref.group(1)), int(ref.group(2))
            scan.max_row = max(scan.max_row, row)
        else:
            state.col += 1
        scan.max_col = max(scan.max_col, state.col)


def _collect_errors(block: bytes, scan: SheetScan) -> None:
    for match in _ERROR_CELL.finditer(block):
        ref, value = _R_ATTR.search(b" " + match.group(1)), _VALUE.search(match.group(2))
        if ref and value:
            text = value.group(1).decode("utf-8", errors="replace")
            scan.errors[(int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1)] = text


def _column_number(letters: bytes | str) -> int:
    number = 0
    for char in letters if isinstance(letters, bytes) else letters.encode():
        number = number * 26 + char - 64
    return number


def check_extent(path: Path, sheet: str, scan: SheetScan) -> None:
    if scan.max_col > MAX_COLUMNS or scan.cells > MAX_WORKBOOK_CELLS:
        corner = f"{column_letter(max(scan.max_col, 1) - 1)}{scan.max_row}"
        raise UnreadableFileError(
            f"La feuille « {sheet} » du classeur « {path.name} » s'étend jusqu'à la cellule {corner} "
            f"({_number(scan.cells)} cellules à préparer, au plus {_number(MAX_WORKBOOK_CELLS)}) : "
            "elle n'a pas été ouverte, par sécurité.",
            "Si le tableau est plus petit, une cellule éloignée a été remplie par erreur : dans votre "
            "tableur, faites Ctrl+Fin pour la trouver, supprimez les lignes et colonnes vides au-delà "
            "du tableau, enregistrez, puis réessayez. Sinon, découpez le fichier.",
        )


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # French thousands separator


_ODS_REPEAT = re.compile(rb'number-(rows|columns)-repeated="(\d+)"')
_ODS_TOKEN = re.compile(rb'<(/?)table:(table-row|table-cell|covered-table-cell|table)\b([^>]*?)(/?)>')


def scan_ods(path: Path) -> None:
    """Refuse an ODS whose repeated rows/cells holding values expand beyond the cell budget.

    LibreOffice writes the empty rest of a sheet as one row repeated a million times: empty
    repetitions cost nothing and are allowed; repeated cells with a value are counted. The XML is
    streamed in blocks; only blocks holding a large repetition are looked at tag by tag.
    """
    state = _OdsState()
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
            carry = b""
            while True:
                chunk = handle.read(_CHUNK)
                data = carry + chunk
                cut = data.rfind(b">") + 1 if chunk else len(data)
                block, carry = data[:cut], data[cut:]
                _scan_ods_block(path, block, state)
                if not chunk:
                    break
                if len(carry) > _CHUNK:
                    raise ValueError("tag too long")
    except (zipfile.BadZipFile, KeyError, EOFError, zlib.error, NotImplementedError, ValueError) as exc:
        raise damaged(path) from exc


@dataclass
class _OdsState:
    cells: int = 0
    width: int = 0
    row_repeat: int = 1
    row_cells: int = 0
    row_width: int = 0


def _scan_ods_block(path: Path, block: bytes, st: _OdsState) -> None:
    large = any(int(m.group(2)) > 1000 for m in _ODS_REPEAT.finditer(block))
    if not large:  # every cell of this block is written out: count its rows and cells coarsely
        st.cells += block.count(b"<table:table-cell")
        st.row_repeat, st.row_cells, st.row_width = 1, 0, 0
    else:
        for closing, kind, attrs, empty in _ODS_TOKEN.findall(block):
            if kind == b"table-row" and not closing:
                repeat = re.search(rb'number-rows-repeated="(\d+)"', attrs)
                st.row_repeat, st.row_cells, st.row_width = int(repeat.group(1)) if repeat else 1, 0, 0
            elif kind == b"table-row" and closing:
                if st.row_width:
                    st.cells += st.row_repeat * st.row_width
                    st.width = max(st.width, st.row_width)
            elif kind in (b"table-cell", b"covered-table-cell") and not closing:
                repeat = re.search(rb'number-columns-repeated="(\d+)"', attrs)
                st.row_cells += int(repeat.group(1)) if repeat else 1
                if b"value-type" in attrs or (not empty and kind == b"table-cell"):
                    st.row_width = st.row_cells
            if st.cells > MAX_WORKBOOK_CELLS or st.width > MAX_COLUMNS:
                break
    if st.cells > MAX_WORKBOOK_CELLS or st.width > MAX_COLUMNS:
        raise UnreadableFileError(
            f"Le classeur « {path.name} » répète des cellules remplies sur une zone immense "
            f"(plus de {_number(MAX_WORKBOOK_CELLS)} cellules) : il n'a pas été ouvert, par sécurité.",
            "Dans votre tableur, supprimez les lignes et colonnes au-delà du tableau, enregistrez, "
            "puis réessayez.",
        )


def _bomb(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        f"Le classeur « {path.name} » se décompresse en un volume anormalement grand : "
        "il n'a pas été ouvert, par sécurité.",
        "Si le fichier vient d'un message inconnu, supprimez-le. Sinon, enregistrez-le à nouveau "
        "depuis Excel ou LibreOffice.",
    )


def damaged(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        f"Le classeur « {path.name} » est endommagé ou d'un format non reconnu.",
        "Rouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau (.xlsx ou .ods).",
    )
