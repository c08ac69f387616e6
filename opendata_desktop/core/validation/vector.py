"""Checks over many distinct texts at once, in numpy: no Python call per text.

Texts of one width are laid out as a (n, width) grid of code points (one UTF-32 buffer), so a
character class at each position, a digit key or a length is one array operation. Everything here
only *recognises* texts that are certainly good; the rest goes to the exact, per-text reader.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd


CHUNK = 65536  # texts turned into code points at a time: bounded scratch memory on a million rows


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
    return np.asarray(texts, dtype=object) if len(texts) else np.zeros(0, dtype=object)


def in_set(values: np.ndarray, members) -> np.ndarray:
    """values[i] in members, for a handful of members (missing values, an enum)."""
    mask = np.zeros(len(values), dtype=bool)
    for member in members:
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


def _ascii_table(characters: str) -> np.ndarray:
    table = np.zeros(129, dtype=bool)  # index 128: every code point outside ASCII
    table[[ord(c) for c in characters]] = True
    return table


_DIGIT, _SIGN, _POINT, _EXPONENT, _OTHER = 0, 1, 2, 3, 4
_CLASSES = np.full(129, _OTHER, dtype=np.uint8)  # index 128: every code point outside ASCII
_CLASSES[[ord(c) for c in "0123456789"]] = _DIGIT
_CLASSES[[ord("+"), ord("-")]] = _SIGN
_CLASSES[ord(".")] = _POINT
_CLASSES[[ord("e"), ord("E")]] = _EXPONENT


@chunked
def plain_number_mask(texts: list[str], integer: bool) -> np.ndarray:
    """Texts that are certainly numbers as Decimal/int read them (frictionless): ASCII digits, one sign at
    the start or after the exponent, at most one point before an exponent with digits — checked for
    all texts at once on their code points, no parsing. Anything else (« 1 234,5 », « 1_000 », « NaN »,
    spaces) is left to the exact reader."""
    n = len(texts)
    sizes = lengths(texts)
    nonempty = sizes > 0
    if not nonempty.any():
        return np.zeros(n, dtype=bool)
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    kind = _CLASSES[np.minimum(codes, 128)]
    text_of = np.repeat(np.arange(n, dtype=np.int32), sizes)  # chunked: a bounded scratch array
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))

    def per_text(flags: np.ndarray) -> np.ndarray:
        return np.bincount(text_of, weights=flags, minlength=n)

    is_digit, is_sign, is_point, is_exp = (kind == _DIGIT), (kind == _SIGN), (kind == _POINT), (kind == _EXPONENT)
    exps_so_far = np.cumsum(is_exp)
    at = np.minimum(starts, len(kind) - 1)  # an empty text has no character: its entry is never read
    exps_before_text = exps_so_far[at] - is_exp[at]
    after_exp = (exps_so_far - is_exp - exps_before_text[text_of]) > 0  # an exponent earlier in the text
    previous = np.concatenate(([_OTHER], kind[:-1]))
    first = np.zeros(len(kind), dtype=bool)
    first[starts[nonempty]] = True
    misplaced_sign = is_sign & ~first & (previous != _EXPONENT)
    bad = (kind == _OTHER) | misplaced_sign | (is_point & after_exp)
    exps, points = per_text(is_exp), per_text(is_point)
    digits_after = per_text(is_digit & after_exp)
    digits_before = per_text(is_digit) - digits_after
    ok = nonempty & (per_text(bad) == 0) & (digits_before >= 1)
    if integer:
        return ok & (exps == 0) & (points == 0)
    return ok & (exps <= 1) & (points <= 1) & ((exps == 0) | (digits_after >= 1))


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
    """Full match of every text against a fixed-width pattern from `fixed_pattern`."""
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
