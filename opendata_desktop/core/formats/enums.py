"""Bring a written value to one of a field's allowed values (its `enum`), by rules that hold for every schema.

Tried in order, each safe only when exactly one allowed value matches:
1. the same words, whatever the case, accents, spaces and punctuation (« AIDE EN NATURE »);
2. the same words in the singular (« aides en numéraire »);
3. a synonym (« Garçon », « masculin », « G » -> « M » ; « O », « yes », « vrai » -> « oui »), from a shared
   list and from the field's own description (« M (masculin), F (féminin) ou I (indéterminé) »);
4. a list of allowed parts for multi-value enums (« nature et numéraire » -> « aide en nature;aide en numéraire »);
5. the enum's own words found in the value (« Numéraire » -> « aide en numéraire », « Equipement sportif de la
   commune » -> « Equipement sportif et de loisirs »), abbreviations included (« Equip. sportif »), where the
   value most specific wins only if no other value is as specific;
6. initials (« BP » -> « budget primitif »).
When several values fit, they come back as `candidates` for the person to choose, never applied.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from opendata_desktop.core.textnorm import fold, strip_accents


@dataclass(frozen=True)
class EnumMatch:
    value: str | None  # the allowed value, when exactly one fits
    candidates: tuple[str, ...] = ()  # when several fit: the person chooses
    rule: str = ""  # which rule found it (« casse et accents », « mots de la liste »…)

    @property
    def safe(self) -> bool:
        return self.value is not None


NONE = EnumMatch(None)
RULES = {"same": "même valeur (casse, accents, espaces)", "plural": "singulier et pluriel",
         "synonym": "synonyme", "list": "liste de valeurs", "words": "mots de la valeur autorisée",
         "initials": "initiales"}


@lru_cache(maxsize=1)
def _lexicon() -> tuple[list[frozenset[str]], frozenset[str], frozenset[str]]:
    path = resources.files("opendata_desktop.resources").joinpath("nomenclatures", "enum_synonyms.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    groups = [frozenset(_phrase(w) for w in group) for group in data["groups"]]
    return groups, frozenset(data["stopwords"]), frozenset(_stem(w) for w in data["negations"])


def _stem(word: str) -> str:
    """Singular, masculine, as a rough but symmetric key: applied to both sides, it only has to be consistent."""
    if word.endswith("eaux"):
        word = word[:-1]
    elif len(word) > 3 and word.endswith("aux"):
        word = word[:-3] + "al"
    elif len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        word = word[:-1]
    if word.endswith("ee"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _words(text: str) -> list[str]:
    return [_stem(w) for w in fold(text).split()]


def _phrase(text: str) -> str:
    return " ".join(_words(text))


def _content(text: str) -> frozenset[str]:
    """Words that carry meaning (all of them when the value is only small words, like « EN »)."""
    _, stopwords, _ = _lexicon()
    words = _words(text)
    return frozenset(w for w in words if w not in stopwords) or frozenset(words)


def _single(found: list[str], rule: str) -> EnumMatch:
    found = list(dict.fromkeys(found))
    if len(found) == 1:
        return EnumMatch(found[0], rule=rule)
    if len(found) > 1:
        return EnumMatch(None, tuple(found), rule)
    return NONE


def description_synonyms(description: str, allowed: list[str]) -> dict[str, set[str]]:
    """« M (masculin), F (féminin) » in a field's description -> {"M": {"masculin"}, "F": {"féminin"}}."""
    found: dict[str, set[str]] = {}
    for value in allowed:
        for match in re.finditer(rf"(?<!\w){re.escape(value)}\s*\(([^()]{{2,40}})\)", description or ""):
            found.setdefault(value, set()).add(match.group(1))
    return found


def _synonyms(word: str, allowed: list[str], description: str) -> EnumMatch:
    groups, _, _ = _lexicon()
    phrases = {v: _phrase(v) for v in allowed}
    hits = []
    for group in groups:
        if word in group:
            hits += [v for v, p in phrases.items() if p in group]
    for value, words in description_synonyms(description, allowed).items():
        if word in {_phrase(w) for w in words}:
            hits.append(value)
    return _single(hits, "synonym")


def _list_parts(text: str, allowed: list[str], description: str) -> EnumMatch:
    """Multi-value enums (« a;b », « a|b »): every part matched alone, joined in the order written."""
    separators = {s for v in allowed for s in ";|" if s in v}
    if len(separators) != 1:
        return NONE
    separator = separators.pop()
    atoms = list(dict.fromkeys(p for v in allowed for p in v.split(separator)))
    parts = [p for p in re.split(r"\s*(?:[;,/|+&]|\bet\b)\s*", text) if p.strip()]
    if len(parts) < 2:
        return NONE
    matched = _each_part(parts, atoms, description)
    if matched is None:
        return NONE
    joined = separator.join(dict.fromkeys(matched))
    return EnumMatch(joined, rule="list") if joined in allowed else NONE


def _each_part(parts: list[str], atoms, description: str) -> list[str] | None:
    """Every part of a list matched alone to one allowed word; None as soon as one matches none."""
    matched = []
    for part in parts:
        result = match_enum(part, atoms, description, _lists=False)
        if result.value is None:
            return None
        matched.append(result.value)
    return matched


