"""The array checks (numbers, fixed patterns, SIRET/SIREN keys) give exactly what the per-text reading gives,
on many generated texts: ASCII or not, NULs inside, empty, long, across slice boundaries."""

from __future__ import annotations

import random
import re
from decimal import Decimal, InvalidOperation

import numpy as np
import pytest

from opendata_desktop.core.formats import identifiers
from opendata_desktop.core.formats.identifiers import (is_valid_siren, is_valid_siret, luhn_valid, luhn_valid_many,
                                                       siren_verdicts, siret_verdicts)
from opendata_desktop.core.validation import vector

ALPHABET = "0123456789+-.eE ,_aé１\x00"


def _number_reference(text: str, integer: bool) -> bool:
    """The accepted set, stated per text: a plain spelling that Decimal (or int) reads."""
    if not text or not re.fullmatch(r"[0-9+\-.eE]+", text):
        return False
    pattern = r"[+-]?[0-9]+" if integer else r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
    if not re.fullmatch(pattern, text):
        return False
    try:
        Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern above only lets Decimal's spellings through
        return False
    return True


def _old_plain_number_mask(texts: list[str], integer: bool) -> np.ndarray:
    """The previous implementation (flags per code point summed per text), kept as a second oracle."""
    classes = np.full(129, 4, dtype=np.uint8)
    classes[[ord(c) for c in "0123456789"]] = 0
    classes[[ord("+"), ord("-")]] = 1
    classes[ord(".")] = 2
    classes[[ord("e"), ord("E")]] = 3
    n = len(texts)
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    nonempty = sizes > 0
    if not nonempty.any():
        return np.zeros(n, dtype=bool)
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    kind = classes[np.minimum(codes, 128)]
    text_of = np.repeat(np.arange(n), sizes)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))

    def per_text(flags):
        return np.bincount(text_of, weights=flags, minlength=n)

    is_digit, is_sign, is_point, is_exp = kind == 0, kind == 1, kind == 2, kind == 3
    exps_so_far = np.cumsum(is_exp)
    at = np.minimum(starts, len(kind) - 1)
    after_exp = (exps_so_far - is_exp - (exps_so_far[at] - is_exp[at])[text_of]) > 0
    previous = np.concatenate(([4], kind[:-1]))
    first = np.zeros(len(kind), dtype=bool)
    first[starts[nonempty]] = True
    bad = (kind == 4) | (is_sign & ~first & (previous != 3)) | (is_point & after_exp)
    exps, points = per_text(is_exp), per_text(is_point)
    digits_after = per_text(is_digit & after_exp)
    ok = nonempty & (per_text(bad) == 0) & (per_text(is_digit) - digits_after >= 1)
    if integer:
        return ok & (exps == 0) & (points == 0)
    return ok & (exps <= 1) & (points <= 1) & ((exps == 0) | (digits_after >= 1))


def _random_texts(rng: random.Random, count: int, alphabet: str = ALPHABET, longest: int = 12) -> list[str]:
    texts = []
    for _ in range(count):
        if rng.random() < 0.5:  # mostly plain number characters: many near misses, many accepted
            chars = "0123456789" * 3 + "+-.eE"
        else:
            chars = alphabet
        texts.append("".join(rng.choice(chars) for _ in range(rng.randint(0, longest))))
    return texts


EDGES_ACCEPTED = ["0", "7", "12774.04", ".5", "1.", "+1e-5", "1.e5", "-0", "+.5", "1E+10", "-12.5e3", "00012",
                  "9" * 40, "1." + "0" * 300]
EDGES_REJECTED = ["", ".", "-", "+", "e", "1e", "1e+", "1.2.3", "1e5.0", " 1", "1 ", "1_000", "NaN", "inf",
                  "１２", "1,5", "--1", "+-1", "1-", "1e5e5", "1ee5", ".e5", "+e5", "e5", "1e+-5", "1\x00",
                  "\x00", "1\x002", "١٢", "1é", "1 234,5"]


