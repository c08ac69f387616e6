"""Converters from what French spreadsheets contain to what a schema field expects.

Each converter takes a text and returns the corrected text, or None when it cannot say safely.
`fix_value` tries the ones that suit the field and keeps a result only if the field's own checks
(type, constraints, French checks such as the SIRET key) accept it: a fix never guesses.
"""

from __future__ import annotations

import re
from typing import Callable

import phonenumbers

from opendata_desktop.core.formats import identifiers as ids
from opendata_desktop.core.formats.amounts import number_text, parse_number  # noqa: F401  (re-exported)
from opendata_desktop.core.formats.booleans import FALSE_WORDS, TRUE_WORDS
from opendata_desktop.core.formats.dates import format_period, parse_date, parse_period  # noqa: F401
from opendata_desktop.core.formats.enums import match_enum, match_list, pattern_vocabulary
from opendata_desktop.core.formats.identifiers import is_valid_siret  # noqa: F401  (re-exported)
from opendata_desktop.core.schemas.model import Field
from opendata_desktop.core.textnorm import compact, fold, strip_accents
from opendata_desktop.core.validation.cells import OK, CellChecker

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_SPACES = "\u00a0\u202f\u2007\u2009"
_ISO_DATE_PATTERN = re.compile(r"\[0-9\]\{4\}\\?-\[0-9\]\{2\}|\\d\{4\}\\?-\\d\{2\}")

LABELS = {
    "trim": "suppression des espaces en trop",
    "date": "conversion des dates au format AAAA-MM-JJ",
    "datetime": "conversion des dates et heures",
    "number": "conversion des montants et nombres",
    "integer": "conversion des nombres entiers",
    "year": "conversion des années",
    "boolean": "conversion des oui/non",
    "identifier": "réparation des identifiants abîmés par le tableur",
    "enum": "alignement sur les valeurs autorisées",
    "period": "conversion des dates de période au format AAAA-MM-JJ",
    "phone": "mise au format des numéros de téléphone",
    "hours": "conversion des horaires au format OpenStreetMap",
    "case": "mise en majuscules et minuscules",
    "nearest": "remplacement par la valeur autorisée la plus proche (à vérifier)",
    "commune": "nom de la commune écrit comme dans le code officiel géographique",
}


def trim(text: str) -> str:
    return text.strip(" \t\r\n" + _SPACES + _INVISIBLE)


# -- dates ---------------------------------------------------------------------------------------

def to_date(text: str, field: Field) -> str | None:
    value = parse_date(text)
    if value is None:
        return None
    fmt = field.format if field.format not in ("default", "any", "") else "%Y-%m-%d"
    return value.strftime(fmt)


def to_datetime(text: str, field: Field) -> str | None:
    text = trim(text)
    match = re.match(r"^(.+?)[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?$", text)
    if match:
        day = parse_date(match.group(1))
        if day is None:
            return None
        return f"{day.isoformat()}T{int(match.group(2)):02d}:{match.group(3)}:{match.group(4) or '00'}"
    day = parse_date(text)
    return f"{day.isoformat()}T00:00:00" if day else None


def to_period(text: str, field: Field) -> str | None:
    """A string field whose pattern wants ISO dates: « 01/05/2024 », « 2017-11-07_2019-01-21 »,
    « 2017/09/08_2021/09/07 », « du 01/02/2024 au 30/06/2024 »."""
    if not _ISO_DATE_PATTERN.search(field.constraints.get("pattern", "")):
        return None
    value = parse_period(text)
    return None if value is None else format_period(value)


# -- numbers -------------------------------------------------------------------------------------

def to_number(text: str, field: Field) -> str | None:
    value = parse_number(text)
    return None if value is None else number_text(value)


def to_integer(text: str, field: Field) -> str | None:
    value = parse_number(text)
    if value is None or value != value.to_integral_value():
        return None
    return str(int(value))


def to_year(text: str, field: Field) -> str | None:
    match = re.fullmatch(r"(\d{4})(\.0+)?", trim(text))
    if match:
        return match.group(1)
    day = parse_date(text)
    return str(day.year) if day else None


