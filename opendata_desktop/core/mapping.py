"""Match the columns of a source table to the fields of a schema.

This first matcher compares headers with each field's technical name and French title, ignoring
accents, case and punctuation; it is exact after folding, so its suggestions are safe to apply
without confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.textnorm import compact


@dataclass
class Mapping:
    """source column -> schema field name (None: the column is not published)."""

    columns: dict[str, str | None] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)

    def field_for(self, column: str) -> str | None:
        return self.columns.get(column)

    def column_for(self, field_name: str) -> str | None:
        for column, target in self.columns.items():
            if target == field_name:
                return column
        return None

    def missing_required(self, schema: Schema) -> list[str]:
        mapped = {v for v in self.columns.values() if v}
        return [f.name for f in schema.required_fields if f.name not in mapped]

    def to_dict(self) -> dict[str, str | None]:
        return dict(self.columns)


def suggest_mapping(columns: list[str], schema: Schema) -> Mapping:
    by_key: dict[str, tuple[str, float]] = {}
    for f in schema.fields:
        by_key.setdefault(compact(f.name), (f.name, 1.0))
        if f.title:
            by_key.setdefault(compact(f.title), (f.name, 0.95))
    mapping = Mapping()
    taken: set[str] = set()
    for column in columns:
        hit = by_key.get(compact(column))
        if hit and hit[0] not in taken:
            mapping.columns[column] = hit[0]
            mapping.confidence[column] = hit[1]
            taken.add(hit[0])
        else:
            mapping.columns[column] = None
            mapping.confidence[column] = 0.0
    return mapping
