"""Rebuild resources/nomenclatures/communes.csv.gz from the official commune list (INSEE COG).

Source: the npm package @etalab/decoupage-administratif (data: Licence Ouverte 2.0, code: MIT), which
publishes the Code officiel géographique with postcodes and each commune's SIREN. Usage:

    npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-decoupage-administratif-6.0.0.tgz
    python scripts/build_communes.py package/data/communes.json
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

TYPES = {"commune-actuelle": "A", "commune-deleguee": "D", "commune-associee": "S", "arrondissement-municipal": "M"}
OUT = Path(__file__).resolve().parents[1] / "resources" / "nomenclatures" / "communes.csv.gz"


def main(source: str) -> None:
    rows = json.loads(Path(source).read_text(encoding="utf-8"))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["code", "nom", "type", "departement", "siren", "codes_postaux"])
    for row in sorted(rows, key=lambda r: (r["code"], TYPES[r["type"]])):
        writer.writerow([row["code"], row["nom"], TYPES[row["type"]], row.get("departement", ""),
                         row.get("siren", ""), " ".join(row.get("codesPostaux", []))])
    OUT.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(rows)} communes -> {OUT} ({OUT.stat().st_size} octets)")


if __name__ == "__main__":
    main(sys.argv[1])
