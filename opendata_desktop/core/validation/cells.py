"""How one cell text is read and checked against its field, exactly as frictionless does.

`CellChecker.check(text)` returns (code, note, typed_value). The engine calls it once per distinct
value of a column and spreads the results to the rows, so parity with frictionless holds value for
value while a column of a million repeated dates costs a few hundred calls.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

import numpy as np

from opendata_desktop.core.schemas.model import Field
from opendata_desktop.core.validation import vector

OK, TYPE_ERROR, CONSTRAINT_ERROR, MISSING = 0, 1, 2, 3

_BARE_NUMBER_STRIP = re.compile(r"((^[^-\d]*)|(\D*$))")
# Spellings that Decimal / int read for sure, as the value they show (ASCII digits, no space, no « _ »).
_SIMPLE_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SIMPLE_INTEGER = re.compile(r"[+-]?[0-9]+")


def _uri_reader() -> Callable[[str], Any]:
    import rfc3986
    from rfc3986 import validators

    validator = validators.Validator().require_presence_of("scheme")

    def read(cell: str):
        try:
            validator.validate(rfc3986.uri_reference(cell))
        except rfc3986.exceptions.ValidationError:
            return None
        return cell

    return read


def _email_reader() -> Callable[[str], Any]:
    import validators

    return lambda cell: cell if validators.email(cell) else None


def _uuid_reader() -> Callable[[str], Any]:
    import validators

    return lambda cell: cell if validators.uuid(cell) else None


def _string_reader(field: Field) -> Callable[[str], Any]:
    if field.format == "uri":
        return _uri_reader()
    if field.format == "email":
        return _email_reader()
    if field.format == "uuid":
        return _uuid_reader()
    return lambda cell: cell


def _number_reader(field: Field) -> Callable[[str], Any]:
    raw = field.raw
    group_char = raw.get("groupChar", "")
    decimal_char = raw.get("decimalChar", ".")
    bare = raw.get("bareNumber", True)
    processed = any(k in raw for k in ("groupChar", "decimalChar", "bareNumber"))

    def read(cell: str):
        cell = cell.strip()
        if processed:
            if not bare:
                cell = _BARE_NUMBER_STRIP.sub("", cell)
            cell = cell.replace(group_char, "") if group_char else cell
            if decimal_char != "." and "." in cell:
                return None
            cell = cell.replace(decimal_char, ".")
        try:
            return Decimal(cell)
        except (InvalidOperation, ValueError):
            return None

    return read


def _integer_reader(field: Field) -> Callable[[str], Any]:
    bare = field.raw.get("bareNumber", True)

    def read(cell: str):
        cell = cell.strip()
        if not bare:
            cell = _BARE_NUMBER_STRIP.sub("", cell)
        try:
            return int(cell)
        except ValueError:
            return None

    return read


def _boolean_reader(field: Field) -> Callable[[str], Any]:
    mapping = {v: True for v in field.true_values}
    mapping.update({v: False for v in field.false_values})
    return mapping.get


def _strptime_reader(fmt: str, kind: str) -> Callable[[str], Any]:
    def read(cell: str):
        try:
            parsed = dt.datetime.strptime(cell, fmt)
        except ValueError:
            return None
        return parsed.date() if kind == "date" else parsed.time() if kind == "time" else parsed

    return read


def _dateutil_any(convert: Callable[[dt.datetime], Any]) -> Callable[[str], Any]:
    """frictionless' format « any »: whatever dateutil understands."""
    from dateutil import parser

    def read(cell: str):
        try:
            return convert(parser.parse(cell))
        except (ValueError, OverflowError):
            return None

    return read


def _date_reader(field: Field) -> Callable[[str], Any]:
    if field.format == "any":
        return _dateutil_any(lambda d: d.date())
    return _strptime_reader("%Y-%m-%d" if field.format == "default" else field.format, "date")


def _datetime_reader(field: Field) -> Callable[[str], Any]:
    from dateutil import parser

    if field.format == "default":
        def read(cell: str):
            try:
                assert cell[16] == ":" and len(cell) >= 19  # frictionless guards against short forms
                return parser.isoparse(cell)
            except (AssertionError, IndexError, ValueError, OverflowError):
                return None

        return read
    if field.format == "any":
        return _dateutil_any(lambda d: d)
    return _strptime_reader(field.format, "datetime")


def _time_reader(field: Field) -> Callable[[str], Any]:
    from dateutil import parser

    if field.format == "default":
        def read(cell: str):
            try:
                assert cell[5] == ":" and len(cell) >= 8
                return parser.isoparse(f"2000-01-01T{cell}").timetz()
            except (AssertionError, IndexError, ValueError, OverflowError):
                return None

        return read
    if field.format == "any":
        return _dateutil_any(lambda d: d.timetz())
    return _strptime_reader(field.format, "time")


