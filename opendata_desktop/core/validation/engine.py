"""The validation engine: Table Schema plus Validata's French checks, column at a time.

Each column is factorised; every distinct text is read and checked once (`cells.CellChecker`,
frictionless semantics; plain numbers and fixed-width patterns in numpy, `vector`), and numpy spreads
the verdicts to the rows. Structure follows Validata: an absent optional column or a column outside
the schema is a warning (`report.warnings`), not an error. Uniqueness and primary keys
compare typed values, as frictionless does. The engine keeps what it computed, so that after a
cell edit only that cell, its row's cross-column checks and its column's uniqueness are redone.
"""

from __future__ import annotations

import bisect
import gc
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import repeat
from operator import itemgetter
from typing import Callable

import numpy as np
import pandas as pd

from opendata_desktop.core.errors import Cancelled
from opendata_desktop.core.reading.cells import column_letter, text_pointers
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.validation import custom_checks, vector
from opendata_desktop.core.validation.cells import CONSTRAINT_ERROR, MISSING, OK, TYPE_ERROR, CellChecker
from opendata_desktop.core.validation.messages import describe
from opendata_desktop.core.validation.report import CellError, ValidationReport

_CODES = {TYPE_ERROR: "type-error", CONSTRAINT_ERROR: "constraint-error"}


_new_errors = partial(tuple.__new__, CellError)  # a CellError from a tuple of its eight fields, in C
_ROW_NUMBER, _FIELD, _CODE = itemgetter(0), itemgetter(2), itemgetter(3)  # CellError's fields
_SLICE = 16384


def _in_slices(work: Callable[[int, int], None], count: int) -> None:
    """work(start, stop) over consecutive slices of `count` entries. A map or zip over a hundred thousand
    findings runs in C without letting another thread take the interpreter lock (the window stopped for
    40 ms); between two slices, it may."""
    for start in range(0, count, _SLICE):
        work(start, min(start + _SLICE, count))


def _sliced(build: Callable[[int, int], list], count: int) -> list:
    """build(start, stop) over consecutive slices, joined into one list (see `_in_slices`)."""
    if count <= _SLICE:
        return build(0, count)
    joined: list = []
    _in_slices(lambda a, b: joined.extend(build(a, b)), count)
    return joined


def _new_error(row_number, cell, field, code, message, row_index, value) -> CellError:
    """A blocking CellError made without the named tuple's keyword-handling constructor: the same
    object, made twice as fast, for the bulk of a large file's errors."""
    return _new_errors((row_number, cell, field, code, message, row_index, value, True))


@dataclass(frozen=True)
class CellLocator:
    """Where a schema-form cell lives in the person's file, so messages say « B12 »."""

    row_numbers: np.ndarray  # 1-based source row per data row
    field_positions: dict[str, int | None]  # field -> 0-based source column (None: not in file)

    def locate(self, row_index: int | None, field_name: str | None) -> tuple[int | None, str | None]:
        if row_index is None or not 0 <= row_index < len(self.row_numbers):
            return None, None
        row_number = int(self.row_numbers[row_index])
        position = self.field_positions.get(field_name) if field_name else None
        cell = f"{column_letter(position)}{row_number}" if position is not None else None
        return row_number, cell

    def locate_many(self, rows: np.ndarray, field_name: str | None) -> tuple[list, list]:
        """`locate` for many rows of one field at once: (row numbers, cells), None outside the file."""
        inside = (rows >= 0) & (rows < len(self.row_numbers))
        numbers = np.where(inside, self.row_numbers[np.where(inside, rows, 0)], -1).tolist()
        if not inside.all():  # rows outside the person's file (none in practice): no row number, no cell
            numbers = [n if n >= 0 else None for n in numbers]
        position = self.field_positions.get(field_name) if field_name else None
        if position is None:
            return numbers, [None] * len(numbers)
        letter = column_letter(position)
        return numbers, [f"{letter}{n}" if n is not None else None for n in numbers]

    @classmethod
    def identity(cls, frame: pd.DataFrame) -> "CellLocator":
        return cls(np.arange(2, len(frame) + 2), {c: i for i, c in enumerate(frame.columns)})


class _Errors(dict):
    """The validator's errors by (row, field, code). Writes from outside the engine (a fix review
    replacing a message) mark the kept report order as stale."""

    touched = True

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.touched = True

    def __delitem__(self, key):
        super().__delitem__(key)
        self.touched = True

    def pop(self, *args):
        self.touched = True
        return super().pop(*args)


