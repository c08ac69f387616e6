"""Decode a CSV/text file and find its dialect: encoding, delimiter, quoting, line endings."""

from __future__ import annotations

import csv
import io
import re
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
    blank_cells_possible: bool = True  # some field may hold only spaces (see may_hold_blank_cells)
    skip_initial_space: bool = False  # "a, b, c": the space after each delimiter is not data


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
    after_delimiter = re.compile(re.escape(delimiter.encode("ascii")) + b"[ \t\xa0\xc2]")
    line_start = re.compile(b"\n[ \t]")
    with path.open("rb") as handle:
        first = True
        while chunk := handle.read(16 * 1024 * 1024):
            if first and chunk[:1] in (b" ", b"\t"):
                return True
            first = False
            if after_delimiter.search(chunk) or line_start.search(chunk):
                return True
            handle.seek(-1, 1)  # overlap one byte so a needle across two chunks is seen
            if len(chunk) == 1:
                break
    return False


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
        widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delim, skipinitialspace=True)
                  if row]
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
    streaming it, so memory stays near the size of the table itself.
    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE_BYTES)
        handle.seek(max(0, size - _SAMPLE_BYTES))
        tail = handle.read(_SAMPLE_BYTES)
    samples = (head,) if size <= _SAMPLE_BYTES else (head, tail)
    has_bom = False
    forced = encoding is not None
    if encoding is None:
        encoding, has_bom = detect_encoding(*samples)
    text = _decode_sample(head, encoding)
    if text.startswith("\ufeff"):
        text, has_bom = text[1:], True
    if "\x00" in text:
        raise UnreadableFileError(
            "Ce fichier contient des caractères nuls : ce n'est pas un tableau CSV valide.",
            "Ouvrez le fichier d'origine (Excel, LibreOffice) et enregistrez-le en CSV.",
        )
    if delimiter is None:
        delimiter = detect_delimiter(text)
    skip_space = detect_initial_space(text, delimiter)
    try:
        grid = _parse(path, encoding, delimiter, text, skip_space)
    except UnicodeDecodeError as exc:
        if forced:
            raise UnreadableFileError(
                f"Le fichier ne peut pas être lu avec l'encodage « {encoding} ».",
                "Laissez l'application détecter l'encodage, ou essayez « cp1252 » (Windows).",
            ) from exc
        # The samples were UTF-8 but the middle of the file is not: a Windows export after all.
        encoding = "cp1252" if all(_decodes(s, "cp1252") for s in samples) else "latin-1"
        grid = _parse(path, encoding, delimiter, text, skip_space)
    return grid, CsvDialect(encoding=encoding, delimiter=delimiter, has_bom=has_bom,
                            blank_cells_possible=may_hold_blank_cells(path, encoding, delimiter),
                            skip_initial_space=skip_space)


def _decode_sample(head: bytes, encoding: str) -> str:
    try:
        return head.decode(encoding, errors="strict")
    except LookupError as exc:
        raise UnreadableFileError(f"L'encodage « {encoding} » est inconnu.",
                                  "Choisissez UTF-8 ou Windows-1252.") from exc
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # the sample cut a multi-byte character in two
            return head[: exc.start].decode(encoding)
        raise UnreadableFileError(
            f"Le fichier ne peut pas être lu avec l'encodage « {encoding} ».",
            "Laissez l'application détecter l'encodage, ou essayez « cp1252 » (Windows).",
        ) from exc


_WIDER_ROW = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _parse(path: Path, encoding: str, delimiter: str, sample_text: str, skip_space: bool = False) -> pd.DataFrame:
    width = max((len(r) for r in csv.reader(io.StringIO(sample_text), delimiter=delimiter,
                                             skipinitialspace=skip_space)), default=1)
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    for _ in range(20):  # each retry widens the grid to a longer row found further down
        try:
            grid = pd.read_csv(
                path, sep=delimiter, header=None, names=range(width), dtype=str, keep_default_na=False,
                na_filter=False, skip_blank_lines=False, encoding=codec, encoding_errors="strict",
                engine="c", quotechar='"', doublequote=True, skipinitialspace=skip_space,
            )
        except pd.errors.ParserError as exc:
            match = _WIDER_ROW.search(str(exc))
            if not match or int(match.group(3)) <= width:
                raise UnreadableFileError(
                    "Le fichier CSV est mal formé (guillemets non refermés ou lignes coupées).",
                    "Ouvrez-le dans votre tableur, vérifiez les guillemets, puis enregistrez-le à nouveau.",
                ) from exc
            width = int(match.group(3))
            continue
        except pd.errors.EmptyDataError:
            return pd.DataFrame()
        return grid  # na_filter=False: missing fields are already ""
    raise UnreadableFileError("Le fichier CSV a des lignes de longueurs trop différentes.",
                              "Vérifiez le séparateur choisi.")
