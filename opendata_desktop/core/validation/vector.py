"""Checks over many distinct texts at once, in numpy: no Python call per text.

A slice of texts is laid out as one byte buffer, each text followed by a NUL (one byte per character),
so lengths, a character class at each position or a small automaton's step over all texts are array
operations. Everything here only *recognises* texts that are certainly good; the rest goes to the exact,
per-text reader.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from opendata_desktop.core.reading.cells import nonempty_mask


CHUNK = 65536  # texts laid out as bytes at a time: bounded scratch memory on a million rows


def chunked(function):
    """Apply a (texts -> array) function slice by slice and join the results."""
    def apply(texts: list[str], *args, **kwargs):
        if len(texts) <= CHUNK:
            return function(texts, *args, **kwargs)
        parts = [function(texts[i:i + CHUNK], *args, **kwargs) for i in range(0, len(texts), CHUNK)]
        if isinstance(parts[0], tuple):
            return tuple(np.concatenate(p) for p in zip(*parts))
        return np.concatenate(parts)
    apply.__doc__ = function.__doc__
    return apply


def text_array(texts: list[str]) -> np.ndarray:
    if isinstance(texts, np.ndarray) or not len(texts):
        return np.asarray(texts, dtype=object) if len(texts) else np.zeros(0, dtype=object)
    return np.fromiter(texts, dtype=object, count=len(texts))  # a third faster than asarray on a list


def in_set(values: np.ndarray, members) -> np.ndarray:
    """values[i] in members, for a handful of members (missing values, an enum). The empty text, the usual
    missing value, is found by address (`nonempty_mask`): no Python comparison per text."""
    mask = np.zeros(len(values), dtype=bool)
    for member in members:
        if member == "" and isinstance(member, str):
            mask |= ~nonempty_mask(values)
        else:
            mask |= values == member
    return mask


def lengths(texts: list[str]) -> np.ndarray:
    return np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))


def code_grid(texts: list[str], positions: np.ndarray, width: int) -> np.ndarray:
    """(len(positions), width) code points of the texts at `positions` (all of length `width`)."""
    if not len(positions) or width == 0:
        return np.zeros((len(positions), width), dtype=np.uint32)
    buffer = "".join([texts[i] for i in positions]).encode("utf-32-le")
    return np.frombuffer(buffer, dtype=np.uint32).reshape(-1, width)


def _codes_of(characters: str) -> np.ndarray:
    return np.array([ord(c) for c in characters], dtype=np.uint32)


# -- texts laid out as one buffer ------------------------------------------------------------------
_END = "\x00"  # written after every text of a slice: where a text stops, and what an automaton reads there
_TAIL = 8  # NULs after the last text: an 8-byte word read from any text's end stays inside the buffer


def _layout(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """(codes, starts, sizes, clean) of a non-empty slice of texts, each followed by a NUL, as one byte
    buffer: a quarter of UTF-32's memory traffic. Every character is one byte: Latin-1 as itself, any other
    as « ? » (so `starts`/`sizes` count characters). The NULs give every length in one array pass; `clean`
    is False when a text holds a NUL itself, and the lengths are then asked text by text."""
    joined = _END.join(texts) + _END * _TAIL
    codes = np.frombuffer(joined.encode("latin-1", "replace"), dtype=np.uint8)
    ends = np.flatnonzero(codes[:len(codes) - _TAIL + 1] == 0)
    starts = np.zeros(len(texts), dtype=np.intp)
    if len(ends) == len(texts):
        starts[1:] = ends[:-1] + 1
        return codes, starts, ends - starts, True
    sizes = lengths(texts)
    np.cumsum(sizes[:-1] + 1, out=starts[1:])
    return codes, starts, sizes, False


def _words(codes: np.ndarray, begins: np.ndarray, count: int) -> np.ndarray:
    """(len(begins), 8 * count) bytes: `count` 8-byte words read from each of `begins` (one gather per word
    rather than per character)."""
    unaligned = np.ndarray(shape=(len(codes) - 7,), dtype="<u8", buffer=codes, strides=(1,))
    rows = np.empty((len(begins), count), dtype="<u8")
    for k in range(count):
        rows[:, k] = unaligned[begins + 8 * k]  # indexing, not take: take would first copy it aligned
    return rows.view(np.uint8)


# -- plain numbers: a small automaton over bytes ------------------------------------------------------
_DIGIT, _SIGN, _POINT, _EXPONENT, _STOP, _OTHER = range(6)
_CLASSES = np.full(256, _OTHER, dtype=np.uint8)  # bytes from 128 up and « ? »: characters beyond ASCII
_CLASSES[[ord(c) for c in "0123456789"]] = _DIGIT
_CLASSES[[ord("+"), ord("-")]] = _SIGN
_CLASSES[ord(".")] = _POINT
_CLASSES[[ord("e"), ord("E")]] = _EXPONENT
_CLASSES[0] = _STOP  # the NUL after each text

# States: before anything, after the sign, integer digits, a point with no digit before it, a point after
# digits (and the fraction's digits), the exponent mark, its sign, its digits; then two sinks reached on
# the NUL that ends a text (or on a wrong character), which every later byte leaves unchanged.
_START, _SIGNED, _INTEGER, _BARE_POINT, _FRACTION, _EXP, _EXP_SIGN, _EXP_DIGITS, _ACCEPTED, _REJECTED = range(10)


def _automaton(moves: dict[int, dict[int, int]], accepting: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(table, accepts): table[state * 256 + byte] is the next state * 256 (states kept multiplied by 256,
    so one step is an addition and a lookup); accepts[state * 256] says whether a text may stop there."""
    table = np.zeros(10 * 256, dtype=np.intp)
    for state in range(10):
        for byte in range(256):
            kind = int(_CLASSES[byte])
            if state in (_ACCEPTED, _REJECTED):
                following = state
            elif kind == _STOP:
                following = _ACCEPTED if state in accepting else _REJECTED
            else:
                following = moves.get(state, {}).get(kind, _REJECTED)
            table[state * 256 + byte] = following * 256
    accepts = np.zeros(10 * 256, dtype=bool)
    accepts[[s * 256 for s in (*accepting, _ACCEPTED)]] = True
    return table, accepts


