"""Dates and periods as French offices write them, to ISO 8601.

Day first (« 05/03/2024 » is 5 March), as French spreadsheets do; year first when the year leads
(« 2017/09/08 »); month names (« 5 mars 2024 », « 1er janv. 2024 »); Excel serial numbers kept as numbers.
Periods: two dates joined by « _ », « / », « - », « au », « à »…, optionally « du … au … », the first
date's year taken from the second when it is left out (« du 01/05 au 31/12/2024 »).
"""

from __future__ import annotations

import datetime as dt
import re

from opendata_desktop.core.textnorm import fold

MONTHS = {"janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3, "avril": 4,
          "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9,
          "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12}
_SPACES = "\u00a0\u202f\u2007\u2009\ufeff\u200b"

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]00:00(:00(\.0+)?)?(Z)?$")
_WORDS = re.compile(r"^(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})$")
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")

# One date inside a longer text (a period): numeric forms and « 5 mars 2024 ».
_DATE_TOKEN = (r"\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?!\d)"
               r"|\d{1,2}(?:er)?\s+[a-zéûô]+\.?\s+\d{4}")
_PARTIAL_TOKEN = r"\d{1,2}[/.\-]\d{1,2}(?![/.\-]?\d)|\d{1,2}(?:er)?\s+[a-zéûô]+\.?(?!\s*\d)"
_RANGE = re.compile(
    rf"^(?:du|de|periode du|période du|période|periode)?\s*({_DATE_TOKEN}|{_PARTIAL_TOKEN})\s*"
    rf"(?:_|/|-|–|—|->|→|\bau\b|\bà\b|\ba\b|\bjusqu'?au\b)\s*({_DATE_TOKEN})$", re.I)


def _clean(text: str) -> str:
    for char in _SPACES:
        text = text.replace(char, " ")
    return re.sub(r"\s+", " ", text).strip()


def parse_date(text: str) -> dt.date | None:
    """The date a French office means by `text`, or None when it is not one date."""
    text = re.sub(r"(?<=\d)[ T]00[:h]00(:00)?$", "", _clean(text))  # « 07/11/2017 00:00 »: a date cell
    try:
        if match := _DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            if year < 100:
                year += 2000 if year < 70 else 1900
            return dt.date(year, month, day)
        if match := _YMD.match(text):
            return dt.date(*(int(g) for g in match.groups()))
        if match := _ISO_TIME.match(text):
            return dt.date.fromisoformat(match.group(1))
        if match := _WORDS.match(fold(text)):
            month = MONTHS.get(match.group(2))
            if month:
                return dt.date(int(match.group(3)), month, int(match.group(1)))
        if _SERIAL.match(text):  # an Excel serial number kept as a number
            serial = int(float(text))
            if 20000 <= serial <= 80000:
                return dt.date(1899, 12, 30) + dt.timedelta(days=serial)
    except ValueError:
        return None
    return None


def to_iso_date(text: str, fmt: str = "%Y-%m-%d") -> str | None:
    day = parse_date(text)
    return None if day is None else day.strftime(fmt)


def _partial(text: str, year: int) -> dt.date | None:
    text = _clean(text)
    if match := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})", text):
        try:
            return dt.date(year, int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    return parse_date(f"{text} {year}")


def parse_period(text: str) -> tuple[dt.date, dt.date] | dt.date | None:
    """A single date, or a (start, end) period with start <= end; None when unsure.

    Two dates that are not joined as a range (« 28/11/2017 et 08/12/2017 », one per line) are two
    payments, not a period: None.
    """
    text = _clean(text)
    if not text:
        return None
    single = parse_date(text)
    if single is not None:
        return single
    text = re.sub(r"^(?:le|du)\s+(?=\d)", "", text, flags=re.I) if not re.search(r"\bau\b|\bà\b", text) else text
    match = _RANGE.match(text)
    if not match:
        return None
    end = parse_date(match.group(2))
    if end is None:
        return None
    start = parse_date(match.group(1)) or _partial(match.group(1), end.year)
    if start is None or start > end:
        return None
    return start, end


def format_period(value, fmt: str = "%Y-%m-%d") -> str:
    if isinstance(value, tuple):
        return f"{value[0].strftime(fmt)}/{value[1].strftime(fmt)}"
    return value.strftime(fmt)
