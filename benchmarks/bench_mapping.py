"""Mapping accuracy per file: the shared messy fixtures (truth in *.truth.json), the schemas' example files and
their generated variants (scripts/make_mapping_cases.py: shuffled, renamed, abbreviated headers), and the real
published subsidy files. The reference, measured in the same run, is a matcher that only knows each field's
exact technical name and title. Schema suggestion: rank of the right schema among the catalogue.

    python benchmarks/bench_mapping.py [--shared /work/shared] [--no-schemas]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

from opendata_desktop.core.errors import UnreadableFileError
from opendata_desktop.core.mapping import suggest_mapping, suggest_schemas
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.core.textnorm import compact

ROOT = Path(__file__).resolve().parents[1]


def reference_mapping(columns, schema) -> dict:
    """Exact technical name or title only (what a plain matcher does)."""
    keys = {}
    for f in schema.fields:
        keys.setdefault(compact(f.name), f.name)
        if f.title:
            keys.setdefault(compact(f.title), f.name)
    used, out = set(), {}
    for column in columns:
        target = keys.get(compact(column))
        out[column] = target if target not in used else None
        used.add(target)
    return out


def _open(path: Path, sheet=None):
    try:
        return open_table(path, ReadOptions(sheet=sheet))
    except UnreadableFileError:
        return open_table(path, ReadOptions(sheet=sheet, encoding="cp1252"))


def _score(got: dict, truth: dict) -> tuple[int, int, int]:
    right = sum(1 for c, f in truth.items() if got.get(c) == f)
    wrong = sum(1 for c, f in truth.items() if got.get(c) is not None and got.get(c) != f)
    return right, wrong, len(truth)


def _load_cases(shared: Path, generated: Path) -> list[tuple[str, str, Path, dict, str | None]]:
    """(group, label, file, truth mapping, sheet)."""
    cases = []
    for truth_path in sorted((shared / "fixtures" / "messy").glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        source = truth_path.with_name(truth_path.name.replace(".truth.json", ""))
        source = next(p for p in source.parent.glob(source.name + ".*") if not p.name.endswith((".json", ".expected.csv")))
        cases.append(("fixtures", source.name, source, truth, truth.get("sheet")))
    for truth_path in sorted(generated.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        group = "exemples" if truth["variant"] == "melange" else f"exemples {truth['variant']}"
        cases.append((group, truth_path.name.replace(".truth.json", ""), truth_path.with_name(
            truth_path.name.replace(".truth.json", ".csv")), truth, None))
    real = shared / "real-files"
    for path in sorted(real.glob("*")):
        if path.suffix.lower() not in (".csv", ".xlsx") or not path.is_file():
            continue
        table = _open(path)
        schema = default_catalogue().get("scdl/subventions")
        by_key = {compact(f.name): f.name for f in schema.fields}
        by_key.update({compact(f.title): f.name for f in schema.fields if f.title})
        mapping = {c: by_key.get(compact(c.lstrip("\ufeffï»¿"))) for c in table.columns}
        for c in table.columns:  # the 2017 arrêté's own wording: « attributaire » there is the giver
            if mapping[c] is None and "attributaire" in c.lower():
                mapping[c] = "idAttribuant" if "siret" in c.lower() else "nomAttribuant"
            if mapping[c] is None and "rae" in c.lower().split():
                mapping[c] = "idRAE"
        for c in table.columns:
            if mapping[c] is None and c.lower().startswith(("identification du b",)):
                mapping[c] = "idBeneficiaire"
            if mapping[c] is None and "notifi" in c.lower():
                mapping[c] = "notificationUE"
            if mapping[c] is None and "pourcentage" in c.lower():
                mapping[c] = "pourcentageSubvention"
            if mapping[c] is None and "période" in c.lower():
                mapping[c] = "datesPeriodeVersement"
            if mapping[c] is None and c.lower().startswith("conditions"):
                mapping[c] = "conditionsVersement"
        cases.append(("fichiers réels", path.name, path, {"schema": "scdl/subventions", "mapping": mapping}, None))
    return cases


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Précision de la correspondance des colonnes")
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--no-schemas", action="store_true", help="sans le classement des schémas (plus rapide)")
    parser.add_argument("-v", "--verbose", action="store_true", help="détaille chaque colonne mal placée")
    args = parser.parse_args(argv)
    spec = importlib.util.spec_from_file_location("make_mapping_cases", ROOT / "scripts" / "make_mapping_cases.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    catalogue = default_catalogue()
    totals: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        maker.make_cases(Path(tmp), args.shared / "scdl")
        cases = _load_cases(args.shared, Path(tmp))
        t_ours = t_ref = 0.0
        print(f"{'fichier':70} {'justes':>8} {'faux':>5} {'réf.':>8} {'rang schéma':>11}")
        for group, label, path, truth, sheet in cases:
            table = _open(path, sheet)
            schema = catalogue.get(truth["schema"])
            columns = list(table.columns)
            start = time.perf_counter()
            got = suggest_mapping(columns, schema, table.data).columns
            t_ours += time.perf_counter() - start
            start = time.perf_counter()
            ref = reference_mapping(columns, schema)
            t_ref += time.perf_counter() - start
            right, wrong, total = _score(got, truth["mapping"])
            ref_right, _, _ = _score(ref, truth["mapping"])
            rank = "-"
            if not args.no_schemas:
                ranked = [c.schema for c in suggest_schemas(columns, table.data, catalogue, path=path, sheet=table.sheet)]
                rank = str(ranked.index(truth["schema"]) + 1) if truth["schema"] in ranked else "absent"
            acc = totals.setdefault(group, [0, 0, 0, 0, 0, 0])
            acc[0] += right
            acc[1] += wrong
            acc[2] += total
            acc[3] += ref_right
            acc[4] += 1
            acc[5] += rank == "1"
            print(f"{label[:70]:70} {right:>3}/{total:<4} {wrong:>5} {ref_right:>3}/{total:<4} {rank:>11}")
            for column, expected in truth["mapping"].items():
                if got.get(column) != expected and args.verbose:
                    print(f"      {column!r}: {got.get(column)} au lieu de {expected}")
    print()
    print(f"{'groupe':22} {'précision':>10} {'référence':>10} {'rapport':>8} {'faux':>6} {'schéma 1er':>11}")
    for group, (right, wrong, total, ref_right, files, first) in totals.items():
        ratio = right / ref_right if ref_right else float("inf")
        ranked = f"{first:>5}/{files:<5}" if not args.no_schemas else f"{'-':>11}"
        print(f"{group:22} {right / total:>10.1%} {ref_right / total:>10.1%} {ratio:>8.2f} {wrong:>6} {ranked}")
    print(f"temps de la correspondance : {t_ours / max(t_ref, 1e-9):.0f} × la référence ({t_ours:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
