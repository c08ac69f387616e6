"""Suggest which schema field each source column holds.

Each (column, field) pair gets a header score (the field's technical name, French title, former names and
synonyms from the field knowledge, after folding accents and expanding abbreviations) and value evidence
(SIRET, RNA, codes, dates, amounts, enum values, one constant value…), weighed alike: values that fit raise
the score, values that contradict the header lower it, distinctive values can propose a field alone. For
fields of a giver/recipient pair, the side named by the header (« bénéficiaire », « collectivité »…) decides
the side, unless the values clearly say otherwise. The best one-to-one assignment is then chosen, and every
proposal carries a French explanation. Layouts a person confirmed are remembered and win over guesses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from opendata_desktop.core.mapping.assign import assign
from opendata_desktop.core.mapping.evidence import CONSTANT_SAYS, ColumnProfile, Evidence, evidence, field_kind, profile
from opendata_desktop.core.mapping.knowledge import GIVER, RECIPIENT, FieldKnowledge, common, for_schema, header_side
from opendata_desktop.core.mapping.model import Mapping, MappingMemory
from opendata_desktop.core.mapping.text import closeness, looks_technical, stem, tokens
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.textnorm import compact

ACCEPT = 0.34  # below this, a column is left unmapped rather than guessed
POSITION_BONUS = 0.15  # files often follow the schema's order
SIDE_AGREES = 0.08
SIDE_UNSAID = 0.85  # « SIRET » alone: either side, the values decide
SIDE_CONTRADICTED = 0.25  # « Nom attributaire » is not the giver's name
SIDE_OVERRULED = 0.8  # …unless the column holds one value on every row, like the giver does
VALUE_ONLY = 0.45  # a proposal from distinctive values alone (no header match)
GUESS_MAX = 0.99  # 1.0 is for certainties: the field's own name, a remembered layout, a person's choice

_VALUE_ONLY_KINDS = {"siret", "rna", "insee", "actes", "dr", "enum"}
_SIDE_NAMES = {GIVER: "l'attribuant (la collectivité qui donne)", RECIPIENT: "le bénéficiaire (celui qui reçoit)"}


@dataclass
class HeaderMatch:
    score: float = 0.0
    how: str = ""  # name | former | title | synonym | words
    text: str = ""  # the name, title or synonym the header resembles


@lru_cache(maxsize=1)
def _side_tokens() -> frozenset[str]:
    known = common()
    words = known.recipient_words | known.giver_words
    return frozenset(t for w in words for t in tokens(w)) | {stem("donneur"), stem("beneficiaire")}


def _targets(f, know: FieldKnowledge) -> list[tuple[str, str, bool]]:
    """(how, text, technical) for everything the field has been called."""
    out = [("name", f.name, True)]
    if f.title:
        out.append(("title", f.title, False))
    out += [("former", name, looks_technical(name)) for name in know.former]
    out += [("synonym", text, looks_technical(text)) for text in know.synonyms]
    return out


_compact = lru_cache(maxsize=50000)(compact)


_FREQUENT: dict[tuple, frozenset[str]] = {}


def frequent_words(schema: Schema) -> frozenset[str]:
    """Words naming a quarter or more of a schema's fields (« aide » in Subventions): they tell fields apart poorly."""
    key = (schema.name, schema.version, tuple(schema.field_names))
    if key not in _FREQUENT:
        _FREQUENT[key] = _frequent_words(schema)
    return _FREQUENT[key]


def _frequent_words(schema: Schema) -> frozenset[str]:
    counts: dict[str, int] = {}
    knowledge = for_schema(schema.name)
    for f in schema.fields:
        know = knowledge.field(f.name)
        words = tokens(f.title) | tokens(f.name, technical=True)
        for _, text, technical in _targets(f, know)[2:]:
            words |= tokens(text, technical)
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    limit = max(3, 0.25 * len(schema.fields))
    return frozenset(w for w, n in counts.items() if n >= limit)


def header_match(column: str, f, know: FieldKnowledge | None = None,
                 frequent: frozenset[str] = frozenset()) -> HeaderMatch:
    know = know or FieldKnowledge()
    key = _compact(column)
    targets = _targets(f, know)
    exact = {"name": 1.0, "former": 0.98, "title": 0.95, "synonym": 0.93}
    for how, text, _ in targets:
        if key and key == _compact(text):
            return HeaderMatch(exact[how], how, text)
    head = tokens(column)
    strip = _side_tokens() if know.side else frozenset()
    if strip and head - strip:
        head = head - strip  # compare what the column is (a name, a SIRET…), the side is weighed apart
    best = HeaderMatch()
    name_tokens, title_tokens = tokens(f.name, technical=True), tokens(f.title)
    strong = name_tokens | title_tokens
    weak = tokens(f.description) - strong
    candidates = [("title" if f.title else "name", f.title or f.name, strong, weak, title_tokens or name_tokens)]
    candidates += [(how, text, tokens(text, technical), frozenset(), None) for how, text, technical in targets[1:]
                   if how in ("former", "synonym")]
    for how, text, target, weak_words, base in candidates:
        if strip and target - strip and head & strip == frozenset():
            target = target - strip
            base = (base - strip) if base else None
        score = closeness(head, target, weak_words, base, frequent)
        if score > best.score:
            best = HeaderMatch(score, "words", text)
    return best


def header_score(column: str, f, know: FieldKnowledge | None = None) -> float:
    return header_match(column, f, know).score


@dataclass
class PairScore:
    score: float
    header: HeaderMatch
    evidence: Evidence
    side_note: str = ""
    lowered: bool = False