@pytest.mark.parametrize("integer", [False, True])
def test_edge_spellings_of_numbers(integer):
    texts = EDGES_ACCEPTED + EDGES_REJECTED
    got = vector.plain_number_mask(texts, integer=integer).tolist()
    assert got == [_number_reference(t, integer) for t in texts]
    assert got == _old_plain_number_mask(texts, integer).tolist()
    if not integer:
        assert got == [True] * len(EDGES_ACCEPTED) + [False] * len(EDGES_REJECTED)
    else:
        assert [t for t, ok in zip(texts, got) if ok] == ["0", "7", "-0", "00012", "9" * 40]


@pytest.mark.parametrize("chunk", [65536, 7, 1000])
@pytest.mark.parametrize("integer", [False, True])
def test_numbers_agree_with_the_per_text_reading(chunk, integer, monkeypatch):
    monkeypatch.setattr(vector, "CHUNK", chunk)
    rng = random.Random(11 + chunk)
    texts = _random_texts(rng, 6000)
    got = vector.plain_number_mask(texts, integer=integer)
    assert got.tolist() == [_number_reference(t, integer) for t in texts]
    assert got.tolist() == _old_plain_number_mask(texts, integer).tolist()
    assert 300 < got.sum() < len(texts) - 300  # the generator gives both kinds


def test_numbers_in_an_all_ascii_slice_and_a_non_ascii_one():
    rng = random.Random(3)
    ascii_texts = _random_texts(rng, 3000, alphabet="0123456789+-.eE ,_a")
    mixed = _random_texts(rng, 3000)
    for texts in (ascii_texts, mixed, ascii_texts + ["é"], ["１２", "12"], ["", ""], [""], ["5"]):
        for integer in (False, True):
            assert vector.plain_number_mask(texts, integer).tolist() == [_number_reference(t, integer) for t in texts]


def test_numbers_across_slice_boundaries_with_a_few_long_texts():
    """More than one slice, a NUL or a non-ASCII text in only some slices, and long texts among short ones
    (the automaton then goes on with the long ones only)."""
    rng = random.Random(8)
    texts = [f"{rng.randint(0, 99999)}.{rng.randint(0, 99):02d}" for _ in range(70000)]
    texts[5] = "1" * 5000
    texts[6] = "1" * 4999 + "x"
    texts[7] = "1." + "5" * 300 + "e-7"
    texts[66000] = "１２"
    texts[66001] = "12\x00"
    texts[69999] = "+" + "0" * 700 + "."
    texts[100] = ""
    expected = [_number_reference(t, False) for t in texts]
    assert vector.plain_number_mask(texts, integer=False).tolist() == expected
    assert sum(expected) == len(texts) - 4
    mask, values = vector.plain_numbers(texts, integer=False)
    assert mask.tolist() == expected
    assert values[0] == float(texts[0]) and np.isnan(values[6])


def test_plain_numbers_values_are_the_floats_of_the_accepted_texts():
    texts = ["12774.04", "abc", "-1e3", "", ".5", "1_000"]
    mask, values = vector.plain_numbers(texts, integer=False)
    assert mask.tolist() == [True, False, True, False, True, False]
    assert values[mask].tolist() == [12774.04, -1000.0, 0.5]
    assert np.isnan(values[~mask]).all()


# -- fixed-width patterns ------------------------------------------------------------------------

PATTERNS = [r"^\d{14}$", r"W\d{9}", r"[0-9]{5}", r"^[A-Za-z]{2}\d{3}$", r"2[AB]\d{3}", r"[éa]\d{2}",
            r"\d{4}\-\d{2}\-\d{2}", r"[0-9]{2}\/[0-9]{2}", r"ab c"]


def _near_pattern_texts(rng: random.Random, pattern: str, count: int) -> list[str]:
    """Texts that match the pattern, then some changed by one character, cut or lengthened."""
    alphabet = "0123456789ABWabcé１/- \x00"
    classes = vector.fixed_pattern(pattern)
    texts = []
    for _ in range(count):
        chars = [chr(int(rng.choice(list(codes)))) for codes in classes]
        roll = rng.random()
        if roll < 0.3:
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        elif roll < 0.4:
            chars = chars[:-1]
        elif roll < 0.5:
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(alphabet))
        texts.append("".join(chars))
    return texts


