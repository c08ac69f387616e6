"""Step 4 offers, unticked, to attach a value typed alone under its record to that record."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt

from tests.ui.conftest import open_with_schema, wait_idle


def test_a_lone_payment_date_is_offered_for_merging_and_applied_in_one_step(qtbot, window, tmp_path):
    rows = [
        ["Commune de Bruniquel", "21820025700011", "2024-02-01", "Foyer rural", "Atelier théâtre", "800", "2024-03-01"],
        ["", "", "", "", "", "", "2024-09-15"],
        ["Commune de Bruniquel", "21820025700011", "2024-02-01", "Chorale", "Partitions", "200", "2024-04-02"],
    ]
    path = tmp_path / "aides.csv"
    pd.DataFrame(rows, columns=["Collectivité", "SIRET collectivité", "Date convention", "Bénéficiaire", "Objet",
                                "Montant", "Dates de versement"]).to_csv(path, sep=";", index=False)
    open_with_schema(qtbot, window, path, "scdl/subventions")
    window.go_to(3)
    page = window.pages[3]
    qtbot.waitUntil(lambda: any(p.rule == "continuation" for p in page.proposals), timeout=30000)
    index = next(i for i, p in enumerate(page.proposals) if p.rule == "continuation")
    item = page.fixes_list.item(index)
    assert item.checkState() == Qt.CheckState.Unchecked  # never applied without the person's look
    assert "ligne 3 : « 2024-09-15 »" in item.text()
    for i in range(page.fixes_list.count()):
        page.fixes_list.item(i).setCheckState(Qt.CheckState.Checked if i == index else Qt.CheckState.Unchecked)
    page.apply_fixes_button.click()
    wait_idle(qtbot, window)
    assert len(window.document.table) == 2
    assert window.document.table["Dates de versement"].tolist() == ["2024-03-01 ; 2024-09-15", "2024-04-02"]
    window.undo()
    assert len(window.document.table) == 3
