"""Decode a CSV/text file and find its dialect: encoding, delimiter, quoting, line endings."""

from __future__ import annotations

import codecs
import csv
import io
import re
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from charset_normalizer import from_bytes

from opendata_desktop.core.errors import UnreadableFileError
from opendata_desktop.core.reading.byte_scan import ByteScan, scan_in_background
from opendata_desktop.core.reading.limits import MAX_COLUMNS, MAX_CSV_CELLS

DELIMITERS = (";", ",", "\t", "|")
_SAMPLE_BYTES = 256 * 1024
_CHUNK = 16 * 1024 * 1024
FALLBACK_ERRORS = "opendata-cp1252"  # codec error handler: bytes invalid in the codec read as cp1252
# Control bytes no text table holds (NUL is handled apart: a few are removed, many mean binary).
_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
# What a UTF-8 French text shows that a cp1252 one never does: accented letters, €, typographic marks.
_UTF8_SEQUENCE = re.compile(rb"\xc3[\x80-\xbf]|\xc2[\xa0-\xbf]|\xe2\x82\xac|\xe2\x80[\x93-\xa6]|\xc5[\x92\x93]")


def _cp1252_fallback(exc: UnicodeDecodeError):
    """Decode the bytes a UTF-8 reading rejects as Windows-1252: a file mixing both is read whole."""
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error(FALLBACK_ERRORS, _cp1252_fallback)


@dataclass(frozen=True)
class CsvDialect:
    encoding: str  # a Python codec name, reported to people as-is ("utf-8", "cp1252", "utf-16")
    delimiter: str
    has_bom: bool = False
    blank_cells_possible: bool = True  # some field may hold only spaces (see byte_scan)
    skip_initial_space: bool = False  # "a, b, c": the space after each delimiter is not data
    warnings: tuple[str, ...] = field(default=())  # what was odd in the file, in French


def detect_initial_space(text: str, delimiter: str) -> bool:
    """True when (almost) every delimiter of the sample's lines is followed by a space."""
    lines = [line for line in text[:_SAMPLE_BYTES].splitlines()[:60] if delimiter in line]
    total = sum(line.count(delimiter) for line in lines)
    spaced = sum(line.count(delimiter + " ") for line in lines)
    return total >= 4 and spaced >= 0.9 * total


def detect_encoding(*samples: bytes) -> tuple[str, bool]:
    """Return (codec, had_bom) from samples of the file (its start, its end).

    Prefers UTF-8, then cp1252 (what French Excel writes), then charset-normalizer's guess.
    """
    head = samples[0]
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8", True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", True
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16, False
    if all(_decodes(s, "utf-8") for s in samples):
        return "utf-8", False
    if any(b"\x00" in s for s in samples):
        raise UnreadableFileError(
            "Ce fichier contient des données binaires : ce n'est pas un tableau CSV.",
            "Ouvrez le fichier d'origine (Excel, LibreOffice) plutôt qu'une copie endommagée.",
        )
    if all(_decodes(s, "cp1252") for s in samples):
        return "cp1252", False
    best = from_bytes(head).best()
    if best is not None and all(_decodes(s, best.encoding) for s in samples):
        return best.encoding, False
    return "latin-1", False  # decodes anything; better than refusing a French file


def _decodes(sample: bytes, codec: str) -> bool:
    """True when `sample` decodes, allowing a character cut in two at either edge of the sample."""
    for cut_start in range(4):
        for cut_end in range(4):
            try:
                sample[cut_start:len(sample) - cut_end].decode(codec)
                return True
            except UnicodeDecodeError:
                continue
            except LookupError:
                return False
    return False


def _utf16_without_bom(sample: bytes) -> str | None:
    even = sample[0::2][:2000]
    odd = sample[1::2][:2000]
    if len(even) < 4:
        return None
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def sample_rows(sample: str, delimiter: str, skip_space: bool = False) -> list[list[str]]:
    """The rows of a decoded sample, as the csv module splits them; a sample the csv module rejects
    (a field longer than its limit, a stray carriage return) is split line by line instead."""
    try:
        return list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, skipinitialspace=skip_space))
    except csv.Error:
        return [line.split(delimiter) for line in sample.splitlines()]


