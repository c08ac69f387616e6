import pytest

from opendata_desktop.core.document import Document
from opendata_desktop.core.reading import open_table
from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.core.validation import validate_frame, validate_table
from opendata_desktop.core.validation.custom_checks import ALL_CODES


@pytest.mark.parametrize("example", ["exemple_valide.csv", "exemple_invalide_erreurs_cellules.csv"])
def test_official_subventions_examples(scdl_dir, example):
    schema = default_catalogue().get("scdl/subventions")
    table = open_table(scdl_dir / "scdl.subventions" / example)
    report = validate_table(table, schema).report()
    schema_errors = [e for e in report.errors if e.code not in ALL_CODES]
    custom_errors = [e for e in report.errors if e.code in ALL_CODES]
    if example == "exemple_valide.csv":
        assert report.errors == [] and report.badge == "valide"
    else:
        assert schema_errors and custom_errors and report.badge == "invalide"
        assert any(e.code == "french-siret-value" and e.field == "idAttribuant" for e in custom_errors)


def test_absent_optional_column_is_partially_valid(tmp_path, scdl_dir):
    schema = default_catalogue().get("scdl/subventions")
    table = open_table(scdl_dir / "scdl.subventions" / "exemple_valide.csv")
    frame = table.data.drop(columns=["dispositifAide"])
    report = validate_frame(frame, schema)
    # Validata: an absent optional column is a structure warning; the file is valid, « partiellement ».
    assert report.errors == [] and [(e.field, e.code) for e in report.warnings] == [("dispositifAide", "missing-label")]
    assert report.badge == "partiellement valide" and report.valid
    report = validate_frame(table.data.drop(columns=["objet"]), schema)
    assert report.badge == "invalide"


def test_errors_are_french_and_located_in_the_persons_file(messy):
    schema = default_catalogue().get("scdl/subventions")
    table = open_table(messy / "subventions_2024.xlsx")
    doc = Document(table, schema)
    doc.mapping.columns.update({"Date de la convention": "dateConvention", "Notification UE": "notificationUE",
                                "SIRET collectivité": None})
    frame, locator = doc.schema_frame()
    report = validate_frame(frame, schema, locator)
    by_cell = {e.cell: e for e in report.errors if e.cell}
    # Row 8 of the sheet holds the text date 12/04/2024 in column C.
    error = by_cell["C8"]
    assert error.code == "type-error" and error.field == "dateConvention" and error.row_number == 8
    assert "AAAA-MM-JJ" in error.message and "12/04/2024" in error.message
    notif = next(e for e in report.errors if e.field == "notificationUE")
    assert "« oui » ou « non »" in notif.message
    required = next(e for e in report.errors if e.field == "idAttribuant")
    assert "obligatoire" in required.message and required.cell is None  # not mapped: no cell
    assert report.badge == "invalide"
    assert report.as_dict()["stats"] == {"rows": 120, "errors": len(report.errors), "warnings": 0}


