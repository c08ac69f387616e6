"""Coordinators replay a commune's saved project on its new file, headless (issue 10)."""

from __future__ import annotations

import json

import pandas as pd

from opendata_desktop.core.operations import SetMapping
from opendata_desktop.core.pipeline import apply_safe_fixes, open_document
from opendata_desktop.core.project import save_project
from opendata_desktop.core.schemas import default_catalogue
from tests.test_cli import run

COLUMNS = ["Bénéficiaire", "SIRET du bénéficiaire", "Objet", "Montant (€)", "Date décision", "Remarque interne"]


def _grants(path, year: int, rows: int):
    data = [[f"Association n°{i}", "", f"Projet {i}", f"{100 + i},50", f"0{1 + i % 9}/03/{year}", "à relancer"]
            for i in range(rows)]
    pd.DataFrame(data, columns=COLUMNS).to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


def test_prepare_replays_a_project_on_next_years_file(tmp_path):
    this_year = _grants(tmp_path / "aides 2024.csv", 2024, 8)
    doc = open_document(this_year, schema=default_catalogue().get("scdl/subventions"))
    doc.apply(SetMapping("Remarque interne", None))  # the person's choice: not published
    apply_safe_fixes(doc)
    project = save_project(doc, tmp_path / "commune.odproj")

    next_year = _grants(tmp_path / "aides 2025.csv", 2025, 11)
    out, report = tmp_path / "sortie.csv", tmp_path / "rapport.json"
    result = run("prepare", next_year, "--project", project, "-o", out, "--report", report, "--json")
    assert result.returncode in (0, 1), result.stderr
    payload = json.loads(result.stdout)
    assert payload["replay"]["same_source"] is False
    assert payload["mapping"]["Remarque interne"] is None
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(written) == 11
    assert written["montant"].tolist()[:2] == ["100.5", "101.5"]  # the amount fix, found again on new values
    assert written["dateConvention"].iloc[0].startswith("2025-03-0")
    assert json.loads(report.read_text(encoding="utf-8"))["replay"] == payload["replay"]


def test_prepare_needs_a_schema_or_a_project(tmp_path):
    source = _grants(tmp_path / "aides.csv", 2024, 3)
    result = run("prepare", source, "-o", tmp_path / "out.csv")
    assert result.returncode == 2 and "--project" in result.stderr
