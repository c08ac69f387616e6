from openpyxl import load_workbook

from opendata_desktop.core.reading import open_table
from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.core.validation import validate_table
from opendata_desktop.core.validation.export import write_report_html, write_report_xlsx


def test_excel_report_has_red_cells_an_errors_sheet_and_no_live_formula(tmp_path, scdl_dir):
    schema = default_catalogue().get("scdl/subventions")
    table = open_table(scdl_dir / "scdl.subventions" / "exemple_invalide_erreurs_cellules.csv")
    table.data.iat[0, 7] = '=HYPERLINK("http://exemple.invalid","cliquez")'  # formula injection attempt
    validator = validate_table(table, schema)
    report = validator.report()
    path = write_report_xlsx(tmp_path / "rapport.xlsx", report, validator.frame, schema,
                             list(validator.locator.row_numbers))
    wb = load_workbook(path)
    data, errors = wb["Données"], wb["Erreurs"]
    assert errors.max_row == len(report.errors) + len(report.warnings) + 1  # warnings follow the errors
    first = next(e for e in report.errors if e.cell == "I6")
    cell = data.cell(row=first.row_index + 2, column=list(validator.frame.columns).index("montant") + 2)
    assert cell.fill.fgColor.rgb.endswith("F8D0D0") and first.message in cell.comment.text
    injected = data.cell(row=2, column=9)
    assert injected.data_type == "s" and str(injected.value).startswith("=HYPERLINK")
    assert (path.stat().st_mode & 0o777) != 0o600  # an ordinary file, not a private temp file


def test_printable_report_in_french(tmp_path, scdl_dir):
    schema = default_catalogue().get("scdl/subventions")
    table = open_table(scdl_dir / "scdl.subventions" / "exemple_invalide_erreurs_cellules.csv")
    report = validate_table(table, schema).report()
    text = write_report_html(tmp_path / "r.html", report, schema, "subventions.csv").read_text(encoding="utf-8")
    assert "INVALIDE" in text and "I6" in text and 'lang="fr"' in text and "approuvé pour publication" in text


def test_excel_report_with_many_errors_lists_each_one_in_order(tmp_path):
    """Issue 11: thousands of errors (the report used to be quadratic). Every error is on its own row, in
    report order, and every faulty cell is red with its message."""
    import pandas as pd

    from opendata_desktop.core.schemas import Schema
    from opendata_desktop.core.validation import validate_frame

    schema = Schema.from_descriptor({"fields": [
        {"name": "quantite", "type": "integer"}, {"name": "jour", "type": "date"},
        {"name": "statut", "type": "string", "constraints": {"enum": ["ouvert", "fermé"]}},
        {"name": "taux", "type": "number", "constraints": {"maximum": 1}}]}, "essai/compteurs", "1.0")
    n = 2500
    frame = pd.DataFrame({"quantite": [f"{i},5" for i in range(n)], "jour": ["31/12/2024"] * n,
                          "statut": ["Ouvert"] * n, "taux": [str(2 + i) for i in range(n)]}, dtype=object)
    report = validate_frame(frame, schema)
    assert len(report.errors) == 4 * n
    path = write_report_xlsx(tmp_path / "rapport.xlsx", report, frame, schema)
    wb = load_workbook(path)
    errors, data = wb["Erreurs"], wb["Données"]
    rows = list(errors.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4], r[5]) for r in rows] == [(e.cell, e.code, e.message) for e in report.errors]
    assert not report.warnings
    last = report.errors[-1]
    cell = data.cell(row=last.row_index + 2, column=list(frame.columns).index(last.field) + 2)
    assert cell.fill.fgColor.rgb.endswith("F8D0D0") and last.message in cell.comment.text


def test_printable_report_lists_structure_remarks(tmp_path):
    import pandas as pd

    from opendata_desktop.core.schemas import Schema
    from opendata_desktop.core.validation import validate_frame

    schema = Schema.from_descriptor({"fields": [{"name": "nom"}, {"name": "telephone_accueil"}]}, "essai/annuaire", "1")
    report = validate_frame(pd.DataFrame({"nom": ["Mairie"], "horaires": ["9h-12h"]}, dtype=object), schema)
    assert report.valid and report.badge == "partiellement valide"
    text = write_report_html(tmp_path / "r.html", report, schema, "annuaire.csv").read_text(encoding="utf-8")
    assert "Remarques" in text and "telephone_accueil" in text and "horaires" in text
