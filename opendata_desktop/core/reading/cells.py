"""Turn a workbook cell value into the text a person sees, without Excel's damage.

Every value becomes text so that identifiers survive (a SIRET stored as the float 21820682914177.0
becomes "21820682914177", not "2.18206829141770E+13"); typed interpretation happens later,
against the schema.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def number_to_text(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):  # NaN / infinities
        return ""
    if value.is_integer() and abs(value) < 1e17:
        return str(int(value))
    text = f"{value:.15g}"  # Excel keeps 15 significant digits: hide binary noise
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def cell_to_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_to_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds())
        return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"
    return str(value)


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA' (spreadsheet column names)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
