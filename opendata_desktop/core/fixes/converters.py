"""Converters from what French spreadsheets contain to what a schema field expects.

Each converter takes a text and returns the corrected text, or None when it cannot say safely.
`fix_value` tries the ones that suit the field and keeps a result only if the field's own checks
(type, constraints, French checks such as the SIRET key) accept it: a fix never guesses.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Callable

import phonenumbers

from opendata_desktop.core.schemas.model import Field
from opendata_desktop.core.textnorm import fold, strip_accents
from opendata_desktop.core.validation.cells import OK, CellChecker
from opendata_desktop.core.validation.custom_checks import is_valid_siret

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_SPACES = "\u00a0\u202f\u2007\u2009"
_MONTHS = {"janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
           "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
           "novembre": 11, "nov": 11, "decembre": 12, "dec": 12}
_TRUE_WORDS = {"oui", "o", "vrai", "v", "true", "yes", "y", "x", "1", "ok", "coche"}
_FALSE_WORDS = {"non", "n", "faux", "f", "false", "no", "0", "-"}
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
}


def trim(text: str) -> str:
    return text.strip(" \t\r\n" + _SPACES + _INVISIBLE)


# -- dates ---------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]00:00(:00)?$")
_WORDS = re.compile(r"^(\d{1,2})(?:er)?\s+([a-zéû]+)\.?\s+(\d{4})$")


def parse_date(text: str) -> dt.date | None:
    text = trim(text)
    try:
        if match := _DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            if year < 100:
                year += 2000 if year < 70 else 1900
            return dt.date(year, month, day)  # French order: day first
        if match := _YMD.match(text):
            return dt.date(*(int(g) for g in match.groups()))
        if match := _ISO_TIME.match(text):
            return dt.date.fromisoformat(match.group(1))
        if match := _WORDS.match(fold(text)):
            month = _MONTHS.get(match.group(2))
            if month:
                return dt.date(int(match.group(3)), month, int(match.group(1)))
        if re.fullmatch(r"\d{5}(\.0+)?", text):  # an Excel serial number kept as a number
            serial = int(float(text))
            if 20000 <= serial <= 80000:
                return dt.date(1899, 12, 30) + dt.timedelta(days=serial)
    except ValueError:
        return None
    return None


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
    """A string field whose pattern wants ISO dates: « 01/05/2024 » or « du 01/05 au 31/12/2024 »."""
    if not _ISO_DATE_PATTERN.search(field.constraints.get("pattern", "")):
        return None
    parts = [p for p in re.split(r"\s*(?:/|-|au|à)\s*(?=\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})|\s+au\s+|\s+à\s+",
                                 re.sub(r"^(du|le)\s+", "", trim(text), flags=re.I)) if p]
    dates = [parse_date(p) for p in parts]
    if not dates or None in dates or len(dates) > 2:
        return None
    return "/".join(d.isoformat() for d in dates)


# -- numbers -------------------------------------------------------------------------------------

_CURRENCY = re.compile(r"(€|eur(os?)?|euros?)\s*$", re.I)


def parse_number(text: str) -> Decimal | None:
    text = trim(text)
    for space in _SPACES + " ":
        text = text.replace(space, "")
    text = _CURRENCY.sub("", text)
    percent = text.endswith("%")
    text = text.rstrip("%")
    if not text:
        return None
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):  # 1.234,50: dots group thousands
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):  # 1,234.50
        text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value / 100 if percent else value


def number_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


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
    if word in _TRUE_WORDS and field.true_values:
        return field.true_values[0]
    if word in _FALSE_WORDS and field.false_values:
        return field.false_values[0]
    return None


# -- identifiers ---------------------------------------------------------------------------------

_FIXED_DIGITS = re.compile(r"^\^?\\d\{(\d+)\}\$?$")


def to_identifier(text: str, field: Field, siret: bool = False) -> str | None:
    """SIRET, SIREN, codes: spaces and dots removed, « .0 » and 2,18E+13 undone, lost zeros restored.

    Only for fields whose pattern says what the identifier looks like, or that hold a SIRET.
    """
    if "pattern" not in field.constraints and not siret:
        return None
    raw = trim(text)
    cleaned = re.sub(r"[\s.\-/" + _SPACES + "]", "", raw)
    if re.fullmatch(r"\d+(\.0+)?", raw.replace(" ", "")):
        cleaned = raw.replace(" ", "").split(".")[0]
    elif re.fullmatch(r"\d[.,]\d+[eE]\+?\d+", raw.replace(" ", "")):
        value = Decimal(raw.replace(" ", "").replace(",", "."))
        if value != value.to_integral_value() or len(raw.split("E")[0].split("e")[0]) < 12:
            return None  # too few digits survived: the identifier cannot be recovered
        cleaned = str(int(value))
    if not cleaned.isdigit():
        return None
    match = _FIXED_DIGITS.match(field.constraints.get("pattern", ""))
    width = 14 if siret else int(match.group(1)) if match else None
    if width is None and "pattern" in field.constraints:
        width = 5 if re.fullmatch(r"\d{4}", cleaned) else None  # postal and INSEE codes lose one zero
    if width and len(cleaned) < width:
        cleaned = cleaned.zfill(width)
    if width == 14 and not is_valid_siret(cleaned):
        return None
    return cleaned


# -- text ----------------------------------------------------------------------------------------

def to_enum(text: str, field: Field) -> str | None:
    allowed = [str(v) for v in field.constraints.get("enum", [])]
    if not allowed:
        return None
    word = fold(trim(text))
    same = [v for v in allowed if fold(v) == word]
    if len(same) == 1:
        return same[0]
    if all(len(v) == 1 for v in allowed) and word:  # « Masculin » -> « M »
        initial = [v for v in allowed if fold(v) == word[0]]
        if len(initial) == 1:
            return initial[0]
    return None


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


def to_case(text: str, field: Field) -> str | None:
    """Capitalised words (« ÉLISABETH » -> « Élisabeth », « MARIE-HÉLÈNE » -> « Marie-Hélène »)."""
    if "pattern" not in field.constraints or not any(c.isalpha() for c in text):
        return None
    return re.sub(r"(^|[\s\-'])(\w)", lambda m: m.group(1) + m.group(2).upper(), trim(text).lower())


def _postal_zero(text: str, field: Field) -> str | None:
    """A spreadsheet turned 01000 into 1000."""
    if re.fullmatch(r"\d{4}", text) and "postal" in fold(f"{field.name} {field.title}"):
        return "0" + text
    return None


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
_SEMANTIC: list[tuple[str, Converter]] = [("identifier", _postal_zero), ("hours", _hours_if_not_osm),
                                          ("phone", _phone_if_other_form)]
_BY_TYPE: dict[str, list[tuple[str, Converter]]] = {
    "date": [("date", to_date)], "datetime": [("datetime", to_datetime)], "number": [("number", to_number)],
    "integer": [("integer", to_integer)], "year": [("year", to_year)], "boolean": [("boolean", to_boolean)],
    "string": [("enum", to_enum), ("phone", to_phone), ("identifier", to_identifier), ("period", to_period),
               ("hours", to_opening_hours), ("case", to_case)],
}


_CHECKERS: dict[int, tuple[Field, CellChecker]] = {}


def _checker(field: Field) -> CellChecker:
    """One checker per field object (fields are unhashable; the entry keeps the field alive)."""
    entry = _CHECKERS.get(id(field))
    if entry is None or entry[0] is not field:
        entry = _CHECKERS[id(field)] = (field, CellChecker(field, ("",)))
    return entry[1]


def fix_value(text: str, field: Field, siret_fields: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(new text, converter) when a safe fix exists for `text` in `field`; None otherwise.

    Trimming always applies. Other converters are tried only if the trimmed value fails the
    field's checks, and their output is kept only if it passes them.
    """
    checker = _checker(field)
    trimmed = trim(text)
    needs_siret = field.name in siret_fields

    def passes(value: str) -> bool:
        status = checker.check(value)[0]
        if status not in (OK,) and not (value == "" and not field.required):
            return False
        return not (needs_siret and value and not is_valid_siret(value))

    if needs_siret and field.type == "string" and trimmed and not passes(trimmed):
        candidate = to_identifier(trimmed, field, siret=True)
        if candidate is not None and passes(candidate):
            return candidate, "identifier"
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
