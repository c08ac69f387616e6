"""Decode a CSV/text file and find its dialect: encoding, delimiter, quoting, line endings."""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from charset_normalizer import from_bytes

from opendata_desktop.core.errors import UnreadableFileError
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
    blank_cells_possible: bool = True  # some field may hold only spaces (see may_hold_blank_cells)
    skip_initial_space: bool = False  # "a, b, c": the space after each delimiter is not data
    warnings: tuple[str, ...] = field(default=())  # what was odd in the file, in French


def detect_initial_space(text: str, delimiter: str) -> bool:
    """True when (almost) every delimiter of the sample's lines is followed by a space."""
    lines = [line for line in text[:_SAMPLE_BYTES].splitlines()[:60] if delimiter in line]
    total = sum(line.count(delimiter) for line in lines)
    spaced = sum(line.count(delimiter + " ") for line in lines)
    return total >= 4 and spaced >= 0.9 * total


def may_hold_blank_cells(path: Path, encoding: str, delimiter: str) -> bool:
    """Whether any field could be whitespace-only, by a fast byte search for a field starting with one.

    Checking every cell with str.strip costs seconds on a million rows; most files have no such
    cell, and this search (memchr speed) proves it. False positives only cost the full check.
    """
    if encoding.replace("_", "-").lower().startswith("utf-16"):
        return True
    if path.stat().st_size == 0:
        return False
    # A whole cell of blanks, quoted or not (« ;" "; », « , \n »), after a delimiter or a line end. The
    # blanks must run to the cell's end: « , » followed by a space inside a text (« Achat, entretien »)
    # is no blank cell and no longer costs the full check.
    d = re.escape(delimiter.encode("ascii"))
    blanks = rb'"?(?:[ \t\xa0]|\xc2\xa0)+"?(?:' + d + rb"|\r|\n|\Z)"
    after_delimiter = re.compile(d + blanks)
    line_start = re.compile(rb"\n" + blanks)
    cr_start = re.compile(rb"\r" + blanks)  # old-Mac lines (a separate literal search stays memchr-fast)
    # The file mapped, not read: the searches run on the page cache itself (a read copied 200 MB).
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if re.match(blanks, data[:4096]):
            return True
        if after_delimiter.search(data) or line_start.search(data):
            return True
        # Line starts after a lone carriage return only matter in a file without line feeds (old Mac).
        return data.find(b"\n") < 0 and cr_start.search(data) is not None


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
    nuls, lines = _count_nuls_and_lines(path)
    if not wide:
        if nuls:
            data = path.read_bytes().replace(b"\x00", b"")
            source = io.BytesIO(data)
            head = data[:_SAMPLE_BYTES]
            warnings.append(f"Le fichier contenait {nuls} caractère(s) nul(s) (octet 0), invisibles et sans "
                            "valeur : ils ont été retirés.")
    errors = "strict"
    codec_name = _codec(encoding)
    if not wide and codec_name in ("cp1252", "latin-1", "iso8859-1", "iso8859-15") \
            and _mixes_utf8_and_cp1252(source, codec_name):
        encoding, errors = "utf-8", FALLBACK_ERRORS  # UTF-8 lines inside a Windows file: each as it is
        warnings.append(_mixed_warning(source))
    text = _decode_sample(head, encoding, errors)
    if text.startswith("\ufeff"):
        text, has_bom = text[1:], True
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")
        warnings.append("Les lignes du fichier finissent par un retour chariot seul (ancien format Mac) : "
                        "elles ont été lues normalement.")
    if "\x00" in text:  # a forced UTF-16 reading of a file that is not
        raise _binary()
    if delimiter is None:
        delimiter = detect_delimiter(text)
    skip_space = detect_initial_space(text, delimiter)
    # Before the parse: the search maps the file, whose pages would add to the table's own at its peak.
    blank_cells_possible = isinstance(source, io.BytesIO) or may_hold_blank_cells(path, encoding, delimiter)
    try:
        grid = _parse(source, encoding, delimiter, text, skip_space, errors, size, lines)
    except UnicodeDecodeError:
        # The samples were UTF-8 (or the person chose a codec) but the file is not, everywhere:
        # read what does not decode as Windows-1252, and say so.
        warnings.append(_mixed_warning(source) if codec_name == "utf-8" else
                        f"Certaines lignes ne sont pas en {encoding} : elles ont été décodées en "
                        "Windows-1252. Vérifiez leurs accents.")
        grid = _parse(source, encoding, delimiter, text, skip_space, FALLBACK_ERRORS, size, lines)
    return grid, CsvDialect(encoding=encoding, delimiter=delimiter, has_bom=has_bom,
                            blank_cells_possible=blank_cells_possible,
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


def _count_nuls_and_lines(path: Path) -> tuple[int, int]:
    """NUL bytes and line ends (LF, or CR for old-Mac files) of the file, in one pass at memchr speed."""
    nuls = newlines = returns = 0
    buffer = bytearray(_CHUNK)  # one buffer refilled: a fresh 16 MB block per read cost more than the counts
    with path.open("rb") as handle:
        while size := handle.readinto(buffer):
            if buffer.find(b"\x00", 0, size) >= 0:  # a search that stops at the first one: most files have none
                nuls += buffer.count(b"\x00", 0, size)
            newlines += buffer.count(b"\n", 0, size)
            if not newlines:
                returns += buffer.count(b"\r", 0, size)
    return nuls, newlines or returns


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


def _parse(source: Path | io.BytesIO, encoding: str, delimiter: str, sample_text: str, skip_space: bool = False,
           errors: str = "strict", size: int = 0, lines: int = 0) -> pd.DataFrame:
    width = max((len(r) for r in sample_rows(sample_text, delimiter, skip_space)), default=1)
    # "utf-8", not "utf-8-sig": the C parser reads UTF-8 bytes itself (and drops a BOM); "-sig" decodes
    # the whole file in Python first (a sixth of the read).
    codec = "utf-8" if encoding in ("utf-8", "utf8") else encoding
    for _ in range(20):  # each retry widens the grid to a longer row found further down
        _check_budget(width, lines)
        if isinstance(source, io.BytesIO):
            source.seek(0)
        try:
            return _read_columns(
                source, width, lines, sep=delimiter, header=None, dtype=object, keep_default_na=False,
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


def _read_columns(source: Path | io.BytesIO, width: int, lines: int, **options) -> pd.DataFrame:
    """pandas' C parser, a slice of rows at a time, each slice copied into one array per column.

    Memory stays near the table's own size (one pointer per cell, one text per distinct value of a
    slice): a whole-file read holds its slices and their joined copy at once (+50 % at a million rows).
    The columns are object arrays of the parser's texts (na_filter=False: a missing field is ""), not
    pandas' own text type, which would check every cell again.
    """
    rows_per_chunk = max(1000, _CELLS_PER_CHUNK // max(width, 1))
    capacity = lines + 1  # rows <= line ends + 1 (a last line without one)
    columns = [np.empty(capacity, dtype=object) for _ in range(width)]
    filled = 0
    # low_memory=False: each slice is small already; pandas' own sub-slicing would join its pieces again.
    with pd.read_csv(source, names=range(width), chunksize=rows_per_chunk, low_memory=False,
                     **options) as reader:
        for chunk in reader:
            n = len(chunk)
            if filled + n > capacity:  # a line count that missed some ends (other codecs): grow
                capacity = 2 * (filled + n)
                columns = [np.concatenate([c[:filled], np.empty(capacity - filled, dtype=object)])
                           for c in columns]
            for column, (_, values) in zip(columns, chunk.items()):
                column[filled:filled + n] = values.to_numpy(dtype=object)
            filled += n
            del chunk
    return pd.DataFrame({i: c[:filled] for i, c in enumerate(columns)}, dtype=object, copy=False)


def _malformed() -> UnreadableFileError:
    return UnreadableFileError(
        "Le fichier CSV est mal formé (guillemets non refermés ou lignes coupées).",
        "Ouvrez-le dans votre tableur, vérifiez les guillemets, puis enregistrez-le à nouveau.",
    )


def _check_budget(width: int, lines: int) -> None:
    """Refuse, before pandas allocates it, a grid far bigger than the text (one very wide line over
    many short ones) or wider than any spreadsheet."""
    if width > MAX_COLUMNS:
        raise UnreadableFileError(
            f"Le fichier a une ligne de {width} colonnes : c'est plus qu'un tableur n'en peut contenir "
            f"({MAX_COLUMNS}). Il n'a pas été ouvert.",
            "Vérifiez le séparateur choisi, ou découpez le fichier.",
        )
    if width * (lines + 1) > MAX_CSV_CELLS:
        raise UnreadableFileError(
            f"Le fichier donnerait un tableau de {lines + 1} lignes sur {width} colonnes, trop grand pour "
            "être ouvert ici.",
            "Vérifiez le séparateur choisi, ou découpez le fichier en plusieurs parties.",
        )
