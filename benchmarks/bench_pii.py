"""Privacy detection benchmark: scan every table of shared/pii-eval, score with its score.py.

Prints the corpus scorer's output (column/row precision and recall) and, per table, the time to
scan against the time to read. Usage: python benchmarks/bench_pii.py [--corpus ../shared/pii-eval]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from opendata_desktop.core.privacy import detect_personal_data
from opendata_desktop.core.reading import ReadOptions, open_table

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "pii-eval"))
    parser.add_argument("--show", type=int, default=15)
    parser.add_argument("--scorer", default=str(ROOT.parent / "shared" / "pii-eval" / "score.py"))
    args = parser.parse_args()
    corpus = Path(args.corpus)
    predictions, read_s, scan_s = {}, 0.0, 0.0
    for labels_path in sorted((corpus / "tables").glob("*.labels.json")):
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        start = time.perf_counter()
        table = open_table(corpus / "tables" / labels["file"], ReadOptions(sheet=labels.get("sheet")))
        read_s += time.perf_counter() - start
        start = time.perf_counter()
        schema = None
        if labels.get("schema"):  # our own corpus says which schema a table follows: its fields are evidence
            from opendata_desktop.commands.common import load_schema
            schema = load_schema(labels["schema"])
        mapping = {c: c for c in table.columns if schema is not None and c in schema.field_names}
        findings = {f.column: f for f in detect_personal_data(table.data, mapping, schema=schema)}
        scan_s += time.perf_counter() - start
        predictions[labels["file"]] = {
            column: {"personal": column in findings,
                     "entity": findings[column].entity if column in findings else None,
                     **({"rows": findings[column].rows} if column in findings and findings[column].rows is not None else {})}
            for column in table.columns}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(predictions, handle, ensure_ascii=False)
    out = subprocess.run([sys.executable, args.scorer, handle.name, "--labels", str(corpus / "tables"),
                          "--show", str(args.show)], capture_output=True, text=True)
    print(out.stdout)
    # After anonymise (default policy): what the gate still finds, and labelled personal values left.
    from opendata_desktop.core.document import Document
    from opendata_desktop.core.export import write_scdl_csv
    from opendata_desktop.core.privacy.gate import scan_file
    from opendata_desktop.core.privacy.plan import apply_plan, build_plan

    blocked, leaked, checked, org_changed, org_checked, other_changed = 0, 0, 0, 0, 0, 0
    blocked_personal, blocked_tables, public_role_tables = 0, [], []
    with tempfile.TemporaryDirectory() as tmp:
        for labels_path in sorted((corpus / "tables").glob("*.labels.json")):
            labels = json.loads(labels_path.read_text(encoding="utf-8"))
            table = open_table(corpus / "tables" / labels["file"], ReadOptions(sheet=labels.get("sheet")))
            doc = Document(table)
            apply_plan(doc, build_plan(doc))
            out = write_scdl_csv(doc.table, Path(tmp) / (labels["file"] + ".csv"))
            gate = scan_file(out).findings
            blocked += len(gate)
            output = doc.table
            position = {int(r): p for p, r in enumerate(doc.row_ids)}
            by_name = {c["name"]: c for c in labels["columns"]}
            for finding in gate:  # on a column labelled personal: a leak; elsewhere: a false alarm
                label = by_name.get(finding.column or "", {})
                blocked_personal += bool(label.get("personal"))
            if gate:
                traps = {by_name.get(f.column or "", {}).get("trap") for f in gate}
                (public_role_tables if traps <= {"agent_in_function", "elected_official_in_function"}
                 else blocked_tables).append(labels["file"])
            mixed_person_rows: set[int] = set()
            for column in labels["columns"]:
                if column.get("personal") and column.get("rows_with_personal") is not None and \
                        column["entity"] != "FREE_TEXT_WITH_PERSON":
                    mixed_person_rows.update(column["rows_with_personal"])
            for column in labels["columns"]:
                name = column["name"]
                rows_all = [r for r in range(len(table.data)) if str(table.data.at[r, name]).strip()]
                if not column.get("personal") or column["entity"] == "FREE_TEXT_WITH_PERSON":
                    if column.get("personal"):
                        continue
                    for row in rows_all:  # a non-personal cell must reach the output unchanged
                        other_changed += row in position and name in output.columns and \
                            str(output.at[position[row], name]) != str(table.data.at[row, name])
                    continue
                personal_rows = column.get("rows_with_personal")
                if personal_rows is not None and column["entity"] in ("PERSON", "FR_SIRET_NATURAL_PERSON"):
                    for row in rows_all:  # an organisation's name or SIRET: kept, on a published row
                        if row in personal_rows or row in mixed_person_rows:
                            continue
                        org_checked += 1
                        org_changed += row not in position or name not in output.columns or \
                            str(output.at[position[row], name]) != str(table.data.at[row, name])
                for row in personal_rows if personal_rows is not None else rows_all:
                    value = str(table.data.at[row, name]).strip()
                    if not value:
                        continue
                    checked += 1  # still there, unchanged, in the same column and row?
                    if row in position and name in output.columns:  # a row left out leaks nothing
                        leaked += str(output.at[position[row], name]) == value
    print(f"after anonymise: labelled personal cells left unchanged {leaked} of {checked}; "
          f"organisation names/SIRETs changed or left out {org_changed} of {org_checked}; "
          f"non-personal cells changed {other_changed}")
    print(f"gate after anonymise: {blocked} finding(s), {blocked_personal} on columns labelled personal; "
          f"tables blocked {len(blocked_tables)} {blocked_tables}; blocked only for élus/agents named in their "
          f"function (pass with the D312-1-3 legal basis) {len(public_role_tables)} {public_role_tables}")
    print(f"corpus: read {read_s:.2f} s, scan {scan_s:.2f} s (scan/read = {scan_s / max(read_s, 1e-9):.2f})")
    # A 100,000-row table: a corpus table repeated (values repeat: distinct values drive the cost).
    base = open_table(sorted((corpus / "tables").glob("*.csv"))[0]).data
    big = pd.concat([base] * (100_000 // len(base) + 1), ignore_index=True).head(100_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        big.to_csv(path, index=False)
        start = time.perf_counter()
        table = open_table(path)
        read_big = time.perf_counter() - start
        start = time.perf_counter()
        detect_personal_data(table.data)
        scan_big = time.perf_counter() - start
    print(f"100,000 rows: read {read_big:.2f} s, scan {scan_big:.2f} s (scan/read = {scan_big / read_big:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