def to_boolean(text: str, field: Field) -> str | None:
    word = fold(trim(text))
    if word in TRUE_WORDS and field.true_values:
        return field.true_values[0]
    if word in FALSE_WORDS and field.false_values:
        return field.false_values[0]
    return None


# -- identifiers ---------------------------------------------------------------------------------

_FIXED_DIGITS = re.compile(r"^\^?\\d\{(\d+)\}\$?$")


def _pattern_accepts(pattern: str, sample: str) -> bool:
    try:
        return re.fullmatch(pattern, sample) is not None
    except re.error:
        return False


def identifier_kind(field: Field, checks: dict[str, str] | None = None) -> str | None:
    """What identifier a field holds (SIRET, SIREN, INSEE code, postcode, RNA), from the schema's French
    checks first, then from its name and title, confirmed by its pattern when it has one (a pattern that
    also accepts other identifiers, « SIRET ou RNA », is not one kind)."""
    if checks and field.name in checks:
        return checks[field.name]
    if field.type != "string" or field.constraints.get("enum"):
        return None
    pattern = field.constraints.get("pattern", "")
    words = fold(f"{field.name} {field.title}").split()
    name = compact(field.name)

    def shaped(good: str, *bad: str) -> bool:
        return not pattern or (_pattern_accepts(pattern, good) and not any(_pattern_accepts(pattern, b) for b in bad))

    if "siret" in name or "siret" in words:
        return ids.SIRET if shaped("73282932000074", "732829320") else None
    if "siren" in name or "siren" in words:
        return ids.SIREN if shaped("732829320", "73282932000074") else None
    if "postal" in words or "codepostal" in name or name in ("cp", "adrcp"):
        return ids.POSTCODE if shaped("01000", "1000") else None
    if "insee" in name or "insee" in words or (pattern and shaped("2A004") and shaped("01053", "1053")):
        return ids.INSEE if shaped("2A004") and shaped("01053", "1053") else None
    if "rna" in words or name.startswith("rna") or name.endswith("rna"):
        return ids.RNA if shaped("W751234567", "751234567") else None
    return None


def schema_identifier_checks(schema) -> dict[str, str]:
    """Fields the schema checks as SIRET or SIREN (Validata's custom checks)."""
    kinds = {"french-siret-value": ids.SIRET, "french-siren-value": ids.SIREN}
    return {c.get("params", {}).get("column"): kinds[c.get("name")] for c in schema.custom_checks
            if c.get("name") in kinds}


def to_identifier(text: str, field: Field, siret: bool = False) -> str | None:
    """Identifiers: grouping spaces, « .0 » and full scientific notation undone; one lost leading zero
    restored when the result passes its check; nothing else (never padded, never guessed)."""
    kind = ids.SIRET if siret else identifier_kind(field)
    if kind is not None:
        repair = ids.repair_identifier(text, kind)
        return repair.value if repair.status == ids.REPAIRED else None
    match = _FIXED_DIGITS.match(field.constraints.get("pattern", ""))
    if not match:
        return None
    read = ids.read_digits(text)  # a code of fixed width: only the spreadsheet's traces are removed
    if read.lost or len(read.digits) != int(match.group(1)):
        return None
    return read.digits


# -- text ----------------------------------------------------------------------------------------

def to_enum(text: str, field: Field) -> str | None:
    """The allowed value meant, when exactly one is (see formats.enums for the rules)."""
    allowed = field.constraints.get("enum")
    if not allowed or field.type not in ("string",):
        return None
    return match_enum(text, allowed, field.description).value


def to_pattern_list(text: str, field: Field) -> str | None:
    """Fields whose pattern lists the allowed words (« Électrique|Hydrogène »): each part aligned like an enum."""
    vocabulary = pattern_vocabulary(field.constraints.get("pattern", ""))
    if vocabulary is None:
        return None
    return match_list(text, vocabulary[0], vocabulary[1], field.description)