def _by_words(text: str, allowed: list[str]) -> EnumMatch:
    _, _, negations = _lexicon()
    tokens = {v: _content(v) for v in allowed}
    vocabulary = frozenset().union(*tokens.values())
    content = _content(text) | (frozenset(_words(text)) & vocabulary)  # small words that are values (« EN »)
    # An abbreviation is a word cut with a dot (« Equip. », « int. »), or the value's only word (« sport »).
    abbreviated = {_stem(w) for w in re.findall(r"(\w+)\.", fold_keep_dots(text))} | (content if len(content) == 1 else set())
    said_negation = {w for w in _words(text) if w in negations}
    found = set()
    for word in content:
        if word in vocabulary:
            found.add(word)
        elif len(word) >= 3 and word in abbreviated:
            longer = [w for w in vocabulary if w.startswith(word) and len(w) > len(word)]
            if len(longer) == 1:
                found.add(longer[0])
    exact = [v for v, t in tokens.items() if t == found and {w for w in t if w in negations} == said_negation]
    if len(exact) == 1:
        return EnumMatch(exact[0], rule="words")
    common = frozenset.intersection(*tokens.values()) if tokens else frozenset()
    if not found or found <= common:
        return NONE
    if not found - negations:  # only « non », « sans »…: the whole value must be said
        return _single([v for v, t in tokens.items() if t == found], "words")
    candidates = [v for v, t in tokens.items() if found <= t
                  and {w for w in t if w in negations} == said_negation]  # « hors service » is not « service »
    minimal = [v for v in candidates if not any(tokens[o] < tokens[v] for o in candidates)]
    if len(minimal) == 1:
        return EnumMatch(minimal[0], rule="words")
    return EnumMatch(None, tuple(minimal), "words") if minimal else NONE


def fold_keep_dots(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", " ", strip_accents(text).lower())


def _initials(text: str, allowed: list[str]) -> EnumMatch:
    letters = fold(text).replace(" ", "")
    if not re.fullmatch(r"[a-z]{2,5}", letters) or " " in fold(text):
        return NONE
    _, stopwords, _ = _lexicon()
    hits = [v for v in allowed if "".join(w[0] for w in fold(v).split() if w not in stopwords) == letters]
    return _single(hits, "initials")


def match_enum(text: str, allowed, description: str = "", _lists: bool = True) -> EnumMatch:
    """The allowed value `text` means, or the candidates when several could be meant."""
    return _match(text.strip(), tuple(str(v) for v in allowed), description or "", _lists)


@lru_cache(maxsize=20_000)
def _match(text: str, allowed_values: tuple[str, ...], description: str, _lists: bool) -> EnumMatch:
    allowed = list(allowed_values)
    if not text or not allowed:
        return NONE
    if text in allowed:
        return EnumMatch(text, rule="exact")
    same = _single([v for v in allowed if fold(v) == fold(text)], "same")
    if same.value or same.candidates:
        return same
    phrase = _phrase(text)
    plural = _single([v for v in allowed if _phrase(v) == phrase], "plural")
    if plural.value or plural.candidates:
        return plural
    synonym = _synonyms(phrase, allowed, description)
    if synonym.value or synonym.candidates:
        return synonym
    if _lists:
        listed = _list_parts(text, allowed, description)
        if listed.value:
            return listed
    if any(len(fold(v)) <= 1 for v in allowed):
        return NONE  # one-letter codes (M/F/I, A–E): only whole-value rules apply
    words = _by_words(text, allowed)
    if words.value or words.candidates:
        return words
    return _initials(text, allowed)


# -- vocabularies written as patterns: « (?:(?:^|\|)(Électrique|Gaz Naturel pour Véhicules|Hydrogène))+$ » --------

_ALTERNATION = re.compile(r"\((?:\?:)?((?:[^()\\|?]|\\.)+(?:\|(?:[^()\\|]|\\.)+)+)\)")
_META = re.compile(r"(?<!\\)[.*+?\[\]{}^$]")


@lru_cache(maxsize=256)
def pattern_vocabulary(pattern: str) -> tuple[tuple[str, ...], str] | None:
    """The allowed words of a pattern that lists them, and how several are joined (« | » or « , »);
    None for any other pattern."""
    groups = [g for g in _ALTERNATION.findall(pattern or "") if not _META.search(g)]
    if not groups:
        return None
    atoms = tuple(re.sub(r"\\(.)", r"\1", a) for a in max(groups, key=len).split("|"))
    if len(atoms) < 2 or any(not a.strip() for a in atoms):
        return None
    rest = pattern.replace(max(groups, key=len), "")
    alone = re.findall(r"\|\^\(([^()\\|]+)\)(?:\{1\})?\$", rest)  # « |^(non renseigné){1}$ »: a value on its own
    rest = re.sub(r"\|\^\(([^()\\|]+)\)(?:\{1\})?\$", "", rest)
    if re.search(r"[A-Za-z0-9]", re.sub(r"\\s|\{1\}", "", rest)):
        return None  # the list is only part of a larger pattern (an URL, a phone number)
    atoms += tuple(alone)
    separator = "|" if "\\|" in rest else "," if "," in rest else None
    if separator is None:
        return None
    return atoms, separator


def match_list(text: str, atoms, separator: str, description: str = "") -> str | None:
    """« gaz naturel, électrique » -> « Gaz Naturel pour Véhicules|Électrique » when every part is one allowed word."""
    whole = match_enum(text, atoms, description, _lists=False)
    inside = " ".join(atoms)  # a separator that the allowed words themselves contain does not separate
    separators = [re.escape(c) for c in ";,|+&" if c not in inside] + (["/(?!\\d)"] if "/" not in inside else []) \
        + ([r"\bet\b"] if " et " not in inside else [])
    parts = [p for p in re.split(r"\s*(?:" + "|".join(separators) + r")\s*", text.strip()) if p.strip()]
    if len(parts) < 2:
        return whole.value
    if whole.value is not None and whole.rule in ("exact", "same", "plural", "synonym"):
        return whole.value
    matched = _each_part(parts, atoms, description)
    return None if matched is None else separator.join(dict.fromkeys(matched))
