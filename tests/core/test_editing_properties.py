"""Property: any sequence of operations, undone entirely, gives back the original table; redone, the
same table as before the undo; replayed from the project file on a copy of the source, the same table."""

from __future__ import annotations

import shutil

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opendata_desktop.core.operations import (CompoundOperation, DropRows, EditCell, ReplaceCells, SetMapping,
                                              SetSchema)
from opendata_desktop.core.pipeline import apply_safe_fixes, open_document
from opendata_desktop.core.project import open_project, save_project
from opendata_desktop.core.schemas import default_catalogue

COLUMNS = ["Nom de la structure", "N° SIRET", "Objet de l'aide", "Montant accordé", "Date de décision"]
ROWS = [
    ["Amicale laïque", "21820001800017", "Classe verte", "1 500,00 €", "12/03/2024"],
    ["Marc Delpech", "", "Aide au logement", "250", "13/03/2024"],
    ["Office de tourisme", "12345678200011", "Guide des randonnées", "3 000", "2024-03-14"],
    ["Gym volontaire", "", "Matériel", "420,5", "15/03/2024"],
    ["Anne Roussel", "", "Bourse d'études", "300", "16/03/2024"],
    ["Cinéma associatif", "", "Séances en plein air avec M. Louis Garric", "900", "17/03/2024"],
    ["Pompiers volontaires", "", "Sainte-Barbe", "600", "18/03/2024"],
]
SCHEMAS = ["scdl/subventions", "scdl/deliberations"]


def _write_source(folder):
    path = folder / "aides.csv"
    pd.DataFrame(ROWS, columns=COLUMNS).to_csv(path, sep=";", index=False, encoding="utf-8")
    return path


@st.composite
def steps(draw):
    return draw(st.lists(st.tuples(st.sampled_from(["edit", "replace", "drop", "plan", "schema", "map", "fixes"]),
                                   st.integers(0, 10_000), st.text("abcdé 0123", max_size=8)),
                         min_size=1, max_size=8))


def _operation(doc, kind, seed, text):
    ids = list(doc.row_ids)
    if not ids and kind in ("edit", "replace", "drop", "plan"):
        return None
    column = COLUMNS[seed % len(COLUMNS)]
    if column not in doc.table.columns:
        return None
    row_id = int(ids[seed % len(ids)]) if ids else 0
    if kind == "edit":
        return EditCell(row_id, column, text)
    if kind == "replace":
        chosen = ids[seed % 3::2] or ids[:1]
        return ReplaceCells(column, chosen, text or "Personne physique")
    if kind == "drop":
        return DropRows([row_id], reason="essai")
    if kind == "plan":  # a privacy plan: leave some rows out, occult a cell in the rows kept
        dropped = set(ids[seed % 2::3])
        kept = [i for i in ids if i not in dropped]
        parts = [DropRows(sorted(dropped), reason="personnes physiques")] if dropped else []
        if kept:
            parts.append(ReplaceCells("Objet de l'aide", kept[:1], "[occulté]"))
        return CompoundOperation("traitement des données personnelles", parts) if parts else None
    if kind == "schema":
        return SetSchema(default_catalogue().get(SCHEMAS[seed % 2]))
    if kind == "map":
        if doc.schema is None:
            return None
        return SetMapping(column, doc.schema.field_names[seed % len(doc.schema.field_names)])
    return "fixes"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps())
def test_undo_redo_and_replay_give_back_the_same_tables(tmp_path_factory, sequence):
    folder = tmp_path_factory.mktemp("prop")
    source = _write_source(folder)
    doc = open_document(source)
    original = doc.table.copy()
    for kind, seed, text in sequence:
        op = _operation(doc, kind, seed, text)
        if op == "fixes":
            if doc.schema is not None:
                apply_safe_fixes(doc)
        elif op is not None:
            doc.apply(op)
    final = doc.table.copy()
    final_ids = list(doc.row_ids)
    project = save_project(doc, folder / "aides.odproj")

    steps_done = len(doc.undo_stack.done)
    for _ in range(steps_done):
        doc.undo()
    pd.testing.assert_frame_equal(doc.table, original)
    for _ in range(steps_done):
        doc.redo()
    pd.testing.assert_frame_equal(doc.table, final)
    assert list(doc.row_ids) == final_ids

    copy = folder / "copie.csv"
    shutil.copy(source, copy)
    again, summary = open_project(project, copy)
    assert not summary.skipped, summary.text()
    pd.testing.assert_frame_equal(again.table, final)