def _year_reader(field: Field) -> Callable[[str], Any]:
    def read(cell: str):
        if len(cell) != 4:
            return None
        try:
            value = int(cell)
        except ValueError:
            return None
        return value if 0 <= value <= 9999 else None

    return read


def _geopoint_reader(field: Field) -> Callable[[str], Any]:
    def in_range(lon, lat):
        return -180 <= lon <= 180 and -90 <= lat <= 90

    def read(cell: str):
        try:
            if field.format == "array":
                value = json.loads(cell)
                if not isinstance(value, list) or len(value) != 2:
                    return None
                lon, lat = Decimal(str(value[0])), Decimal(str(value[1]))
            elif field.format == "object":
                value = json.loads(cell)
                if not isinstance(value, dict) or set(value) != {"lon", "lat"}:
                    return None
                lon, lat = Decimal(str(value["lon"])), Decimal(str(value["lat"]))
            else:
                lon_text, lat_text = cell.split(",")
                lon, lat = Decimal(lon_text.strip()), Decimal(lat_text.strip())
        except (ValueError, InvalidOperation, TypeError, json.JSONDecodeError):
            return None
        return (lon, lat) if in_range(lon, lat) else None

    return read


def _array_reader(field: Field) -> Callable[[str], Any]:
    item = field.raw.get("arrayItem")
    item_checker = CellChecker(Field.from_descriptor({"name": field.name, **item}), ()) if item else None

    def read(cell: str):
        try:
            value = json.loads(cell)
        except json.JSONDecodeError:
            return None
        if not isinstance(value, list):
            return None
        if item_checker is not None:
            for element in value:
                code, _, _ = item_checker.check(element if isinstance(element, str) else json.dumps(element))
                if code != OK:
                    return None
        return tuple(value)

    return read


_READERS: dict[str, Callable[[Field], Callable[[str], Any]]] = {
    "string": _string_reader, "number": _number_reader, "integer": _integer_reader,
    "boolean": _boolean_reader, "date": _date_reader, "datetime": _datetime_reader,
    "time": _time_reader, "year": _year_reader, "geopoint": _geopoint_reader, "array": _array_reader,
}

_SUPPORTED = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "array": ("required", "minLength", "maxLength", "enum"),
    "boolean": ("required", "enum"),
    "geopoint": ("required", "enum"),
}
_ORDERED = ("required", "minimum", "maximum", "enum")


