"""The schemas available offline: those bundled with the app (resources/schemas)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from opendata_desktop.core.errors import UsageError
from opendata_desktop.core.schemas.model import Schema


@dataclass(frozen=True)
class SchemaEntry:
    name: str
    version: str
    title: str
    file: str
    tags: tuple[str, ...]
    file_name: str

    def as_dict(self) -> dict:
        return {"name": self.name, "version": self.version, "title": self.title}


class SchemaCatalogue:
    def __init__(self, entries: list[SchemaEntry]):
        self._entries = entries

    def entries(self) -> list[SchemaEntry]:
        return list(self._entries)

    def versions(self, name: str) -> list[str]:
        return [e.version for e in self._entries if e.name == name]

    def get(self, name: str, version: str | None = None) -> Schema:
        matches = [e for e in self._entries if e.name == name or e.name.split("/")[-1] == name]
        if version is not None:
            matches = [e for e in matches if e.version == version]
        if not matches:
            known = ", ".join(sorted({e.name for e in self._entries}))
            wanted = f"{name} {version}" if version else name
            raise UsageError(f"Le schéma « {wanted} » n'est pas disponible hors ligne.",
                             f"Schémas disponibles : {known}.")
        entry = max(matches, key=lambda e: _version_key(e.version))
        return _load_bundled(entry)


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in version.lstrip("v").split("."))


@lru_cache(maxsize=None)
def _load_bundled(entry: SchemaEntry) -> Schema:
    text = resources.files("opendata_desktop.resources").joinpath("schemas", entry.file).read_text("utf-8")
    return Schema.from_descriptor(json.loads(text), entry.name, entry.version,
                                  tags=entry.tags, file_name=entry.file_name)


@lru_cache(maxsize=1)
def default_catalogue() -> SchemaCatalogue:
    index = json.loads(resources.files("opendata_desktop.resources").joinpath(
        "schemas", "catalogue.json").read_text("utf-8"))
    entries = [SchemaEntry(e["name"], e["version"], e["title"], e["file"], tuple(e.get("tags", ())),
                           e.get("file_name", "")) for e in index["schemas"]]
    return SchemaCatalogue(entries)