def score_pair(column: str, f, know: FieldKnowledge, prof: ColumnProfile | None, fits,
               siret_fields: frozenset[str], frequent: frozenset[str] = frozenset()) -> PairScore:
    match = header_match(column, f, know, frequent)
    h, side_note = match.score, ""
    if know.side and h:
        said = header_side(column)
        if said == know.side:
            h = min(1.0, h + SIDE_AGREES)
            if match.how not in ("name", "former", "title"):
                side_note = f"l'intitulé désigne {_SIDE_NAMES[said]}"
        elif said is None:
            h *= SIDE_UNSAID if match.how in ("words", "synonym") else 1.0
        elif know.constant and prof is not None and prof.constant:
            h *= SIDE_OVERRULED
            side_note = f"l'intitulé semble désigner {_SIDE_NAMES[said]}, mais la colonne a une seule valeur " \
                        "sur toutes les lignes, comme la collectivité qui attribue"
        else:
            h *= SIDE_CONTRADICTED
            side_note = f"l'intitulé désigne {_SIDE_NAMES[said]}"
    if h or field_kind(f, siret_fields) in _VALUE_ONLY_KINDS:
        ev = evidence(prof, f, know, fits, siret_fields, value_only=not h)
    else:
        ev = Evidence(None)  # no header match and values that could not propose the field alone: skip the work
    score, lowered = h, False
    if ev.fit is not None and h:
        if ev.fit < 0.5:
            # The values say otherwise: lowered, less so when the header is the field's own name (the values
            # are then most likely in a wrong form the fixes will deal with, « Numéraire », 2017-01-01_2017-12-31).
            floor = 0.6 if match.how in ("name", "former", "title") else 0.3
            score = h * (floor + (1 - floor) * ev.fit)
            lowered = True
        else:
            gain = (0.3 if ev.distinctive or know.constant else 0.12) * ev.fit
            score = h + gain * min(1.0, h / 0.4)
    if ev.distinctive and ev.fit is not None and ev.fit >= 0.8 and h < VALUE_ONLY and not (
            know.side and side_note and header_side(column) not in (None, know.side)):
        score = max(score, VALUE_ONLY * ev.fit)
    return PairScore(score, match, ev, side_note, lowered)


def explain(column: str, pair: PairScore, f) -> str:
    """« proposée car l'intitulé ressemble à … et les valeurs sont des SIRET »."""
    match, ev = pair.header, pair.evidence
    reasons = []
    if match.score >= 0.2:
        if match.how == "name":
            reasons.append("l'intitulé est le nom du champ")
        elif match.how == "former":
            reasons.append(f"l'intitulé est « {match.text} », un ancien nom de ce champ")
        elif match.how == "title":
            reasons.append("l'intitulé est le titre du champ")
        else:
            reasons.append(f"l'intitulé ressemble à « {match.text} »")
    if pair.side_note:
        reasons.append(pair.side_note)
    says = ev.says
    if pair.side_note and "une seule valeur" in pair.side_note and says.startswith(CONSTANT_SAYS):
        says = says[len(CONSTANT_SAYS):].removeprefix(" et ")  # already said by the side note
    if says:
        reasons.append(says)
    if not reasons:
        reasons.append("sa place dans le fichier correspond à celle du champ")
    text = ("proposée car " if match.score >= 0.2 else "proposée d'après les valeurs : ") + _join(reasons)
    if pair.lowered and ev.contradicts:
        text += f" ; confiance abaissée car {ev.contradicts}"
    return text


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def _siret_fields(schema: Schema) -> frozenset[str]:
    return frozenset(c.get("params", {}).get("column") for c in schema.custom_checks
                     if c.get("name") == "french-siret-value")


def profiles_for(columns: list[str], values: pd.DataFrame | None) -> dict[str, ColumnProfile | None]:
    """Value profiles, once per column (reused for every schema when ranking the catalogue)."""
    if values is None:
        return {c: None for c in columns}
    return {c: profile(values[c].astype(str)) if c in values.columns else None for c in columns}


def suggest_mapping(columns: list[str], schema: Schema, values: pd.DataFrame | None = None,
                    remembered: MappingMemory | None = None,
                    profiles: dict[str, ColumnProfile | None] | None = None) -> Mapping:
    if remembered is not None:
        known = remembered.get(columns, schema)
        if known is not None:
            return known
    from opendata_desktop.core.fixes.converters import FieldFit  # values are read through the safe fixes

    fits = FieldFit()
    knowledge = for_schema(schema.name)
    profiles = profiles if profiles is not None else profiles_for(columns, values)
    siret_fields = _siret_fields(schema)
    frequent = frequent_words(schema)
    fields = list(schema.fields)
    scores = np.zeros((len(columns), len(fields)))
    pairs: dict[tuple[int, int], PairScore] = {}
    for i, column in enumerate(columns):
        for j, f in enumerate(fields):
            pair = score_pair(column, f, knowledge.field(f.name), profiles.get(column), fits, siret_fields, frequent)
            score = pair.score
            if score and not pair.lowered:  # position never rescues a pair the values contradict
                position = 1 - abs(i / max(len(columns) - 1, 1) - j / max(len(fields) - 1, 1))
                score += POSITION_BONUS * position * min(1.0, max(0.0, score - 0.3) / 0.3)  # ties, not weak words
            scores[i, j] = score
            pairs[i, j] = pair
    mapping = Mapping({c: None for c in columns}, {c: 0.0 for c in columns})
    for i, j in assign(scores) if scores.size else []:
        if scores[i, j] >= ACCEPT:
            column = columns[i]
            mapping.columns[column] = fields[j].name
            certain = pairs[i, j].header.how == "name" and not pairs[i, j].lowered
            mapping.confidence[column] = round(float(min(scores[i, j], 1.0 if certain else GUESS_MAX)), 2)
            mapping.explain(column, fields[j].name, explain(column, pairs[i, j], fields[j]))
    return mapping
