"""What a column's values say: SIRET, RNA, INSEE or ACTES codes, D/R, dates, amounts, one constant value…

A profile is computed once per column and compared with what each field expects. The result is a fit
(0..1, None when the values tell nothing about that field), whether the evidence is distinctive enough to
propose a field from the values alone, and a French phrase for the explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from opendata_desktop.core.mapping.knowledge import FieldKnowledge, is_placeholder
from opendata_desktop.core.schemas.model import Field
from opendata_desktop.core.textnorm import fold
from opendata_desktop.core.validation.custom_checks import is_valid_siret

SAMPLE_ROWS = 300  # rows read per column
SAMPLE_VALUES = 120  # distinct values tested per column

_SPACES = re.compile(r"[\s\u00a0\u202f.\-]")
_RNA = re.compile(r"^W\d{9}$")
_INSEE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
_ACTES = re.compile(r"^[1-9]\.\d{1,2}$")
_DR = {"d", "r", "depense", "recette", "depenses", "recettes", "dep", "rec"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}$|^\d{4}/\d{1,2}/\d{1,2}$")
_NUMBER = re.compile(r"^[+-]?[\d\s\u00a0\u202f.,]*\d\s*(€|eur(os?)?)?$", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
_URL = re.compile(r"^(https?://|www\.)", re.I)


def _digits(value: str) -> str:
    text = value.strip()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return _SPACES.sub("", text)


KIND_WORDS = {
    "siret": "des SIRET valides", "rna": "des numéros RNA (W suivi de 9 chiffres)", "insee": "des codes INSEE",
    "actes": "des codes de matière ACTES (comme 3.2)", "dr": "des D/R (dépense ou recette)", "date": "des dates",
    "number": "des montants ou nombres", "integer": "des nombres entiers", "year": "des années",
    "boolean": "des oui/non", "enum": "des valeurs de la liste du champ", "email": "des adresses e-mail",
    "url": "des adresses web", "constant": "une seule valeur sur toutes les lignes",
}


@dataclass
class ColumnProfile:
    filled: int = 0  # non-empty, non-placeholder cells in the sample
    distinct: int = 0
    values: list[str] = field(default_factory=list)  # distinct values tested
    shares: dict[str, float] = field(default_factory=dict)  # kind -> share of distinct values of that kind

    @property
    def constant(self) -> bool:
        return self.filled >= 3 and self.distinct == 1

    @property
    def varying(self) -> bool:
        return self.distinct >= 3 and self.distinct >= 0.3 * self.filled

    def share(self, kind: str) -> float:
        return self.shares.get(kind, 0.0)


def profile(values: pd.Series | None) -> ColumnProfile | None:
    if values is None:
        return None
    cells = [str(v).strip() for v in values.head(SAMPLE_ROWS).tolist() if v is not None]
    cells = [v for v in cells if v and v.lower() != "nan" and not is_placeholder(v)]
    if not cells:
        return None
    distinct = list(dict.fromkeys(cells))
    sample = distinct[:SAMPLE_VALUES]
    n = len(sample)

    def share(test) -> float:
        return sum(1 for v in sample if test(v)) / n

    from opendata_desktop.core.fixes.converters import parse_date, parse_number

    shares = {
        "siret": share(lambda v: is_valid_siret(_digits(v))),
        "digits14": share(lambda v: bool(re.fullmatch(r"\d{14}", _digits(v)))),
        "rna": share(lambda v: bool(_RNA.match(v.upper().replace(" ", "")))),
        "insee": share(lambda v: bool(_INSEE.match(v.upper()))),
        "actes": share(lambda v: bool(_ACTES.match(v))),
        "dr": share(lambda v: fold(v) in _DR),
        "date": share(lambda v: bool(_DATE.match(v)) and parse_date(v) is not None),
        "number": share(lambda v: bool(_NUMBER.match(v)) and parse_number(v) is not None),
        "year": share(lambda v: bool(re.fullmatch(r"(19|20)\d\d(\.0+)?", v))),
        "email": share(lambda v: bool(_EMAIL.match(v))),
        "url": share(lambda v: bool(_URL.match(v))),
    }
    return ColumnProfile(filled=len(cells), distinct=len(distinct), values=sample, shares=shares)


def field_kind(f: Field, siret_fields: frozenset[str]) -> str | None:
    """The kind of values a field expects, from its type, pattern, enum and French checks."""
    pattern = f.constraints.get("pattern", "")
    words = fold(f"{f.name} {f.title}")
    enum = {fold(str(v)) for v in f.constraints.get("enum", [])}
    if f.name in siret_fields or pattern.strip("^$") == r"\d{14}" or re.search(r"\bsiret\b", words):
        return "siret"
    if pattern.startswith("^W"):
        return "rna"
    if "2[AB" in pattern or re.search(r"\binsee\b", words):
        return "insee"
    if pattern.startswith(r"^\d\.\d"):
        return "actes"
    if enum and enum <= {"recette", "depense"}:
        return "dr"
    if enum:
        return "enum"
    if f.type in ("date", "datetime"):
        return "date"
    if f.type in ("number", "integer", "year", "boolean"):
        return f.type
    if f.format == "email":
        return "email"
    if f.format == "uri":
        return "url"
    return None


_DISTINCTIVE = {"siret", "rna", "insee", "actes", "dr"}


@dataclass
class Evidence:
    fit: float | None  # None: the values say nothing about this field
    distinctive: bool = False  # strong enough to propose the field from the values alone
    says: str = ""  # « les valeurs sont des SIRET valides »
    contradicts: str = ""  # « les valeurs changent d'une ligne à l'autre »


def evidence(prof: ColumnProfile | None, f: Field, know: FieldKnowledge, fits, siret_fields: frozenset[str],
             column_values: pd.Series | None = None) -> Evidence:
    if prof is None:
        return Evidence(None)
    kind = field_kind(f, siret_fields)
    result = _kind_evidence(prof, f, kind, fits)
    return _party_evidence(prof, know, result)


def _kind_evidence(prof: ColumnProfile, f: Field, kind: str | None, fits) -> Evidence:
    if kind == "siret":
        fit = max(prof.share("siret"), 0.7 * prof.share("digits14"))  # 21860194600000.0: a SIRET the spreadsheet broke
        return Evidence(fit, fit >= 0.8, "les valeurs sont " + KIND_WORDS["siret"] if fit >= 0.8 else "",
                        "les valeurs ne sont pas des SIRET" if fit < 0.5 else "")
    if kind in ("rna", "insee", "actes", "dr"):
        fit = prof.share(kind)
        if kind == "insee":
            fit = max(fit, 0.8 * sum(1 for v in prof.values if re.fullmatch(r"\d{4}", v)) / len(prof.values))
        return Evidence(fit, fit >= 0.8 and prof.distinct >= (1 if kind == "insee" else 2),
                        "les valeurs sont " + KIND_WORDS[kind] if fit >= 0.8 else "",
                        f"les valeurs ne sont pas {KIND_WORDS[kind]}" if fit < 0.5 else "")
    if kind is not None or fits.informative(f):
        fit = sum(1 for v in prof.values if fits.fits(f, v)) / len(prof.values)
        if kind == "number" and fit >= 0.9 and prof.share("date") >= 0.9:
            fit = 0.3  # dates are not amounts, even when a converter could read them as numbers
        label = KIND_WORDS.get(kind or "", "de la forme attendue par le champ")
        distinctive = kind == "enum" and fit >= 0.9 and prof.distinct >= 2 and \
            all(len(str(v)) > 1 for v in f.constraints.get("enum", []))
        return Evidence(fit, distinctive, f"les valeurs sont {label}" if fit >= 0.9 and kind else "",
                        f"les valeurs ne sont pas {label}" if fit < 0.5 else "")
    # Free text: only a column made of dates or numbers contradicts a field whose example is words.
    if not re.search(r"\d", f.example or "x1"):
        if prof.share("date") >= 0.9:
            return Evidence(0.15, contradicts="les valeurs sont des dates")
        if prof.share("number") >= 0.9 and prof.distinct >= 2:
            return Evidence(0.15, contradicts="les valeurs sont des nombres")
    return Evidence(None)


def _party_evidence(prof: ColumnProfile, know: FieldKnowledge, result: Evidence) -> Evidence:
    """The publishing body is the same on every row; the beneficiaries are not."""
    if know.constant:
        if prof.constant:
            fit = 1.0 if result.fit is None else min(1.0, result.fit + 0.1)
            says = "la colonne a " + KIND_WORDS["constant"] + (f" et {result.says}" if result.says else "")
            return Evidence(fit, result.distinctive, says, result.contradicts if fit < 0.5 else "")
        if prof.varying:
            return Evidence(0.15 if result.fit is None else min(result.fit, 0.15), False, "",
                            "les valeurs changent d'une ligne à l'autre, alors que ce champ est le même pour tout le fichier")
        return result
    if know.side == "recipient" and prof.constant and prof.filled >= 5:
        fit = 0.45 if result.fit is None else min(result.fit, 0.45)
        return Evidence(fit, False, "", "la colonne a une seule valeur sur toutes les lignes, comme la collectivité qui attribue")
    return result
