"""After an edit, re-checking one cell gives exactly what a full validation would."""

import random

import pandas as pd

from opendata_desktop.core.reading import open_table
from opendata_desktop.core.schemas import Schema, default_catalogue
from opendata_desktop.core.validation import Validator, validate_frame


def _keyset(report):
    return sorted(((e.row_number, e.field, e.code, e.message) for e in report.errors), key=repr)


def test_random_edits_match_a_full_run(scdl_dir):
    schema = default_catalogue().get("scdl/subventions")
    table = open_table(scdl_dir / "scdl.subventions" / "exemple_invalide_erreurs_cellules.csv")
    frame = table.data.copy()
    validator = Validator(schema)
    validator.run(frame.copy())
    rng = random.Random(7)
    pool = ["", "abc", "2024-01-01", "0.5", "1200", "oui", "non", "73282932000074", "73282932000075",
            "W123456789", "aide en nature", "2024-02-30", "x" * 300]
    for _ in range(200):
        row = rng.randrange(len(frame))
        field = rng.choice(list(frame.columns))
        value = rng.choice(pool + [frame.iat[rng.randrange(len(frame)), frame.columns.get_loc(field)]])
        frame.iat[row, frame.columns.get_loc(field)] = value
        incremental = validator.update_cell(row, field, value)
        assert _keyset(incremental) == _keyset(validate_frame(frame.copy(), schema)), (row, field, value)


def test_unique_and_primary_key_follow_edits():
    schema = Schema.from_descriptor({"fields": [{"name": "id", "constraints": {"unique": True}}, {"name": "nom"}],
                                     "primaryKey": ["id"]}, "test/cle", "1")
    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "nom": ["1", "2", "3", "4"]}, dtype=object)
    validator = Validator(schema)
    assert validator.run(frame.copy()).errors == []
    report = validator.update_cell(3, "id", "a")  # row 5 repeats row 2
    assert {(e.row_number, e.code) for e in report.errors} == {(5, "unique-error"), (5, "primary-key")}
    report = validator.update_cell(0, "id", "z")  # now row 5 is the first "a"
    assert report.errors == []
    report = validator.update_cell(1, "id", "")  # empty key
    assert {(e.row_number, e.code) for e in report.errors} == {(3, "primary-key")}


def _ordered(report):
    return [(e.row_number, e.field, e.code, e.message) for e in report.errors]


def test_edits_keep_the_report_in_file_order_on_a_generated_table():
    """The order kept between edits (no re-sort) is the order a full run gives, on a table with
    numbers, bounds, patterns, a key and a cross-column check, edited many times."""
    schema = Schema.from_descriptor({
        "fields": [{"name": "code", "constraints": {"required": True, "pattern": r"[A-Z]\d{3}", "unique": True}},
                   {"name": "total", "type": "integer", "constraints": {"minimum": 0}},
                   {"name": "part", "type": "number", "constraints": {"maximum": 100.5}},
                   {"name": "reste", "type": "number"}],
        "custom_checks": [{"name": "compare-columns-value",
                           "params": {"column": "part", "op": "<=", "column2": "total"}}]}, "essai/ordre", "1")
    rng = random.Random(11)
    n = 300
    frame = pd.DataFrame({"code": [f"B{i:03d}" for i in range(n)],
                          "total": [str(rng.randint(-5, 200)) for _ in range(n)],
                          "part": [str(rng.choice([1, 50, 100.5, 100.51, "1e2", "x"])) for _ in range(n)],
                          "reste": [""] * n}, dtype=object)
    validator = Validator(schema)
    validator.run(frame.copy())
    pool = ["", "B001", "b001", "-1", "0", "100.5", "100.500001", "1 000", "+7", "NaN", "2e1", "Z999"]
    for _ in range(150):
        row, field = rng.randrange(n), rng.choice(list(frame.columns))
        value = rng.choice(pool)
        frame.iat[row, frame.columns.get_loc(field)] = value
        incremental = validator.update_cell(row, field, value)
        assert _ordered(incremental) == _ordered(validate_frame(frame.copy(), schema)), (row, field, value)


