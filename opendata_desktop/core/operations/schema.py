"""Choosing the schema is an operation: undo brings back the previous schema and its mapping."""

from __future__ import annotations

import copy

from opendata_desktop.core.operations.base import OpChanges, Operation, ReplayContext, ReplayError


class SetSchema(Operation):
    """Follow `schema`; the mapping is the given one, else the remembered layout (`memory`), else suggested."""

    kind = "set-schema"

    def __init__(self, schema, mapping=None, memory=None):
        self.schema = schema
        self.mapping = mapping
        self.memory = memory
        self._previous = None

    @property
    def label(self) -> str:
        return f"choix du schéma « {self.schema.title} »"

    def apply(self, doc) -> OpChanges:
        from opendata_desktop.core.mapping import suggest_mapping

        self._previous = (doc.schema, doc.mapping, doc.report, doc.validator)
        if self.mapping is None:  # computed once: redo gives back the same mapping
            self.mapping = suggest_mapping(list(doc.table.columns), self.schema, doc.table, self.memory)
        doc.schema = self.schema
        doc.mapping = copy.deepcopy(self.mapping)
        doc.report = doc.validator = None
        return OpChanges(self.label, structure=True)

    def revert(self, doc) -> OpChanges:
        doc.schema, doc.mapping, doc.report, doc.validator = self._previous
        return OpChanges(self.label, structure=True)

    def to_dict(self) -> dict:
        entry = {"op": self.kind, "name": self.schema.name, "version": self.schema.version}
        if self.mapping is not None:  # column names and field names only: replayed as chosen
            entry["mapping"] = {c: f for c, f in self.mapping.columns.items()}
        local = getattr(self.schema, "source_path", None)
        if local:
            entry["path"] = str(local)
        return entry

    @classmethod
    def from_dict(cls, entry, doc, context=ReplayContext()):
        from opendata_desktop.core.mapping import MappingMemory
        from opendata_desktop.core.schemas import default_catalogue

        try:
            schema = default_catalogue().get(entry["name"], entry.get("version"))
        except Exception as exc:  # a local schema file, or a version no longer available
            path = entry.get("path")
            loader = _local_schema_loader()
            if path and loader is not None:
                schema = loader(path)
            else:
                raise ReplayError(f"le schéma « {entry.get('name')} » n'est pas disponible hors ligne") from exc
        saved = entry.get("mapping")
        if doc is not None and isinstance(saved, dict) and set(saved) == set(doc.table.columns):
            from opendata_desktop.core.mapping import Mapping

            known = set(schema.field_names)
            mapping = Mapping({c: (f if f in known else None) for c, f in saved.items()})
            mapping.confidence = {c: 1.0 if f else 0.0 for c, f in mapping.columns.items()}
            return cls(schema, mapping=mapping)
        return cls(schema, memory=MappingMemory())  # another file's columns: suggest again


def _local_schema_loader():
    from opendata_desktop.core import schemas

    return getattr(schemas, "load_local_schema", None)
