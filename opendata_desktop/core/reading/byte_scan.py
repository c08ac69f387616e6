"""One pass over a CSV file's bytes, beside the parse: its line count and whether any cell could hold
only blanks.

The table finder needs to know which cells are blank. Checking every parsed cell with str.isspace costs
over half a second on a million rows, and hardly any file has a cell of blanks only: this scan proves it
in numpy (no Python per byte or per cell), and only a file where it cannot gets the cell-by-cell check.
A false alarm costs that check, never a wrong table. numpy lets go of the interpreter while it compares,
so the scan runs in a thread while pandas parses the same file.
"""

from __future__ import annotations

import mmap
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Bytes mapped at a time: bounded scratch memory, few Python steps, and the file's pages never all
# resident at once (they would count in the process's memory beside the table being parsed).
_BLOCK = 4 * 1024 * 1024
_VERIFIED_AT_MOST = 50_000  # candidate cells read with the exact pattern before giving up (full check)
_WINDOW = 64 * 1024  # bytes read to decide a candidate cut by a block's end
_BLANK_FIRST_BYTES = np.zeros(256, dtype=bool)
_BLANK_FIRST_BYTES[[ord(" "), ord("\t"), 0xA0, 0xC2]] = True  # 0xC2: UTF-8 no-break space (C2 A0)
_QUOTE = ord('"')


@dataclass(frozen=True)
class ByteScan:
    lines: int  # line ends (LF, or CR in an old-Mac file)
    blank_cells_possible: bool


def _blank_cell(delimiter: bytes) -> re.Pattern:
    """A whole cell of blanks, quoted or not (« ;" "; », « , \\n »), from the cell's first byte. The blanks
    must run to the cell's end: « , » then a space inside a text (« Achat, entretien ») is no blank cell."""
    d = re.escape(delimiter)
    return re.compile(rb'"?(?:[ \t\xa0]|\xc2\xa0)+"?(?:' + d + rb"|\r|\n|\Z)")


def scan_in_background(path: Path, delimiter: str | None, line_end: bytes = b"\n",
                       check_blanks: bool = True) -> Future:
    """`scan_csv_bytes` in its own thread; the Future's result is the ByteScan."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="csv-scan")
    try:
        return executor.submit(scan_csv_bytes, path, delimiter, line_end, check_blanks)
    finally:
        executor.shutdown(wait=False)  # the thread ends with its one task


def scan_csv_bytes(path: Path, delimiter: str | None, line_end: bytes = b"\n",
                   check_blanks: bool = True) -> ByteScan:
    """`delimiter`: one ASCII character; None (or `check_blanks` False, e.g. UTF-16) only counts lines
    and answers that blank cells are possible. `line_end`: b"\\r" for an old-Mac file."""
    size = path.stat().st_size
    if size == 0:
        return ByteScan(0, False)
    check_blanks = check_blanks and delimiter is not None and len(delimiter) == 1 and delimiter.isascii()
    pattern = _blank_cell(delimiter.encode("ascii")) if check_blanks else None
    lines, verified, possible = 0, 0, not check_blanks
    end = line_end[0]
    with path.open("rb") as handle:
        for start in range(0, size, _BLOCK):
            offset = start - start % mmap.ALLOCATIONGRANULARITY  # where a mapping may begin
            # Two bytes past the block: the first bytes of a cell starting at its last byte.
            with mmap.mmap(handle.fileno(), min(start + _BLOCK + 2, size) - offset, offset=offset,
                           access=mmap.ACCESS_READ) as data:
                skip = start - offset
                if start == 0 and not possible:
                    first = 3 if data[:3] == b"\xef\xbb\xbf" else 0
                    possible = _is_blank_cell(handle, data, first, pattern, size, offset)
                lines, found = _scan_block(data, skip, -1 if possible else ord(delimiter), end, lines)
                if possible:
                    continue  # decided: only the line count is left
                for position in found:
                    verified += 1
                    if verified > _VERIFIED_AT_MOST or _is_blank_cell(handle, data, position, pattern, size, offset):
                        possible = True
                        break
    return ByteScan(lines, possible)


def _scan_block(data: mmap.mmap, skip: int, delimiter: int, end: int, lines: int) -> tuple[int, list[int]]:
    """(lines so far, positions in `data` of cells whose first byte, after an opening quote, is a blank).
    A cell starts after a delimiter or a line end; `delimiter` -1: line ends only."""
    block = np.frombuffer(data, dtype=np.uint8)[skip:]
    heads = block[:_BLOCK]
    if delimiter < 0:
        return lines + int(np.count_nonzero(heads == end)), []
    starts = heads == delimiter
    np.logical_or(starts, heads == end, out=starts)
    where = np.flatnonzero(starts)
    lines += int(np.count_nonzero(block[where] == end))
    where = where[where + 1 < len(block)]  # a delimiter ending the file starts an empty cell
    following = block[where + 1]
    candidates = where[_BLANK_FIRST_BYTES[following]]
    quoted = where[(following == _QUOTE) & (where + 2 < len(block))]
    quoted = quoted[_BLANK_FIRST_BYTES[block[quoted + 2]]]
    return lines, (np.union1d(candidates, quoted) + 1 + skip).tolist()


def _is_blank_cell(handle, data, position: int, pattern: re.Pattern, size: int, offset: int) -> bool:
    """Whether the cell starting at `position` of the mapped bytes is blanks only. A cell whose blanks run
    to the mapping's end is decided on a wider read of the file (still undecided there: yes, to be safe)."""
    verdict = _decide(pattern, data, position, offset + len(data) >= size)
    if verdict is not None:
        return verdict
    handle.seek(offset + position)
    window = handle.read(_WINDOW)
    verdict = _decide(pattern, window, 0, offset + position + len(window) >= size)
    return True if verdict is None else verdict


# Blanks (and an opening quote, or the first byte of a no-break space) running to the end of what was read.
_RUNS_TO_THE_END = re.compile(rb'"?(?:[ \t\xa0]|\xc2\xa0)*(?:"|\xc2)?\Z')


def _decide(pattern: re.Pattern, buffer, position: int, file_end: bool) -> bool | None:
    """True/False, or None when the buffer stops before the cell is known to end."""
    found = pattern.match(buffer, position)
    if file_end:
        return found is not None
    if found is not None:
        return True if found.end() < len(buffer) else None
    return None if _RUNS_TO_THE_END.match(buffer, position) else False
