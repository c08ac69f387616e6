"""Turn a workbook cell value into the text a person sees, without Excel's damage.

Every value becomes text so that identifiers survive (a SIRET stored as the float 21820682914177.0
becomes "21820682914177", not "2.18206829141770E+13"); typed interpretation happens later,
against the schema.
"""

from __future__ import annotations

import ctypes
import datetime as dt
from decimal import Decimal
from functools import lru_cache

import numpy as np
import pandas as pd


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


@lru_cache(maxsize=1)
def _text_dtype():
    """The dtype pandas gives a column of texts: « str » (pandas 3), object before."""
    return pd.Series(["a"]).dtype


def text_column(values: np.ndarray):
    """A 1-D object array holding only `str`, as pandas' own text column without a pass over every cell.

    pandas re-checks each cell when it builds a text column from an object array (about 20 ms per
    million cells, and a copy inside a DataFrame): the readers produce texts only, so the array is
    wrapped as it is. Where pandas has no such wrapping (another version), its ordinary one is used.
    """
    values = np.asarray(values, dtype=object)
    if not values.flags.writeable:
        # pandas hands out read-only views of its columns; the reader's grid is dropped once its columns
        # are taken, so the view may become the table's own (edits write into it). Else, a copy.
        try:
            values.flags.writeable = True
        except ValueError:
            values = values.copy()
    dtype = _text_dtype()
    if dtype == object:
        return values
    if getattr(dtype, "storage", None) == "python":
        try:
            return pd.arrays.StringArray._simple_new(values, dtype)
        except (AttributeError, TypeError):
            pass
    return pd.array(values, dtype=dtype)


def text_pointers(values: np.ndarray) -> np.ndarray | None:
    """The addresses of an object array's texts as integers (a read-only view, valid while `values` is
    held), or None when the array is not a plain contiguous object array.

    Readers give one text object to all repeats of a value within a slice of rows, and CPython has one
    empty text: comparing and grouping addresses is an integer operation where comparing texts calls
    Python once per cell.
    """
    if values.dtype != object or values.ndim != 1 or not values.flags.c_contiguous or not len(values) \
            or values.itemsize != ctypes.sizeof(ctypes.c_void_p):
        return None
    return np.ctypeslib.as_array((ctypes.c_ssize_t * len(values)).from_address(values.ctypes.data))


_EMPTY = ""


def _one_empty_text() -> bool:
    """Whether every empty text this interpreter makes is the same object (CPython: yes)."""
    made = ["".join([]), "abc"[3:], b"".decode("utf-8"), b"".decode("cp1252"), str(), "x".replace("x", ""),
            "x".strip("x"), format(""), "%s" % ""]
    return all(text is _EMPTY for text in made)


_ONE_EMPTY_TEXT = _one_empty_text()


def nonempty_mask(values: np.ndarray) -> np.ndarray:
    """values != "" for an object array of texts, comparing addresses where the interpreter has one
    empty text (a hundredth of the time on a million cells)."""
    values = np.asarray(values, dtype=object)
    pointers = text_pointers(values) if _ONE_EMPTY_TEXT else None
    if pointers is None:
        return values != ""
    return pointers != id(_EMPTY)
