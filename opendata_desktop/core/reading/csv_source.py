"""Decode a CSV/text file and find its dialect: encoding, delimiter, quoting, line endings."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from opendata_desktop.core.errors import UnreadableFileError

DELIMITERS = (";", ",", "\t", "|")
_SAMPLE_BYTES = 256 * 1024


@dataclass(frozen=True)
class CsvDialect:
    encoding: str  # a Python codec name, reported to people as-is ("utf-8", "cp1252", "utf-16")
    delimiter: str
    has_bom: bool = False


def detect_encoding(raw: bytes) -> tuple[str, bool]:
    """Return (codec, had_bom). Prefers UTF-8, then cp1252 (French Excel exports)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8", True
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", True
    sample = raw[:_SAMPLE_BYTES]
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return utf16, False
    if _decodes(raw, "utf-8", sample_only=len(raw) > 8 * _SAMPLE_BYTES):
        return "utf-8", False
    if b"\x00" in sample:
        raise UnreadableFileError(
            "Ce fichier contient des données binaires : ce n'est pas un tableau CSV.",
            "Ouvrez le fichier d'origine (Excel, LibreOffice) plutôt qu'une copie endommagée.",
        )
    if _decodes(raw, "cp1252"):
        return "cp1252", False
    best = from_bytes(sample).best()
    if best is not None and _decodes(raw, best.encoding):
        return best.encoding, False
    return "latin-1", False  # decodes anything; better than refusing a French file


def _decodes(raw: bytes, codec: str, sample_only: bool = False) -> bool:
    data = raw
    if sample_only:
        # Check the start and the end: cutting may split a multi-byte char, so trim a few bytes.
        data = raw[:_SAMPLE_BYTES]
        try:
            data.decode(codec)
        except UnicodeDecodeError as exc:
            if exc.start < len(data) - 4:
                return False
        try:
            raw[-_SAMPLE_BYTES:].decode(codec, errors="strict")
            return True
        except UnicodeDecodeError as exc:
            return exc.start < 4
    try:
        data.decode(codec)
        return True
    except (UnicodeDecodeError, LookupError):
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
        widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delim) if row]
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
    """Read the whole file as a grid of strings (no header interpretation yet)."""
    raw = path.read_bytes()
    has_bom = False
    if encoding is None:
        encoding, has_bom = detect_encoding(raw)
    try:
        text = raw.decode(encoding)
    except LookupError as exc:
        raise UnreadableFileError(f"L'encodage « {encoding} » est inconnu.",
                                  "Choisissez UTF-8 ou Windows-1252.") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            f"Le fichier ne peut pas être lu avec l'encodage « {encoding} ».",
            "Laissez l'application détecter l'encodage, ou essayez « cp1252 » (Windows).",
        ) from exc
    del raw
    if text.startswith("\ufeff"):
        text = text[1:]
        has_bom = True
    if "\x00" in text[:_SAMPLE_BYTES]:
        raise UnreadableFileError(
            "Ce fichier contient des caractères nuls : ce n'est pas un tableau CSV valide.",
            "Ouvrez le fichier d'origine (Excel, LibreOffice) et enregistrez-le en CSV.",
        )
    if delimiter is None:
        delimiter = detect_delimiter(text)
    grid = _parse(text, delimiter)
    return grid, CsvDialect(encoding=encoding, delimiter=delimiter, has_bom=has_bom)


def _parse(text: str, delimiter: str) -> pd.DataFrame:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = max((len(r) for r in rows), default=0)
    if width == 0:
        return pd.DataFrame()
    padded = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
    return pd.DataFrame(padded, dtype=object)
