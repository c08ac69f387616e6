"""Validata's French checks (`custom_checks` in schema.data.gouv.fr schemas), offline.

Rules follow validata-table's custom checks: a single-column check is skipped when its column is
absent or its cell empty (presence is `required`'s job); a multi-column check is skipped when all
its columns are absent, or on rows where one of its cells is empty, unless said otherwise.
Each check works on distinct values or whole columns, and returns
(row index, field, code, French message) tuples.
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal
from typing import Callable, Iterator

import numpy as np
import pandas as pd
import phonenumbers
from stdnum import luhn

from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.textnorm import fold
from opendata_desktop.core.validation.cells import OK, CellChecker

Finding = tuple[int | None, str | None, str, str]

ACTES_MATTERS = ("Commande publique", "Urbanisme", "Domaine et patrimoine", "Fonction publique",
                 "Institutions et vie politique", "Libertés publiques et pouvoirs de police",
                 "Finances locales", "Domaines de compétences par thèmes", "Autres domaines de compétences")
_ACTES_FOLDED = {fold(m) for m in ACTES_MATTERS}
_LA_POSTE_SIREN = "356000000"
_OPS: dict[str, Callable] = {"<": operator.lt, "<=": operator.le, "==": operator.eq, ">=": operator.ge,
                             ">": operator.gt}
_OP_WORDS = {"<": "inférieur à", "<=": "inférieur ou égal à", "==": "égal à", ">=": "supérieur ou égal à",
             ">": "supérieur à"}

# Bounding boxes (lon min, lon max, lat min, lat max): metropolitan France and overseas departments.
_FRENCH_BOXES = (
    (-5.14, 9.56, 41.33, 51.09), (-61.81, -61.0, 15.83, 16.51), (-61.23, -60.81, 14.39, 14.88),
    (-54.6, -51.63, 2.11, 5.75), (55.22, 55.84, -21.39, -20.87), (45.02, 45.3, -13.0, -12.64),
)


def luhn_valid_many(values: list[str], width: int) -> np.ndarray:
    """Luhn keys of many digit strings of one width at once (numpy), the check SIRET/SIREN carry."""
    if not values:
        return np.zeros(0, dtype=bool)
    digits = (np.frombuffer("".join(values).encode("ascii"), dtype=np.uint8) - 48).reshape(-1, width).astype(np.int64)
    doubled = digits[:, ::-1].copy()
    doubled[:, 1::2] *= 2
    doubled[doubled > 9] -= 9
    return doubled.sum(axis=1) % 10 == 0


def siret_verdicts(values: list[str]) -> np.ndarray:
    """is_valid_siret for many values: vectorised Luhn, plus La Poste's digit-sum rule."""
    ok = np.zeros(len(values), dtype=bool)
    shaped = [i for i, v in enumerate(values) if len(v) == 14 and v.isascii() and v.isdigit()]
    if shaped:
        subset = [values[i] for i in shaped]
        valid = luhn_valid_many(subset, 14)
        for k, value in enumerate(subset):
            if not valid[k] and value.startswith(_LA_POSTE_SIREN):
                valid[k] = sum(int(d) for d in value) % 5 == 0
        ok[shaped] = valid
    return ok


def is_valid_siret(value: str) -> bool:
    if not re.fullmatch(r"\d{14}", value):
        return False
    if luhn.is_valid(value):
        return True
    # La Poste's establishments share one SIREN and follow another rule: digits sum to a multiple of 5.
    return value.startswith(_LA_POSTE_SIREN) and sum(int(d) for d in value) % 5 == 0


def is_valid_siren(value: str) -> bool:
    return bool(re.fullmatch(r"\d{9}", value)) and luhn.is_valid(value)


def _title(schema: Schema, name: str) -> str:
    try:
        return f"« {schema.field(name).label} »"
    except KeyError:
        return f"« {name} »"


def _values(frame: pd.DataFrame, name: str) -> np.ndarray:
    return frame[name].to_numpy(dtype=object)