_SAMPLE = 2000


def _factorize(values) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, distinct values as an object array). A column whose values are (nearly) all
    different — identifiers, amounts — is not hashed: each row is its own entry, every check being per
    entry. Object arrays, not lists: the garbage collector does not walk them (a million-entry list
    made each full collection, and so the edits that met one, cost tens of milliseconds)."""
    n = len(values)
    if n > 10 * _SAMPLE and not isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        sample = values.iloc[:_SAMPLE] if isinstance(values, pd.Series) else values[:_SAMPLE]
        if len(pd.unique(np.asarray(sample, dtype=object))) > 0.95 * _SAMPLE:
            # The column's own array, not a copy: an edit gives its row a new code (`code_for`), so the
            # entry the frame's edit overwrites is no longer any row's.
            return np.arange(n, dtype=np.int32), np.asarray(values, dtype=object)
    if not isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        found = _factorize_texts(np.asarray(values, dtype=object))
        if found is not None:
            return found
    codes, uniques = pd.factorize(values, use_na_sentinel=False)  # categorical columns: their own codes
    return codes.astype(_code_type(len(uniques)), copy=False), np.asarray(uniques, dtype=object)


def _factorize_texts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """pd.factorize of an object array of texts, hashing each text object once rather than each cell.

    The CSV parser gives one text object to the repeats of a value within a slice of rows, so the cells
    are first grouped by object (their addresses, hashed as integers: several times faster than hashing
    and comparing texts), then those few objects by value. Same codes, same order of first appearance.
    None when the array is not a plain contiguous object array (then pandas does it all).
    """
    pointers = text_pointers(values)
    if pointers is None:
        return None
    object_codes, objects = pd.factorize(pointers)
    if len(objects) > len(values) // 2:
        return None  # mostly distinct objects: grouping them first would not pay
    # Codes are numbered by first appearance: each first cell is where the running maximum grows.
    highest = np.maximum.accumulate(object_codes)
    first = np.flatnonzero(np.concatenate(([True], highest[1:] > highest[:-1])))
    value_codes, uniques = pd.factorize(values[first], use_na_sentinel=False)
    return value_codes.astype(_code_type(len(uniques)))[object_codes], np.asarray(uniques, dtype=object)


def _code_type(count: int) -> type:
    """The smallest integer type for codes into `count` distinct texts, with room for edits to add some:
    a column of ten distinct values costs one byte a row, not four."""
    for kind in (np.int8, np.int16):
        if count + 64 <= np.iinfo(kind).max:
            return kind
    return np.int32


class _Texts:
    """The distinct texts of a column: the array found by the run, then the texts edits bring, kept
    apart so that an edit never copies a million entries."""

    def __init__(self, values: np.ndarray):
        self.base = values
        self.added: list[str] = []

    @property
    def count(self) -> int:
        return len(self.base) + len(self.added)

    def __getitem__(self, code: int) -> str:
        return self.base[code] if code < len(self.base) else self.added[code - len(self.base)]

    def append(self, text: str) -> None:
        self.added.append(text)

    @property
    def array(self) -> np.ndarray:
        if not self.added:
            return self.base
        return np.concatenate([self.base, np.array(self.added, dtype=object)])


class _Column:
    """One field's column: distinct texts, their verdicts, and each row's code into them."""

    def __init__(self, checker: CellChecker, values):
        self.checker = checker
        codes, uniques = _factorize(values)
        self.codes = codes
        if not pd.api.types.is_string_dtype(values):  # texts from the readers; anything else is shown as text
            uniques = np.array([u if isinstance(u, str) else str(u) for u in uniques], dtype=object)
        self._texts = _Texts(uniques)
        self.missing = vector.in_set(vector.text_array(self.uniques), checker.missing)
        if checker.vectorizable:
            self.status, self.notes, self._typed = checker.check_many(self.uniques, self.missing)
        else:
            verdicts = [checker.check(u) for u in self.uniques]
            self.status = np.array([v[0] for v in verdicts], dtype=np.int8)
            self.notes = {i: v[1] for i, v in enumerate(verdicts) if v[1]}
            self._typed = [v[2] for v in verdicts]
        self._added: dict[str, int] = {}  # texts first seen in edits
        self._keys: np.ndarray | None = None  # built when uniqueness or a key is checked
        self._key_ids: dict = {}

    @property
    def typed(self) -> list:
        """Typed values per distinct text, read on demand (only uniqueness and cross-column checks need them)."""
        if self._typed is None:
            self._typed = [self.checker.check(u)[2] if s in (OK, CONSTRAINT_ERROR) else None
                           for u, s in zip(self.uniques, self.status)]
        return self._typed

    def _key(self, status: int, typed) -> int:
        """An id per typed value (1 and 1.0 share one), -1 where the cell has no value."""
        if typed is None or status not in (OK, CONSTRAINT_ERROR):
            return -1
        return self._key_ids.setdefault(tuple(typed) if isinstance(typed, list) else typed, len(self._key_ids))

    @property
    def keys(self) -> np.ndarray:
        if self._keys is None:
            self._keys = np.array([self._key(s, t) for s, t in zip(self.status, self.typed)], dtype=np.int64)
        return self._keys

    def code_for(self, text: str) -> int:
        """The code of an edited text: a new distinct entry unless an edit already brought it.

        No search among the existing distinct texts (a million of them in a large file): a repeated
        text under two codes is harmless, verdicts are per text and keys per typed value.
        """
        code = self._added.get(text)
        if code is None:
            code = self._texts.count
            if code > np.iinfo(self.codes.dtype).max:  # edits brought more texts than the type holds
                self.codes = self.codes.astype(np.int32)
            status, note, typed = self.checker.check(text)
            self._texts.append(text)
            self._added[text] = code
            self.status = np.append(self.status, np.int8(status))
            if note:
                self.notes[code] = note
            if self._typed is not None:
                self._typed.append(typed)
            self.missing = np.append(self.missing, text in self.checker.missing)
            if self._keys is not None:
                self._keys = np.append(self._keys, self._key(status, typed))
        return code

    @property
    def uniques(self) -> np.ndarray:
        return self._texts.array

    @property
    def texts(self) -> _Texts:
        """The distinct texts, indexed one at a time (no array rebuilt after edits)."""
        return self._texts

    def text(self, row: int) -> str:
        return self._texts[int(self.codes[row])]

    def row_status(self) -> np.ndarray:
        return self.status[self.codes]

    def row_keys(self) -> np.ndarray:
        return self.keys[self.codes]

    def lookup(self) -> tuple[np.ndarray, list[str]]:
        """(codes per row, distinct texts): what the custom checks reuse instead of factorising again."""
        return self.codes, self.uniques


@contextmanager
def _no_full_collection():
    """Put off full garbage collections while a run makes its findings (young ones still run).

    A run makes hundreds of thousands of objects; each full collection they trigger walks every object
    alive, the whole program included (a fifth of a million-row run). The UI does the same around
    document tasks (ui/tasks.py): the threshold in force when the run starts is restored at its end.
    """
    saved = gc.get_threshold()
    gc.set_threshold(saved[0], saved[1], 1 << 30)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


class Validator:
    def __init__(self, schema: Schema):
        self.schema = schema
        self.frame: pd.DataFrame | None = None
        self.locator: CellLocator | None = None
        self.columns: dict[str, _Column] = {}
        self.extra: dict[str, np.ndarray] = {}  # columns outside the schema: missing-value masks
        self.blank = np.zeros(0, dtype=bool)
        self.errors: _Errors = _Errors()
        self.warnings: dict[tuple, CellError] = {}  # structure remarks that do not make the file invalid
        self._order = {name: i for i, name in enumerate(schema.field_names)}
        self._sorted: list[tuple[tuple, tuple]] | None = None  # errors' keys in report order
        self._ordered: list[CellError] = []  # the errors in that order

    # -- full run --------------------------------------------------------------------------
    def run(self, frame: pd.DataFrame, locator: CellLocator | None = None,
            cancelled: Callable[[], bool] | None = None, blank_rows: list[int] = (),
            duplicate_labels: dict[str, str] | None = None) -> ValidationReport:
        """`blank_rows`: 1-based rows of the person's file that the reader set aside as blank;
        `duplicate_labels`: columns the reader renamed because their header repeats another."""
        with _no_full_collection():
            return self._run(frame, locator, cancelled, blank_rows, duplicate_labels)

    def _run(self, frame, locator, cancelled, blank_rows, duplicate_labels) -> ValidationReport:
        duplicate_labels = duplicate_labels or {}
        self.frame = frame
        self.locator = locator or CellLocator.identity(frame)
        self.errors = _Errors()
        self._sorted = None
        labels = [str(c) for c in frame.columns]
        fields = {f.name: f for f in self.schema.fields}
        self.warnings = {}
        for f in self.schema.fields:
            if f.name not in labels:  # Validata: an absent optional column is only a structure warning
                self._add(None, f.name, "missing-label", describe("missing-label", f, None), blocking=f.required)
        for name in self.schema.primary_key:
            if name not in labels:  # Validata (frictionless schema_sync): the key cannot be checked at all
                self._add(None, name, "schema-error", describe("schema-error", self._field(name), None))
        missing = set(self.schema.missing_values)
        self.columns, self.extra = {}, {}
        for label in labels:
            if cancelled and cancelled():
                raise Cancelled()
            if label in fields:
                checker = CellChecker(fields[label], self.schema.missing_values)
                self.columns[label] = _Column(checker, frame[label])
            else:
                if label in duplicate_labels:
                    self._add(None, label, "duplicate-label",
                              describe("duplicate-label", None, None, label=duplicate_labels[label]))
                else:
                    self._add(None, label, "extra-label", describe("extra-label", None, None, label=label),
                              blocking=False)
                self.extra[label] = frame[label].isin(missing).to_numpy()
        self.blank = self._blank_rows(len(frame))
        for row in np.flatnonzero(self.blank):
            self._add(int(row), None, "blank-row", describe("blank-row", None, None))
        keyed = bool(self.schema.primary_key) and all(n in labels for n in self.schema.primary_key)
        for row_number in blank_rows:  # blank rows the reader set aside: a key made of nothing, too
            self.errors[("source", row_number, "blank-row")] = CellError(
                row_number, None, None, "blank-row", describe("blank-row", None, None))
            if keyed:
                self.errors[("source", row_number, "primary-key")] = CellError(
                    row_number, None, None, "primary-key", describe("primary-key", None, ""))
        for name, column in self.columns.items():
            bad_codes = (column.status == TYPE_ERROR) | (column.status == CONSTRAINT_ERROR)
            if bad_codes.any():
                rows = np.flatnonzero(bad_codes[column.codes])
                self._cell_errors(name, rows[~self.blank[rows]])
        for name in self._unique_fields():
            self._check_unique(name)
        self._check_primary_key()
        lookups = {name: column.lookup() for name, column in self.columns.items()}
        for position, check in enumerate(self.schema.custom_checks):
            self._add_findings(custom_checks.run(check, frame, self.schema, ~self.blank, lookups), position)
        return self.report()

    def _add_findings(self, findings, slot: int) -> None:
        """A custom check's findings, row-level ones made in bulk as `_cell_errors` does (tens of thousands
        on a large file). Table-level findings of different checks (two unknown checks…) are kept apart by
        the check's `slot` so that they do not overwrite each other."""
        locate = self.locator.locate
        keys, errors = [], []
        for row, field_name, code, message in findings:
            if row is None:
                self._add(row, field_name, code, message, slot=slot)
                continue
            keys.append((row, field_name, code))
            errors.append(_new_error(*locate(row, field_name), field_name, code, message, row, None))
        if keys:
            dict.update(self.errors, zip(keys, errors))
            self.errors.touched = True
            self._sorted = None

    def _blank_rows(self, n: int) -> np.ndarray:
        """Rows where every cell is a missing value. The rows still blank after the first column are
        few: each further column is read at those rows only, not at every row."""
        rows: np.ndarray | None = None
        for column in self.columns.values():
            if rows is None:
                rows = np.flatnonzero(column.missing[column.codes])
            else:
                rows = rows[column.missing[column.codes[rows]]]
        if rows is None:
            rows = np.arange(n)
        for mask in self.extra.values():
            rows = rows[mask[rows]]
        blank = np.zeros(n, dtype=bool)
        blank[rows] = True
        return blank

    def _sort_key(self, key: tuple, error: CellError) -> tuple:
        return (error.row_number or 0, self._order.get(error.field, len(self._order)), error.code,
                key[3] if len(key) > 3 else -1)

    def _ordered_errors(self) -> list[CellError]:
        """Errors in file order. The order is kept between edits (an edit changes a few entries), so a
        re-check neither sorts nor walks a hundred thousand errors again."""
        if self._sorted is None or self.errors.touched:
            keys = list(self.errors)
            errors = list(self.errors.values())
            order = self._order
            last = len(order)
            # map() over the named tuples' fields: no Python step per error in these passes.
            # None (a finding about the whole table) reads as NaN, then row 0, as in `_sort_key`.
            rows = np.nan_to_num(np.array(_sliced(lambda a, b: list(map(_ROW_NUMBER, errors[a:b])), len(errors)),
                                          dtype=float), nan=0).astype(np.int64)
            fields = _sliced(lambda a, b: list(map(order.get, map(_FIELD, errors[a:b]), repeat(last))), len(errors))
            codes = _sliced(lambda a, b: list(map(_CODE, errors[a:b])), len(errors))
            slots = np.full(len(keys), -1, dtype=np.int64)  # only table-level findings of custom checks have one
            for i in np.flatnonzero(np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)) > 3).tolist():
                slots[i] = keys[i][3]
            rank = {c: i for i, c in enumerate(sorted(set(codes)))}
            # One stable numpy sort on (row, field, code, slot) rather than Python comparing tuples.
            permutation = np.lexsort((slots, np.array(list(map(rank.__getitem__, codes))),
                                      np.array(fields, dtype=np.int64), rows)).tolist()
            sort_keys = _sliced(lambda a, b: list(zip(rows[a:b].tolist(), fields[a:b], codes[a:b],
                                                      slots[a:b].tolist())), len(errors))
            self._sorted = _sliced(lambda a, b: list(zip(map(sort_keys.__getitem__, permutation[a:b]),
                                                         map(keys.__getitem__, permutation[a:b]))), len(errors))
            self._ordered = _sliced(lambda a, b: list(map(errors.__getitem__, permutation[a:b])), len(errors))
            self.errors.touched = False
        return list(self._ordered)

    def _position(self, key: tuple, error: CellError) -> int | None:
        """Index of `key` in the kept order, or None."""
        sort_key = self._sort_key(key, error)
        i = bisect.bisect_left(self._sorted, sort_key, key=lambda p: p[0])
        while i < len(self._sorted) and self._sorted[i][0] == sort_key:
            if self._sorted[i][1] == key:
                return i
            i += 1
        return None

    def _drop(self, key: tuple) -> None:
        error = dict.pop(self.errors, key, None)
        if error is None or self._sorted is None or self.errors.touched:
            return
        i = self._position(key, error)
        if i is None:
            self._sorted = None
            return
        del self._sorted[i]
        del self._ordered[i]

    def report(self) -> ValidationReport:
        order = self._order
        errors = self._ordered_errors()
        warnings = sorted(self.warnings.values(), key=lambda e: (order.get(e.field, len(order)), e.code))
        return ValidationReport(self.schema.name, self.schema.version,
                                rows=0 if self.frame is None else len(self.frame), errors=errors, warnings=warnings)

    # -- errors ----------------------------------------------------------------------------
    def _add(self, row: int | None, field_name: str | None, code: str, message: str, *,
             value: str | None = None, blocking: bool = True, slot: int | None = None) -> None:
        row_number, cell = self.locator.locate(row, field_name)
        key = (row, field_name, code) if slot is None else (row, field_name, code, slot)
        error = CellError(row_number, cell, field_name, code, message, row_index=row, value=value, blocking=blocking)
        if not blocking:
            self.warnings[key] = error
            return
        self._put(key, error)

    def _put(self, key: tuple, error: CellError) -> None:
        old = self.errors.get(key)
        dict.__setitem__(self.errors, key, error)
        if self._sorted is None or self.errors.touched:
            return
        if old is not None:
            i = self._position(key, old)
            if i is None or self._sort_key(key, old) != self._sort_key(key, error):
                self._sorted = None
                return
            self._ordered[i] = error
            return
        entry = (self._sort_key(key, error), key)
        i = bisect.bisect_right(self._sorted, entry[0], key=lambda p: p[0])
        self._sorted.insert(i, entry)
        self._ordered.insert(i, error)

    def _field(self, name: str):
        try:
            return self.schema.field(name)
        except KeyError:
            return None

    def _cell_errors(self, name: str, rows: np.ndarray) -> None:
        """type-error / constraint-error for many rows of one column: one message per distinct text, the
        errors made in bulk (a hundred thousand of them on a large file)."""
        if not len(rows):
            return
        column = self.columns[name]
        field = self.schema.field(name)
        codes = column.codes[rows]
        distinct, inverse = np.unique(codes, return_inverse=True)
        described = []
        for code_index in distinct.tolist():
            code = _CODES[int(column.status[code_index])]
            text = column.texts[code_index]
            described.append((code, describe(code, field, text, column.notes.get(code_index, "")), text))
        row_numbers, cells = self.locator.locate_many(rows, name)
        row_list = rows.tolist()
        which = inverse.ravel().tolist()
        code_of, message_of, text_of = ([d[k] for d in described].__getitem__ for k in range(3))

        def make(a: int, b: int) -> None:  # zip and map build the tuples in C: no Python step per error
            codes = list(map(code_of, which[a:b]))
            errors = map(_new_errors, zip(row_numbers[a:b], cells[a:b], repeat(name), codes,
                                          map(message_of, which[a:b]), row_list[a:b], map(text_of, which[a:b]),
                                          repeat(True)))
            dict.update(self.errors, zip(zip(row_list[a:b], repeat(name), codes), errors))

        _in_slices(make, len(row_list))
        self.errors.touched = True
        self._sorted = None

    def _cell_error(self, row: int, name: str) -> None:
        column = self.columns[name]
        code_index = column.codes[row]
        code = _CODES[int(column.status[code_index])]
        text = column.texts[int(code_index)]
        self._add(row, name, code, describe(code, self.schema.field(name), text, column.notes.get(code_index, "")),
                  value=text)

    def _unique_fields(self) -> list[str]:
        return [f.name for f in self.schema.fields if f.constraints.get("unique") and f.name in self.columns]

    def _check_unique(self, name: str) -> None:
        """unique-error on each repeat of a typed value after its first row."""
        keys = np.where(self.blank, -1, self.columns[name].row_keys())
        repeated = pd.Series(keys).duplicated(keep="first").to_numpy() & (keys >= 0)
        for row in np.flatnonzero(repeated):
            self._unique_error(int(row), name)

    def _unique_error(self, row: int, name: str) -> None:
        text = self.columns[name].text(row)
        self._add(row, name, "unique-error", describe("unique-error", self.schema.field(name), text), value=text)

    def _check_primary_key(self) -> None:
        names = list(self.schema.primary_key)
        if not names or not all(n in self.columns for n in names):
            return  # no key, or a key column is absent: already a missing-label error
        for key in [k for k in self.errors if k[2] == "primary-key" and k[0] != "source"]:
            self._drop(key)
        keys = pd.DataFrame({n: self.columns[n].row_keys() for n in names})
        all_none = (keys < 0).all(axis=1).to_numpy()
        repeated = keys.duplicated(keep="first").to_numpy() & ~all_none
        for row in np.flatnonzero(all_none | repeated):
            self._add(int(row), None, "primary-key", describe("primary-key", None, self.columns[names[0]].text(row)))

    # -- incremental -----------------------------------------------------------------------
    def update_cell(self, row: int, name: str, text: str) -> ValidationReport:
        """Re-check after one edit: the cell, its row's cross-column checks, its column's uniqueness."""
        column = self.columns.get(name)
        if column is None:  # a column outside the schema: only blankness can change
            self.frame.iat[row, self.frame.columns.get_loc(name)] = text
            self.extra[name][row] = text in set(self.schema.missing_values)
            if self._refresh_blank(row):
                self._recheck_custom(row, None)
            return self.report()
        unique = name in self._unique_fields()
        old_key = int(column.keys[column.codes[row]]) if unique else -1
        code = column.code_for(text)  # may widen `column.codes` (more texts than its type holds)
        column.codes[row] = code
        # Written after the old entry was read: a column of distinct values shares the frame's array.
        self.frame.iat[row, self.frame.columns.get_loc(name)] = text
        blank_changed = self._refresh_blank(row)
        for code in ("type-error", "constraint-error"):
            self._drop((row, name, code))
        if not self.blank[row] and column.status[column.codes[row]] in (TYPE_ERROR, CONSTRAINT_ERROR):
            self._cell_error(row, name)
        if unique:
            self._recheck_unique_groups(name, {old_key, int(column.keys[column.codes[row]])}, row)
        if name in self.schema.primary_key:
            self._check_primary_key()
        self._recheck_custom(row, None if blank_changed else name)
        return self.report()

    def _refresh_blank(self, row: int) -> bool:
        """Update the row's blankness; True when it changed (every finding of the row was redone)."""
        blank = all(c.missing[c.codes[row]] for c in self.columns.values()) and \
            all(mask[row] for mask in self.extra.values())
        if blank == self.blank[row]:
            return False
        self.blank[row] = blank
        for key in [k for k in self.errors if k[0] == row]:
            self._drop(key)
        if blank:
            self._add(row, None, "blank-row", describe("blank-row", None, None))
            return True
        for name, column in self.columns.items():
            if column.status[column.codes[row]] in (TYPE_ERROR, CONSTRAINT_ERROR):
                self._cell_error(row, name)
        return True

    def _recheck_unique_groups(self, name: str, keys: set[int], row: int) -> None:
        row_keys = np.where(self.blank, -1, self.columns[name].row_keys())
        self._drop((row, name, "unique-error"))
        for key in keys - {-1}:
            group = np.flatnonzero(row_keys == key)
            for position, member in enumerate(group):
                if position == 0:
                    self._drop((int(member), name, "unique-error"))
                else:
                    self._unique_error(int(member), name)

    def _recheck_custom(self, row: int, edited: str | None) -> None:
        """Redo, on one row, the checks that read the edited column (`None`: all of them), and those
        sharing a column with them: their findings share (row, field, code) keys."""
        checks = list(self.schema.custom_checks)
        involved = [custom_checks.involved_columns(c) for c in checks]
        if edited is None:
            chosen = set(range(len(checks)))
        else:
            chosen, columns = set(), {edited}
            while True:
                more = {i for i, cols in enumerate(involved) if i not in chosen and cols & columns}
                if not more:
                    break
                chosen |= more
                columns |= set().union(*(involved[i] for i in more))
        if not chosen:
            return
        for i in chosen:
            codes = custom_checks.codes_of(checks[i])
            for field_name in [None, *involved[i]]:  # direct keys: no scan of every error
                for code in codes:
                    self._drop((row, field_name, code))
        if self.blank[row]:
            return
        needed = set().union(*(involved[i] for i in chosen)) & set(self.columns)
        # The row as a one-row table of the texts those checks read (no `iloc` over every column).
        part = pd.DataFrame({n: [self.columns[n].text(row)] for n in needed}, dtype=object)
        if not needed:
            part = pd.DataFrame(index=range(1))
        for i in sorted(chosen):
            for local, field_name, code, message in custom_checks.run(checks[i], part, self.schema, np.ones(1, bool)):
                if local is not None:  # table-level findings do not depend on one row
                    self._add(row, field_name, code, message)


