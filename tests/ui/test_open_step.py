"""« Ouvrir »: what was detected is shown in plain French; corrections are applied and remembered."""

from tests.ui.conftest import wait_idle


def test_header_row_correction_is_applied_and_remembered(qtbot, window, messy):
    path = messy / "subventions_2024.xlsx"
    window.open_file(path)
    wait_idle(qtbot, window)
    page = window.pages[0]
    text = page.summary.text()
    assert "ligne 4" in text and "120 lignes de données" in text and "classeur Excel" in text
    assert page.sheet_combo.currentText() == "Subventions 2024" and page.sheet_combo.count() == 2
    assert not page.encoding_combo.isEnabled()  # encoding only matters for CSV

    page.header_spin.setValue(5)  # a wrong correction, to see it applied
    page.reread_button.click()
    wait_idle(qtbot, window)
    assert window.document.source.header_row == 5
    assert window.document.source.columns[0] == "Commune de Caussade"

    window.open_file(path)  # next time: the same choice, without asking
    wait_idle(qtbot, window)
    assert window.document.source.header_row == 5
    page.header_spin.setValue(4)
    page.reread_button.click()
    wait_idle(qtbot, window)
    assert window.document.source.header_row == 4 and window.document.source.n_rows == 120


def test_csv_encoding_and_separator_are_shown_and_can_be_forced(qtbot, window, messy):
    window.open_file(messy / "deliberations_2024.csv")
    wait_idle(qtbot, window)
    page = window.pages[0]
    assert "cp1252" in page.summary.text() and "point-virgule" in page.summary.text()
    page.encoding_combo.setCurrentIndex(page.encoding_combo.findData("utf-8"))
    page.reread_button.click()
    wait_idle(qtbot, window)
    # Forced UTF-8 on a Windows file: each line is decoded in its own encoding, and the page says so.
    assert window.document.source.encoding == "utf-8"
    assert "Collectivité" in window.document.source.columns
    assert "encodage" in page.summary.text()
