"""What validation found, in the person's own file coordinates, and the three-state verdict."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

BADGE_VALID = "valide"
BADGE_PARTIAL = "partiellement valide"
BADGE_INVALID = "invalide"
SOFT_STRUCTURE_CODES = {"missing-label", "extra-label"}  # as warnings only (absent optional, extra column)


class CellError(NamedTuple):
    """One finding. A named tuple rather than a dataclass: a large file has hundreds of thousands of
    them, and a tuple is made four times faster and weighs a third of an object with its attribute dict."""

    row_number: int | None  # row in the person's file (header counted as the spreadsheet does)
    cell: str | None  # e.g. "B12", None when the column is absent from the file
    field: str | None  # schema field name
    code: str  # frictionless error type or Validata custom check name
    message: str  # plain French: what is wrong and what to do
    row_index: int | None = None  # 0-based data row in the working table
    value: str | None = None
    blocking: bool = True  # False for a structure remark that Validata only warns about (kept in `warnings`)

    def as_dict(self) -> dict:
        return {"row_number": self.row_number, "cell": self.cell, "field": self.field, "code": self.code,
                "message": self.message}


@dataclass
class ValidationReport:
    schema_name: str
    schema_version: str
    rows: int
    errors: list[CellError] = field(default_factory=list)
    # Validata's « structure_warnings »: an absent optional column, a column outside the schema.
    # They do not make the file invalid (Validata's tests: the file is valid), only « partiellement valide ».
    warnings: list[CellError] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def badge(self) -> str:
        """Validata's three states: structure-only remarks (absent optional or extra columns) are partial."""
        if self.errors:
            return BADGE_INVALID
        return BADGE_PARTIAL if self.warnings else BADGE_VALID

    def counts_by_kind(self) -> Counter:
        return Counter((e.field, e.code) for e in self.errors)

    def errors_at(self, row_index: int, field_name: str) -> list[CellError]:
        return [e for e in self.errors if e.row_index == row_index and e.field == field_name]

    def as_dict(self) -> dict:
        return {
            "valid": self.valid,
            "badge": self.badge,
            "schema": {"name": self.schema_name, "version": self.schema_version},
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
            "stats": {"rows": self.rows, "errors": len(self.errors), "warnings": len(self.warnings)},
        }
