"""Word lists the person detector reads: INSEE first names and surnames, organisation words, eponyms.

The lists are data in `resources/names` and `resources/privacy` (see their SOURCE.md); they are loaded
once, lazily, and looked up by folded form (lower case, no accents, punctuation as spaces).
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib.resources import files

from opendata_desktop.core.textnorm import fold as _fold

# Letters that Unicode does not decompose into a base letter and an accent (« Yılmaz », « Łukasz », « Œuvre »,
# « Đức »): spelled in ASCII first, or folding would cut the word in two.
_LATIN = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                        "ð": "d", "Ð": "D", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th",
                        "Þ": "Th", "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L"})


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, every Latin letter kept (« Yılmaz » -> « yilmaz »)."""
    return _fold(text.translate(_LATIN))


_RESOURCES = files("opendata_desktop.resources")


def _read_tsv_gz(name: str) -> dict[str, int]:
    raw = gzip.decompress(_RESOURCES.joinpath("names", name).read_bytes()).decode("utf-8")
    out: dict[str, int] = {}
    for line in raw.splitlines():
        word, _, cls = line.partition("\t")
        out[word] = int(cls or 4)
    return out


def _read_words(name: str) -> frozenset[str]:
    text = _RESOURCES.joinpath("privacy", name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def first_names() -> dict[str, int]:
    """Folded first name -> frequency class (1 common … 4 very rare)."""
    return _read_tsv_gz("first_names.tsv.gz")


@lru_cache(maxsize=1)
def surnames() -> dict[str, int]:
    return _read_tsv_gz("surnames.tsv.gz")


@lru_cache(maxsize=1)
def organisation_words() -> frozenset[str]:
    return frozenset(fold(w) for w in _read_words("organisation_words.txt"))


@lru_cache(maxsize=1)
def trade_words() -> frozenset[str]:
    """Activities a person can run under their own name: with a person's name, a sole trader."""
    return frozenset(fold(w) for w in _read_words("trade_words.txt"))


@lru_cache(maxsize=1)
def strict_organisation_words() -> frozenset[str]:
    """Words that make a value a body's, a building's or a place's whatever else it contains."""
    return organisation_words() - trade_words()


def has_strict_organisation_word(folded: str) -> bool:
    """Legal forms, associations, public bodies, buildings, places: never a sole trader's name."""
    words = strict_organisation_words()
    if any(w in words for w in folded.split()):
        return True
    phrases = [p for p in words if " " in p]
    padded = f" {folded} "
    return any(f" {p} " in padded for p in phrases)


@lru_cache(maxsize=1)
def _organisation_phrases() -> re.Pattern:
    phrases = sorted((w for w in organisation_words() if " " in w), key=len, reverse=True)
    return re.compile(r"(?:^| )(?:" + "|".join(re.escape(p) for p in phrases) + r")(?: |$)")


@lru_cache(maxsize=1)
def eponyms() -> frozenset[str]:
    return frozenset(fold(w) for w in _read_words("eponyms.txt"))


@lru_cache(maxsize=1)
def brands() -> frozenset[str]:
    """Makes and franchise names (« Garage Renault », « Boulangerie Paul »): a brand, not the owner."""
    return frozenset(fold(w) for w in _read_words("brands.txt"))


def is_brand(folded: str) -> bool:
    return folded in brands() or any(w in brands() for w in folded.split()[:1])


@lru_cache(maxsize=1)
def public_roles() -> frozenset[str]:
    return frozenset(fold(w) for w in _read_words("public_roles.txt"))


@lru_cache(maxsize=1)
def payment_causes() -> frozenset[str]:
    """Words of payment labels (« ACOMPTE », « CAUTION »): a capital surname ending such a label is a person's."""
    return frozenset(fold(w) for w in _read_words("payment_causes.txt"))


@lru_cache(maxsize=1)
def person_triggers() -> frozenset[str]:
    return frozenset(fold(w) for w in _read_words("person_triggers.txt"))


def is_first_name(word: str, max_class: int = 4) -> bool:
    """« Jean-Pierre », « Zoé », « MARIE »: a first name of INSEE's list (hyphenated parts each count)."""
    key = fold(word)
    if not key:
        return False
    names = first_names()
    cls = names.get(key)
    if cls is not None:
        return cls <= max_class
    parts = key.split()
    return len(parts) > 1 and all(names.get(p, 9) <= max_class for p in parts)


def is_surname(word: str, max_class: int = 4) -> bool:
    key = fold(word)
    if not key:
        return False
    cls = surnames().get(key)
    if cls is None and "'" in word.replace("’", "'"):
        cls = surnames().get(key.replace(" ", ""))  # « Le Floc'h », « N'Diaye »: listed without the apostrophe
    if cls is not None:
        return cls <= max_class
    parts = key.split()
    return len(parts) > 1 and all(surnames().get(p, 9) <= max_class for p in parts)


def has_organisation_word(folded: str) -> bool:
    """`folded`: a folded value. True when one of its words (or phrases) names a body or a place, in the
    singular or the plural (« Jardins », « Caves »; not a plural that is a common surname, « Salles »)."""
    words = organisation_words()
    if any(w in words or _plural_of(w, words) for w in folded.split()):
        return True
    return bool(_organisation_phrases().search(folded))


def _plural_of(word: str, words: frozenset[str]) -> bool:
    return len(word) > 4 and word[-1] in "sx" and word[:-1] in words and not is_surname(word, 3)


def is_organisation_word(word: str) -> bool:
    return fold(word) in organisation_words()


def contains_eponym(folded: str, multiword: bool = False) -> bool:
    """`multiword`: only eponyms of two words or more (« Colette » alone is also a first name)."""
    padded = f" {folded} "
    return any(f" {e} " in padded for e in eponyms() if not multiword or " " in e)


def is_eponym(folded: str) -> bool:
    return folded in eponyms()
