"""Recent files and projects, offered on the welcome page and at the next launch."""

from __future__ import annotations

import json
from pathlib import Path

from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.paths import config_dir

KEEP = 8


def _path() -> Path:
    return config_dir() / "recent.json"


def _load() -> dict:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def recent(kind: str) -> list[Path]:
    """Recent `files` or `projects` that still exist, newest first."""
    return [Path(p) for p in _load().get(kind, []) if Path(p).is_file()]


def remember(kind: str, path: Path) -> None:
    """Best effort: a full disk or a read-only profile must not stop the work."""
    data = _load()
    entries = [str(path)] + [p for p in data.get(kind, []) if p != str(path)]
    data[kind] = entries[:KEEP]
    try:
        atomic_write_text(_path(), json.dumps(data, ensure_ascii=False, indent=1))
    except OSError:
        pass
