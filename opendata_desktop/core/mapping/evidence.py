"""What a column's values say: SIRET, RNA, INSEE or ACTES codes, D/R, dates, amounts, one constant value…

A profile is computed once per column and compared with what each field expects. The result is a fit
(0..1, None when the values tell nothing about that field), whether the evidence is distinctive enough to
propose a field from the values alone, and a French phrase for the explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from opendata_desktop.core.mapping.knowledge import FieldKnowledge, is_placeholder
from opendata_desktop.core.schemas.model import Field
from opendata_desktop.core.textnorm import fold
from opendata_desktop.core.formats.identifiers import is_valid_siret

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


CONSTANT_SAYS = "la colonne a " + KIND_WORDS["constant"]


@dataclass
class ColumnProfile:
    filled: int = 0  # non-empty, non-placeholder cells in the sample
    distinct: int = 0
    values: list[str] = field(default_factory=list)  # distinct values tested
    folded: frozenset[str] = frozenset()  # the same, folded (enum checks)
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
        # what spreadsheets leave of a SIRET: a SIREN alone, 14 digits with a wrong key, 2,18E+13
        "siret_like": share(lambda v: bool(re.fullmatch(r"\d{9}|\d{14}", _digits(v)))
                            or bool(re.fullmatch(r"\d[.,]\d+[eE]\+?1[23]", v.replace(" ", "")))),
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
    return ColumnProfile(filled=len(cells), distinct=len(distinct), values=sample, shares=shares,
                         folded=frozenset(fold(v) for v in sample))


@lru_cache(maxsize=4096)
def _folded_enum(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(v) for v in values)


def field_kind(f: Field, siret_fields: frozenset[str]) -> str | None:
    """The kind of values a field expects, from its type, pattern, enum and French checks."""
    key = (f.name, f.title, f.type, f.format, repr(sorted(f.constraints.items())), f.name in siret_fields)
    kind = _KINDS.get(key, "?")
    if kind == "?":
        kind = _KINDS[key] = _field_kind(f, siret_fields)
    return kind


_KINDS: dict[tuple, str | None] = {}


def _field_kind(f: Field, siret_fields: frozenset[str]) -> str | None:
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
             value_only: bool = False) -> Evidence:
    """`value_only`: the header does not match, only distinctive values could propose the field (quick checks)."""
    if prof is None:
        return Evidence(None)
    kind = field_kind(f, siret_fields)
    result = _kind_evidence(prof, f, kind, fits, value_only)
    return _party_evidence(prof, know, result)


FIT_VALUES = 40  # distinct values run through the safe fixes (slow) per column and field


def _fit_share(prof: ColumnProfile, f: Field, fits) -> float:
    """Share of values that fit the field once safely fixed."""
    values = prof.values[:FIT_VALUES]
    return sum(1 for v in values if fits.fits(f, v)) / len(values)


def _kind_evidence(prof: ColumnProfile, f: Field, kind: str | None, fits, value_only: bool = False) -> Evidence:
    if kind == "siret":
        valid = prof.share("siret")
        fit = valid + 0.6 * max(0.0, prof.share("siret_like") - valid)  # broken by the spreadsheet, still SIRET-ish
        return Evidence(fit, fit >= 0.8, "les valeurs sont " + KIND_WORDS["siret"] if fit >= 0.8 else "",
                        "les valeurs ne sont pas des SIRET" if fit < 0.5 else "")
    if kind in ("rna", "insee", "actes", "dr"):
        fit = prof.share(kind)
        if kind == "insee":
            fit = max(fit, 0.8 * sum(1 for v in prof.values if re.fullmatch(r"\d{4}", v)) / len(prof.values))
        return Evidence(fit, fit >= 0.8 and prof.distinct >= (1 if kind == "insee" else 2),
                        "les valeurs sont " + KIND_WORDS[kind] if fit >= 0.8 else "",
                        f"les valeurs ne sont pas {KIND_WORDS[kind]}" if fit < 0.5 else "")
    if kind == "enum":
        allowed = _folded_enum(tuple(str(v) for v in f.constraints.get("enum", [])))
        # Quick, as written or as an initial / abbreviation of one allowed value (F/I, « Fonct. », « Invest. »)
        fit = sum(1 for v in prof.folded if v in allowed or (
            v and sum(1 for a in allowed if a.startswith(v)) == 1)) / len(prof.folded)
        if fit < 0.9 and not value_only:
            fit = max(fit, _fit_share(prof, f, fits))
        distinctive = fit >= 0.9 and prof.distinct >= 2 and all(len(str(v)) > 1 for v in f.constraints["enum"])
        return Evidence(fit, distinctive, "les valeurs sont " + KIND_WORDS["enum"] if fit >= 0.9 else "",
                        "les valeurs ne sont pas " + KIND_WORDS["enum"] if fit < 0.5 else "")
    if value_only:
        return Evidence(None)
    if kind is not None or fits.informative(f):
        fit = _fit_share(prof, f, fits)
        if kind == "number" and fit >= 0.9 and prof.share("date") >= 0.9:
            fit = 0.3  # dates are not amounts, even when a converter could read them as numbers
        label = KIND_WORDS.get(kind or "", "de la forme attendue par le champ")
        return Evidence(fit, False, f"les valeurs sont {label}" if fit >= 0.9 and kind else "",
                        f"les valeurs ne sont pas {label}" if fit < 0.5 else "")
    # Free text: a column made of dates contradicts a field that is not about dates, a column of numbers a
    # field whose example is words.
    example = f.example or ""
    about_dates = "date" in fold(f"{f.name} {f.title}") or bool(_DATE.match(example))
    if prof.share("date") >= 0.9 and not about_dates:
        return Evidence(0.15, contradicts="les valeurs sont des dates")
    if not re.search(r"\d", example or "x1") and prof.share("number") >= 0.9 and prof.distinct >= 2:
        return Evidence(0.15, contradicts="les valeurs sont des nombres")
    return Evidence(None)


def _party_evidence(prof: ColumnProfile, know: FieldKnowledge, result: Evidence) -> Evidence:
    """The publishing body is the same on every row; the beneficiaries are not."""
    if know.constant:
        if prof.constant:
            fit = 1.0 if result.fit is None else min(1.0, result.fit + 0.1)
            says = CONSTANT_SAYS + (f" et {result.says}" if result.says else "")
            return Evidence(fit, result.distinctive, says, result.contradicts if fit < 0.5 else "")
        if prof.varying:
            return Evidence(0.0, False, "",
                            "les valeurs changent d'une ligne à l'autre, alors que ce champ est le même pour tout le fichier")
        return result
    if know.side == "recipient" and prof.constant and prof.filled >= 5:
        fit = 0.45 if result.fit is None else min(result.fit, 0.45)
        return Evidence(fit, False, "", "la colonne a une seule valeur sur toutes les lignes, comme la collectivité qui attribue")
    return result