@dataclass
class CellChecker:
    field: Field
    missing_values: tuple[str, ...]

    def __post_init__(self) -> None:
        field = self.field
        self.missing = set(field.raw.get("missingValues", self.missing_values))
        self.read = _READERS.get(field.type, _string_reader)(field)
        supported = _SUPPORTED.get(field.type, _ORDERED)
        self.constraints: list[tuple[str, Callable[[Any], bool]]] = []
        for name in supported:
            if name not in field.constraints:
                continue
            value = field.constraints[name]
            if name == "required":
                continue  # handled with missing values
            if name == "pattern":
                compiled = re.compile(f"^{value}$")
                self.constraints.append((name, lambda cell, c=compiled: c.match(cell) is not None))
            elif name == "enum":
                allowed = [self.read(v) if isinstance(v, str) else v for v in value]
                self.constraints.append((name, lambda cell, a=allowed: cell in a))
            elif name in ("minLength", "maxLength"):
                limit = int(value)
                op = (lambda n, m: n >= m) if name == "minLength" else (lambda n, m: n <= m)
                self.constraints.append((name, lambda cell, l=limit, o=op: o(len(cell), l)))
            elif name in ("minimum", "maximum"):
                bound = self.read(str(value)) if not isinstance(value, (int, float)) else (
                    Decimal(str(value)) if field.type == "number" else value)
                if bound is None:
                    continue
                ge = name == "minimum"
                self.constraints.append((name, lambda cell, b=bound, g=ge: cell == cell and (
                    cell >= b if g else cell <= b)))
        self.required = bool(field.constraints.get("required"))

    @property
    def vectorizable(self) -> bool:
        """Plain text fields: every check is a set lookup, a length or a regex, done on arrays.
        Plain numbers: the common spellings are recognised by one regex and bounded with numpy."""
        if self.field.type == "string":
            return self.field.format in ("default", "")
        return self.field.type in ("number", "integer") and not self._number_options()

    def _number_options(self) -> bool:
        raw, c = self.field.raw, self.field.constraints
        return any(k in raw for k in ("groupChar", "decimalChar", "bareNumber")) or "enum" in c

    def check_many(self, texts: list[str], missing: np.ndarray | None = None
                   ) -> tuple[np.ndarray, dict[int, str], list[Any] | None]:
        """`check` for many distinct texts at once: (statuses, notes by index where not empty, typed).
        `typed` is None when left to be computed on demand (`check` per text) by the few checks needing it."""
        if missing is None:  # which texts are missing values (the engine has it already)
            missing = vector.in_set(vector.text_array(texts), self.missing)
        if self.field.type in ("number", "integer"):
            return self._check_many_numbers(texts, missing)
        return self._check_many_strings(texts, missing)

    def _check_many_numbers(self, texts: list[str], missing: np.ndarray) -> tuple[np.ndarray, dict[int, str], None]:
        """Plain spellings (digits, sign, point, exponent) are recognised and bounded in numpy; the
        others (« 1 234,5 », « 1_000 », « NaN », bounds within float rounding) are read one by one."""
        c = self.field.constraints
        bounded = "minimum" in c or "maximum" in c
        integer = self.field.type == "integer"
        if bounded:
            simple, numbers = vector.plain_numbers(texts, integer=integer)
        else:  # only whether each is a number: no value is computed
            simple = vector.plain_number_mask(texts, integer=integer)
        simple &= ~missing
        status = np.zeros(len(texts), dtype=np.int8)
        notes: dict[int, str] = {}
        exact = ~simple
        if simple.any() and bounded:
            for name, bad in (("minimum", np.less), ("maximum", np.greater)):
                if name not in c:
                    continue
                try:
                    bound = float(c[name])
                except (TypeError, ValueError):
                    exact |= simple  # an unusual bound: the exact path decides
                    continue
                near = np.abs(numbers - bound) <= 1e-9 * max(1.0, abs(bound))  # float rounding: decide exactly
                exact |= simple & (near | bad(numbers, bound))
        for i in np.flatnonzero(exact):
            status[i], notes[i], _ = self.check(texts[i])
        return status, notes, None

    def _check_many_strings(self, texts: list[str], missing: np.ndarray) -> tuple[np.ndarray, dict[int, str], None]:
        status = np.where(missing, CONSTRAINT_ERROR if self.required else MISSING, OK).astype(np.int8)
        notes: dict[int, str] = {}
        if self.required:
            for i in np.flatnonzero(missing):
                notes[i] = "required"
        failures: list[tuple[str, np.ndarray]] = []  # in the order `check` reports them
        present = ~missing
        c = self.field.constraints
        if "minLength" in c or "maxLength" in c:
            sizes = vector.lengths(texts)
            if "minLength" in c:
                failures.append(("minLength", sizes >= int(c["minLength"])))
            if "maxLength" in c:
                failures.append(("maxLength", sizes <= int(c["maxLength"])))
        if "pattern" in c:
            compiled = re.compile(f"^{c['pattern']}$")
            passed = np.zeros(len(texts), dtype=bool)
            fixed = vector.fixed_pattern(str(c["pattern"]))
            if fixed is not None:
                passed = vector.match_fixed(texts, fixed)  # certainly matching; the rest is asked to `re`
            for i in np.flatnonzero(~passed & present):
                passed[i] = compiled.match(texts[i]) is not None
            failures.append(("pattern", passed))
        if "enum" in c:
            failures.append(("enum", vector.in_set(vector.text_array(texts), list(c["enum"]))))
        for name, passed in failures:
            bad = present & ~passed
            status[bad] = CONSTRAINT_ERROR
            for i in np.flatnonzero(bad):
                notes[i] = f"{notes[i]},{name}" if notes.get(i) else name
        return status, notes, None  # typed: the text itself, computed on demand

    def check(self, text: str) -> tuple[int, str, Any]:
        """(status, note, typed value): status OK, TYPE_ERROR, CONSTRAINT_ERROR or MISSING."""
        if text in self.missing:
            if self.required:
                return CONSTRAINT_ERROR, "required", None
            return MISSING, "", None
        typed = self.read(text)
        if typed is None:
            return TYPE_ERROR, "type", None
        failed = [name for name, check in self.constraints if not _safe(check, typed)]
        if failed:
            return CONSTRAINT_ERROR, ",".join(failed), typed
        return OK, "", typed


def _safe(check: Callable[[Any], bool], value: Any) -> bool:
    try:
        return bool(check(value))
    except (TypeError, InvalidOperation):
        return False