def detect_delimiter(text: str) -> str:
    """Pick the delimiter that splits the first lines into the most consistent, widest rows.

    Raises UnreadableFileError when no delimiter gives a table (a letter, a log, a config file).
    """
    lines = []
    for line in io.StringIO(text[:_SAMPLE_BYTES]):
        if line.strip():
            lines.append(line)
        if len(lines) >= 60:
            break
    sample = "".join(lines)
    candidates: list[tuple[float, str, float]] = []
    split_share = 0.0
    for delim in DELIMITERS:
        widths = [len(row) for row in sample_rows(sample, delim, True) if row]
        if not widths:
            continue
        split_share = max(split_share, sum(w > 1 for w in widths) / len(widths))
        modal = max(set(widths), key=lambda w: (widths.count(w), w))
        if modal >= 2:
            consistency = widths.count(modal) / len(widths)
            candidates.append((consistency * 100 + min(modal, 50) / 50, delim, consistency))
    if candidates:
        _, best, consistency = max(candidates)
        if consistency >= 0.6:
            return best
    elif split_share < 0.2:
        return ","  # a one-column table: no delimiter at all
    raise UnreadableFileError(
        "Ce fichier texte ne ressemble pas à un tableau : ses lignes n'ont pas le même nombre de colonnes.",
        "Ouvrez le fichier d'origine dans votre tableur et enregistrez-le au format CSV ou Excel.",
    )


def read_csv_grid(path: Path, encoding: str | None = None, delimiter: str | None = None
                  ) -> tuple[pd.DataFrame, CsvDialect]:
    """Read the whole file as a grid of texts (no header interpretation yet).

    Detection looks at samples; pandas' C parser then decodes and splits the whole file while
    streaming it, so memory stays near the size of the table itself. Odd files are still read, and
    `CsvDialect.warnings` says what was odd: NUL bytes (removed), old-Mac line endings, a file
    mixing UTF-8 and Windows-1252 lines (each byte sequence decoded as what it is).
    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE_BYTES)
        handle.seek(max(0, size - _SAMPLE_BYTES))
        tail = handle.read(_SAMPLE_BYTES)
    samples = (head,) if size <= _SAMPLE_BYTES else (head, tail)
    warnings: list[str] = []
    has_bom = False
    if encoding is None:
        utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(head)
        if not utf16:
            _refuse_binary(head)
        try:
            encoding, has_bom = detect_encoding(*samples)
        except UnreadableFileError:
            if not any(b"\x00" in s for s in samples):
                raise
            encoding, has_bom = _encoding_without_nul(samples)
    wide = encoding.replace("_", "-").lower().startswith("utf-16")
    source: Path | io.BytesIO = path
    if not wide and any(b"\x00" in s for s in samples):  # removed before anything is decoded
        source = _without_nuls(path, warnings)
        head = source.getvalue()[:_SAMPLE_BYTES]
    errors = "strict"
    codec_name = _codec(encoding)
    if not wide and codec_name in ("cp1252", "latin-1", "iso8859-1", "iso8859-15") \
            and _mixes_utf8_and_cp1252(source, codec_name):
        encoding, errors = "utf-8", FALLBACK_ERRORS  # UTF-8 lines inside a Windows file: each as it is
        warnings.append(_mixed_warning(source))
    text = _decode_sample(head, encoding, errors)
    if text.startswith("\ufeff"):
        text, has_bom = text[1:], True
    old_mac = "\r" in text and "\n" not in text
    if old_mac:
        text = text.replace("\r", "\n")
        warnings.append("Les lignes du fichier finissent par un retour chariot seul (ancien format Mac) : "
                        "elles ont été lues normalement.")
    if "\x00" in text:  # a forced UTF-16 reading of a file that is not
        raise _binary()
    if delimiter is None:
        delimiter = detect_delimiter(text)
    skip_space = detect_initial_space(text, delimiter)
    def parse(source: Path | io.BytesIO, scan: Future) -> pd.DataFrame:
        try:
            return _parse(source, encoding, delimiter, text, skip_space, errors, size, scan)
        except UnicodeDecodeError:
            # The samples were UTF-8 (or the person chose a codec) but the file is not, everywhere:
            # read what does not decode as Windows-1252, and say so.
            warnings.append(_mixed_warning(source) if codec_name == "utf-8" else
                            f"Certaines lignes ne sont pas en {encoding} : elles ont été décodées en "
                            "Windows-1252. Vérifiez leurs accents.")
            return _parse(source, encoding, delimiter, text, skip_space, FALLBACK_ERRORS, size, scan)

    if isinstance(source, io.BytesIO):
        scan = _scanned(source)
        grid = parse(source, scan)
    else:  # line count, NULs and blank cells, found while pandas parses
        scan = scan_in_background(path, delimiter, b"\r" if old_mac else b"\n", check_blanks=not wide)
        try:
            grid = parse(source, scan)
        except (UnreadableFileError, pd.errors.ParserError):
            if wide or not scan.result().nuls:
                raise
            grid = None
        if not wide and scan.result().nuls:  # NULs further down than the samples: read again without them
            del grid
            source = _without_nuls(path, warnings)
            scan = _scanned(source)
            grid = parse(source, scan)
    return grid, CsvDialect(encoding=encoding, delimiter=delimiter, has_bom=has_bom,
                            blank_cells_possible=scan.result().blank_cells_possible,
                            skip_initial_space=skip_space, warnings=tuple(warnings))


def _binary() -> UnreadableFileError:
    return UnreadableFileError(
        "Ce fichier contient des données binaires : ce n'est pas un tableau CSV.",
        "Ouvrez le fichier d'origine (Excel, LibreOffice) plutôt qu'une copie endommagée.",
    )


def _refuse_binary(head: bytes) -> None:
    """Random or binary bytes (an image, a program, a damaged copy) are not a table: refused plainly."""
    sample = head[:64 * 1024]
    controls = len(_CONTROL.findall(sample))
    nuls = sample.count(0)
    if controls + nuls > max(2, 0.01 * len(sample)):
        raise _binary()


def _encoding_without_nul(samples: tuple[bytes, ...]) -> tuple[str, bool]:
    """A few stray NUL bytes (they are removed later) must not decide the encoding."""
    return detect_encoding(*(s.replace(b"\x00", b"") for s in samples))


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError as exc:
        raise UnreadableFileError(f"L'encodage « {encoding} » est inconnu.",
                                  "Choisissez UTF-8 ou Windows-1252.") from exc


def _chunks(source: Path | io.BytesIO):
    if isinstance(source, io.BytesIO):
        data = source.getbuffer()
        for start in range(0, len(data), _CHUNK):
            yield bytes(data[start:start + _CHUNK])
        return
    with source.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _without_nuls(path: Path, warnings: list[str]) -> io.BytesIO:
    """The file's bytes without its NULs (invisible, meaningless, and they break the parse), said in
    `warnings`. Such a damaged file is read into memory: they are small in practice."""
    data = path.read_bytes()
    nuls = data.count(b"\x00")
    warnings.append(f"Le fichier contenait {nuls} caractère(s) nul(s) (octet 0), invisibles et sans "
                    "valeur : ils ont été retirés.")
    return io.BytesIO(data.replace(b"\x00", b""))


def _scanned(source: io.BytesIO) -> Future:
    """The ByteScan of bytes in memory (a file without its NULs): line count, cells checked one by one."""
    data = source.getvalue()
    scan: Future = Future()
    scan.set_result(ByteScan(data.count(b"\n") or data.count(b"\r"), True))
    return scan


def _mixes_utf8_and_cp1252(source: Path | io.BytesIO, codec_name: str) -> bool:
    """True when the file holds bytes that are not UTF-8 AND French UTF-8 sequences (C-speed passes)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in _chunks(source):
            decoder.decode(chunk, final=False)
        decoder.decode(b"", final=True)
        return False  # the whole file is UTF-8: not mixed
    except UnicodeDecodeError:
        pass
    carry = b""
    for chunk in _chunks(source):
        data = carry + chunk
        if (b"\xc3" in data or b"\xc2" in data or b"\xe2" in data or b"\xc5" in data) \
                and _UTF8_SEQUENCE.search(data):
            return True
        carry = data[-2:]
    return False