@pytest.mark.parametrize("pattern", PATTERNS)
def test_fixed_patterns_agree_with_re(pattern, monkeypatch):
    rng = random.Random(len(pattern))
    compiled = re.compile(pattern, re.ASCII)  # the fast path reads \d as ASCII digits: « ١ » goes to `re`
    assert vector.fixed_pattern(pattern) is not None
    texts = _near_pattern_texts(rng, pattern, 4000) + ["", "x"]
    for chunk in (65536, 9):
        monkeypatch.setattr(vector, "CHUNK", chunk)
        got = vector.match_fixed(texts, vector.fixed_pattern(pattern)).tolist()
        assert got == [compiled.fullmatch(t) is not None for t in texts]
        assert 500 < sum(got) < len(texts) - 500


def test_fixed_pattern_over_texts_all_of_its_width_and_beyond_one_slice():
    rng = random.Random(4)
    classes = vector.fixed_pattern(r"^W\d{9}$")
    texts = [f"W{rng.randint(0, 10**9 - 1):09d}" for _ in range(70000)]
    texts[10] = "X123456789"
    texts[69000] = "W12345678é"
    texts[69001] = "W12345678١"
    texts[69002] = "W1234\x005678"
    got = vector.match_fixed(texts, classes)
    assert np.flatnonzero(~got).tolist() == [10, 69000, 69001, 69002]
    digits = [t[1:] for t in texts]
    assert vector.match_fixed(digits, vector.fixed_pattern(r"\d{9}")).sum() == len(texts) - 3


def test_fixed_pattern_on_non_ascii_texts_and_class():
    classes = vector.fixed_pattern(r"[éÉ]\d")
    texts = ["é1", "É2", "e1", "é", "éé", "１1", "é١", "é12"]
    assert vector.match_fixed(texts, classes).tolist() == [True, True, False, False, False, False, False, False]
    assert vector.match_fixed(["é1", "é2"], classes).tolist() == [True, True]  # every text of the width
    assert vector.match_fixed([], classes).tolist() == []
    # « ? » stands for characters beyond Latin-1 in the bytes: such classes compare code points
    texts = ["?1", "€1", "ア1", "?12", "a1", "€"]
    assert vector.match_fixed(texts, vector.fixed_pattern(r"[?]\d")).tolist() == [True] + [False] * 5
    assert vector.match_fixed(texts, vector.fixed_pattern(r"[€]\d")).tolist() == [False, True] + [False] * 4
    assert vector.match_fixed(["?1", "a1"], vector.fixed_pattern(r"[?]\d")).tolist() == [True, False]


# -- SIRET / SIREN keys --------------------------------------------------------------------------

def _with_key(body: str) -> str:
    for last in "0123456789":
        if luhn_valid(body + last):
            return body + last
    raise AssertionError(body)  # pragma: no cover


def _la_poste(rng: random.Random, valid: bool) -> str:
    while True:
        value = identifiers.LA_POSTE_SIREN + "".join(str(rng.randint(0, 9)) for _ in range(5))
        if (sum(int(d) for d in value) % 5 == 0) == valid:
            return value


def _identifier_texts(rng: random.Random, width: int, count: int) -> list[str]:
    values = []
    for _ in range(count):
        body = "".join(str(rng.randint(0, 9)) for _ in range(width - 1))
        roll = rng.random()
        if roll < 0.4:
            values.append(_with_key(body))
        elif roll < 0.7:
            values.append(body + str(rng.randint(0, 9)))
        elif roll < 0.8:
            value = _with_key(body)
            at = rng.randrange(width)
            values.append(value[:at] + rng.choice("a ١.\x00é-") + value[at + 1:])
        elif roll < 0.9:
            values.append(_with_key(body)[: rng.randint(0, width - 1)])
        else:
            values.append(_with_key(body) + rng.choice(["0", " ", "\x00", "é"]))
    return values


