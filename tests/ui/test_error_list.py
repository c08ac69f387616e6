"""Step 4's error list on a large file: a group's errors are listed when it is opened, a screenful at a time
(« N autres erreurs… » lists the next ones), and every listed error still opens its own cell."""

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from opendata_desktop.ui.pages.validation_page import ROLE_CELL, ROLE_GROUP, ROLE_MORE, SHOWN_PER_GROUP
from tests.ui.conftest import open_with_schema, show_verdict, wait_idle

ROWS = 2 * SHOWN_PER_GROUP + 37


def _club_grants(tmp_path):
    """Grants to sports clubs, our own headers; every amount unreadable, a few natures wrong."""
    frame = pd.DataFrame({
        "Collectivité": ["Commune de Val-Joli"] * ROWS,
        "SIRET de la collectivité": ["21820682914177"] * ROWS,
        "Date de la convention": ["2023-06-1%d" % (i % 9) for i in range(ROWS)],
        "Association bénéficiaire": [f"Club sportif {i}" for i in range(ROWS)],
        "Objet de l'aide": ["Subvention annuelle"] * ROWS,
        "Nature": ["aide en numéraire" if i % 50 else "en liquide" for i in range(ROWS)],
    })
    path = tmp_path / "clubs_sportifs.csv"
    frame.to_csv(path, index=False, sep=";")
    return path


def _verdict(qtbot, window, tmp_path):
    open_with_schema(qtbot, window, _club_grants(tmp_path), "scdl/subventions")
    return show_verdict(qtbot, window)


def _groups(tree):
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).data(0, ROLE_GROUP)]


def _errors_of(page, group):
    field_name, _, code = group.data(0, ROLE_GROUP).partition("|")
    return page.groups[(field_name or None, code)]


def _press_enter_on(tree, item):
    tree.setFocus()
    tree.setCurrentItem(item)
    QTest.keyClick(tree.viewport(), Qt.Key.Key_Return)


def test_an_unopened_group_lists_nothing_and_an_opened_one_a_screenful_then_more_on_demand(qtbot, window, tmp_path):
    page = _verdict(qtbot, window, tmp_path)
    tree = page.errors_tree
    groups = _groups(tree)
    big = next(g for g in groups if len(_errors_of(page, g)) == ROWS)
    for group in groups:
        if not group.isExpanded():
            assert group.childCount() == 0  # nothing made before it is opened
            assert group.childIndicatorPolicy() == group.ChildIndicatorPolicy.ShowIndicator  # but it can be
    big.setExpanded(True)
    assert big.childCount() == SHOWN_PER_GROUP + 1
    more = big.child(SHOWN_PER_GROUP)
    assert more.data(0, ROLE_MORE) and f"{ROWS - SHOWN_PER_GROUP} autre(s) erreur(s)" in more.text(0)
    _press_enter_on(tree, more)
    assert big.childCount() == 2 * SHOWN_PER_GROUP + 1
    _press_enter_on(tree, big.child(2 * SHOWN_PER_GROUP))
    assert big.childCount() == ROWS  # all listed: no « autres » item left
    assert not any(big.child(i).data(0, ROLE_MORE) for i in range(big.childCount()))
    listed = [big.child(i).data(0, ROLE_CELL) for i in range(big.childCount())]
    expected = [f"{e.row_index}|{e.field}" for e in _errors_of(page, big)]
    assert listed == expected  # each error once, in the group's order


def test_an_error_listed_on_demand_opens_its_own_cell(qtbot, window, tmp_path):
    page = _verdict(qtbot, window, tmp_path)
    tree = page.errors_tree
    big = next(g for g in _groups(tree) if len(_errors_of(page, g)) == ROWS)
    big.setExpanded(True)
    page.show_more(big.child(SHOWN_PER_GROUP))
    wanted = SHOWN_PER_GROUP + 20
    error = _errors_of(page, big)[wanted]
    _press_enter_on(tree, big.child(wanted))
    qtbot.waitUntil(lambda: page.table.hasFocus(), timeout=2000)
    index = page.table.currentIndex()
    assert (index.row(), page._fields[index.column()]) == (error.row_index, error.field)
    assert page.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None  # a red cell
    assert error.message in page.detail.text()


def test_a_small_group_lists_all_its_errors_and_a_new_verdict_keeps_what_was_listed(qtbot, window, tmp_path):
    page = _verdict(qtbot, window, tmp_path)
    tree = page.errors_tree
    nature = next(g for g in _groups(tree) if g.data(0, ROLE_GROUP).startswith("nature|"))
    nature_key = nature.data(0, ROLE_GROUP)
    nature.setExpanded(True)
    assert nature.childCount() == len(_errors_of(page, nature)) == len(range(0, ROWS, 50))
    big = next(g for g in _groups(tree) if len(_errors_of(page, g)) == ROWS)
    big.setExpanded(True)
    page.show_more(big.child(SHOWN_PER_GROUP))
    key = big.data(0, ROLE_GROUP)
    page.validate()
    qtbot.waitUntil(lambda: window.document.report is not None and window.document.validator is not None,
                    timeout=30000)
    wait_idle(qtbot, window)
    again = {g.data(0, ROLE_GROUP): g for g in _groups(tree)}
    assert again[key].isExpanded() and again[key].childCount() == 2 * SHOWN_PER_GROUP + 1
    assert again[nature_key].isExpanded()  # the groups the person opened stay open
