"""Field knowledge kept as data in resources/fields: former names, synonyms, abbreviations, giver/recipient words.

`common.json` holds the vocabulary shared by all schemas; `<owner>.<name>.json` what is known about one schema's
fields; `other-schemas.json` the subject words of schemas without a file of their own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from opendata_desktop.core.textnorm import fold

GIVER, RECIPIENT = "giver", "recipient"


@dataclass(frozen=True)
class FieldKnowledge:
    former: tuple[str, ...] = ()  # names the field had in earlier versions of its schema
    synonyms: tuple[str, ...] = ()  # what French exports call it
    side: str | None = None  # GIVER or RECIPIENT when the field belongs to such a pair
    constant: bool = False  # usually one value for the whole file (the publishing body)


@dataclass(frozen=True)
class SchemaKnowledge:
    words: tuple[str, ...] = ()  # folded words naming the schema's subject (file names, sheets, titles)
    fields: dict[str, FieldKnowledge] = field(default_factory=dict)

    def field(self, name: str) -> FieldKnowledge:
        return self.fields.get(name) or FieldKnowledge()


@dataclass(frozen=True)
class CommonKnowledge:
    stopwords: frozenset[str]
    phrases: tuple[tuple[re.Pattern, str], ...]
    synonyms: dict[str, str]
    abbreviations: dict[str, str]
    generic: frozenset[str]
    recipient_words: frozenset[str]
    giver_words: frozenset[str]
    placeholders: frozenset[str]


def _read(name: str) -> dict | None:
    path = resources.files("opendata_desktop.resources").joinpath("fields", name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError):
        return None


@lru_cache(maxsize=1)
def common() -> CommonKnowledge:
    data = _read("common.json") or {}
    sides = data.get("sides", {})
    return CommonKnowledge(
        stopwords=frozenset(data.get("stopwords", ())),
        phrases=tuple((re.compile(pattern), replacement) for pattern, replacement in data.get("phrases", ())),
        synonyms=dict(data.get("synonyms", {})),
        abbreviations=dict(data.get("abbreviations", {})),
        generic=frozenset(data.get("generic", ())),
        recipient_words=frozenset(fold(w) for w in sides.get(RECIPIENT, ())),
        giver_words=frozenset(fold(w) for w in sides.get(GIVER, ())),
        placeholders=frozenset(fold(w) for w in data.get("placeholders", ())) | {""},
    )


@lru_cache(maxsize=None)
def for_schema(schema_name: str) -> SchemaKnowledge:
    """What is known about a schema (empty when nothing is: names and titles still match)."""
    data = _read(schema_name.replace("/", ".") + ".json")
    if data is None:
        words = (_read("other-schemas.json") or {}).get("words", {}).get(schema_name, ())
        return SchemaKnowledge(words=tuple(fold(w) for w in words))
    fields = {}
    for name, entry in data.get("fields", {}).items():
        fields[name] = FieldKnowledge(former=tuple(entry.get("former", ())), synonyms=tuple(entry.get("synonyms", ())),
                                      side=entry.get("side"), constant=bool(entry.get("constant")))
    return SchemaKnowledge(words=tuple(fold(w) for w in data.get("words", ())), fields=fields)


def header_side(header: str) -> str | None:
    """Which side of a giver/recipient pair a header names; a recipient word wins (« commune bénéficiaire »)."""
    words = fold(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header).replace("_", " "))
    padded = f" {words} "
    known = common()
    if any(f" {w} " in padded for w in known.recipient_words):
        return RECIPIENT
    if any(f" {w} " in padded for w in known.giver_words):
        return GIVER
    return None


def is_placeholder(value: str) -> bool:
    """« Ne rien indiquer », « NC », « néant »…: a cell that says nothing about the column's kind."""
    return fold(value) in common().placeholders
