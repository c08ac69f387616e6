"""What the person typed, where they were, and what they were told stay: re-entering a step, correcting a
cell, a failed autosave, a recovery, closing the window."""

import ast
import errno
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from opendata_desktop.core.autosave import recoverable_work
from opendata_desktop.ui.app import create_window
from tests.ui.conftest import apply_proposed_fixes, open_with_schema, show_verdict, wait_idle

UI = Path(__file__).resolve().parents[2] / "opendata_desktop" / "ui"


def _grants(tmp_path, rows=30) -> Path:
    """A small grants file of our own, with other headers than the shared fixtures."""
    frame = pd.DataFrame({
        "Organisme payeur": ["Mairie de Saint-Exemple"] * rows,
        "Siret payeur": ["21820682914177"] * rows,
        "Signée le": ["2024-03-0%d" % (1 + i % 9) for i in range(rows)],
        "Bénéficiaire (association)": [f"Association numéro {i}" for i in range(rows)],
        "Objet": ["Fonctionnement"] * rows,
        "Somme versée": ["100"] * rows,
        "Nature de l'aide": ["aide en numéraire" if i % 3 else "chèque" for i in range(rows)],
    })
    path = tmp_path / "aides_associations.csv"
    frame.to_csv(path, index=False, sep=";")
    return path


def test_no_page_imports_the_main_window():
    for module in (UI / "pages").glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "opendata_desktop.ui.main_window" not in imported, module.name


def test_typed_title_and_description_are_kept_when_the_step_is_entered_again(qtbot, window, messy):
    open_with_schema(qtbot, window, messy / "prenoms_naissances.csv", "scdl/prenoms")
    window.go_to(5)
    wait_idle(qtbot, window)
    publish = window.pages[5]
    suggested = publish.dataset_title.text()
    assert suggested
    publish.dataset_title.setFocus()
    publish.dataset_title.selectAll()
    qtbot.keyClicks(publish.dataset_title, "Prenoms de Saint-Exemple")
    publish.description.setFocus()
    qtbot.keyClicks(publish.description, " Mis a jour chaque annee.")
    typed = publish.description.toPlainText()
    window.go_to(3)
    wait_idle(qtbot, window)
    window.go_to(5)
    wait_idle(qtbot, window)
    assert publish.dataset_title.text() == "Prenoms de Saint-Exemple"
    assert publish.description.toPlainText() == typed


def test_the_title_follows_the_file_until_the_person_types_it(qtbot, window, messy):
    open_with_schema(qtbot, window, messy / "prenoms_naissances.csv", "scdl/prenoms")
    window.go_to(5)
    wait_idle(qtbot, window)
    first = window.pages[5].dataset_title.text()
    open_with_schema(qtbot, window, messy / "deliberations_2024.csv", "scdl/deliberations")
    window.go_to(5)
    wait_idle(qtbot, window)
    assert window.pages[5].dataset_title.text() != first  # not typed: suggested again for the new file


def test_after_a_correction_the_cursor_goes_to_the_next_error_of_the_same_kind(qtbot, window, tmp_path):
    path = _grants(tmp_path)
    open_with_schema(qtbot, window, path, "scdl/subventions")
    page = show_verdict(qtbot, window)
    errors = [e for e in window.document.report.errors if e.field == "nature" and e.row_index is not None]
    assert len(errors) >= 3
    first, second = errors[0], errors[1]
    group_index = next(i for i in range(page.errors_tree.topLevelItemCount())
                       if page.errors_tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1).startswith("nature|"))
    group = page.errors_tree.topLevelItem(group_index)
    group.setExpanded(True)
    column = page._fields.index("nature")
    page.table.setCurrentIndex(page.model.index(first.row_index, column))
    assert page.model.setData(page.model.index(first.row_index, column), "aide en nature")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.table.currentIndex().row() == second.row_index, timeout=5000)
    assert page.table.currentIndex().column() == column
    regrouped = next(page.errors_tree.topLevelItem(i) for i in range(page.errors_tree.topLevelItemCount())
                     if page.errors_tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1).startswith("nature|"))
    assert regrouped.isExpanded()  # the group the person opened stays open
    assert window.document.table.at[first.row_index, "Nature de l'aide"] == "aide en nature"


def test_confirm_all_is_one_undo_step(qtbot, window, tmp_path):
    open_with_schema(qtbot, window, _grants(tmp_path), "scdl/subventions")
    window.go_to(2)
    page = window.pages[2]
    qtbot.waitUntil(lambda: bool(page.combos))
    assert page.confirm_button.isEnabled()
    before = dict(window.document.mapping.columns)
    page.confirm_button.click()
    qtbot.waitUntil(lambda: not page.confirm_button.isEnabled())
    assert "confirmée" in {page.table.item(r, 3).text() for r in range(page.table.rowCount())}
    assert "confirmée" in window.undo_action.text()  # one step, named for what the person did
    depth = len(window.document.undo_stack.done)
    window.undo()
    assert len(window.document.undo_stack.done) == depth - 1
    assert window.document.mapping.columns == before


def test_mapping_shows_french_labels_with_codes_only_in_tooltips(qtbot, window, tmp_path):
    open_with_schema(qtbot, window, _grants(tmp_path), "scdl/subventions")
    window.go_to(2)
    page = window.pages[2]
    qtbot.waitUntil(lambda: bool(page.combos))
    combo = page.combos["Somme versée"]
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert not any("montant" == t.strip(" *") or "(montant)" in t for t in texts)
    index = combo.findData("montant")
    assert "montant" in combo.itemData(index, Qt.ItemDataRole.ToolTipRole)


