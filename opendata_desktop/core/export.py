"""Write the SCDL CSV: UTF-8 without BOM, comma, CRLF line ends (RFC 4180), the schema's field order,
atomically."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd

from opendata_desktop.core.atomic import atomic_write_bytes
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.textnorm import compact, slugify

_SIRET = re.compile(r"^\d{14}$")


def scdl_csv_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([str(c) for c in frame.columns])
    writer.writerows(frame.fillna("").astype(str).to_numpy().tolist())
    return buffer.getvalue().encode("utf-8")


def write_scdl_csv(frame: pd.DataFrame, path: Path | str) -> Path:
    return atomic_write_bytes(path, scdl_csv_bytes(frame))


def producer_siren(frame: pd.DataFrame, schema: Schema) -> str | None:
    """The producer's SIREN, from the schema's first SIRET field holding a valid-looking value.

    SIRET fields are those the schema checks with `french-siret-value` (idAttribuant, COLL_SIRET…),
    then any field named like a SIRET; the producer's comes first in every SCDL schema.
    """
    checked = [c.get("params", {}).get("column") for c in schema.custom_checks
               if c.get("name") == "french-siret-value"]
    named = [f.name for f in schema.fields if "siret" in compact(f.name)]
    for name in dict.fromkeys(n for n in checked + named if n):
        if name not in frame.columns:
            continue
        values = frame[name].astype(str).str.strip()
        values = values[values.str.match(_SIRET)]
        if len(values):
            return values.mode().iloc[0][:9]
    return None


def scdl_file_name(schema: Schema, siren: str | None, when: dt.date | None = None,
                   label: str | None = None) -> str:
    """`AAAAMMJJ_<SIREN>_<nom-du-fichier>.csv`, the SCDL recommendation."""
    when = when or dt.date.today()
    parts = [when.strftime("%Y%m%d")]
    if siren:
        parts.append(siren)
    parts.append(slugify(label or schema.file_name) or "donnees")
    return "_".join(parts) + ".csv"
