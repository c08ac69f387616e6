"""Same verdict as frictionless, cell for cell, on every official example and on corrupted variants.

The reference is frictionless 5 with name-based column matching (fieldsMatch "equal": absent and
extra columns are reported), which is how Validata reads files. Validata's custom checks are
compared separately (test_custom_checks.py): frictionless does not know them.
"""

import csv
import io
import json
import random
from pathlib import Path

import frictionless
import pytest

from opendata_desktop.core.reading import open_table
from opendata_desktop.core.schemas import Schema
from opendata_desktop.core.validation import validate_table
from opendata_desktop.core.validation.custom_checks import ALL_CODES

VALIDATA_ONLY = {"check-error", "schema-error"}  # Validata's table-level codes, unknown to frictionless
SHARED_SCDL = Path(__file__).resolve().parents[3] / "shared" / "scdl"


def _schema_files():
    pairs = []
    for folder in sorted(SHARED_SCDL.glob("*")) if SHARED_SCDL.is_dir() else []:
        for schema_file in folder.rglob("schema*.json"):
            examples = sorted(p for p in schema_file.parent.glob("*.csv"))
            pairs += [(schema_file, example) for example in examples]
    return pairs


def load_schema(path: Path) -> Schema:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Schema.from_descriptor(data, name=path.parent.name, version=str(data.get("version", "")))


def frictionless_set(path: Path, schema: Schema, delimiter: str, encoding: str, skip_space: bool = False) -> set:
    descriptor = schema.frictionless_descriptor()
    descriptor["fieldsMatch"] = "equal"
    resource = frictionless.Resource(
        path=path.name, basepath=str(path.parent), schema=frictionless.Schema.from_descriptor(descriptor),
        dialect=frictionless.Dialect.from_descriptor({"csv": {"delimiter": delimiter,
                                                              "skipInitialSpace": skip_space}}),
        encoding="utf-8-sig" if encoding == "utf-8" else encoding)
    report = frictionless.validate(resource, limit_errors=1_000_000)
    assert not [e for t in report.tasks for e in t.errors if e.type in ("resource-error", "scheme-error",
                                                                           "encoding-error", "source-error")]
    found = set()
    for task in report.tasks:
        for e in task.errors:
            name = getattr(e, "field_name", None) or getattr(e, "label", None) or None
            found.add((getattr(e, "row_number", None), name, e.type))
    return found


def our_set(path: Path, schema: Schema) -> set:
    """Errors and structure warnings together: frictionless reports absent optional and extra columns as
    errors, Validata (followed for the verdict) as warnings; the (row, field, code) set is the same."""
    report = validate_table(open_table(path), schema).report()
    return {(e.row_number, e.field, e.code) for e in report.errors + report.warnings
            if e.code not in ALL_CODES | VALIDATA_ONLY}


@pytest.mark.parametrize("schema_file,example", _schema_files(),
                         ids=lambda p: f"{p.parent.name}/{p.name}" if isinstance(p, Path) else str(p))
def test_official_examples_match_frictionless(scdl_dir, schema_file, example):
    schema = load_schema(schema_file)
    table = open_table(example)
    expected = frictionless_set(example, schema, table.delimiter, table.encoding, table.skip_initial_space)
    if expected == {(None, None, "error")}:  # frictionless cannot match columns by name: a header repeats
        assert table.duplicate_labels
        assert {(None, label, "duplicate-label") for label in table.duplicate_labels} <= our_set(example, schema)
        return
    assert our_set(example, schema) == expected


def test_every_official_example_was_compared(scdl_dir):
    assert len(_schema_files()) >= 25


# -- corrupted variants -------------------------------------------------------------------------

def _rows(path: Path):
    table = open_table(path)
    return table.columns, table.data.to_numpy(dtype=object).tolist()


