"""The editing model (issue 10): one action is one undo step, rows keep their identity, nothing stale
overwrites a newer value, a failing listener silences nobody, and a project replays what was done."""

from __future__ import annotations

import errno
import shutil

import numpy as np
import pandas as pd
import pytest

from opendata_desktop.core import project as project_module
from opendata_desktop.core.autosave import Autosaver
from opendata_desktop.core.document import Document, StaleRowError
from opendata_desktop.core.operations import (CompoundOperation, DropRows, EditCell, ReplaceCells, SetCells,
                                              SetMapping, StaleProposalError, UndoStack)
from opendata_desktop.core.pipeline import open_document
from opendata_desktop.core.project import open_project, save_project
from opendata_desktop.core.reading import open_table
from opendata_desktop.core.schemas import default_catalogue

ROWS = [
    # beneficiary, SIRET, object, amount, date
    ("Association des Amis du Lavoir", "12345678200011", "Restauration du lavoir", "1 200,00", "03/02/2024"),
    ("Pierre Lagarde", "", "Aide au permis", "300", "04/02/2024"),
    ("Club de pétanque", "", "Tournoi annuel", "450", "05/02/2024"),
    ("Comité des fêtes", "", "Fête votive, contact Mme Berthe Vidal", "2 000", "06/02/2024"),
    ("Lucie Ferrand", "", "Aide aux études", "150", "07/02/2024"),
    ("Foyer rural", "", "Atelier théâtre animé par Paul Mercier", "800", "08/02/2024"),
]


@pytest.fixture
def grants_csv(tmp_path):
    path = tmp_path / "aides versées.csv"
    frame = pd.DataFrame(ROWS, columns=["Bénéficiaire", "SIRET", "Objet", "Montant", "Date"])
    frame.to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


@pytest.fixture
def doc(grants_csv):
    return Document(open_table(grants_csv))


def _column(doc, name):
    return doc.table[name].tolist()


def test_drop_then_occult_in_one_plan_hits_the_right_row(doc):
    """Old bug: findings computed before the first treatment; a drop shifted the occultation by a row."""
    people = [1, 4]  # row ids of natural persons, found before anything is applied
    objet = doc.table["Objet"]
    free_text = {3: "Fête votive, contact Mme [occulté]", 5: "Atelier théâtre animé par [occulté]"}
    plan = CompoundOperation("traitement des données personnelles", [
        DropRows(people, reason="personnes physiques"),
        SetCells("Objet", list(free_text), list(free_text.values()), "noms occultés", rule="privacy-occult",
                 expected=[objet[i] for i in free_text]),
    ])
    doc.apply(plan)
    assert _column(doc, "Bénéficiaire") == ["Association des Amis du Lavoir", "Club de pétanque", "Comité des fêtes",
                                            "Foyer rural"]
    assert _column(doc, "Objet") == ["Restauration du lavoir", "Tournoi annuel", free_text[3], free_text[5]]
    assert doc.undo_stack.undo_label.startswith("Annuler : traitement des données personnelles")
    doc.undo()  # one step takes the whole plan back
    assert _column(doc, "Objet") == [r[2] for r in ROWS]
    assert list(doc.row_ids) == list(range(len(ROWS)))


def test_an_operation_on_a_row_left_out_is_refused_not_shifted(doc):
    doc.apply(DropRows([1]))
    with pytest.raises(StaleRowError):
        doc.apply(ReplaceCells("Bénéficiaire", [1], "Personne physique"))
    doc.apply(ReplaceCells("Bénéficiaire", [4], "Personne physique"))
    assert _column(doc, "Bénéficiaire")[3] == "Personne physique"  # row id 4 is now at position 3


def test_a_compound_is_all_or_nothing(doc):
    before = doc.table.copy()
    with pytest.raises(StaleRowError):
        doc.apply(CompoundOperation("deux traitements", [ReplaceCells("Objet", [0], "x"), DropRows([99])]))
    pd.testing.assert_frame_equal(doc.table, before)
    assert not doc.undo_stack.can_undo


def test_a_stale_proposal_never_overwrites_a_manual_edit(doc):
    """Old bug: proposals computed before an edit were applied over what the person typed."""
    seen = _column(doc, "Date")
    proposal = SetCells("Date", list(range(len(ROWS))), [f"2024-02-0{d}" for d in range(3, 9)], "dates",
                        rule="date-fr", expected=seen)
    doc.apply(EditCell.at(doc, 2, "Date", "2024-12-25"))  # typed after the proposal was computed
    changes = doc.apply(proposal)
    assert _column(doc, "Date")[2] == "2024-12-25"
    assert _column(doc, "Date")[0] == "2024-02-03"
    assert changes.skipped == (2,)
    only_stale = SetCells("Date", [2], ["2024-02-05"], "dates", rule="date-fr", expected=["05/02/2024"])
    with pytest.raises(StaleProposalError):
        doc.apply(only_stale)


