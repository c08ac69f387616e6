"""Validata's French checks (`custom_checks` in schema.data.gouv.fr schemas), offline.

Rules follow validata-table's custom checks: a single-column check is skipped when its column is
absent or its cell empty (presence is `required`'s job); a multi-column check is skipped when all
its columns are absent, cannot run (`check-error`, naming the absent column) when only some are,
and is skipped on rows where one of its cells is empty, unless said otherwise.
Each check works on distinct values or whole columns (numpy), never row by row in Python, and
returns (row index, field, code, French message) tuples.
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal
from typing import Callable, Iterator

import numpy as np
import pandas as pd
import phonenumbers

# The vectorised SIRET/SIREN checks are core/formats' own (one implementation for the whole program).
from opendata_desktop.core.formats.identifiers import (is_valid_siren, is_valid_siret,  # noqa: F401 (re-exported)
                                                       siren_verdicts, siret_verdicts)
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.textnorm import fold
from opendata_desktop.core.validation import vector
from opendata_desktop.core.validation.cells import OK, CellChecker

Finding = tuple[int | None, str | None, str, str]

ACTES_MATTERS = ("Commande publique", "Urbanisme", "Domaine et patrimoine", "Fonction publique",
                 "Institutions et vie politique", "Libertés publiques et pouvoirs de police",
                 "Finances locales", "Domaines de compétences par thèmes", "Autres domaines de compétences")
_ACTES_FOLDED = {fold(m) for m in ACTES_MATTERS}
_OPS: dict[str, Callable] = {"<": operator.lt, "<=": operator.le, "==": operator.eq, ">=": operator.ge,
                             ">": operator.gt}
_OP_WORDS = {"<": "inférieur à", "<=": "inférieur ou égal à", "==": "égal à", ">=": "supérieur ou égal à",
             ">": "supérieur à"}

# Bounding boxes (lon min, lon max, lat min, lat max): metropolitan France and overseas departments.
_FRENCH_BOXES = (
    (-5.14, 9.56, 41.33, 51.09), (-61.81, -61.0, 15.83, 16.51), (-61.23, -60.81, 14.39, 14.88),
    (-54.6, -51.63, 2.11, 5.75), (55.22, 55.84, -21.39, -20.87), (45.02, 45.3, -13.0, -12.64),
)


def _title(schema: Schema, name: str) -> str:
    try:
        return f"« {schema.field(name).label} »"
    except KeyError:
        return f"« {name} »"


def _values(frame: pd.DataFrame, name: str) -> np.ndarray:
    return frame[name].to_numpy(dtype=object)


def _factorized(frame: pd.DataFrame, name: str, lookups: dict | None) -> tuple[np.ndarray, list[str]]:
    """(codes per row, distinct texts) of a column: the engine's own when given, else computed."""
    if lookups and name in lookups:
        return lookups[name]
    codes, uniques = pd.factorize(_values(frame, name), use_na_sentinel=False)
    return codes, [str(u) for u in uniques]


def _per_value(column: tuple[np.ndarray, list[str]], rows: np.ndarray, empty: set[str],
               verdict: Callable[[str], str | None],
               prefilter: Callable[[list[str]], np.ndarray] | None = None) -> Iterator[tuple[int, str, str]]:
    """(row, value, problem) for rows whose non-empty value gets a problem from `verdict`.

    Each distinct value is judged once; `prefilter` marks, for all of them at once, those known good.
    """
    codes, texts = column
    todo = ~vector.in_set(vector.text_array(texts), empty)
    if prefilter is not None:
        todo &= ~prefilter(texts)
    problems: dict[int, str] = {}
    for i in np.flatnonzero(todo).tolist():
        problem = verdict(texts[i])
        if problem is not None:
            problems[i] = problem
    if not problems:
        return
    bad = np.zeros(len(texts), dtype=bool)
    bad[list(problems)] = True
    for row, code in zip(*_where(bad[codes] & rows, codes)):
        yield row, texts[code], problems[code]


def _where(mask: np.ndarray, codes: np.ndarray) -> tuple[list[int], list[int]]:
    rows = np.flatnonzero(mask)
    return rows.tolist(), np.asarray(codes)[rows].tolist()


