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
