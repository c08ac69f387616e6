"""Dataset metadata prefilled from the schema and the data: title, description, tags, coverage."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.textnorm import compact

_COMMUNE_FIELDS = {"nomattribuant", "collnom", "communenom", "bgtnom"}


@dataclass
class DatasetMetadata:
    title: str
    description: str
    tags: list[str] = field(default_factory=list)
    temporal_start: str | None = None
    temporal_end: str | None = None


def commune_name(frame: pd.DataFrame, schema: Schema, fallback: str = "") -> str:
    for f in schema.fields:
        if compact(f.name) in _COMMUNE_FIELDS and f.name in frame.columns:
            values = frame[f.name].astype(str).str.strip()
            values = values[values != ""]
            if len(values):
                return values.mode().iloc[0]
    return fallback


def suggest_metadata(frame: pd.DataFrame, schema: Schema, commune_fallback: str = "") -> DatasetMetadata:
    commune = commune_name(frame, schema, commune_fallback)
    start, end = _date_range(frame, schema)
    years = f" {start[:4]}" if start and end and start[:4] == end[:4] else ""
    title = f"{schema.title}{years}" + (f" – {commune}" if commune else "")
    standard = ("du Socle Commun des Données Locales" if schema.is_scdl
                else "d'un schéma national publié sur schema.data.gouv.fr")
    description = (
        f"Données « {schema.title} » publiées"
        + (f" par {commune}" if commune else "")
        + f" au format {standard} (schéma {schema.name}, version {schema.version}).\n\n"
        "Fichier CSV encodé en UTF-8, séparateur virgule, une ligne par enregistrement. "
        "Les données personnelles ont été occultées avant publication."
    )
    tags = ["scdl", *schema.tags] if schema.is_scdl else list(schema.tags)
    return DatasetMetadata(title, description, tags, start, end)


def _date_range(frame: pd.DataFrame, schema: Schema) -> tuple[str | None, str | None]:
    for f in schema.fields:
        if f.type == "date" and f.name in frame.columns:
            dates = pd.to_datetime(frame[f.name], format="%Y-%m-%d", errors="coerce").dropna()
            if len(dates):
                return dates.min().date().isoformat(), dates.max().date().isoformat()
    return None, None
