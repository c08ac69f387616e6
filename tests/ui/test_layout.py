"""Nothing cut at 1280×760 and at 200 % font: the person's column names and the fields' French labels are
shown whole (or shortened with « … » and given whole in the tooltip), error messages wrap, no page is
wider than the window; Enter presses the step's main button when the focus is on nothing that uses Enter."""

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyle

from opendata_desktop.ui.a11y import unnamed
from tests.ui.conftest import new_window, open_with_schema, show_verdict, wait_idle

LONG_HEADER = "Nom complet de l'organisme bénéficiaire de la subvention versée cette année"


@pytest.fixture(params=[1, 2], ids=["100pct", "200pct"])
def sized_window(request, qtbot, qapp):
    """The real window at 1280×760, with the system font at 100 % or 200 %."""
    base = qapp.font()
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * request.param)
    qapp.setFont(font)
    win = new_window(qtbot, qapp, 1280, 760)
    yield win
    win.tasks.wait_all(10000)
    qapp.setFont(base)


def _grants_file(tmp_path):
    """A grants file of our own, with a very long header and long texts."""
    path = tmp_path / "aides_versees_par_la_mairie.csv"
    rows = [f"Mairie de Saint-Exemple-sur-Loire;2024-0{m}-1{m};{LONG_HEADER.split()[0]} Association n°{m};"
            f"{m}00;Aide en numéraire;Versement unique;Projet de quartier numéro {m} pour les jeunes"
            for m in range(1, 9)]
    path.write_text("Nom de l'attribuant;Date de la convention;" + LONG_HEADER + ";Montant;Nature;Conditions;Objet\n"
                    + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _wrapped_height(widget, text: str, width: int) -> int:
    return widget.fontMetrics().boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text).height()


def test_no_step_is_wider_than_the_window(qtbot, sized_window, tmp_path):
    window = sized_window
    open_with_schema(qtbot, window, _grants_file(tmp_path), "scdl/subventions")
    for step in range(len(window.pages)):
        window.go_to(step)
        wait_idle(qtbot, window)
        qtbot.wait(20)
        page = window.pages[step]
        assert page.scroll.horizontalScrollBar().maximum() == 0, f"étape {step + 1} plus large que la fenêtre"
        assert not unnamed(window), (step, unnamed(window))  # the new widgets too have a name and a description
        bar = page.action_bar
        if page.primary is not None and page.primary.isVisible():  # the main action: in the bottom bar, on screen
            corner = page.primary.mapTo(window, page.primary.rect().bottomRight())
            assert window.rect().contains(corner), f"étape {step + 1}"
            assert bar.isAncestorOf(page.primary)


def test_mapping_shows_the_persons_column_names_and_the_field_labels(qtbot, sized_window, tmp_path):
    window = sized_window
    open_with_schema(qtbot, window, _grants_file(tmp_path), "scdl/subventions")
    window.go_to(2)
    wait_idle(qtbot, window)
    page = window.pages[2]
    qtbot.wait(20)
    table = page.table
    char = table.fontMetrics().averageCharWidth()
    for row in range(table.rowCount()):
        name = table.item(row, 0)
        # The person's own column name is in the table, whole: wrapped within its row, never cut.
        needed = _wrapped_height(table, name.text(), table.columnWidth(0) - char)
        assert table.rowHeight(row) >= needed, name.text()
        combo = page.combos[name.text()]
        assert combo.width() >= char * 14  # never a sliver (« Nom d »)
        assert combo.currentText() in combo.toolTip()  # shortened with « … »: the whole label in the tooltip
        assert "code" not in combo.currentText()
        assert combo.height() <= combo.sizeHint().height() + 4  # not stretched over a tall row
    long_row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == LONG_HEADER)
    assert table.rowHeight(long_row) > table.fontMetrics().height() * 1.5  # the long header wraps


def test_error_messages_wrap_and_the_whole_message_is_shown(qtbot, sized_window, tmp_path):
    window = sized_window
    path = tmp_path / "subventions_abimees.csv"
    path.write_text("Nom de l'attribuant;Date de la convention;Montant\n"
                    + "\n".join(f"Mairie;le {d} mars;{d}00" for d in range(1, 6)) + "\n", encoding="utf-8")
    open_with_schema(qtbot, window, path, "scdl/subventions")
    page = show_verdict(qtbot, window)
    qtbot.wait(50)
    tree = page.errors_tree
    group = tree.topLevelItem(0)
    group.setExpanded(True)
    qtbot.wait(50)
    for item in [group, group.child(0)]:
        rect = tree.visualItemRect(item)
        margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
        needed = _wrapped_height(tree, item.text(0), rect.width() - 2 * margin)  # the style's text margins
        assert rect.height() >= needed, item.text(0)  # the whole message, on as many lines as it needs
    assert tree.visualItemRect(group).height() > tree.fontMetrics().height() * 1.5  # long: it wraps
    tree.setCurrentItem(group.child(0))
    assert group.child(0).text(0) in page.detail.text()