_NUMBER = _automaton({
    _START: {_DIGIT: _INTEGER, _SIGN: _SIGNED, _POINT: _BARE_POINT},
    _SIGNED: {_DIGIT: _INTEGER, _POINT: _BARE_POINT},
    _INTEGER: {_DIGIT: _INTEGER, _POINT: _FRACTION, _EXPONENT: _EXP},
    _BARE_POINT: {_DIGIT: _FRACTION},
    _FRACTION: {_DIGIT: _FRACTION, _EXPONENT: _EXP},
    _EXP: {_DIGIT: _EXP_DIGITS, _SIGN: _EXP_SIGN},
    _EXP_SIGN: {_DIGIT: _EXP_DIGITS},
    _EXP_DIGITS: {_DIGIT: _EXP_DIGITS},
}, (_INTEGER, _FRACTION, _EXP_DIGITS))
_INTEGER_ONLY = _automaton({
    _START: {_DIGIT: _INTEGER, _SIGN: _SIGNED},
    _SIGNED: {_DIGIT: _INTEGER},
    _INTEGER: {_DIGIT: _INTEGER},
}, (_INTEGER,))


def _run(table: np.ndarray, codes: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Every text's final state (times 256). Step j reads character j of all texts at once; a text that
    already ended sits in a sink. When few texts are left to read (a handful of long ones), the others are
    dropped, so a long text does not make every text pay for its length."""
    width = int(sizes.max()) if len(sizes) else 0
    current = np.zeros(len(starts), dtype=np.intp)
    if width == 0:
        return current
    spare = np.empty_like(current)
    longer = len(starts) - np.cumsum(np.bincount(sizes))  # longer[j]: texts still to read after step j
    state, rows, position = current, None, starts.copy()
    for j in range(width):
        left = len(starts) if j == 0 else int(longer[j - 1])  # texts of `j` characters or more
        if (len(current) - left) * (width - j) > 2 * len(current) + 4096:
            if rows is None:
                state = current
            else:
                state[rows] = current
            rows = np.flatnonzero(sizes >= j)  # still reading a character, or the NUL after the last one
            current, spare, position = state[rows], np.empty(len(rows), dtype=np.intp), starts[rows] + j
        current += np.take(codes, position, mode="clip")  # past the buffer: only texts already in a sink
        np.take(table, current, out=spare, mode="clip")  # every state it holds is in the table
        current, spare = spare, current
        position += 1
    if rows is None:
        return current
    state[rows] = current
    return state


@chunked
def plain_number_mask(texts: list[str], integer: bool) -> np.ndarray:
    """Texts that are certainly numbers as Decimal/int read them (frictionless): ASCII digits, one sign at
    the start or right after the exponent, at most one point before an exponent with digits, at least one
    digit before the exponent (« .5 », « 1. », « +1e-5 », « 1.e5 »); `integer`: digits and a leading sign
    only. Run as an automaton over the bytes of all texts at once, no parsing. Anything else (« 1 234,5 »,
    « 1_000 », « NaN », spaces, « １２ ») is left to the exact reader."""
    if not len(texts):
        return np.zeros(0, dtype=bool)
    codes, starts, sizes, clean = _layout(texts)
    table, accepts = _INTEGER_ONLY if integer else _NUMBER
    ok = accepts[_run(table, codes, starts, sizes)]
    if not clean:  # a NUL inside a text reads as its end: such a text is no number
        ok &= np.fromiter((_END not in text for text in texts), dtype=bool, count=len(texts))
    return ok


def plain_numbers(texts: list[str], integer: bool) -> tuple[np.ndarray, np.ndarray]:
    """(mask, values): `plain_number_mask`, and those numbers as floats (NaN elsewhere)."""
    mask = plain_number_mask(texts, integer)
    values = np.full(len(texts), np.nan)
    candidates = np.flatnonzero(mask)
    if len(candidates):
        parsed = pd.to_numeric(pd.Series([texts[i] for i in candidates], dtype=object), errors="coerce")
        values[candidates] = parsed.to_numpy(dtype=np.float64, na_value=np.nan)
    return mask, values


# -- fixed-width patterns ------------------------------------------------------------------------
_TOKEN = re.compile(r"\\d|\\\.|\\-|\\/|\[(?:\\.|[^\]\\])+\]|[A-Za-z0-9_ /:-]|\.")
_QUANT = re.compile(r"\{(\d+)\}")


def _class_codes(token: str) -> np.ndarray | None:
    if token == r"\d":
        return _codes_of("0123456789")
    if token.startswith("\\"):
        return _codes_of(token[1])
    if token.startswith("["):
        body = token[1:-1]
        if body.startswith("^"):
            return None
        chars, i = [], 0
        while i < len(body):
            c = body[i]
            if c == "\\":
                if i + 1 < len(body) and body[i + 1] == "d":
                    chars += list("0123456789")
                elif i + 1 < len(body):
                    chars.append(body[i + 1])
                i += 2
                continue
            if i + 2 < len(body) and body[i + 1] == "-":
                chars += [chr(k) for k in range(ord(c), ord(body[i + 2]) + 1)]
                i += 3
                continue
            chars.append(c)
            i += 1
        return _codes_of("".join(chars))
    if token == ".":
        return None
    return _codes_of(token)


def fixed_pattern(pattern: str) -> list[np.ndarray] | None:
    """A pattern that is a fixed sequence of character classes (`\\d{14}`, `W\\d{9}`, `[0-9]{5}`) as one
    code set per position; None for anything else (alternatives, optional parts, repetitions)."""
    body = pattern
    if body.startswith("^"):
        body = body[1:]
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    classes: list[np.ndarray] = []
    i = 0
    while i < len(body):
        token = _TOKEN.match(body, i)
        if not token:
            return None
        codes = _class_codes(token.group())
        if codes is None:
            return None
        i = token.end()
        count = 1
        quant = _QUANT.match(body, i)
        if quant:
            count = int(quant.group(1))
            i = quant.end()
        elif i < len(body) and body[i] in "*+?{":
            return None
        classes += [codes] * count
    return classes if 0 < len(classes) <= 64 else None


@chunked
def match_fixed(texts: list[str], classes: list[np.ndarray]) -> np.ndarray:
    """Full match of every text against a fixed-width pattern from `fixed_pattern`, over the bytes: a table
    of 65536 entries per two positions, read as one 16-bit number. A class holding « ? » or a character
    beyond Latin-1 cannot be told from what stands for those characters in the bytes: such a pattern on
    non-ASCII texts compares code points."""
    ok = np.zeros(len(texts), dtype=bool)
    width = len(classes)
    if not len(texts):
        return ok
    if any((members == ord("?")).any() or (members > 255).any() for members in classes) \
            and not "".join(texts).isascii():
        return _match_code_points(texts, classes)
    codes, starts, sizes, _ = _layout(texts)
    positions = np.flatnonzero(sizes == width)
    if not len(positions):
        return ok
    if len(positions) == len(texts):  # every text has the width: rows of the buffer itself, no copy
        buffer, stride = codes, width + 1
    else:
        buffer = _words(codes, starts[positions], -(-width // 8))
        buffer, stride = buffer.reshape(-1), buffer.shape[1]
    tables = []
    for members in classes:
        table = np.zeros(256, dtype=bool)
        table[members[members < 256]] = True
        tables.append(table)
    good = np.ones(len(positions), dtype=bool)
    for j in range(0, width - 1, 2):
        pairs = np.logical_and.outer(tables[j + 1], tables[j]).reshape(-1)  # [second * 256 + first]
        good &= np.take(pairs, np.ndarray(shape=(len(positions),), dtype="<u2", buffer=buffer, offset=j,
                                          strides=(stride,)))
    if width % 2:
        good &= np.take(tables[-1], np.ndarray(shape=(len(positions),), dtype=np.uint8, buffer=buffer,
                                               offset=width - 1, strides=(stride,)))
    ok[positions[good]] = True
    return ok


def _match_code_points(texts: list[str], classes: list[np.ndarray]) -> np.ndarray:
    ok = np.zeros(len(texts), dtype=bool)
    width = len(classes)
    positions = np.flatnonzero(lengths(texts) == width)
    if not len(positions):
        return ok
    grid = code_grid(texts, positions, width)
    good = np.ones(len(positions), dtype=bool)
    for column, codes in enumerate(classes):
        good &= np.isin(grid[:, column], codes)
    ok[positions[good]] = True
    return ok