@pytest.mark.parametrize("piece", [65536, 13])
def test_siret_and_siren_verdicts_agree_with_the_per_value_checks(piece, monkeypatch):
    monkeypatch.setattr(identifiers, "_SLICE", piece)
    rng = random.Random(21)
    sirets = _identifier_texts(rng, 14, 5000) + [_la_poste(rng, True) for _ in range(30)]
    sirets += [_la_poste(rng, False) for _ in range(30)] + ["", "73282932000074", "１" * 14]
    rng.shuffle(sirets)
    expected = [is_valid_siret(v) for v in sirets]
    assert siret_verdicts(sirets).tolist() == expected
    assert siret_verdicts(np.array(sirets, dtype=object)).tolist() == expected
    assert 1000 < sum(expected) < len(sirets) - 1000
    sirens = _identifier_texts(rng, 9, 5000)
    expected = [is_valid_siren(v) for v in sirens]
    assert siren_verdicts(sirens).tolist() == expected
    assert 1000 < sum(expected) < len(sirens) - 1000
    for width in (5, 9, 14):
        values = _identifier_texts(rng, width, 500)
        assert luhn_valid_many(values, width).tolist() == [len(v) == width and luhn_valid(v) for v in values]


def test_siret_verdicts_on_uniform_slices_beyond_one_slice():
    """A million-row column is mostly valid 14-digit texts: slices where every text has 14 characters."""
    rng = random.Random(2)
    sirets = [_with_key(f"{rng.randint(0, 10**13 - 1):013d}") for _ in range(66000)]
    sirets[3] = sirets[3][:-1] + str((int(sirets[3][-1]) + 1) % 10)
    sirets[65600] = _la_poste(rng, True)
    sirets[65601] = _la_poste(rng, False)
    sirets[65602] = "١" + sirets[65602][1:]
    sirets[65603] = "1234567\x00123456"
    got = siret_verdicts(sirets)
    assert np.flatnonzero(~got).tolist() == [3, 65601, 65602, 65603]
    assert got.tolist() == [is_valid_siret(v) for v in sirets]
    assert siret_verdicts([]).tolist() == [] and siren_verdicts([]).tolist() == []
    assert siren_verdicts(["732829320", "732829321", "73282932"]).tolist() == [True, False, False]


def test_luhn_keys_of_any_width_agree_with_the_per_value_check():
    rng = random.Random(6)
    for width in (0, 1, 2, 7, 13, 14, 15, 20):
        values = ["", "0", "00", "١"] + _identifier_texts(rng, max(width, 1), 300)
        assert luhn_valid_many(values, width).tolist() == [len(v) == width and luhn_valid(v) for v in values]


def test_text_array_and_in_set():
    texts = ["a", "", "NA", "é", "a"]
    array = vector.text_array(texts)
    assert array.dtype == object and array.shape == (5,) and array.tolist() == texts
    assert vector.text_array(array) is array
    assert vector.text_array([]).dtype == object and vector.text_array([]).shape == (0,)
    assert vector.in_set(array, ["", "NA"]).tolist() == [False, True, True, False, False]
    assert vector.lengths(texts).tolist() == [1, 0, 2, 1, 1]


def test_texts_that_utf32_cannot_encode_are_read_as_other_characters():
    """A lone surrogate (a byte a decoder could not read, kept as is) is no digit and breaks nothing."""
    texts = ["1", "\udce9", "2\udce9", "W123456789", "W12345678\udce9"]
    assert vector.plain_number_mask(texts, integer=False).tolist() == [True, False, False, False, False]
    assert vector.match_fixed(texts, vector.fixed_pattern(r"W\d{9}")).tolist() == [False] * 3 + [True, False]
    sirets = ["73282932000074", "7328293200007\udce9"]
    assert siret_verdicts(sirets).tolist() == [True, False]
