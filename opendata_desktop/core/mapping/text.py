"""Header words: folded, abbreviations expanded, synonyms merged, stemmed; and how close a header is to a text."""

from __future__ import annotations

import re
from functools import lru_cache

from opendata_desktop.core.mapping.knowledge import common
from opendata_desktop.core.textnorm import fold

_STEM = 6  # French words compared on their first letters: identification ~ identifiant
PREFIX = "~"  # marks a word cut short with a dot, matched as the start of a word
_PERCENT = re.compile(r"%|pourcent")


def stem(word: str) -> str:
    return word[:_STEM] if len(word) > _STEM else word


def _split_abbreviation(word: str) -> list[str]:
    """« natdec » -> nature, decision; unknown words stay whole."""
    table = common().abbreviations
    if word in table or len(word) < 5:
        return [table.get(word, word)]
    for cut in range(len(word) - 2, 1, -1):
        head, tail = word[:cut], word[cut:]
        if head in table:
            rest = _split_abbreviation(tail)
            if all(r != tail or tail in table for r in rest):
                return [table[head], *rest]
    return [word]


def _camel_split(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("_", " ")


def looks_technical(text: str) -> bool:
    """COLL_NOM, nomAttribuant, BGT_MTPREV: a name made for machines, whose pieces are abbreviations."""
    return " " not in text.strip() and bool(re.search(r"_|[a-z][A-Z]|^[A-Z0-9]{2,}$", text.strip()))


@lru_cache(maxsize=20000)
def tokens(text: str, technical: bool = False) -> frozenset[str]:
    """Folded, stemmed words; `technical` names also have their abbreviations expanded."""
    known = common()
    folded = f" {fold(_camel_split(text))} "
    for pattern, replacement in known.phrases:
        folded = pattern.sub(replacement, folded)
    dotted = {fold(w) for w in re.findall(r"(\w+)\.(?!\w)", text)}  # « Dt vers. »: « vers. » is cut short
    out = set()
    for word in folded.split():
        if word in known.stopwords:
            continue
        if word in dotted and word not in known.abbreviations and word not in known.synonyms and len(word) >= 3:
            out.add(word + PREFIX)  # « Prén. »: any word starting with « pren »
            continue
        pieces = _split_abbreviation(word) if technical else [known.abbreviations.get(word, word)] \
            if word in dotted else [word]
        for piece in pieces:
            piece = known.synonyms.get(piece, piece.rstrip("s") if len(piece) > 4 else piece)
            out.add(stem(known.synonyms.get(piece, piece)))
    if _PERCENT.search(text.lower()):
        out.add(stem("pourcentage"))
    return frozenset(out)


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(stem(common().synonyms.get(w, w)) for w in common().generic)


def weight(words, frequent: frozenset[str] = frozenset()) -> float:
    """Words that say little alone (« Nom du gardien » is not the street's name because both say « nom »),
    and words found in many fields of the same schema (« aide », « subvention » in Subventions), count half."""
    generic = _generic() | frequent
    return sum(0.5 if w in generic else 1.0 for w in words)


def closeness(head: frozenset[str], target: frozenset[str], weak: frozenset[str] = frozenset(),
              recall_base: frozenset[str] | None = None, frequent: frozenset[str] = frozenset()) -> float:
    """0..0.85: the share of the header's words found in the target, times how much of the target is covered."""
    if not head or not target:
        return 0.0
    if any(w.endswith(PREFIX) for w in head):
        head = frozenset(_complete(w, target) for w in head)
    hit = head & target
    precision = (weight(hit, frequent) + 0.6 * weight(head & (weak - target), frequent)) / weight(head, frequent)
    recall = len(hit) / max(len(recall_base or target), 1)
    return 0.85 * precision * (0.6 + 0.4 * min(recall, 1.0))


def _complete(word: str, target: frozenset[str]) -> str:
    """« pren~ » -> « prenom » when exactly one target word starts with « pren »."""
    if not word.endswith(PREFIX):
        return word
    found = [t for t in target if t.startswith(word[:-1])]
    return found[0] if len(found) == 1 else word
