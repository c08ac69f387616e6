"""Where the application keeps its own files: never next to the code (the app is frozen on Windows).

`OPENDATA_DESKTOP_HOME` redirects everything under one folder (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from opendata_desktop import APP_NAME

_AUTHOR = "opendata_desktop"


def _root_override() -> Path | None:
    value = os.environ.get("OPENDATA_DESKTOP_HOME")
    return Path(value) if value else None


def _dir(kind: str) -> Path:
    root = _root_override()
    if root is not None:
        path = root / kind
    elif kind == "data":
        path = Path(platformdirs.user_data_dir(APP_NAME, _AUTHOR))
    elif kind == "config":
        path = Path(platformdirs.user_config_dir(APP_NAME, _AUTHOR))
    elif kind == "cache":
        path = Path(platformdirs.user_cache_dir(APP_NAME, _AUTHOR))
    elif kind == "logs":
        path = Path(platformdirs.user_log_dir(APP_NAME, _AUTHOR))
    else:  # pragma: no cover - programming error
        raise ValueError(kind)
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _dir("data")


def config_dir() -> Path:
    return _dir("config")


def cache_dir() -> Path:
    return _dir("cache")


def log_dir() -> Path:
    return _dir("logs")


def _subdir(parent: Path, name: str) -> Path:
    path = parent / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def autosave_dir() -> Path:
    return _subdir(data_dir(), "autosave")


def schema_cache_dir() -> Path:
    """Schemas fetched by « mettre à jour les schémas », beside (never over) the bundled ones."""
    return _subdir(cache_dir(), "schemas")


def journal_path() -> Path:
    return data_dir() / "journal.jsonl"
