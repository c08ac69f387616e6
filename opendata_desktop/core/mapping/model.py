"""The mapping itself (column -> field, confidence, explanation) and the memory of confirmed layouts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.paths import data_dir
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.textnorm import compact

REMEMBERED = "correspondance déjà confirmée pour un fichier aux mêmes colonnes"


@dataclass
class Mapping:
    """source column -> schema field name (None: the column is not published)."""

    columns: dict[str, str | None] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    _why: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)  # column -> (field, French text)

    def field_for(self, column: str) -> str | None:
        return self.columns.get(column)

    def column_for(self, field_name: str) -> str | None:
        for column, target in self.columns.items():
            if target == field_name:
                return column
        return None

    def explain(self, column: str, target: str, text: str) -> None:
        self._why[column] = (target, text)

    def explanation(self, column: str) -> str:
        """Why the column was proposed for its field, in French; empty once a person chose another field."""
        target, text = self._why.get(column, (None, ""))
        return text if target and self.columns.get(column) == target else ""

    @property
    def explanations(self) -> dict[str, str]:
        """column -> why it was proposed for its current field (stale explanations left out)."""
        return {c: self.explanation(c) for c in self._why if self.explanation(c)}

    def missing_required(self, schema: Schema) -> list[str]:
        mapped = {v for v in self.columns.values() if v}
        return [f.name for f in schema.required_fields if f.name not in mapped]

    def proposals(self, below: float = 1.0) -> dict[str, str]:
        """Proposed but not certain (confidence under `below`): what « Tout confirmer » accepts. Confidence 1.0
        is kept for the field's own name, a remembered layout and a person's choice."""
        return {c: f for c, f in self.columns.items() if f and self.confidence.get(c, 0.0) < below}

    def to_dict(self) -> dict[str, str | None]:
        return dict(self.columns)


class MappingMemory:
    """Confirmed mappings, per schema and file layout (same headers): next month's file maps itself."""

    def __init__(self, store=None):
        self.store = store or data_dir() / "mappings.json"

    @staticmethod
    def _key(columns: list[str], schema: Schema) -> str:
        return schema.name + "|" + "|".join(sorted(compact(c) for c in columns))

    def _load(self) -> dict:
        try:
            return json.loads(self.store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def get(self, columns: list[str], schema: Schema) -> Mapping | None:
        saved = self._load().get(self._key(columns, schema))
        if not saved:
            return None
        known = set(schema.field_names)
        mapping = Mapping({c: saved.get(c) if saved.get(c) in known else None for c in columns})
        mapping.confidence = {c: 1.0 if mapping.columns[c] else 0.0 for c in columns}
        for column in columns:
            if mapping.columns[column]:
                mapping.explain(column, mapping.columns[column], REMEMBERED)
        return mapping

    def remember(self, columns: list[str], schema: Schema, mapping: Mapping) -> None:
        data = self._load()
        data[self._key(columns, schema)] = {c: mapping.columns.get(c) for c in columns}
        atomic_write_text(self.store, json.dumps(data, ensure_ascii=False, indent=1))
