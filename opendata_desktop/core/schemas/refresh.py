"""Update the offline schema cache from the schema.data.gouv.fr catalogue (when online).

Keeps Table Schemas only; for each one, the latest version that loads and passes the Table Schema
check (`local.check_descriptor`, frictionless; a version that fails is skipped for the one before it).
Files land in the user's cache folder, one per version, so a file
mapped last year can keep its version: nothing already cached is ever replaced or removed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import requests

from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.paths import schema_cache_dir
from opendata_desktop.core.publishing.http import TIMEOUT, new_session
from opendata_desktop.core.schemas.local import check_descriptor
from opendata_desktop.core.schemas.model import Schema

CATALOGUE_URL = "https://schema.data.gouv.fr/schemas.json"


def cached_index_path() -> Path:
    return schema_cache_dir() / "index.json"


@dataclass
class RefreshResult:
    added: list[str]  # "name version" newly cached
    schemas: int  # table schemas in the catalogue
    failed: list[str]  # versions that could not be fetched or loaded
    reasons: dict[str, list[str]] = field(default_factory=dict)  # "name version" -> what is wrong (French)


def _get_json(session: requests.Session, url: str):
    response = session.get(url, timeout=TIMEOUT)
    if not response.ok:
        raise PlatformError(f"Le catalogue des schémas a répondu par une erreur ({response.status_code}).",
                            "Réessayez plus tard : les schémas déjà présents restent utilisables.")
    return response.json()


def refresh(url: str = CATALOGUE_URL, session: requests.Session | None = None,
            progress: Callable[[int, str], None] | None = None) -> RefreshResult:
    session = session or new_session()
    report = progress or (lambda pct, msg: None)
    try:
        catalogue = _get_json(session, url)
    except requests.RequestException as exc:
        raise PlatformError(
            "Pas de connexion au catalogue des schémas (schema.data.gouv.fr) : rien n'a été mis à jour.",
            "Les schémas déjà présents restent utilisables hors ligne. Réessayez une fois connecté.") from exc
    except ValueError as exc:
        raise PlatformError("Le catalogue des schémas reçu est illisible.", "Réessayez plus tard.") from exc
    entries = [e for e in catalogue.get("schemas", []) if e.get("schema_type") == "tableschema"]
    index = load_cached_index()
    known = {(e["name"], e["version"]) for e in index}
    added, failed = [], []
    reasons: dict[str, list[str]] = {}
    for position, entry in enumerate(entries):
        report(int(100 * position / max(len(entries), 1)), f"Schéma {entry['name']}…")
        for version in reversed(entry.get("versions", [])):
            key = (entry["name"], version["version_name"])
            if key in known:
                break
            try:
                data = _get_json(session, version["schema_url"])
                check = check_descriptor(data)  # frictionless, before anything reaches the cache
                if not check.ok:
                    failed.append(f"{key[0]} {key[1]}")
                    reasons[f"{key[0]} {key[1]}"] = check.problems
                    continue  # try the version before
                if not Schema.from_descriptor(data, entry["name"], version["version_name"]).fields:
                    raise ValueError("no field")
            except (requests.RequestException, ValueError, KeyError, TypeError, AttributeError, PlatformError):
                failed.append(f"{key[0]} {key[1]}")
                continue  # try the version before
            relative = f"{entry['name']}/{version['version_name']}.json"
            atomic_write_text(schema_cache_dir() / relative, json.dumps(data, ensure_ascii=False))
            index.append({"name": entry["name"], "version": version["version_name"],
                          "title": entry.get("title", entry["name"]), "file": relative,
                          "labels": entry.get("labels", []), "tags": [entry["name"].split("/")[-1]],
                          "file_name": entry["name"].split("/")[-1]})
            added.append(f"{key[0]} {key[1]}")
            break
    atomic_write_text(cached_index_path(), json.dumps({"schemas": index}, ensure_ascii=False, indent=1))
    report(100, "Catalogue à jour.")
    return RefreshResult(added=added, schemas=len(entries), failed=failed, reasons=reasons)


def load_cached_index() -> list[dict]:
    try:
        return json.loads(cached_index_path().read_text(encoding="utf-8"))["schemas"]
    except (OSError, ValueError, KeyError):
        return []