def _mixed_warning(source: Path | io.BytesIO) -> str:
    return (f"Le fichier mélange deux encodages : {_lines_not_utf8(source)} ligne(s) sont en Windows-1252 "
            "dans un texte UTF-8 ; chaque ligne a été décodée selon son encodage. Vérifiez leurs accents.")


def _lines_not_utf8(source: Path | io.BytesIO) -> int:
    data = source.getvalue() if isinstance(source, io.BytesIO) else source.read_bytes()
    count = 0
    for line in data.splitlines():
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            count += 1
    return count


def _decode_sample(head: bytes, encoding: str, errors: str = "strict") -> str:
    try:
        return head.decode(encoding, errors=errors)
    except LookupError as exc:
        raise UnreadableFileError(f"L'encodage « {encoding} » est inconnu.",
                                  "Choisissez UTF-8 ou Windows-1252.") from exc
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # the sample cut a multi-byte character in two
            return head[: exc.start].decode(encoding, errors=errors)
        return head.decode(encoding, errors=FALLBACK_ERRORS)  # said in a warning after the full read


_WIDER_ROW = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _parse(source: Path | io.BytesIO, encoding: str, delimiter: str, sample_text: str, skip_space: bool,
           errors: str, size: int, scan: Future) -> pd.DataFrame:
    """`scan`: the ByteScan under way (its line count sizes the columns)."""
    width = max((len(r) for r in sample_rows(sample_text, delimiter, skip_space)), default=1)
    # "utf-8", not "utf-8-sig": the C parser reads UTF-8 bytes itself (and drops a BOM); "-sig" decodes
    # the whole file in Python first (a sixth of the read).
    codec = "utf-8" if encoding in ("utf-8", "utf8") else encoding
    for _ in range(20):  # each retry widens the grid to a longer row found further down
        _check_width(width)
        if isinstance(source, io.BytesIO):
            source.seek(0)
        try:
            return _read_columns(
                source, width, scan, sep=delimiter, header=None, dtype=object, keep_default_na=False,
                na_filter=False, skip_blank_lines=False, encoding=codec, encoding_errors=errors,
                engine="c", quotechar='"', doublequote=True, skipinitialspace=skip_space,
            )
        except pd.errors.ParserError as exc:
            match = _WIDER_ROW.search(str(exc))
            if not match or int(match.group(3)) <= width:
                raise _malformed() from exc
            width = int(match.group(3))
            continue
        except pd.errors.EmptyDataError:
            return pd.DataFrame()
    raise UnreadableFileError("Le fichier CSV a des lignes de longueurs trop différentes.",
                              "Vérifiez le séparateur choisi.")


