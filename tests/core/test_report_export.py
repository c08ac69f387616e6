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
    assert errors.max_row == len(report.errors) + 1
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
