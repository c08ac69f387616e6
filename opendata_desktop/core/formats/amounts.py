"""Amounts and numbers as French spreadsheets write them: « 1 234,50 € », « 1.234,50 », « 45 % »."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SPACES = "\u00a0\u202f\u2007\u2009 "
_CURRENCY = re.compile(r"(€|eur(os?)?|euros?)\s*$", re.I)


def parse_number(text: str) -> Decimal | None:
    """The number meant, or None when it is not one number (never a guess: « 1,234 » alone stays None
    only if it cannot be read; a comma is the French decimal mark)."""
    text = text.strip().strip("\ufeff\u200b")
    for space in _SPACES:
        text = text.replace(space, "")
    text = _CURRENCY.sub("", text)
    if text.startswith("€"):
        text = text[1:]
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
    """1234.50 -> « 1234.5 » (no exponent, no useless zeros)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text