def test_a_view_edit_checks_what_the_view_showed(doc):
    edit = EditCell.at(doc, 0, "Montant", "1200")
    doc.apply(EditCell(0, "Montant", "999"))  # someone else changed it in between
    with pytest.raises(StaleProposalError):
        doc.apply(edit)


def test_choosing_another_schema_is_undone_in_one_step(grants_csv, tmp_path):
    catalogue = default_catalogue()
    doc = Document(open_table(grants_csv))
    doc.set_schema(catalogue.get("scdl/subventions"))
    doc.apply(SetMapping("Objet", "objet"))
    subsidies_mapping = dict(doc.mapping.columns)
    doc.set_schema(catalogue.get("scdl/deliberations"))
    assert doc.schema.name == "scdl/deliberations"
    doc.undo()
    assert doc.schema.name == "scdl/subventions"
    assert doc.mapping.columns == subsidies_mapping
    saved = project_module.load_project(save_project(doc, tmp_path / "p.odproj"))
    assert saved["schema"]["name"] == "scdl/subventions"
    assert [e["op"] for e in saved["operations"]] == ["set-schema", "set-mapping"]


def test_history_is_bounded_by_memory(doc):
    doc.undo_stack = UndoStack(max_bytes=20_000)
    for i in range(60):
        doc.apply(ReplaceCells("Objet", list(range(len(ROWS))), f"valeur {i} " + "x" * 200))
    assert doc.undo_stack.memory_bytes <= 20_000 + doc.undo_stack.done[-1].memory_bytes()
    assert doc.undo_stack.forgotten > 0
    assert len(doc.applied) == 60  # what was done stays in the project, even when it cannot be undone


def test_drop_rows_keeps_only_the_rows_left_out(doc):
    op = DropRows([1, 4])
    doc.apply(op)
    assert op._removed is not None and len(op._removed) == 2


def test_a_failing_listener_does_not_silence_the_others(doc, monkeypatch):
    """Full disk during autosave: the edit is applied, the views still refresh, the failure is told."""
    doc.set_schema(default_catalogue().get("scdl/subventions"))
    autosaver = Autosaver(doc)
    told, refreshed = [], []
    autosaver.failed.connect(told.append)
    doc.changed.connect(refreshed.append)  # a view, connected after the autosaver

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(project_module, "atomic_write_text", full_disk)
    doc.apply(EditCell(0, "Montant", "1200"))
    assert doc.table.at[0, "Montant"] == "1200"
    assert len(refreshed) == 1
    assert told and told[0].title == "Disque plein"

    def broken_view(_changes):
        raise RuntimeError("bug in a view")

    doc.changed.connect(broken_view)
    doc.changed.connect(refreshed.append)  # already connected: still called once per change
    doc.apply(EditCell(1, "Montant", "301"))
    assert len(refreshed) == 2


def test_project_replays_drops_and_treatments_by_row_identity(grants_csv, tmp_path):
    doc = open_document(grants_csv, schema=default_catalogue().get("scdl/subventions"))
    doc.apply(CompoundOperation("traitement", [DropRows([1, 4], reason="personnes physiques"),
                                               ReplaceCells("Objet", [3], "Fête votive")]))
    doc.apply(EditCell(5, "Montant", "850"))
    path = save_project(doc, tmp_path / "aides.odproj")
    copy = tmp_path / "copie.csv"
    shutil.copy(grants_csv, copy)
    again, summary = open_project(path, copy)
    assert summary.same_source and not summary.skipped
    pd.testing.assert_frame_equal(again.table, doc.table)
    assert list(again.row_ids) == list(doc.row_ids)


def test_replay_refuses_row_operations_on_another_file(grants_csv, tmp_path):
    doc = open_document(grants_csv, schema=default_catalogue().get("scdl/subventions"))
    doc.apply(DropRows([1], reason="personnes physiques"))
    path = save_project(doc, tmp_path / "aides.odproj")
    other = tmp_path / "aides 2025.csv"
    frame = pd.DataFrame(ROWS[::-1], columns=["Bénéficiaire", "SIRET", "Objet", "Montant", "Date"])
    frame.to_csv(other, sep=";", index=False, encoding="cp1252")
    again, summary = open_project(path, other)
    assert len(again.table) == len(ROWS)  # nobody's row is dropped on another file by position
    assert any("Données personnelles" in why for _, why in summary.skipped)


def test_row_ids_and_positions(doc):
    doc.apply(DropRows([0, 2]))
    assert list(doc.positions_of([1, 5])) == [0, 3]
    assert list(doc.ids_at([0, 1])) == [1, 3]
    with pytest.raises(StaleRowError):
        doc.positions_of([2])
    assert np.all(np.diff(doc.row_ids) > 0)
