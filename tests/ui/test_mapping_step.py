"""« Correspondances »: suggestions, a constant value for a missing field, and mappings remembered."""

from tests.ui.conftest import open_with_schema, wait_idle


def test_constant_value_fills_a_missing_field_and_is_remembered(qtbot, window, messy):
    window.open_file(messy / "prenoms_naissances.csv")
    wait_idle(qtbot, window)
    window.go_to(1)
    window.pages[1].select("scdl/deliberations")  # a deliberately odd choice: many fields lack a column
    window.go_to(2)
    page = window.pages[2]
    qtbot.waitUntil(page.constant_row.isVisible)
    index = page.constant_field.findData("COLL_SIRET")
    page.constant_field.setCurrentIndex(index)
    page.constant_value.setText("21820682914177")
    page.constant_button.click()
    qtbot.waitUntil(lambda: page.constant_field.findData("COLL_SIRET") < 0)
    assert window.document.mapping.column_for("COLL_SIRET") == "COLL_SIRET (valeur fixe)"
    assert set(window.document.table["COLL_SIRET (valeur fixe)"]) == {"21820682914177"}
    assert window.settings.commune_siret == "21820682914177"
    window.undo()
    assert window.document.mapping.column_for("COLL_SIRET") is None
    qtbot.waitUntil(lambda: page.constant_field.findData("COLL_SIRET") >= 0)
    page.constant_field.setCurrentIndex(page.constant_field.findData("COLL_SIRET"))
    assert page.constant_value.text() == "21820682914177"  # prefilled from the commune's settings


def test_confirmed_mapping_is_reused_for_the_same_layout(qtbot, window, messy):
    open_with_schema(qtbot, window, messy / "prenoms_naissances.csv", "scdl/prenoms")
    window.go_to(2)
    window.pages[2].set_field("Commune", None)  # the person decides: not published
    qtbot.wait(20)
    window.go_to(3)  # leaving the step confirms the mapping
    window.open_file(messy / "prenoms_naissances.csv")
    wait_idle(qtbot, window)
    window.go_to(1)
    window.pages[1].select("scdl/budget")
    window.pages[1].select("scdl/prenoms")
    assert window.document.mapping.columns["Commune"] is None
    assert window.document.mapping.columns["Prénom"] == "ENFANT_PRENOM"