def _single(frame, schema, params, rows, empty, code, verdict, prefilter=None, lookups=None) -> list[Finding]:
    name = params.get("column")
    if name not in frame.columns:
        return []
    title = _title(schema, name)
    found: dict[str, str] = {}
    findings = []
    for row, value, problem in _per_value(_factorized(frame, name, lookups), rows, empty, verdict, prefilter):
        message = found.get(value)
        if message is None:
            message = found[value] = problem.format(value=value, title=title)
        findings.append((row, name, code, message))
    return findings


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


def _empty_mask(frame: pd.DataFrame, name: str, empty: set[str], lookups: dict | None = None) -> np.ndarray:
    if name not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    codes, texts = _factorized(frame, name, lookups)
    return vector.in_set(vector.text_array(texts), empty)[codes]


def _typed_column(frame: pd.DataFrame, schema: Schema, name: str, lookups: dict | None
                  ) -> tuple[np.ndarray, list]:
    """(codes per row, typed value per distinct text or None when empty or invalid)."""
    checker = CellChecker(schema.field(name), schema.missing_values)
    codes, texts = _factorized(frame, name, lookups)
    typed = []
    for text in texts:
        status, _, value = checker.check(text)
        typed.append(value if status == OK else None)
    return np.asarray(codes), typed


_INT64_SAFE = 2 ** 62


def _exact_integers(columns: list[list]) -> list[np.ndarray] | None:
    """Typed numbers of several columns as int64 arrays on one common decimal scale, so that sums and
    comparisons are exact in numpy (1.10 and 1.1 agree, 0.1 + 0.2 == 0.3); None when a value is not a
    finite number or does not fit. Empty entries become a sentinel marked in the second mask."""
    places = 0
    for typed in columns:
        for value in typed:
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
                return None
            if isinstance(value, Decimal):
                if not value.is_finite():
                    return None
                places = max(places, -value.as_tuple().exponent)
    if places > 12:
        return None
    scaled = []
    for typed in columns:
        out = np.zeros(len(typed), dtype=np.int64)
        for i, value in enumerate(typed):
            if value is None:
                continue
            number = int(Decimal(value).scaleb(places))
            if abs(number) >= _INT64_SAFE // 64:
                return None
            out[i] = number
        scaled.append(out)
    return scaled


def _dates(columns: list[list]) -> list[np.ndarray] | None:
    """Typed dates (not datetimes) as ordinals; None for anything else."""
    import datetime as dt

    out = []
    for typed in columns:
        values = np.zeros(len(typed), dtype=np.int64)
        for i, value in enumerate(typed):
            if value is None:
                continue
            if type(value) is not dt.date:
                return None
            values[i] = value.toordinal()
        out.append(values)
    return out


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


