"""Operations on columns and on the mapping."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from opendata_desktop.core.operations.base import OpChanges, Operation, ReplayContext, ReplayError


def _require(doc, *columns: str) -> None:
    for column in columns:
        if column not in doc.table.columns:
            raise ReplayError(f"colonne « {column} » absente du fichier")


@dataclass
class DropColumn(Operation):
    column: str
    reason: str = ""
    _data: pd.Series | None = field(default=None, repr=False)
    _position: int = field(default=0, repr=False)
    _target: str | None = field(default=None, repr=False)
    kind = "drop-column"

    @property
    def label(self) -> str:
        return f"suppression de la colonne « {self.column} »"

    def apply(self, doc) -> OpChanges:
        self._position = list(doc.table.columns).index(self.column)
        self._data = doc.table[self.column]
        self._target = doc.mapping.columns.pop(self.column, None)
        doc.mapping.confidence.pop(self.column, None)
        doc.table = doc.table.drop(columns=[self.column])
        return OpChanges(self.label, columns=(self.column,), structure=True)

    def revert(self, doc) -> OpChanges:
        doc.table.insert(self._position, self.column, self._data)
        doc.mapping.columns[self.column] = self._target
        return OpChanges(self.label, columns=(self.column,), structure=True)

    def to_dict(self) -> dict:
        return {"op": self.kind, "column": self.column, "reason": self.reason}

    @classmethod
    def from_dict(cls, entry, doc, context=ReplayContext()):
        _require(doc, entry["column"])
        return cls(entry["column"], entry.get("reason", ""))

    def memory_bytes(self) -> int:
        return 256 if self._data is None else int(self._data.memory_usage(deep=True)) + 256


@dataclass
class SetMapping(Operation):
    """Send a source column to a schema field (None: do not publish it)."""

    column: str
    target: str | None
    _previous: tuple | None = field(default=None, repr=False)
    _target_label: str = field(default="", repr=False)
    kind = "set-mapping"

    @property
    def label(self) -> str:
        if self.target is None:
            return f"colonne « {self.column} » non publiée"
        return f"correspondance « {self.column} » → {self._target_label or self.target}"

    def apply(self, doc) -> OpChanges:
        mapping = doc.mapping
        self._previous = (dict(mapping.columns), dict(mapping.confidence))
        if self.target is not None and doc.schema is not None and self.target in doc.schema.field_names:
            self._target_label = f"« {doc.schema.field(self.target).label} »"
        if self.target is not None:
            for column, target in mapping.columns.items():
                if target == self.target:  # a field takes one column: free it elsewhere
                    mapping.columns[column] = None
        mapping.columns[self.column] = self.target
        mapping.confidence[self.column] = 1.0 if self.target else 0.0
        return OpChanges(self.label, columns=(self.column,), structure=True, values=False)

    def revert(self, doc) -> OpChanges:
        columns, confidence = self._previous
        mapping = doc.mapping
        mapping.columns.clear()
        mapping.columns.update(columns)
        mapping.confidence.clear()
        mapping.confidence.update(confidence)
        return OpChanges(self.label, columns=(self.column,), structure=True, values=False)

    def to_dict(self) -> dict:
        return {"op": self.kind, "column": self.column, "field": self.target}

    @classmethod
    def from_dict(cls, entry, doc, context=ReplayContext()):
        _require(doc, entry["column"])
        target = entry.get("field")
        if target is not None and (doc.schema is None or target not in doc.schema.field_names):
            raise ReplayError(f"le champ « {target} » n'existe pas dans le schéma choisi")
        return cls(entry["column"], target)


@dataclass
class AddConstantColumn(Operation):
    """A field the file lacks, filled with one value on every row (the commune's name, its SIRET…)."""

    target: str  # schema field
    value: str
    column: str = ""  # the new column's name, derived from the field when empty
    _previous: dict[str, str | None] = field(default_factory=dict, repr=False)
    kind = "add-constant-column"

    @property
    def label(self) -> str:
        return f"valeur fixe « {self.value} » pour le champ {self.target}"

    def apply(self, doc) -> OpChanges:
        self.column = self.column or f"{self.target} (valeur fixe)"
        self._previous = dict(doc.mapping.columns)
        doc.table[self.column] = [self.value] * len(doc.table)
        for column, target in doc.mapping.columns.items():
            if target == self.target:
                doc.mapping.columns[column] = None
        doc.mapping.columns[self.column] = self.target
        doc.mapping.confidence[self.column] = 1.0
        return OpChanges(self.label, columns=(self.column,), structure=True)

    def revert(self, doc) -> OpChanges:
        doc.table = doc.table.drop(columns=[self.column])
        doc.mapping.columns.clear()
        doc.mapping.columns.update(self._previous)
        doc.mapping.confidence.pop(self.column, None)
        return OpChanges(self.label, columns=(self.column,), structure=True)

    def to_dict(self) -> dict:
        return {"op": self.kind, "field": self.target, "value": self.value, "column": self.column}

    @classmethod
    def from_dict(cls, entry, doc, context=ReplayContext()):
        if entry.get("column") and entry["column"] in doc.table.columns:
            raise ReplayError(f"la colonne « {entry['column']} » existe déjà")
        return cls(entry["field"], entry["value"], entry.get("column", ""))


@dataclass
class SplitColumn(Operation):
    """« 12 rue de la Paix » -> « 12 » and « rue de la Paix »: cut each value at the first separator."""

    column: str
    separator: str
    names: tuple[str, str]
    kind = "split-column"

    @property
    def label(self) -> str:
        return f"découpage de la colonne « {self.column} » en « {self.names[0]} » et « {self.names[1]} »"

    def apply(self, doc) -> OpChanges:
        position = list(doc.table.columns).index(self.column)
        parts = doc.table[self.column].astype(str).str.partition(self.separator)
        doc.table.insert(position + 1, self.names[0], parts[0].str.strip().to_numpy(dtype=object))
        doc.table.insert(position + 2, self.names[1], parts[2].str.strip().to_numpy(dtype=object))
        for name in self.names:
            doc.mapping.columns[name] = None
            doc.mapping.confidence[name] = 0.0
        return OpChanges(self.label, columns=(self.column, *self.names), structure=True)

    def revert(self, doc) -> OpChanges:
        doc.table = doc.table.drop(columns=list(self.names))
        for name in self.names:
            doc.mapping.columns.pop(name, None)
            doc.mapping.confidence.pop(name, None)
        return OpChanges(self.label, columns=(self.column, *self.names), structure=True)

    def to_dict(self) -> dict:
        return {"op": self.kind, "column": self.column, "separator": self.separator, "names": list(self.names)}

    @classmethod
    def from_dict(cls, entry, doc, context=ReplayContext()):
        _require(doc, entry["column"])
        return cls(entry["column"], entry["separator"], tuple(entry["names"]))


@dataclass
class MergeColumns(Operation):
    """« 12 » and « rue de la Paix » -> « 12 rue de la Paix » (empty parts are skipped)."""

    columns: tuple[str, ...]
    separator: str
    name: str
    kind = "merge-columns"

    @property
    def label(self) -> str:
        return f"fusion des colonnes {', '.join(f'« {c} »' for c in self.columns)} en « {self.name} »"

    def apply(self, doc) -> OpChanges:
        values = doc.table[list(self.columns)].astype(str).to_numpy(dtype=object)
        merged = [self.separator.join(v.strip() for v in row if v.strip()) for row in values]
        position = max(list(doc.table.columns).index(c) for c in self.columns)
        doc.table.insert(position + 1, self.name, merged)
        doc.mapping.columns[self.name] = None
        doc.mapping.confidence[self.name] = 0.0
        return OpChanges(self.label, columns=(*self.columns, self.name), structure=True)

    def revert(self, doc) -> OpChanges:
        doc.table = doc.table.drop(columns=[self.name])
        doc.mapping.columns.pop(self.name, None)
        doc.mapping.confidence.pop(self.name, None)
        return OpChanges(self.label, columns=(*self.columns, self.name), structure=True)

    def to_dict(self) -> dict:
        return {"op": self.kind, "columns": list(self.columns), "separator": self.separator, "name": self.name}

    @classmethod
    def from_dict(cls, entry, doc, context=ReplayContext()):
        _require(doc, *entry["columns"])
        return cls(tuple(entry["columns"]), entry["separator"], entry["name"])