def test_privacy_treatments_are_readable(qtbot, sized_window, messy):
    window = sized_window
    open_with_schema(qtbot, window, messy / "subventions_2024.xlsx", "scdl/subventions")
    window.go_to(4)
    wait_idle(qtbot, window)
    qtbot.wait(20)
    page = window.pages[4]
    assert page.combos
    table = page.table
    char = table.fontMetrics().averageCharWidth()
    for row, combo in enumerate(page.combos):
        assert combo.width() >= char * 14
        assert combo.currentText() in combo.toolTip()
        assert combo.height() <= combo.sizeHint().height() + 4
        found = table.item(row, 1)
        assert table.rowHeight(row) >= _wrapped_height(table, found.text(), table.columnWidth(1) - char) * 0.95
    if window.font().pointSizeF() <= QApplication.font().pointSizeF() and window.fontInfo().pointSizeF() < 14:
        assert not any(c.is_elided() for c in page.combos)  # at 100 %: every treatment shown whole


def test_api_key_help_takes_the_room_of_its_text(qtbot, sized_window):
    window = sized_window
    page = window.pages[5]
    window.stack.setCurrentIndex(5)
    qtbot.wait(50)
    help_label = page.key_help
    for platform in ("udata", "OpenDataSoft", "CKAN"):
        assert platform in help_label.text()
    assert help_label.text().count("href=") == 3 and help_label.openExternalLinks()  # one link per platform
    assert help_label.height() <= help_label.heightForWidth(help_label.width()) + 4  # no empty band around it


def test_enter_presses_the_steps_main_button(qtbot, window, tmp_path):
    open_with_schema(qtbot, window, _grants_file(tmp_path), "scdl/subventions")
    window.go_to(3)
    page = window.pages[3]
    qtbot.waitUntil(lambda: bool(page.proposals), timeout=30000)
    wait_idle(qtbot, window)
    pressed = []
    page.apply_fixes_button.clicked.connect(lambda: pressed.append(True))
    page.scroll.setFocus()  # the page itself: nothing there uses Enter
    QTest.keyClick(page.scroll, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(pressed), timeout=3000)


def test_enter_in_a_field_does_not_press_the_default_button(qtbot, window, tmp_path):
    window.open_file(_grants_file(tmp_path))
    wait_idle(qtbot, window)
    window.go_to(1)
    schema = window.pages[1]
    schema.search.setFocus()
    QTest.keyClick(schema.search, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert window.stack.currentIndex() == 1  # Enter in the search field did not go to the next step
    schema.list.setFocus()
    QTest.keyClick(schema.list, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert window.stack.currentIndex() == 1


def test_the_last_step_shows_publier_not_a_dead_next_button(qtbot, window, tmp_path):
    open_with_schema(qtbot, window, _grants_file(tmp_path), "scdl/subventions")
    window.go_to(5)
    wait_idle(qtbot, window)
    assert not window.next_button.isVisible()
    assert window.pages[5].publish_button.isVisible()
    window.go_to(4)
    assert window.next_button.isVisible()


def test_the_reading_settings_open_on_demand(qtbot, window, tmp_path):
    """Step 1 shows the file's preview first; the reading settings open with one click (Enter or Space)."""
    window.open_file(_grants_file(tmp_path))
    wait_idle(qtbot, window)
    page = window.pages[0]
    assert page.preview.isVisible() and not page.options_box.isVisible()
    page.correct_button.setFocus()
    QTest.keyClick(page.correct_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.options_box.isVisible(), timeout=2000)
    assert page.header_spin.value() == 1


def test_tab_leaves_every_list_and_table_of_every_step(qtbot, window, tmp_path):
    """Tab from any table or list of any step moves the focus elsewhere (arrows move inside)."""
    from PySide6.QtWidgets import QAbstractItemView

    open_with_schema(qtbot, window, _grants_file(tmp_path), "scdl/subventions")
    trapped, checked = [], set()
    for step in range(len(window.pages)):
        window.go_to(step)
        wait_idle(qtbot, window)
        qtbot.wait(20)
        for view in window.pages[step].findChildren(QAbstractItemView):
            if not view.isVisible() or not view.accessibleName() or view.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            checked.add(view.accessibleName())
            view.setFocus()
            qtbot.waitUntil(lambda v=view: QApplication.focusWidget() is v, timeout=2000)
            QTest.keyClick(view, Qt.Key.Key_Tab)
            if QApplication.focusWidget() is view:
                trapped.append(f"étape {step + 1} : {view.accessibleName()}")
    assert not trapped, trapped
    assert {"Schémas", "Correspondances des colonnes", "Tableau à publier", "Erreurs, par sorte",
            "Données personnelles trouvées"} <= checked, checked
