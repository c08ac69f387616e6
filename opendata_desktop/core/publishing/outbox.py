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
from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.paths import data_dir
from opendata_desktop.core.publishing.base import PublicationRequest


def outbox_dir() -> Path:
    path = data_dir() / "outbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def enqueue(request: PublicationRequest, platform: str, url: str, schema_ref: str | None) -> Path:
    folder = outbox_dir() / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    copy = folder / Path(request.file).name
    shutil.copy2(request.file, copy)
    data = {**asdict(request), "file": copy.name, "platform": platform, "url": url, "schema_ref": schema_ref,
            "queued_at": dt.datetime.now().isoformat(timespec="seconds")}
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


def send_all(progress=None) -> tuple[list[dict], list[tuple[dict, str]]]:
    """Send what waits; returns (sent results, [(item, French reason)] still waiting)."""
    from opendata_desktop.core.publishing.service import make_publisher, publish_checked
    from opendata_desktop.core.schemas import default_catalogue

    sent, waiting = [], []
    for item in pending():
        folder = Path(item["folder"])
        fields = {k: v for k, v in item.items() if k in PublicationRequest.__dataclass_fields__}
        fields["file"] = folder / item["file"]
        request = PublicationRequest(**fields)
        try:
            schema = default_catalogue().get(item["schema_ref"]) if item.get("schema_ref") else None
            result = publish_checked(make_publisher(item["platform"], item["url"]), request, item["url"], schema,
                                     progress=progress)
        except PlatformError as exc:
            waiting.append((item, exc.message))
            continue
        shutil.rmtree(folder, ignore_errors=True)
        sent.append({**result.as_dict(), "file": item["file"]})
    return sent, waiting
