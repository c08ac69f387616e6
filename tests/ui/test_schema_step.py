"""Step 2: finding a schema among many by typing a word of its title or name."""

from PySide6.QtCore import Qt


def visible_names(page):
    return [page.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(page.list.count()) if not page.list.item(i).isHidden()]


def test_typing_a_word_narrows_the_list_accents_ignored(qtbot, window):
    page = window.pages[1]
    window.go_to(1)
    everything = visible_names(page)
    assert everything[0].startswith("scdl/") and "etalab/schema-irve-statique" in everything

    qtbot.keyClicks(page.search, "deliberation")  # typed without the accent
    assert visible_names(page) == ["scdl/deliberations"]

    page.search.clear()
    qtbot.keyClicks(page.search, "stationnement cyclable")
    assert visible_names(page) == ["etalab/schema-stationnement-cyclable"]

    page.search.clear()
    qtbot.keyClicks(page.search, "arbres")  # not bundled: the way to get it is said
    assert visible_names(page) == [] and page.no_match.isVisibleTo(page)
    assert page.refresh_button.text().split(" (")[0] in page.no_match.text()  # names the button it means

    page.search.clear()
    assert visible_names(page) == everything and not page.no_match.isVisibleTo(page)
    assert "version" in page.list.item(0).toolTip()
