"""A second payment date typed alone on the next line is proposed for merging into its record."""

from __future__ import annotations

import pandas as pd

from opendata_desktop.core.fixes.continuation import continuation_merge
from opendata_desktop.core.pipeline import open_document


def test_lone_values_are_merged_into_the_row_above_in_one_step(tmp_path):
    rows = [
        ["Foyer rural", "Atelier théâtre", "800", "2024-03-01"],
        ["", "", "", "2024-09-15"],  # the second payment of the foyer rural
        ["Club de rugby", "Déplacements", "1500", ""],
        ["", "", "", "2024-06-30"],  # the only payment date of the club, typed below
        ["Chorale", "Partitions", "200", "2024-04-02"],
    ]
    path = tmp_path / "versements.csv"
    pd.DataFrame(rows, columns=["Bénéficiaire", "Objet", "Montant", "Versement"]).to_csv(path, sep=";", index=False)
    doc = open_document(path)
    merge = continuation_merge(doc)
    assert merge is not None and len(merge.lines) == 2
    assert merge.source.startswith("ligne 3 : « 2024-09-15 » (Versement) → ligne 2") and not merge.safe
    doc.apply(merge.operation())
    assert doc.table["Versement"].tolist() == ["2024-03-01 ; 2024-09-15", "2024-06-30", "2024-04-02"]
    assert doc.table["Bénéficiaire"].tolist() == ["Foyer rural", "Club de rugby", "Chorale"]
    doc.undo()
    assert len(doc.table) == 5 and doc.table["Versement"].tolist()[0] == "2024-03-01"


def test_no_proposal_when_every_row_is_full(tmp_path):
    path = tmp_path / "ok.csv"
    pd.DataFrame([["a", "b", "c"], ["d", "e", "f"]], columns=["x", "y", "z"]).to_csv(path, sep=";", index=False)
    assert continuation_merge(open_document(path)) is None


def test_the_merge_is_made_again_when_the_project_is_replayed(tmp_path):
    from opendata_desktop.core.project import open_project, save_project

    rows = [["Foyer rural", "Atelier", "800", "2024-03-01"], ["", "", "", "2024-09-15"]]
    path = tmp_path / "versements.csv"
    pd.DataFrame(rows, columns=["Bénéficiaire", "Objet", "Montant", "Versement"]).to_csv(path, sep=";", index=False)
    doc = open_document(path)
    doc.apply(continuation_merge(doc).operation())
    again, summary = open_project(save_project(doc, tmp_path / "p.odproj"), path)
    assert not summary.skipped
    assert again.table["Versement"].tolist() == ["2024-03-01 ; 2024-09-15"]