def to_phone(text: str, field: Field) -> str | None:
    words = fold(f"{field.name} {field.title}")
    if not re.search(r"\btel|telephone|phone", words):
        return None
    example = field.example or ""
    spaced_form = example.startswith("+") and " " in example  # the form the schema shows: « +33 563123456 »
    digits = re.sub(r"[\s.\-()" + _SPACES + "]", "", trim(text))
    if spaced_form and re.fullmatch(r"0[1-9]\d{8}", digits):  # a 10-digit French number
        return f"+33 {digits[1:]}"
    try:
        number = phonenumbers.parse(trim(text), "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if spaced_form:
        return f"+{number.country_code} {phonenumbers.national_significant_number(number)}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


_DAYS = {"lu": "Mo", "lun": "Mo", "lundi": "Mo", "ma": "Tu", "mar": "Tu", "mardi": "Tu", "me": "We", "mer": "We",
         "mercredi": "We", "je": "Th", "jeu": "Th", "jeudi": "Th", "ve": "Fr", "ven": "Fr", "vendredi": "Fr",
         "sa": "Sa", "sam": "Sa", "samedi": "Sa", "di": "Su", "dim": "Su", "dimanche": "Su"}
_TIME = r"(\d{1,2})\s*(?:h|:)\s*(\d{2})?"


def _hours_rule(rule: str) -> str | None:
    rule = strip_accents(rule).lower().replace(" a ", "-").replace(" au ", "-").replace("du ", "").replace(" et ", ",")
    match = re.match(r"^\s*([a-z]+)(?:\s*-\s*([a-z]+))?\s+(.*)$", rule)
    if not match or match.group(1) not in _DAYS or (match.group(2) and match.group(2) not in _DAYS):
        return None
    days = _DAYS[match.group(1)] + (f"-{_DAYS[match.group(2)]}" if match.group(2) else "")
    spans = []
    for span in re.split(r"\s*,\s*|\s*/\s*", match.group(3).strip()):
        times = re.fullmatch(_TIME + r"\s*-\s*" + _TIME, span.strip())
        if not times:
            return None
        h1, m1, h2, m2 = times.groups()
        spans.append(f"{int(h1):02d}:{m1 or '00'}-{int(h2):02d}:{m2 or '00'}")
    return f"{days} {','.join(spans)}"


def to_opening_hours(text: str, field: Field) -> str | None:
    words = fold(f"{field.name} {field.title} {field.description}")
    if not re.search(r"ouverture|horaire|opening", words):
        return None
    rules = [_hours_rule(r) for r in re.split(r"\s*;\s*", trim(text)) if r.strip()]
    if not rules or None in rules:
        return None
    result = "; ".join(rules)
    try:
        import opening_hours

        opening_hours.OpeningHours(result)
    except Exception:
        return None
    return result


def is_commune_name_field(field: Field) -> bool:
    words = set(fold(f"{field.name} {field.title}").split()) | set(re.split(r"_", field.name.lower()))
    return field.type == "string" and bool(words & {"commune", "ville", "localite"}) \
        and not words & {"code", "insee", "siret", "siren", "postal", "cp"} \
        and not field.constraints.get("enum")


def to_commune_name(text: str, field: Field) -> str | None:
    """« BOURG EN BRESSE », « st etienne » -> the official spelling of the commune list (INSEE COG), when
    every commune of that name is spelled the same way."""
    if not is_commune_name_field(field):
        return None
    from opendata_desktop.core.formats.nomenclatures import communes_named

    names = {c.name for c in communes_named(text)}
    return names.pop() if len(names) == 1 else None


def to_case(text: str, field: Field) -> str | None:
    """Capitalised words (« ÉLISABETH » -> « Élisabeth », « MARIE-HÉLÈNE » -> « Marie-Hélène »).

    Not for commune names: « Bourg-En-Bresse » would pass a pattern and still be wrong (see to_commune_name)."""
    if "pattern" not in field.constraints or not any(c.isalpha() for c in text) or is_commune_name_field(field):
        return None
    return re.sub(r"(^|[\s\-'])(\w)", lambda m: m.group(1) + m.group(2).upper(), trim(text).lower())


def _hours_if_not_osm(text: str, field: Field) -> str | None:
    try:
        import opening_hours

        opening_hours.OpeningHours(text)
        return None  # already OSM syntax
    except Exception:
        return to_opening_hours(text, field)


def _phone_if_other_form(text: str, field: Field) -> str | None:
    if not (field.example or "").startswith("+") or text.startswith("+"):
        return None
    return to_phone(text, field)


Converter = Callable[[str, Field], str | None]
_SEMANTIC: list[tuple[str, Converter]] = [("commune", to_commune_name), ("hours", _hours_if_not_osm),
                                          ("phone", _phone_if_other_form)]
_BY_TYPE: dict[str, list[tuple[str, Converter]]] = {
    "date": [("date", to_date)], "datetime": [("datetime", to_datetime)], "number": [("number", to_number)],
    "integer": [("integer", to_integer)], "year": [("year", to_year)], "boolean": [("boolean", to_boolean)],
    "string": [("enum", to_enum), ("enum", to_pattern_list), ("phone", to_phone), ("identifier", to_identifier), ("period", to_period),
               ("hours", to_opening_hours), ("commune", to_commune_name), ("case", to_case)],
}


_CHECKERS: dict[int, tuple[Field, CellChecker]] = {}


def _checker(field: Field) -> CellChecker:
    """One checker per field object (fields are unhashable; the entry keeps the field alive)."""
    entry = _CHECKERS.get(id(field))
    if entry is None or entry[0] is not field:
        entry = _CHECKERS[id(field)] = (field, CellChecker(field, ("",)))
    return entry[1]


def fix_value(text: str, field: Field, identifier_fields: frozenset[str] | dict[str, str] = frozenset()
              ) -> tuple[str, str] | None:
    """(new text, converter) when a safe fix exists for `text` in `field`; None otherwise.

    `identifier_fields`: the schema's SIRET fields (a set of names) or {field: kind} (see
    `schema_identifier_checks`). Trimming always applies. Other converters are tried only if the trimmed
    value fails the field's checks, and their output is kept only if it passes them. An identifier gets
    nothing but its own repairs (formats.identifiers): no case, no guess.
    """
    checker = _checker(field)
    trimmed = trim(text)
    if isinstance(identifier_fields, dict):
        kind = identifier_fields.get(field.name) or identifier_kind(field)
    else:
        kind = ids.SIRET if field.name in identifier_fields else identifier_kind(field)

    def passes(value: str) -> bool:
        status = checker.check(value)[0]
        if status not in (OK,) and not (value == "" and not field.required):
            return False
        if value and kind == ids.SIRET:
            return ids.is_valid_siret(value)
        if value and kind == ids.SIREN:
            return ids.is_valid_siren(value)
        return True

    if kind is not None and field.type == "string":
        if trimmed:
            repair = ids.repair_identifier(trimmed, kind)
            if repair.status == ids.REPAIRED and passes(repair.value):
                return repair.value, "identifier"
        return (trimmed, "trim") if trimmed != text else None
    if passes(trimmed):
        # Valid as text, yet not in the form the field's meaning asks for.
        for name, normalise in _SEMANTIC:
            candidate = normalise(trimmed, field)
            if candidate is not None and candidate != trimmed and passes(candidate):
                return candidate, name
        return (trimmed, "trim") if trimmed != text else None
    for name, convert in _BY_TYPE.get(field.type, []):
        try:
            candidate = convert(trimmed, field)
        except (ValueError, ArithmeticError):
            candidate = None
        if candidate is not None and candidate != text and passes(candidate):
            return candidate, name
    return None


def nearest_enum(text: str, field: Field) -> str | None:
    """The allowed value closest to `text` (« aide numéraire » -> « aide en numéraire »): to confirm, never automatic."""
    import difflib

    allowed = [str(v) for v in field.constraints.get("enum", [])]
    if not allowed or not trim(text):
        return None
    folded = {fold(v): v for v in allowed}
    match = difflib.get_close_matches(fold(text), list(folded), n=2, cutoff=0.6)
    if len(match) == 1 or (len(match) == 2 and difflib.SequenceMatcher(None, fold(text), match[0]).ratio()
                           - difflib.SequenceMatcher(None, fold(text), match[1]).ratio() > 0.1):
        return folded[match[0]]
    return None


class FieldFit:
    """Does a value fit a field, once safely fixed? (Evidence for mapping suggestions.)"""

    def informative(self, field: Field) -> bool:
        return field.type != "string" or bool({"pattern", "enum"} & set(field.constraints)) or \
            field.format not in ("default", "")

    def fits(self, field: Field, value: str) -> bool:
        if _checker(field).check(trim(value))[0] == OK:
            return True
        return fix_value(value, field) is not None