def test_a_full_disk_during_autosave_is_said_and_the_views_follow(qtbot, window, tmp_path, monkeypatch):
    open_with_schema(qtbot, window, _grants(tmp_path), "scdl/subventions")
    page = show_verdict(qtbot, window)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("opendata_desktop.core.autosave.save_project", full)
    column = page._fields.index("objet")
    assert page.model.setData(page.model.index(0, column), "Objet corrigé")
    wait_idle(qtbot, window)
    assert page.model.data(page.model.index(0, column)) == "Objet corrigé"  # the view followed
    assert window.document.table.at[0, "Objet"] == "Objet corrigé"
    text = window.autosave_warning.text()
    assert window.autosave_warning.isVisibleTo(window) and "disque plein" in text.lower()
    monkeypatch.undo()
    assert page.model.setData(page.model.index(1, column), "Autre objet")
    wait_idle(qtbot, window)
    assert not window.autosave_warning.isVisibleTo(window)  # saved again: the warning goes


def test_after_recovery_the_title_shows_the_file_name(qtbot, qapp, window, tmp_path):
    path = _grants(tmp_path)
    open_with_schema(qtbot, window, path, "scdl/subventions")
    window.go_to(2)
    window.pages[2].set_field("Objet", None)
    qtbot.wait(20)
    assert recoverable_work()
    window.dirty = False  # the process died
    fresh = create_window(qapp)
    fresh.errors.interactive = False
    qtbot.addWidget(fresh)
    fresh.offer_recovery(ask=lambda text: True)
    wait_idle(qtbot, fresh)
    assert fresh.windowTitle().startswith("aides_associations.csv"), fresh.windowTitle()


def test_the_close_dialog_says_ne_pas_enregistrer(window):
    box = window.close_dialog()
    labels = {b.text().replace("&", "") for b in box.buttons()}
    assert labels == {"Enregistrer", "Ne pas enregistrer", "Annuler"}
    assert box.escapeButton().text() == "Annuler"
    box.deleteLater()


def test_dropping_a_file_anywhere_opens_it(qtbot, window, tmp_path):
    path = _grants(tmp_path)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_idle(qtbot, window)
    assert window.document is not None and window.document.source.path == path


def test_a_welcome_choice_picks_the_schema_and_goes_to_the_mapping(qtbot, window, tmp_path):
    start = window.pages[0]
    assert start.welcome.isVisible() and "Que voulez-vous publier" in start.welcome.findChildren(
        type(start.summary))[0].text()
    start.ask_file = lambda: str(_grants(tmp_path))
    start.dataset_buttons["scdl/subventions"].click()
    wait_idle(qtbot, window)
    assert window.document.schema.name == "scdl/subventions"
    assert window.stack.currentIndex() == 2
    assert not start.welcome.isVisibleTo(window)


def test_a_saved_project_is_offered_at_the_next_launch(qtbot, qapp, window, tmp_path, monkeypatch):
    open_with_schema(qtbot, window, _grants(tmp_path), "scdl/subventions")
    monkeypatch.setattr("opendata_desktop.ui.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "aides.odproj"), ""))
    assert window.save_project()
    fresh = create_window(qapp)
    fresh.errors.interactive = False
    qtbot.addWidget(fresh)
    fresh.show()
    texts = [b.text() for b in fresh.pages[0].recent_box.findChildren(type(fresh.next_button))]
    assert any("aides" in t and "projet" in t for t in texts), texts
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)


def test_the_changes_view_lists_every_changed_cell(qtbot, window, messy):
    open_with_schema(qtbot, window, messy / "deliberations_2024.csv", "scdl/deliberations")
    page = apply_proposed_fixes(qtbot, window)
    dialog = page.show_changes()
    assert dialog.table.rowCount() == len(window.document.cell_changes()) > 0
    texts = {dialog.table.item(r, 2).text() + "→" + dialog.table.item(r, 3).text()
             for r in range(dialog.table.rowCount())}
    assert "15/01/2024→2024-01-15" in texts
    dialog.filter.setCurrentIndex(1)
    assert 0 < dialog.table.rowCount() <= len(window.document.cell_changes())
    dialog.deleteLater()


def test_one_correction_then_all_identical_cells_and_find_replace(qtbot, window, tmp_path):
    open_with_schema(qtbot, window, _grants(tmp_path), "scdl/subventions")
    page = show_verdict(qtbot, window)
    column = page._fields.index("nature")
    wrong = [i for i, v in enumerate(window.document.table["Nature de l'aide"]) if v == "chèque"]
    assert page.model.setData(page.model.index(wrong[0], column), "aide en numéraire")
    wait_idle(qtbot, window)
    assert page.same_bar.isVisibleTo(window) and f"{len(wrong) - 1} autre(s)" in page.same_text.text()
    page.same_button.click()
    wait_idle(qtbot, window)
    assert set(window.document.table["Nature de l'aide"]) == {"aide en numéraire"}
    assert window.undo_action.text().startswith("Annuler : « chèque »")
    window.undo()
    assert list(window.document.table["Nature de l'aide"]).count("chèque") == len(wrong) - 1
    page.find_replace("Objet", "Fonctionnement", "Fonctionnement général")
    assert set(window.document.table["Objet"]) == {"Fonctionnement général"}