# Cells parsed per slice: pandas turns a slice's fields into texts holding the interpreter lock, so a
# slice must stay short for the window to keep answering while a worker thread reads (~25 ms here).
_CELLS_PER_CHUNK = 200_000


def _read_columns(source: Path | io.BytesIO, width: int, scan: Future, **options) -> pd.DataFrame:
    """pandas' C parser, a slice of rows at a time, each slice copied into one array per column.

    Memory stays near the table's own size (one pointer per cell, one text per distinct value of a
    slice): a whole-file read holds its slices and their joined copy at once (+50 % at a million rows).
    The columns are made once the scan beside the parse has counted the lines; the slices parsed before
    that wait in a list. The columns are object arrays of the parser's texts (na_filter=False: a missing
    field is ""), not pandas' own text type, which would check every cell again.
    """
    rows_per_chunk = max(1000, _CELLS_PER_CHUNK // max(width, 1))
    if rows_per_chunk * width > _CELLS_PER_CHUNK:
        scan.result()  # a grid this wide is checked against the budget before anything is parsed
    columns: list[np.ndarray] = []
    waiting: list[pd.DataFrame] = []  # slices parsed before the line count came
    capacity = filled = 0

    def take(chunk: pd.DataFrame) -> None:
        nonlocal capacity, columns, filled
        n = len(chunk)
        if filled + n > capacity:  # a line count that missed some ends (other codecs): grow
            capacity = 2 * (filled + n)
            columns = [np.concatenate([c[:filled], np.empty(capacity - filled, dtype=object)]) for c in columns]
        for column, (_, values) in zip(columns, chunk.items()):
            column[filled:filled + n] = values.to_numpy(dtype=object)
        filled += n

    def make_columns() -> None:
        nonlocal capacity, columns
        lines = scan.result().lines
        _check_budget(width, lines)
        capacity = lines + 1  # rows <= line ends + 1 (a last line without one)
        columns = [np.empty(capacity, dtype=object) for _ in range(width)]
        while waiting:
            take(waiting.pop(0))

    # low_memory=False: each slice is small already; pandas' own sub-slicing would join its pieces again.
    with pd.read_csv(source, names=range(width), chunksize=rows_per_chunk, low_memory=False,
                     **options) as reader:
        for chunk in reader:
            if not columns and not scan.done():
                waiting.append(chunk)
                continue
            if not columns:
                make_columns()
            take(chunk)
            del chunk
    if not columns:
        make_columns()
    return pd.DataFrame({i: c[:filled] for i, c in enumerate(columns)}, dtype=object, copy=False)


def _malformed() -> UnreadableFileError:
    return UnreadableFileError(
        "Le fichier CSV est mal formé (guillemets non refermés ou lignes coupées).",
        "Ouvrez-le dans votre tableur, vérifiez les guillemets, puis enregistrez-le à nouveau.",
    )


def _check_width(width: int) -> None:
    """Refuse a grid wider than any spreadsheet (one line of thousands of delimiters)."""
    if width > MAX_COLUMNS:
        raise UnreadableFileError(
            f"Le fichier a une ligne de {width} colonnes : c'est plus qu'un tableur n'en peut contenir "
            f"({MAX_COLUMNS}). Il n'a pas été ouvert.",
            "Vérifiez le séparateur choisi, ou découpez le fichier.",
        )


def _check_budget(width: int, lines: int) -> None:
    """Refuse, before the columns are made, a grid far bigger than the text (one very wide line over
    many short ones)."""
    if width * (lines + 1) > MAX_CSV_CELLS:
        raise UnreadableFileError(
            f"Le fichier donnerait un tableau de {lines + 1} lignes sur {width} colonnes, trop grand pour "
            "être ouvert ici.",
            "Vérifiez le séparateur choisi, ou découpez le fichier en plusieurs parties.",
        )
