"""Match the columns of a source table to the fields of a schema.

Each (column, field) pair is scored from the header (compared with the field's technical name, its
French title and, more weakly, its description, after folding accents and expanding common French
abbreviations), from the values (do they fit the field once the safe fixes are applied?), and from
position (files often follow the schema's order). The best one-to-one assignment is then chosen.
Mappings a person confirmed are remembered per file layout and reused first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.paths import data_dir
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.textnorm import compact, fold

ACCEPT = 0.34  # below this, a column is left unmapped rather than guessed
VALUE_BONUS = 0.12
POSITION_BONUS = 0.15  # files often follow the schema's order

_STOPWORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "un", "une", "en", "au", "aux", "et", "a", "par",
              "pour", "sur", "dans", "ou", "est", "qui", "que", "son", "sa", "ses", "ce", "cette", "the", "of"}
# Abbreviations and words people use for the same thing (general French administrative vocabulary).
_SYNONYMS = {
    "n": "identifiant", "no": "identifiant", "num": "identifiant", "nr": "identifiant", "ndeg": "identifiant",
    "numero": "identifiant", "id": "identifiant", "uid": "identifiant", "ident": "identifiant",
    "reference": "identifiant", "ref": "identifiant", "code": "code", "collectivite": "commune", "tel": "telephone", "tél": "telephone", "mail": "email", "courriel": "email",
    "mel": "email", "adr": "adresse", "cp": "postal", "lat": "latitude", "lng": "longitude", "lon": "longitude",
    "long": "longitude", "ville": "commune", "localite": "commune", "qte": "quantite", "nb": "nombre",
    "nbre": "nombre", "mt": "montant", "mnt": "montant", "lib": "libelle", "libelle": "label", "label": "label",
    "rar": "reste", "restes": "reste", "realise": "realisation", "realises": "realisation",
    "realisations": "realisation", "prevu": "vote", "previsions": "vote", "site": "web", "url": "web",
    "lien": "web", "internet": "web", "seance": "date", "votants": "reel", "exercice": "annee",
    "annees": "annee", "beneficiaires": "beneficiaire", "collectivites": "collectivite", "dec": "decision",
    "delib": "deliberation", "deliberations": "deliberation", "pct": "pourcentage", "taux": "pourcentage",
    "horaires": "ouverture", "horaire": "ouverture", "thematique": "theme", "rue": "voie", "avenue": "voie",
    "chemin": "voie", "route": "voie", "boulevard": "voie", "impasse": "voie", "allee": "voie", "cle": "cle", "ban": "interop", "etab": "etablissement",
    "occurrences": "nombre", "effectifs": "effectif", "abstentions": "abstention", "sexe": "sexe",
}
_PERCENT = re.compile(r"%|pourcent")
# Pieces of SCDL's abbreviated technical names (BGT_NATDEC, VOTE_REEL, EQUIP_UID…), longest first.
_ABBREVIATIONS = {
    "bgt": "budget", "budg": "budget", "nat": "nature", "dec": "decision", "cont": "compte", "coll": "commune",
    "delib": "deliberation", "equip": "equipement", "adr": "adresse", "pref": "prefecture", "mt": "montant",
    "real": "realisation", "prec": "precedent", "prop": "proposition", "nouv": "nouvelle", "prev": "vote",
    "cred": "credit", "ouv": "ouvert", "art": "article", "spe": "specialise", "op": "operation",
    "rd": "recette", "cod": "code", "rar": "reste", "lat": "latitude", "long": "longitude", "tel": "telephone",
    "insee": "insee", "siret": "siret", "siren": "siren", "erp": "erp", "uid": "identifiant", "id": "identifiant",
}
_STEM = 6  # French words compared on their first letters: identification ~ identifiant


def _stem(word: str) -> str:
    return word[:_STEM] if len(word) > _STEM else word


def _split_abbreviation(word: str) -> list[str]:
    """« natdec » -> nature, decision; unknown words stay whole."""
    if word in _ABBREVIATIONS or len(word) < 5:
        return [_ABBREVIATIONS.get(word, word)]
    for cut in range(len(word) - 2, 1, -1):
        head, tail = word[:cut], word[cut:]
        if head in _ABBREVIATIONS:
            rest = _split_abbreviation(tail)
            if all(r != tail or tail in _ABBREVIATIONS for r in rest):
                return [_ABBREVIATIONS[head], *rest]
    return [word]


def _camel_split(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("_", " ")


def tokens(text: str, technical: bool = False) -> set[str]:
    """Folded, stemmed words; `technical` names also have their abbreviations expanded."""
    words = fold(_camel_split(text)).split()
    out = set()
    for word in words:
        if word in _STOPWORDS:
            continue
        pieces = _split_abbreviation(word) if technical else [word]
        for piece in pieces:
            piece = _SYNONYMS.get(piece, piece.rstrip("s") if len(piece) > 4 else piece)
            out.add(_stem(_SYNONYMS.get(piece, piece)))
    if _PERCENT.search(text.lower()):
        out.add(_stem("pourcentage"))
    return out


@dataclass
class Mapping:
    """source column -> schema field name (None: the column is not published)."""

    columns: dict[str, str | None] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)

    def field_for(self, column: str) -> str | None:
        return self.columns.get(column)

    def column_for(self, field_name: str) -> str | None:
        for column, target in self.columns.items():
            if target == field_name:
                return column
        return None

    def missing_required(self, schema: Schema) -> list[str]:
        mapped = {v for v in self.columns.values() if v}
        return [f.name for f in schema.required_fields if f.name not in mapped]

    def to_dict(self) -> dict[str, str | None]:
        return dict(self.columns)


# Words that say little alone (« Nom du gardien » is not the street's name because both say « nom »).
_GENERIC = {_stem(w) for w in ("nom", "code", "type", "date", "identifiant", "label", "numero", "valeur")}


def _weight(words: set[str]) -> float:
    return sum(0.5 if w in _GENERIC else 1.0 for w in words)


def header_score(column: str, f) -> float:
    key = compact(column)
    if key == compact(f.name):
        return 1.0
    if f.title and key == compact(f.title):
        return 0.95
    head = tokens(column)
    if not head:
        return 0.0
    strong = tokens(f.name, technical=True) | tokens(f.title)
    weak = tokens(f.description) - strong
    hit_strong = len(head & strong)
    precision = (_weight(head & strong) + 0.6 * _weight(head & weak)) / _weight(head)
    recall = hit_strong / max(len(tokens(f.title) or tokens(f.name, technical=True)), 1)
    return 0.85 * precision * (0.6 + 0.4 * min(recall, 1.0))


def value_score(values: pd.Series, f, fits) -> float | None:
    """Share of sample values that fit the field once safely fixed; None when values tell nothing."""
    sample = values[values.str.strip() != ""].head(200)
    if sample.empty or not fits.informative(f):
        return None
    return float(np.mean([fits.fits(f, v) for v in pd.unique(sample)]))


def _assign(scores: np.ndarray) -> list[tuple[int, int]]:
    """Maximum-score one-to-one assignment (Hungarian algorithm on the cost matrix)."""
    n_rows, n_cols = scores.shape
    size = max(n_rows, n_cols)
    cost = np.zeros((size, size))
    cost[:n_rows, :n_cols] = scores.max() - scores if scores.size else 0
    cost[:n_rows, n_cols:] = scores.max() if scores.size else 0  # "unmapped" costs as much as the worst
    u, v = np.zeros(size + 1), np.zeros(size + 1)
    p, way = np.zeros(size + 1, dtype=int), np.zeros(size + 1, dtype=int)
    for i in range(1, size + 1):
        p[0], j0 = i, 0
        minv, used = np.full(size + 1, np.inf), np.zeros(size + 1, dtype=bool)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], np.inf, 0
            for j in range(1, size + 1):
                if not used[j]:
                    cur = cost[i0 - 1, j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(size + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return [(p[j] - 1, j - 1) for j in range(1, size + 1) if p[j] and p[j] - 1 < n_rows and j - 1 < n_cols]


def suggest_mapping(columns: list[str], schema: Schema, values: pd.DataFrame | None = None,
                    remembered: "MappingMemory | None" = None) -> Mapping:
    if remembered is not None:
        known = remembered.get(columns, schema)
        if known is not None:
            return known
    from opendata_desktop.core.fixes.converters import FieldFit  # values are read through the safe fixes

    fits = FieldFit()
    fields = list(schema.fields)
    scores = np.zeros((len(columns), len(fields)))
    for i, column in enumerate(columns):
        col_values = values[column].astype(str) if values is not None and column in values.columns else None
        for j, f in enumerate(fields):
            score = header_score(column, f)
            if score and col_values is not None:
                fit = value_score(col_values, f, fits)
                if fit is not None and fit < 0.5:
                    score *= 0.3 + 0.7 * fit  # the values say otherwise
                elif fit is not None and fit >= 0.9:
                    score += VALUE_BONUS * min(1.0, score / 0.5)  # the values fit the field's type, too
            if score:
                position = 1 - abs(i / max(len(columns) - 1, 1) - j / max(len(fields) - 1, 1))
                score += POSITION_BONUS * position * min(1.0, score / 0.3)
            scores[i, j] = score
    mapping = Mapping({c: None for c in columns}, {c: 0.0 for c in columns})
    for i, j in _assign(scores):
        if scores[i, j] >= ACCEPT:
            mapping.columns[columns[i]] = fields[j].name
            mapping.confidence[columns[i]] = round(float(min(scores[i, j], 1.0)), 2)
    return mapping


class MappingMemory:
    """Confirmed mappings, per schema and file layout (same headers): next month's file maps itself."""

    def __init__(self, store=None):
        self.store = store or data_dir() / "mappings.json"

    @staticmethod
    def _key(columns: list[str], schema: Schema) -> str:
        return schema.name + "|" + "|".join(sorted(compact(c) for c in columns))

    def _load(self) -> dict:
        try:
            return json.loads(self.store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def get(self, columns: list[str], schema: Schema) -> Mapping | None:
        saved = self._load().get(self._key(columns, schema))
        if not saved:
            return None
        known = set(schema.field_names)
        mapping = Mapping({c: saved.get(c) if saved.get(c) in known else None for c in columns})
        mapping.confidence = {c: 1.0 if mapping.columns[c] else 0.0 for c in columns}
        return mapping

    def remember(self, columns: list[str], schema: Schema, mapping: Mapping) -> None:
        data = self._load()
        data[self._key(columns, schema)] = {c: mapping.columns.get(c) for c in columns}
        atomic_write_text(self.store, json.dumps(data, ensure_ascii=False, indent=1))
