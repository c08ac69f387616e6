"""Project files: save, reopen, replay on next year's file, and recover after a crash."""

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pandas as pd

from opendata_desktop.core.autosave import Autosaver, recoverable_work
from opendata_desktop.core.document import Document
from opendata_desktop.core.fixes.auto import apply_all
from opendata_desktop.core.operations import DropColumn, EditCell, SetMapping
from opendata_desktop.core.project import load_project, open_project, save_project
from opendata_desktop.core.reading import open_table
from opendata_desktop.core.schemas import default_catalogue


def _prepared(path):
    doc = Document(open_table(path))
    doc.set_schema(default_catalogue().get("scdl/deliberations"))
    doc.apply(SetMapping("Lien", None))
    apply_all(doc)
    doc.apply(EditCell(2, "Objet", "Approbation du compte administratif 2023"))
    return doc


def test_save_and_reopen_gives_the_same_document(tmp_path, messy):
    source = tmp_path / "deliberations.csv"
    shutil.copy(messy / "deliberations_2024.csv", source)
    doc = _prepared(source)
    path = save_project(doc, tmp_path / "deliberations")
    assert path.suffix == ".odproj" and json.loads(path.read_text(encoding="utf-8"))["source"]["sha256"]
    text = path.read_text(encoding="utf-8")
    assert "Jaurès" not in text and "Delaunay" not in text  # the data (and names) stay in the source file
    again, summary = open_project(path)
    assert summary.same_source and summary.skipped == []
    frame, _ = again.schema_frame()
    assert frame.equals(doc.schema_frame()[0])
    assert source.read_bytes() == (messy / "deliberations_2024.csv").read_bytes()  # never modified


def test_replay_on_next_years_file_says_what_could_not_be_replayed(tmp_path, messy):
    source = tmp_path / "deliberations.csv"
    shutil.copy(messy / "deliberations_2024.csv", source)
    doc = _prepared(source)
    doc.apply(DropColumn("Budget"))
    path = save_project(doc, tmp_path / "projet.odproj")
    # Next year: other rows, other dates, the « Lien » column gone, a renamed header.
    table = open_table(messy / "deliberations_2024.csv").data
    table["Date de séance"] = table["Date de séance"].str.replace("2024", "2025")
    table = table.drop(columns=["Lien"]).head(30)
    next_year = tmp_path / "deliberations_2025.csv"
    table.to_csv(next_year, sep=";", index=False, encoding="cp1252")
    again, summary = open_project(path, next_year)
    assert not summary.same_source
    assert again.table.at[0, "Date de séance"] == "2025-01-15"  # the date fix, found again on new values
    assert "Budget" not in again.table.columns
    reasons = dict(summary.skipped)
    (lien,) = [what for what in reasons if "« Lien »" in what]
    assert "absente" in reasons[lien]
    assert any("cellule" in what for what in reasons)  # a hand edit is not replayed on other data
    assert "nouvelle version" in summary.text()


CRASHING = textwrap.dedent("""
    import os, signal, sys
    from opendata_desktop.core.autosave import Autosaver
    from opendata_desktop.core.document import Document
    from opendata_desktop.core.fixes.auto import apply_all
    from opendata_desktop.core.operations import EditCell, SetMapping
    from opendata_desktop.core.reading import open_table
    from opendata_desktop.core.schemas import default_catalogue
    doc = Document(open_table(sys.argv[1]))
    doc.set_schema(default_catalogue().get("scdl/deliberations"))
    Autosaver(doc)
    doc.apply(SetMapping("Lien", None))
    apply_all(doc)
    doc.apply(EditCell(0, "Objet", "Travaux de voirie (tranche 2)"))
    os.kill(os.getpid(), signal.SIGKILL)  # a crash, a power cut: nothing runs after this
""")


def test_work_survives_a_killed_process(tmp_path, messy, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(home))
    source = tmp_path / "deliberations.csv"
    shutil.copy(messy / "deliberations_2024.csv", source)
    env = {**os.environ, "OPENDATA_DESKTOP_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", CRASHING, str(source)], env=env, capture_output=True, timeout=120)
    assert result.returncode == -signal.SIGKILL
    (found,) = recoverable_work()
    assert found.source_name == "deliberations.csv" and found.operations >= 3
    doc, summary = open_project(found.path)
    assert doc.table.at[0, "Objet"] == "Travaux de voirie (tranche 2)"
    assert doc.table.at[0, "Date de séance"] == "2024-01-15" and doc.mapping.columns["Lien"] is None
    assert summary.skipped == []


def test_autosave_is_discarded_once_saved(tmp_path, messy, monkeypatch):
    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))
    doc = Document(open_table(messy / "prenoms_naissances.csv"))
    doc.set_schema(default_catalogue().get("scdl/prenoms"))
    saver = Autosaver(doc)
    apply_all(doc)
    assert recoverable_work()
    save_project(doc, tmp_path / "prenoms.odproj")
    saver.discard()
    assert recoverable_work() == []
    assert load_project(tmp_path / "prenoms.odproj")["schema"]["name"] == "scdl/prenoms"