def _write(path: Path, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def corrupt(schema: Schema, header, rows, rng: random.Random) -> list[tuple[str, list, list]]:
    """Variants that break one rule each, chosen from what the schema actually declares."""
    variants = []
    by_type = {}
    for f in schema.fields:
        by_type.setdefault(f.type, []).append(f)
    mutate = lambda: [list(r) for r in rows]  # noqa: E731
    for f in schema.fields:
        if f.name not in header:
            continue
        j = header.index(f.name)
        new = mutate()
        i = rng.randrange(len(new))
        c = f.constraints
        if f.type in ("number", "integer", "date", "datetime", "year", "boolean", "geopoint"):
            new[i][j] = "n'importe quoi"
            variants.append((f"type-{f.name}", header, new))
        if "enum" in c:
            new = mutate()
            new[i][j] = "valeur hors liste"
            variants.append((f"enum-{f.name}", header, new))
        if "pattern" in c:
            new = mutate()
            new[i][j] = "XX" + str(new[i][j]) + "!"
            variants.append((f"pattern-{f.name}", header, new))
        if c.get("required"):
            new = mutate()
            new[i][j] = ""
            variants.append((f"required-{f.name}", header, new))
        if "maxLength" in c:
            new = mutate()
            new[i][j] = "x" * (int(c["maxLength"]) + 1)
            variants.append((f"maxlength-{f.name}", header, new))
        if "minimum" in c and f.type in ("number", "integer"):
            new = mutate()
            new[i][j] = str(float(c["minimum"]) - 1000)
            variants.append((f"minimum-{f.name}", header, new))
        if c.get("unique") or f.name in schema.primary_key:
            new = mutate() + [list(rows[0])]
            variants.append((f"duplicate-{f.name}", header, new))
    extra = [h + ["Observations"] for h in [header]][0]
    variants.append(("extra-column", extra, [r + ["note"] for r in rows]))
    drop = rng.randrange(len(header))
    variants.append(("missing-column", header[:drop] + header[drop + 1:], [r[:drop] + r[drop + 1:] for r in rows]))
    renamed = list(header)
    renamed[drop] = renamed[drop].upper() + "_V1"
    variants.append(("renamed-column", renamed, rows))
    variants.append(("blank-row", header, rows[:1] + [[""] * len(header)] + rows[1:]))
    return variants


CORRUPTED_BASES = [
    ("scdl.subventions/schema.json", "scdl.subventions/exemple_valide.csv"),
    ("scdl.prenoms/schema.json", "scdl.prenoms/prenoms-nouveaux-nes_exemple-valide.csv"),
    ("datagouv.schema-fontaine-eau/schema.json", "datagouv.schema-fontaine-eau/exemple-valide.csv"),
    ("etalab.schema-stationnement/schema.json", "etalab.schema-stationnement/exemple-valide.csv"),
    ("etalab.schema-lieux-covoiturage/schema.json", "etalab.schema-lieux-covoiturage/exemple-valide.csv"),
    ("CEREMA.schema-aire-livraison/schema.json", "CEREMA.schema-aire-livraison/exemple-grand-lyon.csv"),
    ("etalab.schema-irve-statique/schema-statique.json", "etalab.schema-irve-statique/exemple-valide-statique.csv"),
]


@pytest.mark.parametrize("schema_rel,example_rel", CORRUPTED_BASES, ids=[b[0].split("/")[0] for b in CORRUPTED_BASES])
def test_corrupted_variants_match_frictionless(scdl_dir, tmp_path, schema_rel, example_rel):
    schema = load_schema(scdl_dir / schema_rel)
    header, rows = _rows(scdl_dir / example_rel)
    rng = random.Random(schema_rel)
    variants = corrupt(schema, header, rows, rng)
    assert len(variants) >= 8
    for name, variant_header, variant_rows in variants:
        path = _write(tmp_path / f"{name}.csv", variant_header, variant_rows)
        expected = frictionless_set(path, schema, ",", "utf-8")
        assert our_set(path, schema) == expected, name
        assert expected - frictionless_set(scdl_dir / example_rel, schema, *_dialect(scdl_dir / example_rel)) \
            or name.startswith(("duplicate", "type-")), f"{name} broke nothing"


def _dialect(path):
    table = open_table(path)
    return table.delimiter, table.encoding, table.skip_initial_space
