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
