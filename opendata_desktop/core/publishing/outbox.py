"""Publications prepared offline wait here and leave when the platform is reachable.

Each item is a folder: a copy of the exact file checked before queueing, and the request (never
the API key, which stays in the credential store).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from dataclasses import asdict
from pathlib import Path

from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.errors import OpenDataError, PlatformError
from opendata_desktop.core.paths import data_dir
from opendata_desktop.core.publishing.base import PublicationRequest


def outbox_dir() -> Path:
    path = data_dir() / "outbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def enqueue(request: PublicationRequest, platform: str | None, url: str, schema_ref: str | None,
            overrides: dict[str, str] | None = None) -> Path:
    """Queue a checked publication. `overrides` (finding → legal basis) travel with it: the gate that runs
    again when it leaves accepts what the person justified, and nothing else."""
    folder = outbox_dir() / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    copy = folder / Path(request.file).name
    shutil.copy2(request.file, copy)
    data = {**asdict(request), "file": copy.name, "platform": platform or "", "url": url, "schema_ref": schema_ref,
            "overrides": dict(overrides or {}), "queued_at": dt.datetime.now().isoformat(timespec="seconds")}
    atomic_write_text(folder / "request.json", json.dumps(data, ensure_ascii=False, indent=1))
    return folder


def pending() -> list[dict]:
    items = []
    for folder in sorted(outbox_dir().iterdir()):
        try:
            data = json.loads((folder / "request.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        items.append({**data, "folder": str(folder)})
    return items


def send_one(item: dict, progress=None) -> dict:
    """Send one queued item; its folder goes once the platform has it. Raises what refused it."""
    from opendata_desktop.core.publishing.service import make_publisher, publish_checked
    from opendata_desktop.core.schemas import default_catalogue

    folder = Path(item["folder"])
    fields = {k: v for k, v in item.items() if k in PublicationRequest.__dataclass_fields__}
    fields["file"] = folder / item["file"]
    request = PublicationRequest(**fields)
    schema = default_catalogue().get(item["schema_ref"]) if item.get("schema_ref") else None
    result = publish_checked(make_publisher(item.get("platform") or None, item["url"]), request, item["url"],
                             schema, progress=progress, overrides=item.get("overrides") or None)
    shutil.rmtree(folder, ignore_errors=True)
    return {**result.as_dict(), "file": item["file"]}


def _mark_refused(item: dict, reason: str) -> None:
    folder = Path(item["folder"])
    data = {k: v for k, v in item.items() if k != "folder"}
    data["refused"] = reason
    atomic_write_text(folder / "request.json", json.dumps(data, ensure_ascii=False, indent=1))


def send_all(progress=None) -> tuple[list[dict], list[tuple[dict, str]]]:
    """Send what waits, each item on its own: one refused item never stops the others.

    Returns (sent results, [(item, French reason)] not sent). An item the platform or the checks refused
    (not a network fault) is marked « refused » with its reason and stays listed until removed or fixed.
    """
    from opendata_desktop.core.publishing.http import is_transient

    sent, waiting = [], []
    for item in pending():
        try:
            sent.append(send_one(item, progress))
        except PlatformError as exc:
            if not is_transient(exc):
                _mark_refused(item, exc.message)
            waiting.append((item, exc.message))
        except OpenDataError as exc:  # refused data, missing key, unknown schema…
            _mark_refused(item, exc.message)
            waiting.append((item, exc.message))
        except OSError as exc:  # the queued copy is unreadable: the others still go
            waiting.append((item, f"Fichier en attente illisible ({exc.strerror or exc})."))
    return sent, waiting


def remove(item: dict) -> None:
    """Drop a queued publication (for instance one the platform refused)."""
    shutil.rmtree(item["folder"], ignore_errors=True)
