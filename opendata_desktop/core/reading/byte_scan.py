"""One pass over a CSV file's bytes, beside the parse: its line count, its NUL bytes, and whether any cell
could hold only blanks.

The table finder needs to know which cells are blank. Checking every parsed cell with str.isspace costs
over half a second on a million rows, and hardly any file has a cell of blanks only: this scan proves it
in numpy (no Python per byte or per cell), and only a file where it cannot gets the cell-by-cell check.
A false alarm costs that check, never a wrong table. numpy lets go of the interpreter while it compares,
so the scan runs in a thread while pandas parses the same file. The file is read into one reused buffer:
mapping it would fault in every page of it once more (a fifth of a second on 200 MB).
"""

from __future__ import annotations

import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_BLOCK = 1 * 1024 * 1024  # bytes read at a time: bounded scratch memory, few Python steps
_LOOKAHEAD = 2  # bytes a cell's start needs after it: an opening quote, then the first character
_VERIFIED_AT_MOST = 50_000  # candidate cells read with the exact pattern before giving up (full check)
_WINDOW = 64 * 1024  # bytes read to decide a candidate cut by a block's end
_BLANK_FIRST_BYTES = np.zeros(256, dtype=bool)
_BLANK_FIRST_BYTES[[ord(" "), ord("\t"), 0xA0, 0xC2]] = True  # 0xC2: UTF-8 no-break space (C2 A0)
_QUOTE = ord('"')


@dataclass(frozen=True)
class ByteScan:
    lines: int  # line ends (LF, or CR in an old-Mac file)
    blank_cells_possible: bool
    nuls: int = 0  # NUL bytes (a damaged file: they are removed before the parse)


def _blank_cell(delimiter: bytes) -> re.Pattern:
    """A whole cell of blanks, quoted or not (« ;" "; », « , \\n »), from the cell's first byte. The blanks
    must run to the cell's end: « , » then a space inside a text (« Achat, entretien ») is no blank cell."""
    d = re.escape(delimiter)
    return re.compile(rb'"?(?:[ \t\xa0]|\xc2\xa0)+"?(?:' + d + rb"|\r|\n|\Z)")


# Blanks (and an opening quote, or the first byte of a no-break space) running to the end of what was read.
_RUNS_TO_THE_END = re.compile(rb'"?(?:[ \t\xa0]|\xc2\xa0)*(?:"|\xc2)?\Z')


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
    and NULs and answers that blank cells are possible. `line_end`: b"\\r" for an old-Mac file."""
    size = path.stat().st_size
    if size == 0:
        return ByteScan(0, False)
    check_blanks = check_blanks and delimiter is not None and len(delimiter) == 1 and delimiter.isascii()
    pattern = _blank_cell(delimiter.encode("ascii")) if check_blanks else None
    lines = nuls = verified = 0
    possible = not check_blanks
    end = line_end[0]
    buffer = bytearray(max(_BLOCK, 2 * _LOOKAHEAD))
    array = np.frombuffer(buffer, dtype=np.uint8)
    scratch = (np.empty(len(buffer), dtype=bool), np.empty(len(buffer), dtype=bool))
    start = kept = 0  # file offset of buffer[0]; bytes kept at its front from the block before
    with path.open("rb") as handle:
        while True:
            read = handle.readinto(memoryview(buffer)[kept:])
            filled = kept + read
            file_end = start + filled >= size or not read
            if buffer.find(b"\x00", kept, filled) >= 0:
                nuls += buffer.count(b"\x00", kept, filled)
            # The block's own bytes; the last two stay for the next one, as lookahead of its cells' starts.
            own = filled if file_end else filled - _LOOKAHEAD
            if start == 0 and not possible:
                first = 3 if buffer[:3] == b"\xef\xbb\xbf" else 0
                possible = _is_blank_cell(handle, buffer, first, filled, start, pattern, size)
            lines, found = _scan_block(array[:filled], own, -1 if possible else ord(delimiter), end, lines,
                                       scratch)
            for position in found:  # none once decided: the block was read for its line ends only
                verified += 1
                if verified > _VERIFIED_AT_MOST or _is_blank_cell(handle, buffer, position, filled, start,
                                                                  pattern, size):
                    possible = True
                    break
            if file_end:
                break
            buffer[:_LOOKAHEAD] = buffer[own:filled]
            start += own
            kept = _LOOKAHEAD
    return ByteScan(lines, possible, nuls)


def _scan_block(block: np.ndarray, own: int, delimiter: int, end: int, lines: int,
                scratch: tuple[np.ndarray, np.ndarray]) -> tuple[int, list[int]]:
    """(lines so far, positions of cells whose first byte, after an opening quote, is a blank).

    A cell starts after a delimiter or a line end among the block's `own` first bytes (the others are
    the next block's, here only as lookahead). `delimiter` -1: line ends only. `scratch`: two boolean
    arrays reused from block to block (fresh block-sized arrays each time are given back to the system
    and faulted in again: a third of the scan's time)."""
    heads = block[:own]
    flags, other = scratch[0][:own], scratch[1][:own]
    if delimiter < 0:
        return lines + int(np.count_nonzero(np.equal(heads, end, out=flags))), []
    np.equal(heads, delimiter, out=flags)
    np.logical_or(flags, np.equal(heads, end, out=other), out=flags)
    where = np.flatnonzero(flags)
    lines += int(np.count_nonzero(block[where] == end))
    if len(where) and where[-1] + 1 >= len(block):
        where = where[:-1]  # a delimiter ending the file starts an empty cell
    following = block[where + 1]
    candidates = where[_BLANK_FIRST_BYTES[following]]
    quoted = where[following == _QUOTE]
    if len(quoted) and quoted[-1] + 2 >= len(block):
        quoted = quoted[:-1]  # an opening quote ending the file
    quoted = quoted[_BLANK_FIRST_BYTES[block[quoted + 2]]]
    if not len(quoted):
        return lines, (candidates + 1).tolist()
    return lines, (np.union1d(candidates, quoted) + 1).tolist()


def _is_blank_cell(handle, buffer: bytearray, position: int, filled: int, start: int, pattern: re.Pattern,
                   size: int) -> bool:
    """Whether the cell starting at `position` of the buffer is blanks only. A cell whose blanks run to the
    buffer's end is decided on a wider read of the file (still undecided there: yes, to be safe)."""
    verdict = _decide(pattern, buffer, position, filled, start + filled >= size)
    if verdict is not None:
        return verdict
    resume = handle.tell()
    handle.seek(start + position)
    window = handle.read(_WINDOW)
    handle.seek(resume)
    verdict = _decide(pattern, window, 0, len(window), start + position + len(window) >= size)
    return True if verdict is None else verdict


def _decide(pattern: re.Pattern, buffer, position: int, end: int, file_end: bool) -> bool | None:
    """True/False, or None when what was read (up to `end`) stops before the cell is known to end."""
    found = pattern.match(buffer, position, end)
    if file_end:
        return found is not None
    if found is not None:
        return True if found.end() < end else None
    return None if _RUNS_TO_THE_END.match(buffer, position, end) else False
