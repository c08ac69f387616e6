"""The validation engine: Table Schema plus Validata's French checks, column at a time.

Each column is factorised; every distinct text is read and checked once (`cells.CellChecker`,
frictionless semantics), and numpy spreads the verdicts to the rows. Uniqueness and primary keys
compare typed values, as frictionless does. The engine keeps what it computed, so that after a
cell edit only that cell, its row's cross-column checks and its column's uniqueness are redone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from opendata_desktop.core.errors import Cancelled
from opendata_desktop.core.reading.cells import column_letter
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.validation import custom_checks
from opendata_desktop.core.validation.cells import CONSTRAINT_ERROR, MISSING, OK, TYPE_ERROR, CellChecker
from opendata_desktop.core.validation.messages import describe
from opendata_desktop.core.validation.report import CellError, ValidationReport

_CODES = {TYPE_ERROR: "type-error", CONSTRAINT_ERROR: "constraint-error"}


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

    @classmethod
    def identity(cls, frame: pd.DataFrame) -> "CellLocator":
        return cls(np.arange(2, len(frame) + 2), {c: i for i, c in enumerate(frame.columns)})


class _Column:
    """One field's column: distinct texts, their verdicts, and each row's code into them."""

    def __init__(self, checker: CellChecker, values: np.ndarray):
        self.checker = checker
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        self.codes = codes.astype(np.int64)
        self.uniques: list[str] = [str(u) for u in uniques]
        if checker.vectorizable:
            self.status, self.notes, self.typed = checker.check_many(self.uniques)
        else:
            verdicts = [checker.check(u) for u in self.uniques]
            self.status = np.array([v[0] for v in verdicts], dtype=np.int8)
            self.notes = [v[1] for v in verdicts]
            self.typed = [v[2] for v in verdicts]
        self.missing = np.fromiter((u in checker.missing for u in self.uniques), dtype=bool, count=len(self.uniques))
        self._index: pd.Index | None = None  # distinct texts, hashed in C on the first edit
        self._added: dict[str, int] = {}  # texts first seen in edits
        self._keys: np.ndarray | None = None  # built when uniqueness or a key is checked
        self._key_ids: dict = {}

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
        if self._index is None:
            self._index = pd.Index(self.uniques, dtype=object)
        code = self._added.get(text)
        if code is None:
            found = self._index.get_indexer([text])[0]
            code = int(found) if found >= 0 else None
        if code is None:
            code = len(self.uniques)
            status, note, typed = self.checker.check(text)
            self.uniques.append(text)
            self._added[text] = code
            self.status = np.append(self.status, np.int8(status))
            self.notes.append(note)
            self.typed.append(typed)
            self.missing = np.append(self.missing, text in self.checker.missing)
            if self._keys is not None:
                self._keys = np.append(self._keys, self._key(status, typed))
        return code

    def text(self, row: int) -> str:
        return self.uniques[self.codes[row]]

    def row_status(self) -> np.ndarray:
        return self.status[self.codes]

    def row_keys(self) -> np.ndarray:
        return self.keys[self.codes]


class Validator:
    def __init__(self, schema: Schema):
        self.schema = schema
        self.frame: pd.DataFrame | None = None
        self.locator: CellLocator | None = None
        self.columns: dict[str, _Column] = {}
        self.extra: dict[str, np.ndarray] = {}  # columns outside the schema: missing-value masks
        self.blank = np.zeros(0, dtype=bool)
        self.errors: dict[tuple, CellError] = {}
        self.warnings: dict[tuple, CellError] = {}  # structure remarks that do not make the file invalid
        self._custom_codes = {c.get("name") for c in schema.custom_checks}

    # -- full run --------------------------------------------------------------------------
    def run(self, frame: pd.DataFrame, locator: CellLocator | None = None,
            cancelled: Callable[[], bool] | None = None, blank_rows: list[int] = (),
            duplicate_labels: dict[str, str] | None = None) -> ValidationReport:
        """`blank_rows`: 1-based rows of the person's file that the reader set aside as blank;
        `duplicate_labels`: columns the reader renamed because their header repeats another."""
        duplicate_labels = duplicate_labels or {}
        self.frame = frame
        self.locator = locator or CellLocator.identity(frame)
        self.errors = {}
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
                self.columns[label] = _Column(checker, frame[label].to_numpy(dtype=object))
            else:
                if label in duplicate_labels:
                    self._add(None, label, "duplicate-label",
                              describe("duplicate-label", None, None, label=duplicate_labels[label]))
                else:
                    self._add(None, label, "extra-label", describe("extra-label", None, None, label=label),
                              blocking=False)
                self.extra[label] = frame[label].isin(missing).to_numpy()
        self.blank = np.ones(len(frame), dtype=bool)
        for column in self.columns.values():
            self.blank &= column.missing[column.codes]
        for mask in self.extra.values():
            self.blank &= mask
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
            status = column.row_status()
            for row in np.flatnonzero(((status == TYPE_ERROR) | (status == CONSTRAINT_ERROR)) & ~self.blank):
                self._cell_error(int(row), name)
        for name in self._unique_fields():
            self._check_unique(name)
        self._check_primary_key()
        for position, check in enumerate(self.schema.custom_checks):
            for row, field_name, code, message in custom_checks.run(check, frame, self.schema, ~self.blank):
                # Table-level findings of different checks (two unknown checks…) must not overwrite each other.
                self._add(row, field_name, code, message, slot=position if row is None else None)
        return self.report()

    def report(self) -> ValidationReport:
        order = {name: i for i, name in enumerate(self.schema.field_names)}
        errors = sorted(self.errors.values(), key=lambda e: (
            e.row_number or 0, order.get(e.field, len(order)), e.code))
        warnings = sorted(self.warnings.values(), key=lambda e: (order.get(e.field, len(order)), e.code))
        return ValidationReport(self.schema.name, self.schema.version,
                                rows=0 if self.frame is None else len(self.frame), errors=errors, warnings=warnings)

    # -- errors ----------------------------------------------------------------------------
    def _add(self, row: int | None, field_name: str | None, code: str, message: str, *,
             value: str | None = None, blocking: bool = True, slot: int | None = None) -> None:
        row_number, cell = self.locator.locate(row, field_name)
        target = self.errors if blocking else self.warnings
        key = (row, field_name, code) if slot is None else (row, field_name, code, slot)
        target[key] = CellError(row_number, cell, field_name, code, message,
                                                    row_index=row, value=value, blocking=blocking)

    def _field(self, name: str):
        try:
            return self.schema.field(name)
        except KeyError:
            return None

    def _cell_error(self, row: int, name: str) -> None:
        column = self.columns[name]
        code_index = column.codes[row]
        code = _CODES[int(column.status[code_index])]
        text = column.uniques[code_index]
        self._add(row, name, code, describe(code, self.schema.field(name), text, column.notes[code_index]),
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
            del self.errors[key]
        keys = pd.DataFrame({n: self.columns[n].row_keys() for n in names})
        all_none = (keys < 0).all(axis=1).to_numpy()
        repeated = keys.duplicated(keep="first").to_numpy() & ~all_none
        for row in np.flatnonzero(all_none | repeated):
            self._add(int(row), None, "primary-key", describe("primary-key", None, self.columns[names[0]].text(row)))

    # -- incremental -----------------------------------------------------------------------
    def update_cell(self, row: int, name: str, text: str) -> ValidationReport:
        """Re-check after one edit: the cell, its row's cross-column checks, its column's uniqueness."""
        self.frame.iat[row, self.frame.columns.get_loc(name)] = text
        column = self.columns.get(name)
        if column is None:  # a column outside the schema: only blankness can change
            self.extra[name][row] = text in set(self.schema.missing_values)
            self._refresh_blank(row)
            return self.report()
        unique = name in self._unique_fields()
        old_key = int(column.keys[column.codes[row]]) if unique else -1
        column.codes[row] = column.code_for(text)
        self._refresh_blank(row)
        for code in ("type-error", "constraint-error"):
            self.errors.pop((row, name, code), None)
        if not self.blank[row] and column.status[column.codes[row]] in (TYPE_ERROR, CONSTRAINT_ERROR):
            self._cell_error(row, name)
        if unique:
            self._recheck_unique_groups(name, {old_key, int(column.keys[column.codes[row]])}, row)
        if name in self.schema.primary_key:
            self._check_primary_key()
        self._recheck_custom(row)
        return self.report()

    def _refresh_blank(self, row: int) -> None:
        blank = all(c.missing[c.codes[row]] for c in self.columns.values()) and \
            all(mask[row] for mask in self.extra.values())
        if blank == self.blank[row]:
            return
        self.blank[row] = blank
        for key in [k for k in self.errors if k[0] == row]:
            del self.errors[key]
        if blank:
            self._add(row, None, "blank-row", describe("blank-row", None, None))
            return
        for name, column in self.columns.items():
            if column.status[column.codes[row]] in (TYPE_ERROR, CONSTRAINT_ERROR):
                self._cell_error(row, name)

    def _recheck_unique_groups(self, name: str, keys: set[int], row: int) -> None:
        row_keys = np.where(self.blank, -1, self.columns[name].row_keys())
        self.errors.pop((row, name, "unique-error"), None)
        for key in keys - {-1}:
            group = np.flatnonzero(row_keys == key)
            for position, member in enumerate(group):
                if position == 0:
                    self.errors.pop((int(member), name, "unique-error"), None)
                else:
                    self._unique_error(int(member), name)

    def _recheck_custom(self, row: int) -> None:
        for key in [k for k in self.errors if k[0] == row and k[2] in custom_checks.ALL_CODES]:
            del self.errors[key]
        if self.blank[row]:
            return
        part = self.frame.iloc[[row]]
        for check in self.schema.custom_checks:
            for local, field_name, code, message in custom_checks.run(check, part, self.schema, np.ones(1, bool)):
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


def validate_table(table, schema: Schema, cancelled: Callable[[], bool] | None = None) -> Validator:
    """Validate a file in schema form with its own columns: absent and extra ones are reported."""
    locator = CellLocator(table.row_numbers, dict(zip(table.columns, table.column_positions)))
    validator = Validator(schema)
    validator.run(table.data, locator, cancelled, table.blank_rows, table.duplicate_labels)  # edits change it
    return validator


def validate_document(document, cancelled: Callable[[], bool] | None = None) -> Validator:
    """Validate the document as it will be published; the validator keeps state for quick re-checks."""
    frame, locator = document.schema_frame()
    validator = Validator(document.schema)
    validator.run(frame, locator, cancelled, document.source.blank_rows)
    return validator
