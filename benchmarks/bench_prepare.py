"""How far `prepare` brings files: the share of files with zero errors, and the output cells that differ
from the expected SCDL files — each against a reference measured in the same run (the same files mapped
but not fixed).

    python benchmarks/bench_prepare.py [FIXTURES_DIR] [REAL_FILES_DIR]
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from opendata_desktop.core.export import write_scdl_csv  # noqa: E402
from opendata_desktop.core.pipeline import open_document  # noqa: E402
from opendata_desktop.core.schemas import default_catalogue  # noqa: E402
from opendata_desktop.core.validation.engine import Validator  # noqa: E402

SHARED = ROOT.parent / "shared"


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def differing_cells(output: Path, expected: Path) -> int:
    got, want = _rows(output), _rows(expected)
    width = max(len(want[0]) if want else 0, len(got[0]) if got else 0)
    count = 0
    for i in range(max(len(got), len(want))):
        a = got[i] if i < len(got) else [None] * width
        b = want[i] if i < len(want) else [None] * width
        count += sum(1 for x, y in zip(a + [None] * (width - len(a)), b + [None] * (width - len(b))) if x != y)
    return count


def reference(path: Path, schema_name: str, out: Path) -> int:
    """Errors of the file mapped but not fixed (written to `out` for the cell comparison)."""
    document = open_document(path, schema=default_catalogue().get(schema_name))
    frame, locator = document.schema_frame()
    write_scdl_csv(frame, out)
    validator = Validator(document.schema)
    validator.run(frame, locator)
    return len(validator.report().errors)


def prepared(path: Path, schema_name: str, out: Path) -> int | None:
    report = out.with_suffix(".json")
    result = subprocess.run([sys.executable, "-m", "opendata_desktop", "prepare", str(path), "--schema", schema_name,
                             "-o", str(out), "--report", str(report)], capture_output=True, text=True, cwd=ROOT)
    if result.returncode not in (0, 1):
        return None  # unreadable: counted as not brought to zero
    return len(json.loads(report.read_text(encoding="utf-8"))["errors"])


def main(fixtures: Path, real_files: Path) -> None:
    cases = []
    for truth_path in sorted(fixtures.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        cases.append((fixtures / truth["file"], truth["schema"], fixtures / truth["expected"]))
    cases += [(p, "scdl/subventions", None) for p in sorted(real_files.iterdir()) if p.suffix in (".csv", ".xlsx")]
    zero_ref = zero = diff_ref = diff = 0
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'fichier':60} {'erreurs avant':>13} {'après':>7} {'cellules ≠ attendu (avant → après)':>36}")
        for i, (path, schema_name, expected) in enumerate(cases):
            raw_out, out = Path(tmp) / f"ref{i}.csv", Path(tmp) / f"out{i}.csv"
            try:
                before = reference(path, schema_name, raw_out)
            except Exception:  # noqa: BLE001 — a file the reader refuses: no reference
                before = None
            after = prepared(path, schema_name, out)
            zero_ref += before == 0
            zero += after == 0
            cells = ""
            if expected is not None and after is not None and before is not None:
                d_ref, d = differing_cells(raw_out, expected), differing_cells(out, expected)
                diff_ref += d_ref
                diff += d
                cells = f"{d_ref} → {d}"
            print(f"{path.name[:60]:60} {before if before is not None else 'illisible':>13} "
                  f"{after if after is not None else 'illisible':>7} {cells:>36}")
    n = len(cases)
    print(f"\nFichiers sans erreur : {zero}/{n} ({zero / n:.0%}) après prepare, contre {zero_ref}/{n} "
          f"({zero_ref / n:.0%}) sans correction")
    ratio = f"{diff / diff_ref:.3f}" if diff_ref else "n/a"
    print(f"Cellules différentes des fichiers attendus : {diff} après prepare, contre {diff_ref} sans correction "
          f"(rapport {ratio})")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else SHARED / "fixtures" / "messy",
         Path(args[1]) if len(args) > 1 else SHARED / "real-files")
