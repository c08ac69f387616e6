"""The one publication request builder, used by the command line, the app and the outbox.

Everything a platform needs to describe the file, prefilled from the file and its schema (title,
description, tags, temporal and geographic coverage) — what the person typed always wins — plus the
client-chosen identity that makes publishing idempotent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from opendata_desktop.core.metadata import suggest_metadata
from opendata_desktop.core.publishing.base import PublicationRequest
from opendata_desktop.core.textnorm import compact, slugify

INSEE_COMMUNE = re.compile(r"(?:[013-9]\d|2[AB1-9])\d{3}")
_INSEE_COLUMN_HINTS = ("insee", "codecommune", "codgeo", "depcom")


def publication_identity(file_name: str, schema_name: str | None) -> str:
    """« Same publication » across months and retries: the SCDL file name without its date, and the schema.

    20250301_218200861_budget.csv and 20250401_218200861_budget.csv → « 218200861-budget ».
    """
    stem = Path(file_name).stem
    parts = stem.split("_", 1)
    if len(parts) == 2 and parts[0].isdigit() and len(parts[0]) == 8:
        stem = parts[1]
    identity = slugify(stem.replace("_", " ")).strip("-")
    short = (schema_name or "").rsplit("/", 1)[-1]
    if short and slugify(short) not in identity:
        identity = f"{identity}-{slugify(short)}"
    return identity[:90] or "publication"


def commune_zones(frame: pd.DataFrame | None, insee: str | None = None) -> list[str]:
    """Geographic coverage as udata GeoIDs: the INSEE code given, else the one a column of the data holds
    (a column named like « code INSEE » with a single commune code in it)."""
    if insee:
        code = insee.strip().upper()
        return [f"fr:commune:{code}"] if INSEE_COMMUNE.fullmatch(code) else []
    if frame is None:
        return []
    for column in frame.columns:
        if any(hint in compact(str(column)) for hint in _INSEE_COLUMN_HINTS):
            values = {str(v).strip().upper() for v in frame[column].dropna() if str(v).strip()}
            if len(values) == 1 and INSEE_COMMUNE.fullmatch(next(iter(values))):
                return [f"fr:commune:{next(iter(values))}"]
    return []


def build_request(file: Path, schema=None, *, frame: pd.DataFrame | None = None, title: str | None = None,
                  description: str | None = None, organization: str | None = None, dataset_id: str | None = None,
                  private: bool = False, insee: str | None = None, resource_title: str | None = None,
                  commune: str = "") -> PublicationRequest:
    """The complete request for publishing `file` (the exact bytes that will be sent).

    `frame` is the table in schema form when the caller already has it (the app), else the file is read.
    """
    file = Path(file)
    if frame is None:
        from opendata_desktop.core.reading import ReadOptions, open_table

        frame = open_table(file, ReadOptions(header_row=1)).data
    if schema is not None:
        meta = suggest_metadata(frame, schema, commune)
        tags, start, end = meta.tags, meta.temporal_start, meta.temporal_end
        title = (title or "").strip() or meta.title
        description = (description or "").strip() or meta.description
    else:
        tags, start, end = [], None, None
        title = (title or "").strip() or file.stem
        description = (description or "").strip() or f"Fichier {file.name}."
    # A local schema (a département's draft…) is checked here but unknown to the platform's catalogue:
    # the resource declares no schema rather than a « local/… » name the platform would refuse.
    declared = schema if schema is not None and not getattr(schema, "is_local", False) else None
    return PublicationRequest(
        file=file, title=title, description=description,
        schema_name=declared.name if declared else None, schema_version=declared.version if declared else None,
        organization=organization or None, dataset_id=dataset_id or None, resource_title=resource_title,
        tags=tags, private=private, spatial_zones=commune_zones(frame, insee), temporal_start=start,
        temporal_end=end, identity=publication_identity(file.name, schema.name if schema else None))
