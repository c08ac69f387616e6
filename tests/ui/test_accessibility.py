"""Keyboard and screen readers: every page walked, every interactive widget named and described;
Tab leaves tables and multi-line fields; Enter presses buttons and opens the cell of an error."""

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPlainTextEdit, QPushButton

from opendata_desktop.ui.a11y import unnamed
from tests.ui.conftest import new_window, open_with_schema, show_verdict, wait_idle


def _walk_every_page(qtbot, window, messy):
    missing = {"0-accueil": unnamed(window)}
    open_with_schema(qtbot, window, messy / "subventions_2024.xlsx", "scdl/subventions")
    for step in range(len(window.pages)):
        window.go_to(step)
        wait_idle(qtbot, window)
        missing[f"étape {step + 1}"] = unnamed(window)
    return missing


def test_every_interactive_widget_has_a_name_and_a_description(qtbot, window, messy):
    missing = _walk_every_page(qtbot, window, messy)
    assert all(not names for names in missing.values()), missing


def test_the_check_finds_an_unnamed_button(window):
    stray = QPushButton("Sans nom", window.pages[0])
    assert any("Sans nom" in m for m in unnamed(window))
    stray.setAccessibleName("Sans nom")
    stray.setAccessibleDescription("un bouton de test")
    assert not any("Sans nom" in m for m in unnamed(window))


def test_tab_leaves_every_table_and_the_description(qtbot, window, messy):
    _walk_every_page(qtbot, window, messy)
    views = [v for v in window.findChildren(QAbstractItemView) if v.isVisibleTo(window) or True]
    trapped = [type(v).__name__ for v in views if v.tabKeyNavigation() and v.parent() is not None
               and v.accessibleName()]
    assert not trapped
    description = window.pages[5].description
    assert isinstance(description, QPlainTextEdit) and description.tabChangesFocus()
    window.go_to(0)
    preview = window.pages[0].preview
    preview.setFocus()
    QTest.keyClick(preview, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not preview


def test_enter_presses_the_focused_button(qtbot, window):
    pressed = []
    target = QPushButton("Essai", window.pages[0])
    target.clicked.connect(lambda: pressed.append(True))
    target.show()
    target.setFocus()
    QTest.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(pressed), timeout=2000)


def test_enter_on_an_error_opens_its_cell(qtbot, window, messy):
    open_with_schema(qtbot, window, messy / "deliberations_2024.csv", "scdl/deliberations")
    page = show_verdict(qtbot, window)
    tree = page.errors_tree
    group = tree.topLevelItem(0)
    group.setExpanded(True)
    child = group.child(0)
    tree.setFocus()
    tree.setCurrentItem(child)
    QTest.keyClick(tree.viewport(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.hasFocus(), timeout=2000)
    index = page.table.currentIndex()
    assert index.isValid()
    assert page.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None  # a red cell
    assert child.text(0) in page.detail.text()  # the whole message, never cut


def test_error_groups_show_the_persons_column_names(qtbot, window, messy):
    truth = json.loads((messy / "deliberations_2024.truth.json").read_text(encoding="utf-8"))
    open_with_schema(qtbot, window, messy / "deliberations_2024.csv", "scdl/deliberations")
    page = show_verdict(qtbot, window)
    headers = [page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(page.model.columnCount())]
    mapped = [c for c, f in truth["mapping"].items() if f]
    assert set(mapped) <= set(headers)
    codes = {f for f in truth["mapping"].values() if f}
    assert not codes & set(headers)  # codes only in tooltips
    tips = [page.model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            for i in range(page.model.columnCount())]
    assert all("code :" in t for t in tips)


def test_the_window_follows_a_larger_system_font(qtbot, qapp, window):
    base = qapp.font()
    try:
        bigger = QFont(base)
        bigger.setPointSizeF(base.pointSizeF() * 2)
        qapp.setFont(bigger)
        big = new_window(qtbot, qapp, 1280, 760)
        qtbot.wait(50)
        assert big.next_button.fontInfo().pointSizeF() >= base.pointSizeF() * 1.8
        # The step's main button is in the bottom bar: visible without scrolling.
        bar = big.pages[0].action_bar
        assert bar.isVisible() and big.rect().contains(bar.mapTo(big, bar.rect().bottomRight()))
    finally:
        qapp.setFont(base)