def _per_value(values: np.ndarray, rows: np.ndarray, empty: set[str],
               verdict: Callable[[str], str | None],
               prefilter: Callable[[list[str]], np.ndarray] | None = None) -> Iterator[tuple[int, str, str]]:
    """(row, value, problem) for rows whose non-empty value gets a problem from `verdict`.

    `prefilter` marks, for all distinct values at once, those known good (skipping `verdict`).
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    texts = [str(u) for u in uniques]
    good = prefilter(texts) if prefilter else np.zeros(len(texts), dtype=bool)
    problems = [None if (g or t in empty) else verdict(t) for t, g in zip(texts, good)]
    bad = np.array([p is not None for p in problems], dtype=bool)
    for row in np.flatnonzero(bad[codes] & rows):
        yield int(row), str(uniques[codes[row]]), problems[codes[row]]


def _single(frame, schema, params, rows, empty, code, verdict, prefilter=None) -> list[Finding]:
    name = params.get("column")
    if name not in frame.columns:
        return []
    title = _title(schema, name)
    return [(row, name, code, problem.format(value=value, title=title))
            for row, value, problem in _per_value(_values(frame, name), rows, empty, verdict, prefilter)]


def _siret(value: str) -> str | None:
    if is_valid_siret(value):
        return None
    if re.fullmatch(r"\d{14}", value):
        return ("Le numéro SIRET « {value} » de {title} est faux : sa clé de contrôle ne correspond pas. "
                "Vérifiez-le sur annuaire-entreprises.data.gouv.fr.")
    return ("« {value} » dans {title} n'est pas un numéro SIRET : il faut 14 chiffres sans espace. "
            "Excel l'a peut-être abîmé (espaces, notation 2,18E+13, zéros perdus).")


def _siren(value: str) -> str | None:
    if is_valid_siren(value):
        return None
    return "« {value} » dans {title} n'est pas un numéro SIREN valide (9 chiffres avec une clé de contrôle)."


def _actes(value: str) -> str | None:
    if "/" not in value:
        return ("« {value} » dans {title} doit s'écrire « matière/sous-matière » (nomenclature ACTES), "
                "par exemple « Finances locales/Décisions budgétaires » : il manque « / ».")
    prefix, _, rest = value.partition("/")
    if prefix != prefix.rstrip() or rest != rest.lstrip():
        return "« {value} » dans {title} : retirez les espaces autour de « / »."
    if fold(prefix) not in _ACTES_FOLDED:
        return ("« {value} » dans {title} : « " + prefix + " » n'est pas une matière de la nomenclature ACTES "
                "(" + ", ".join(ACTES_MATTERS) + ").")
    return None


def _year_interval(allow_year_only: bool) -> Callable[[str], str | None]:
    def verdict(value: str) -> str | None:
        if allow_year_only and re.fullmatch(r"\d{4}", value):
            return None
        match = re.fullmatch(r"(\d{4})/(\d{4})", value)
        if match and int(match.group(2)) > int(match.group(1)):
            return None
        if match:
            return "« {value} » dans {title} : la seconde année doit être après la première."
        alone = " ou « AAAA »" if allow_year_only else ""
        return "« {value} » dans {title} doit être une période « AAAA/AAAA »" + alone + "."
    return verdict


def _opening_hours(value: str) -> str | None:
    import opening_hours

    try:
        opening_hours.OpeningHours(value)
        return None
    except Exception:
        return ("« {value} » dans {title} n'est pas un horaire au format OpenStreetMap "
                "(par exemple « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 »).")


_SHORT_NUMBER = re.compile(r"\d{2,6}")


def _phone(value: str) -> str | None:
    compact = re.sub(r"[\s.\-()]", "", value)
    if _SHORT_NUMBER.fullmatch(compact) and len(compact) != 10:
        try:
            if phonenumbers.is_valid_short_number(phonenumbers.parse(compact, "FR")):
                return None
        except phonenumbers.NumberParseException:
            pass
    try:
        number = phonenumbers.parse(value, "FR")
        if phonenumbers.is_valid_number(number):
            return None
    except phonenumbers.NumberParseException:
        pass
    return "« {value} » dans {title} n'est pas un numéro de téléphone valide (par exemple 05 63 12 34 56)."


def _gps(field_checker: CellChecker) -> Callable[[str], str | None]:
    def inside(lon, lat) -> bool:
        return any(a <= lon <= b and c <= lat <= d for a, b, c, d in _FRENCH_BOXES)

    def verdict(value: str) -> str | None:
        status, _, typed = field_checker.check(value)
        if status != OK or typed is None:
            return None  # a type problem, already reported by the type check
        lon, lat = float(typed[0]), float(typed[1])
        if inside(lon, lat):
            return None
        if inside(lat, lon):
            return "REVERSED"
        return "Les coordonnées « {value} » de {title} ne sont pas en France : vérifiez longitude et latitude."
    return verdict


def _empty_mask(frame: pd.DataFrame, name: str, empty: set[str]) -> np.ndarray:
    if name not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    return frame[name].isin(empty).to_numpy()


def _typed(frame: pd.DataFrame, schema: Schema, name: str) -> list:
    checker = CellChecker(schema.field(name), schema.missing_values)
    codes, uniques = pd.factorize(_values(frame, name), use_na_sentinel=False)
    typed = []
    for u in uniques:
        status, _, value = checker.check(str(u))
        typed.append(value if status == OK else None)
    return [typed[c] for c in codes]


CHECK_ERROR = "check-error"
_MULTI_COLUMN = ("cohesive-columns-value", "compare-columns-value", "sum-columns-value")
_COLUMN_PARAMS = {"cohesive-columns-value": ("column", "othercolumns"), "compare-columns-value": ("column", "column2"),
                  "sum-columns-value": ("column", "columns")}


def _check_error(name: str, why: str, field_name: str | None = None) -> Finding:
    return (None, field_name, CHECK_ERROR, f"Le contrôle « {name} » du schéma ne peut pas être fait : {why}")


def _involved(name: str, params: dict) -> list[str] | None:
    """The columns a multi-column check reads, or None when its parameters are incomplete."""
    first, rest = _COLUMN_PARAMS[name]
    others = params.get(rest)
    if not params.get(first) or not others:
        return None
    return [params[first], *([others] if isinstance(others, str) else list(others))]


def _structure(name: str, params: dict, frame: pd.DataFrame) -> list[Finding] | None:
    """Validata's validate_start for multi-column checks: all columns absent, the check is skipped ([]);
    some absent, it cannot run (`check-error`, one per absent column); None: run it."""
    columns = _involved(name, params)
    if columns is None:
        return [_check_error(name, "ses paramètres sont incomplets (colonnes à comparer non indiquées). "
                                   "Signalez-le à l'auteur du schéma.")]
    absent = [c for c in columns if c not in frame.columns]
    if not absent:
        return None
    if len(absent) == len(columns):
        return []
    return [_check_error(name, f"la colonne « {c} » est manquante dans le fichier. Ajoutez-la pour que "
                               f"ce contrôle soit fait.", c) for c in absent]


def run(check: dict, frame: pd.DataFrame, schema: Schema, rows: np.ndarray) -> list[Finding]:
    """Apply one declared check to `frame`'s rows where `rows` is True.

    A check this program does not know is an error naming the check, as Validata does today
    (validata_core/__init__.py: `check-error`, « custom check inconnu »): the file cannot be declared
    valid against a schema whose rules were not all applied. (The issue report saw the older
    behaviour, an unknown check silently skipped; the current one is followed.)
    """
    name, params = check.get("name"), check.get("params") or {}
    if not isinstance(params, dict):
        params = {}
    empty = set(schema.missing_values)
    if name not in KNOWN_CHECKS:
        return [_check_error(str(name), "ce contrôle est inconnu de ce logiciel (nom mal écrit, ou contrôle "
                                        "plus récent). Vérifiez le schéma, ou mettez le logiciel à jour.")]
    if name in _MULTI_COLUMN:
        found = _structure(name, params, frame)
        if found is not None:
            return found
    if name == "french-siret-value":
        return _single(frame, schema, params, rows, empty, name, _siret, prefilter=siret_verdicts)
    if name == "french-siren-value":
        return _single(frame, schema, params, rows, empty, name, _siren)
    if name == "nomenclature-actes-value":
        return _single(frame, schema, params, rows, empty, name, _actes)
    if name == "year-interval-value":
        allow = str(params.get("allow-year-only", "")).lower() in ("yes", "true", "oui")
        return _single(frame, schema, params, rows, empty, name, _year_interval(allow))
    if name == "opening-hours-value":
        return _single(frame, schema, params, rows, empty, name, _opening_hours)
    if name == "phone-number-value":
        return _single(frame, schema, params, rows, empty, name, _phone)
    if name == "french-gps-coordinates":
        return _gps_check(frame, schema, params, rows, empty)
    if name == "cohesive-columns-value":
        return _cohesive(frame, schema, params, rows, empty)
    if name == "compare-columns-value":
        return _compare(frame, schema, params, rows, empty)
    if name == "sum-columns-value":
        return _sum(frame, schema, params, rows, empty)
    if name == "one-of-required":
        return _one_of_required(frame, schema, params, rows, empty)
    return []


KNOWN_CHECKS = {"french-siret-value", "french-siren-value", "nomenclature-actes-value", "year-interval-value",
                "opening-hours-value", "phone-number-value", "french-gps-coordinates", "cohesive-columns-value",
                "compare-columns-value", "sum-columns-value", "one-of-required"}
ALL_CODES = {"french-siret-value", "french-siren-value", "nomenclature-actes-value", "year-interval-value",
             "opening-hours-value", "phone-number-value", "french-gps-coordinates",
             "reversed-french-gps-coordinates", "cohesive-columns-value", "compare-columns-value",
             "sum-columns-value", "one-of-required"}


def _gps_check(frame, schema, params, rows, empty) -> list[Finding]:
    name = params.get("column")
    if name not in frame.columns:
        return []
    title = _title(schema, name)
    verdict = _gps(CellChecker(schema.field(name), schema.missing_values))
    findings = []
    for row, value, problem in _per_value(_values(frame, name), rows, empty, verdict):
        if problem == "REVERSED":
            findings.append((row, name, "reversed-french-gps-coordinates",
                             f"Les coordonnées « {value} » de {title} semblent inversées : "
                             "mettez la longitude en premier, puis la latitude."))
        else:
            findings.append((row, name, "french-gps-coordinates", problem.format(value=value, title=title)))
    return findings


def _cohesive(frame, schema, params, rows, empty) -> list[Finding]:
    main = params.get("column")
    names = [main, *params.get("othercolumns", [])]
    if not any(n in frame.columns for n in names):
        return []
    filled = np.column_stack([~_empty_mask(frame, n, empty) for n in names])
    count = filled.sum(axis=1)
    bad = (count > 0) & (count < len(names)) & rows
    labels = ", ".join(_title(schema, n) for n in names)
    return [(int(r), main, "cohesive-columns-value",
             f"Les colonnes {labels} doivent être toutes remplies ou toutes vides sur une même ligne.")
            for r in np.flatnonzero(bad)]


def _compare(frame, schema, params, rows, empty) -> list[Finding]:
    first, second, op = params.get("column"), params.get("column2"), params.get("op", "==")
    if first not in frame.columns or second not in frame.columns or op not in _OPS:
        return []
    left, right = _typed(frame, schema, first), _typed(frame, schema, second)
    findings = []
    for r in np.flatnonzero(rows):
        a, b = left[r], right[r]
        if a is None or b is None:
            continue
        try:
            ok = _OPS[op](a, b)
        except TypeError:
            continue
        if not ok:
            findings.append((int(r), first, "compare-columns-value",
                             f"{_title(schema, first)} ({frame[first].iat[r]}) doit être {_OP_WORDS[op]} "
                             f"{_title(schema, second)} ({frame[second].iat[r]})."))
    return findings


def _sum(frame, schema, params, rows, empty) -> list[Finding]:
    total, parts = params.get("column"), list(params.get("columns", []))
    if total not in frame.columns or not all(p in frame.columns for p in parts):
        return []
    typed = {n: _typed(frame, schema, n) for n in [total, *parts]}
    findings = []
    for r in np.flatnonzero(rows):
        values = [typed[n][r] for n in [total, *parts]]
        if any(v is None for v in values):
            continue
        if Decimal(str(values[0])) != sum(Decimal(str(v)) for v in values[1:]):
            findings.append((int(r), total, "sum-columns-value",
                             f"{_title(schema, total)} ({values[0]}) doit être la somme de "
                             + " + ".join(_title(schema, p) for p in parts) + "."))
    return findings


def _one_of_required(frame, schema, params, rows, empty) -> list[Finding]:
    first, second = params.get("column1", params.get("column")), params.get("column2")
    present = [n for n in (first, second) if n in frame.columns]
    both = f"{_title(schema, first)} ou {_title(schema, second)}"
    if not present:
        return [(None, first, "one-of-required", f"Il faut au moins l'une des colonnes {both}.")]
    missing = np.ones(len(frame), dtype=bool)
    for name in present:
        missing &= _empty_mask(frame, name, empty)
    return [(int(r), present[0], "one-of-required", f"Remplissez au moins l'un des deux champs {both}.")
            for r in np.flatnonzero(missing & rows)]