def test_a_message_replaced_from_outside_shows_in_the_next_report():
    """A fix review replaces the message of an existing error directly in `validator.errors`."""
    from opendata_desktop.core.validation import CellError

    schema = Schema.from_descriptor({"fields": [{"name": "n", "type": "integer"}]}, "essai/n", "1")
    validator = Validator(schema)
    report = validator.run(pd.DataFrame({"n": ["1", "x", "3"]}, dtype=object))
    [error] = report.errors
    validator.errors[(1, "n", "type-error")] = CellError(error.row_number, error.cell, "n", "type-error",
                                                         "Message précis.", row_index=1, value="x")
    assert [e.message for e in validator.update_cell(0, "n", "2").errors] == ["Message précis."]


def test_edits_redo_overlapping_custom_checks_like_a_full_run():
    """Délibérations declare cohesive, compare and sum checks sharing columns; an edit redoes the checks
    reading the edited column and those sharing a column with them, and nothing is left stale, even
    when a row becomes blank or stops being blank."""
    schema = default_catalogue().get("scdl/deliberations")
    rng = random.Random(23)
    pools = {
        "COLL_SIRET": ["21820037300015", "21820037300016", ""], "DELIB_DATE": ["2024-03-01", "2024-13-01", ""],
        "PREF_DATE": ["2024-02-28", "2024-03-02", ""], "BUDGET_ANNEE": ["2024/2025", "2024", ""],
        "BUDGET_NOM": ["Budget principal", ""], "DELIB_MATIERE_NOM": ["Finances locales/Budget", "Budget", ""],
        "VOTE_EFFECTIF": ["19", "15", ""], "VOTE_REEL": ["15", "19", "x", ""], "VOTE_POUR": ["10", "15", ""],
        "VOTE_CONTRE": ["3", "0", ""], "VOTE_ABSTENTION": ["2", "0", ""],
    }
    names = schema.field_names
    n = 40
    frame = pd.DataFrame({f: [rng.choice(pools.get(f, ["texte", ""])) for _ in range(n)] for f in names}, dtype=object)
    validator = Validator(schema)
    validator.run(frame.copy())
    for step in range(250):
        row = rng.randrange(n)
        if step % 25 == 0:  # empty a whole row, cell by cell, then fill one cell again
            for f in names:
                frame.iat[row, frame.columns.get_loc(f)] = ""
                validator.update_cell(row, f, "")
        field = rng.choice(list(pools)) if rng.random() < 0.8 else rng.choice(names)
        value = rng.choice(pools.get(field, ["texte", ""]))
        frame.iat[row, frame.columns.get_loc(field)] = value
        incremental = validator.update_cell(row, field, value)
        assert _ordered(incremental) == _ordered(validate_frame(frame.copy(), schema)), (step, row, field, value)


def test_many_new_texts_and_distinct_columns_follow_edits():
    """Edits that bring hundreds of new texts to a column of few values, and edits in a column whose
    values are all different (the engine shares that column's texts), give what a full run gives."""
    schema = Schema.from_descriptor({"fields": [
        {"name": "etat", "constraints": {"enum": ["ouvert", "fermé"]}},
        {"name": "ref", "constraints": {"pattern": "R\\d{6}", "unique": True}},
        {"name": "n", "type": "integer", "constraints": {"maximum": 500}}]}, "test/edits", "1")
    rows = 25_000  # above the size where columns of distinct values are not hashed
    frame = pd.DataFrame({"etat": ["ouvert", "fermé"] * (rows // 2), "ref": [f"R{i:06d}" for i in range(rows)],
                          "n": [str(i % 700) for i in range(rows)]}, dtype=object)
    validator = Validator(schema)
    validator.run(frame.copy())
    rng = random.Random(3)
    for step in range(400):  # about 200 new texts in « etat »: more than its one-byte codes hold
        row = rng.randrange(rows)
        field, value = rng.choice([("etat", f"état {step}"), ("etat", f"état {step}"),
                                   ("ref", f"R{rng.randrange(rows):06d}"),
                                   ("ref", f"X{step}"), ("n", str(rng.randrange(1000)))])
        frame.iat[row, frame.columns.get_loc(field)] = value
        incremental = validator.update_cell(row, field, value)
        if step % 50 == 0 or step == 399:
            assert _keyset(incremental) == _keyset(validate_frame(frame.copy(), schema)), (step, row, field)