@pytest.mark.parametrize("descriptor", [
    {"name": "n", "type": "number", "constraints": {"minimum": 0.01, "maximum": 1}},
    {"name": "n", "type": "number", "constraints": {"required": True, "maximum": 100000}},
    {"name": "n", "type": "number"},  # no bound: validity alone, decided on the code points
    {"name": "i", "type": "integer", "constraints": {"required": True}},
    {"name": "i", "type": "integer", "constraints": {"minimum": -3, "maximum": 250}},
    {"name": "s", "type": "string", "constraints": {"pattern": r"\d{5}"}},
    {"name": "s", "type": "string", "constraints": {"pattern": r"^W\d{9}$", "required": True}},
    {"name": "s", "type": "string", "constraints": {"pattern": r"[A-Z]{2}-[0-9]{3}", "maxLength": 6}},
    {"name": "s", "type": "string", "constraints": {"pattern": r"(?:(?:^|\|)(a|b))+$", "enum": ["a", "a|b", "c"]}},
])
@pytest.mark.parametrize("chunk", [65536, 7])  # 7: the texts go through numpy in many slices
def test_whole_column_checks_give_the_verdict_of_the_cell_by_cell_reader(descriptor, chunk, monkeypatch):
    """The numpy paths (plain numbers, fixed-width patterns) only recognise what is certainly valid;
    every text gets the same status and note as the exact reader, tricky spellings included."""
    import random

    from opendata_desktop.core.schemas import Field
    from opendata_desktop.core.validation import vector
    from opendata_desktop.core.validation.cells import CellChecker

    monkeypatch.setattr(vector, "CHUNK", chunk)
    rng = random.Random(len(str(descriptor)))
    tricky = ["", " ", "0", "0.01", "0.0099999999999999999", "1", "1.0", "1.", ".5", "+.5", "-0", "1e0", "1E-2",
              "1e999", "NaN", "inf", "1_000", "1 000", "1,5", "٣", "0x10", "--1", "1e", "250", "251", "-3", "-4",
              "100000", "100000.0000000001", "12345", "1234", "123456", "1234\n", "W123456789", "w123456789",
              "W12345678", "AB-123", "ab-123", "AB-1234", "a", "a|b", "b|a", "c", "a|", "é1234"]
    texts = tricky + ["".join(rng.choice("0123456789.-+eEW ,|ab") for _ in range(rng.randint(1, 12)))
                      for _ in range(3000)]
    texts = list(dict.fromkeys(texts))
    checker = CellChecker(Field.from_descriptor(descriptor), ("",))
    assert checker.vectorizable
    status, notes, _ = checker.check_many(texts)
    expected = [checker.check(t)[:2] for t in texts]
    assert [(int(s), notes.get(i, "")) for i, s in enumerate(status)] == [(int(s), n) for s, n in expected]


def test_shared_and_separate_text_objects_give_the_same_report(tmp_path):
    """The engine groups a column's cells by text object before grouping by value (the CSV reader shares
    one object among repeats): a frame whose every cell is its own object gives the same report."""
    import random

    import pandas as pd

    from opendata_desktop.core.reading import open_table
    from opendata_desktop.core.schemas import Schema
    from opendata_desktop.core.validation import validate_frame

    schema = Schema.from_descriptor({"fields": [
        {"name": "etat", "constraints": {"required": True, "enum": ["ouvert", "fermé", "en travaux"]}},
        {"name": "code", "constraints": {"pattern": "[0-9]{5}"}},
        {"name": "n", "type": "number", "constraints": {"minimum": 0}}]}, "test/objets", "1")
    rng = random.Random(5)
    lines = ["etat;code;n"] + [";".join([rng.choice(["ouvert", "fermé", "en travaux", "Ouvert", ""]),
                                         rng.choice(["81000", "8100", "81 000", "12345", ""]),
                                         rng.choice(["1", "-2", "3,5", "x", "4e2", ""])]) for _ in range(30_000)]
    path = tmp_path / "objets.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shared = open_table(path).data
    separate = pd.DataFrame({c: ["".join(["", v]) if len(v) > 1 else v for v in shared[c].tolist()]
                             for c in shared.columns}, dtype=object)
    assert shared["etat"].iloc[:2000].map(id).nunique() < 100 < separate["etat"].iloc[:2000].map(id).nunique()
    first, second = validate_frame(shared, schema), validate_frame(separate, schema)
    assert [e.as_dict() for e in first.errors] == [e.as_dict() for e in second.errors]
    assert len(first.errors) > 1000


def test_a_run_leaves_the_garbage_collector_settings_as_they_were():
    import gc

    import pandas as pd

    from opendata_desktop.core.schemas import Schema
    from opendata_desktop.core.validation import validate_frame

    schema = Schema.from_descriptor({"fields": [{"name": "n", "type": "integer"}]}, "test/gc", "1")
    before = gc.get_threshold()
    validate_frame(pd.DataFrame({"n": ["1", "x"]}, dtype=object), schema)
    assert gc.get_threshold() == before