def run(check: dict, frame: pd.DataFrame, schema: Schema, rows: np.ndarray,
        lookups: dict | None = None) -> list[Finding]:
    """Apply one declared check to `frame`'s rows where `rows` is True.

    A check this program does not know is an error naming the check, as Validata's current code does
    (validata-table `validata_core/__init__.py`: `check-error`, « custom check inconnu »; its
    `test_task_errors.py` asserts it): the file cannot be declared valid against a schema whose rules
    were not all applied. This program used to skip such a check silently (issue 18); where Validata's
    older texts differ from its current code (the custom checks README spells one-of-required's
    parameter `column`, the code `column1`; a test comment says « ignored » where its assertion says
    « not valid »), the current code and the assertions are followed, and `column` is still accepted.
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
        if name == "compare-columns-value" and params.get("op", "==") not in _OPS:
            return [_check_error(name, f"l'opérateur « {params.get('op')} » est inconnu (permis : "
                                       + ", ".join(_OPS) + "). Signalez-le à l'auteur du schéma.")]
    elif name == "one-of-required":
        if not params.get("column2") or not (params.get("column1") or params.get("column")):
            return [_check_error(name, "ses paramètres « column1 » et « column2 » sont incomplets. "
                                       "Signalez-le à l'auteur du schéma.")]
    elif not params.get("column"):
        return [_check_error(name, "le paramètre « column » (la colonne à contrôler) manque. "
                                   "Signalez-le à l'auteur du schéma.")]
    single = {"french-siret-value": (_siret, siret_verdicts), "french-siren-value": (_siren, siren_verdicts),
              "nomenclature-actes-value": (_actes, None), "opening-hours-value": (_opening_hours, None),
              "phone-number-value": (_phone, None)}
    if name in single:
        verdict, prefilter = single[name]
        return _single(frame, schema, params, rows, empty, name, verdict, prefilter, lookups)
    if name == "year-interval-value":
        allow = str(params.get("allow-year-only", "")).lower() in ("yes", "true", "oui")
        return _single(frame, schema, params, rows, empty, name, _year_interval(allow), lookups=lookups)
    if name == "french-gps-coordinates":
        return _gps_check(frame, schema, params, rows, empty, lookups)
    if name == "cohesive-columns-value":
        return _cohesive(frame, schema, params, rows, empty, lookups)
    if name == "compare-columns-value":
        return _compare(frame, schema, params, rows, empty, lookups)
    if name == "sum-columns-value":
        return _sum(frame, schema, params, rows, empty, lookups)
    if name == "one-of-required":
        return _one_of_required(frame, schema, params, rows, empty, lookups)
    return []


def involved_columns(check: dict) -> set[str]:
    """Every column a declared check reads (from its parameters)."""
    params = check.get("params") if isinstance(check.get("params"), dict) else {}
    names: set[str] = set()
    for key in ("column", "column1", "column2", "columns", "othercolumns"):
        value = params.get(key)
        if isinstance(value, str):
            names.add(value)
        elif isinstance(value, (list, tuple)):
            names |= {v for v in value if isinstance(v, str)}
    return names


def codes_of(check: dict) -> set[str]:
    """The error codes a check can give on a row."""
    name = check.get("name")
    return {name, "reversed-french-gps-coordinates"} if name == "french-gps-coordinates" else {name}


KNOWN_CHECKS = {"french-siret-value", "french-siren-value", "nomenclature-actes-value", "year-interval-value",
                "opening-hours-value", "phone-number-value", "french-gps-coordinates", "cohesive-columns-value",
                "compare-columns-value", "sum-columns-value", "one-of-required"}
ALL_CODES = {"french-siret-value", "french-siren-value", "nomenclature-actes-value", "year-interval-value",
             "opening-hours-value", "phone-number-value", "french-gps-coordinates",
             "reversed-french-gps-coordinates", "cohesive-columns-value", "compare-columns-value",
             "sum-columns-value", "one-of-required"}


def _gps_check(frame, schema, params, rows, empty, lookups=None) -> list[Finding]:
    name = params.get("column")
    if name not in frame.columns:
        return []
    title = _title(schema, name)
    verdict = _gps(CellChecker(schema.field(name), schema.missing_values))
    findings = []
    for row, value, problem in _per_value(_factorized(frame, name, lookups), rows, empty, verdict):
        if problem == "REVERSED":
            findings.append((row, name, "reversed-french-gps-coordinates",
                             f"Les coordonnées « {value} » de {title} semblent inversées : "
                             "mettez la longitude en premier, puis la latitude."))
        else:
            findings.append((row, name, "french-gps-coordinates", problem.format(value=value, title=title)))
    return findings


def _cohesive(frame, schema, params, rows, empty, lookups=None) -> list[Finding]:
    main = params.get("column")
    names = [main, *params.get("othercolumns", [])]
    if not any(n in frame.columns for n in names):
        return []
    filled = np.column_stack([~_empty_mask(frame, n, empty, lookups) for n in names])
    count = filled.sum(axis=1)
    bad = (count > 0) & (count < len(names)) & rows
    labels = ", ".join(_title(schema, n) for n in names)
    return [(int(r), main, "cohesive-columns-value",
             f"Les colonnes {labels} doivent être toutes remplies ou toutes vides sur une même ligne.")
            for r in np.flatnonzero(bad)]


_NUMPY_OPS = {"<": np.less, "<=": np.less_equal, "==": np.equal, ">=": np.greater_equal, ">": np.greater}


def _compare(frame, schema, params, rows, empty, lookups=None) -> list[Finding]:
    """`column op column2` on typed values, over whole columns: exact integers (numbers on a common
    scale, dates as ordinals) in numpy; other types per distinct pair of values."""
    first, second, op = params.get("column"), params.get("column2"), params.get("op", "==")
    (left_codes, left), (right_codes, right) = (_typed_column(frame, schema, n, lookups) for n in (first, second))
    filled = np.array([v is not None for v in left], dtype=bool)[left_codes] & \
        np.array([v is not None for v in right], dtype=bool)[right_codes] & rows
    exact = _exact_integers([left, right]) or _dates([left, right])
    if exact is not None:
        bad = filled & ~_NUMPY_OPS[op](exact[0][left_codes], exact[1][right_codes])
    else:  # one verdict per distinct (left, right) pair, Python's own comparison (TypeError: not comparable)
        pairs, inverse = np.unique(np.stack([left_codes, right_codes]), axis=1, return_inverse=True)
        verdicts = np.ones(pairs.shape[1], dtype=bool)
        for k, (i, j) in enumerate(pairs.T.tolist()):
            if left[i] is not None and right[j] is not None:
                try:
                    verdicts[k] = bool(_OPS[op](left[i], right[j]))
                except TypeError:
                    pass
        bad = filled & ~verdicts[np.ravel(inverse)]
    first_texts, second_texts = _factorized(frame, first, lookups)[1], _factorized(frame, second, lookups)[1]
    return [(r, first, "compare-columns-value",
             f"{_title(schema, first)} ({first_texts[left_codes[r]]}) doit être {_OP_WORDS[op]} "
             f"{_title(schema, second)} ({second_texts[right_codes[r]]}).")
            for r in np.flatnonzero(bad).tolist()]


def _sum(frame, schema, params, rows, empty, lookups=None) -> list[Finding]:
    """`column` equals the sum of `columns`, exactly (decimal numbers on a common integer scale)."""
    total, parts = params.get("column"), list(params.get("columns", []))
    typed = [_typed_column(frame, schema, n, lookups) for n in [total, *parts]]
    filled = rows.copy()
    for codes, values in typed:
        filled &= np.array([v is not None for v in values], dtype=bool)[codes]
    exact = _exact_integers([values for _, values in typed])
    if exact is not None:
        sums = np.zeros(len(frame), dtype=np.int64)
        for (codes, _), scaled in zip(typed[1:], exact[1:]):
            sums += scaled[codes]
        bad = filled & (exact[0][typed[0][0]] != sums)
    else:  # a value that is not a plain decimal number: exact Decimal arithmetic row by row
        bad = np.zeros(len(frame), dtype=bool)
        for r in np.flatnonzero(filled).tolist():
            values = [vals[codes[r]] for codes, vals in typed]
            try:
                bad[r] = Decimal(str(values[0])) != sum(Decimal(str(v)) for v in values[1:])
            except ArithmeticError:
                bad[r] = False
    total_texts = _factorized(frame, total, lookups)[1]
    return [(r, total, "sum-columns-value",
             f"{_title(schema, total)} ({total_texts[typed[0][0][r]]}) doit être la somme de "
             + " + ".join(_title(schema, p) for p in parts) + ".")
            for r in np.flatnonzero(bad).tolist()]


def _one_of_required(frame, schema, params, rows, empty, lookups=None) -> list[Finding]:
    first, second = params.get("column1", params.get("column")), params.get("column2")
    present = [n for n in (first, second) if n in frame.columns]
    both = f"{_title(schema, first)} ou {_title(schema, second)}"
    if not present:
        return [(None, first, "one-of-required", f"Il faut au moins l'une des colonnes {both}.")]
    missing = np.ones(len(frame), dtype=bool)
    for name in present:
        missing &= _empty_mask(frame, name, empty, lookups)
    return [(int(r), present[0], "one-of-required", f"Remplissez au moins l'un des deux champs {both}.")
            for r in np.flatnonzero(missing & rows)]