def validate_frame(frame: pd.DataFrame, schema: Schema, locator: CellLocator | None = None,
                   cancelled: Callable[[], bool] | None = None, blank_rows: list[int] = ()) -> ValidationReport:
    """`frame` holds texts, one column per schema field present (any order, extra columns allowed)."""
    return Validator(schema).run(frame, locator, cancelled, blank_rows)


def is_schema_form(columns: list[str], schema: Schema) -> bool:
    """Headers already named after the schema's fields (most of them): validate the file as it is."""
    exact = [c for c in columns if c in schema.field_names]
    return len(exact) >= max(1, (len(columns) + 1) // 2)


_LARGE = 100_000


def _settle(validator: Validator) -> Validator:
    """After a large table is validated, its findings (hundreds of thousands of objects) are moved out of
    the garbage collector's walk (`gc.freeze`), as the UI does for a document (ui/tasks.py, which gives
    them back with `release_frozen`): otherwise the next collections, met by the edits that follow, walk
    them all (an edit at 1,000,000 rows: 28 ms instead of 4). Freezing costs nothing, where a collection
    now cost a twentieth of the run. The findings are acyclic: freed by reference counting all the same."""
    if validator.frame is not None and len(validator.frame) >= _LARGE:
        gc.freeze()
    return validator


def validate_table(table, schema: Schema, cancelled: Callable[[], bool] | None = None) -> Validator:
    """Validate a file in schema form with its own columns: absent and extra ones are reported."""
    locator = CellLocator(table.row_numbers, dict(zip(table.columns, table.column_positions)))
    validator = Validator(schema)
    validator.run(table.data, locator, cancelled, table.blank_rows, table.duplicate_labels)  # edits change it
    return _settle(validator)


def validate_document(document, cancelled: Callable[[], bool] | None = None) -> Validator:
    """Validate the document as it will be published; the validator keeps state for quick re-checks."""
    frame, locator = document.schema_frame()
    validator = Validator(document.schema)
    validator.run(frame, locator, cancelled, document.source.blank_rows)
    return _settle(validator)
