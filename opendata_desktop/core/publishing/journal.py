"""The local record of what was published, where and by whom — so nobody wonders if it is online,
and so the same project updates the same dataset instead of creating a duplicate."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from pathlib import Path

from opendata_desktop.core.paths import data_dir


def journal_path() -> Path:
    return data_dir() / "publications.jsonl"


def publication_key(file_name: str, schema_name: str | None, platform_url: str) -> str:
    """What identifies « the same publication »: the file's SCDL name without its date, schema, platform."""
    stem = Path(file_name).stem
    parts = stem.split("_", 1)
    if len(parts) == 2 and parts[0].isdigit() and len(parts[0]) == 8:
        stem = parts[1]  # 20240314_218206829_subventions -> 218206829_subventions
    return f"{stem}|{schema_name or ''}|{platform_url.rstrip('/').lower()}"


def record(entry: dict) -> None:
    entry = {"at": dt.datetime.now().isoformat(timespec="seconds"), "by": _user(), **entry}
    path = journal_path()
    with path.open("a", encoding="utf-8") as handle:  # append-only: one line per event
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        handle.flush()


def entries() -> list[dict]:
    try:
        lines = journal_path().read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line cut by a crash: the others stay readable
    return out


def known_dataset(key: str) -> str | None:
    """The dataset this publication went to last time (even if the upload then failed)."""
    for entry in reversed(entries()):
        if entry.get("key") == key and entry.get("dataset_id"):
            return entry["dataset_id"]
    return None


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on this system: not worth failing a publication
        return ""
