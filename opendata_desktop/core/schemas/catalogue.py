"""The schemas available offline: bundled with the app (resources/schemas), plus those cached by
`schemas --refresh`. A schema is named by its catalogue name and version_name, never by the
version written inside its file (often late)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from opendata_desktop.core.errors import UsageError
from opendata_desktop.core.paths import schema_cache_dir
from opendata_desktop.core.schemas.model import Schema, is_scdl_name
from opendata_desktop.core.textnorm import fold


@dataclass(frozen=True)
class SchemaEntry:
    name: str
    version: str
    title: str
    file: str
    tags: tuple[str, ...]
    file_name: str
    cached: bool = False  # from the refresh cache rather than bundled

    def as_dict(self) -> dict:
        return {"name": self.name, "version": self.version, "title": self.title}


def _version_key(version: str) -> tuple:
    parts = []
    for part in version.lstrip("v").split("."):
        digits = "".join(c for c in part if c.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def split_reference(reference: str) -> tuple[str, str | None]:
    """« scdl/subventions@2.1.1 » -> ("scdl/subventions", "2.1.1"): a pinned version."""
    name, _, version = reference.partition("@")
    return name, version or None


class SchemaCatalogue:
    def __init__(self, entries: list[SchemaEntry]):
        self._entries = entries

    def entries(self) -> list[SchemaEntry]:
        """One entry per schema: its latest version."""
        latest: dict[str, SchemaEntry] = {}
        for entry in self._entries:
            current = latest.get(entry.name)
            if current is None or _version_key(entry.version) > _version_key(current.version):
                latest[entry.name] = entry
        return sorted(latest.values(), key=lambda e: (not is_scdl_name(e.name), fold(e.title)))

    def versions(self, name: str) -> list[str]:
        return sorted({e.version for e in self._entries if e.name == name}, key=_version_key)

    def get(self, name: str, version: str | None = None) -> Schema:
        if version is None:
            name, version = split_reference(name)
        matches = [e for e in self._entries if e.name == name or e.name.split("/")[-1] == name]
        if version is not None:
            matches = [e for e in matches if e.version.lstrip("v") == version.lstrip("v")]
        if not matches:
            known = ", ".join(sorted({e.name for e in self._entries}))
            wanted = f"{name} {version}" if version else name
            raise UsageError(f"Le schéma « {wanted} » n'est pas disponible hors ligne.",
                             f"Schémas disponibles : {known}. Pour en obtenir d'autres : "
                             "opendata-desktop schemas --refresh (connexion Internet nécessaire).")
        entry = max(matches, key=lambda e: (_version_key(e.version), not e.cached))
        return _load(entry)


@lru_cache(maxsize=None)
def _load(entry: SchemaEntry) -> Schema:
    if entry.cached:
        text = (schema_cache_dir() / entry.file).read_text(encoding="utf-8")
    else:
        text = resources.files("opendata_desktop.resources").joinpath("schemas", entry.file).read_text("utf-8")
    return Schema.from_descriptor(json.loads(text), entry.name, entry.version,
                                  tags=entry.tags, file_name=entry.file_name)


def _entry(data: dict, cached: bool) -> SchemaEntry:
    return SchemaEntry(data["name"], data["version"], data["title"], data["file"], tuple(data.get("tags", ())),
                       data.get("file_name", ""), cached)


@lru_cache(maxsize=1)
def bundled_entries() -> tuple[SchemaEntry, ...]:
    index = json.loads(resources.files("opendata_desktop.resources").joinpath(
        "schemas", "catalogue.json").read_text("utf-8"))
    return tuple(_entry(e, False) for e in index["schemas"])


def default_catalogue() -> SchemaCatalogue:
    """Bundled schemas plus the refreshed cache (read each time: a refresh shows at once)."""
    from opendata_desktop.core.schemas.refresh import load_cached_index

    bundled = list(bundled_entries())
    have = {(e.name, e.version) for e in bundled}
    cached = [_entry(e, True) for e in load_cached_index() if (e["name"], e["version"]) not in have]
    return SchemaCatalogue(bundled + cached)
