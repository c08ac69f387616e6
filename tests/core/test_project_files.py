"""Damaged project and autosave files (issue 11): a French message each, never « Erreur interne »,
never a blocked start."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from opendata_desktop.core.autosave import recoverable_work
from opendata_desktop.core.errors import UnreadableFileError
from opendata_desktop.core.operations import SetMapping
from opendata_desktop.core.paths import autosave_dir
from opendata_desktop.core.pipeline import open_document
from opendata_desktop.core.project import load_project, open_project, save_project
from opendata_desktop.core.schemas import default_catalogue
from tests.test_cli import run


@pytest.fixture
def good_project(tmp_path):
    source = tmp_path / "aides.csv"
    pd.DataFrame([["Club", "Tournoi", "100"], ["Amicale", "Repas", "200"]],
                 columns=["Bénéficiaire", "Objet", "Montant"]).to_csv(source, sep=";", index=False)
    doc = open_document(source, schema=default_catalogue().get("scdl/subventions"))
    doc.apply(SetMapping("Objet", "objet"))
    path = save_project(doc, tmp_path / "commune.odproj")
    return path, source, json.loads(path.read_text(encoding="utf-8"))


def _variants(data: dict) -> dict[str, bytes]:
    def dumped(value) -> bytes:
        return json.dumps(value).encode("utf-8")

    def changed(**changes) -> bytes:
        return dumped({**data, **changes})

    without = {k: v for k, v in data.items() if k != "source"}
    return {
        "vide": b"",
        "octets au hasard": os.urandom(300),
        "json tronqué": json.dumps(data).encode("utf-8")[:120],
        "liste": dumped([1, 2, 3]),
        "texte": dumped("projet"),
        "autre format": changed(format="autre-logiciel"),
        "sans format": dumped({k: v for k, v in data.items() if k != "format"}),
        "version en texte": changed(format_version="deux"),
        "version future": changed(format_version=99),
        "sans source": dumped(without),
        "source en texte": changed(source="aides.csv"),
        "chemin absent": changed(source={**data["source"], "path": ""}),
        "chemin numérique": changed(source={**data["source"], "path": 42}),
        "empreinte numérique": changed(source={**data["source"], "sha256": 7}),
        "options de lecture en liste": changed(source={**data["source"], "read_options": [1]}),
        "schéma en texte": changed(schema="scdl/subventions"),
        "opérations en objet": changed(operations={"op": "set-mapping"}),
        "opération sans nom": changed(operations=[{"column": "Objet"}]),
        "opération en texte": changed(operations=["set-mapping"]),
        "journal en texte": changed(journal="rien"),
        "utf-16": json.dumps(data).encode("utf-16"),
    }


def test_every_damaged_project_gets_a_french_message(good_project, tmp_path):
    path, source, data = good_project
    for name, content in _variants(data).items():
        damaged = tmp_path / f"{name}.odproj"
        damaged.write_bytes(content)
        with pytest.raises(UnreadableFileError) as caught:
            load_project(damaged)
        assert "projet" in caught.value.message.lower() or "version" in caught.value.message, name


def test_damaged_operations_are_listed_not_fatal(good_project, tmp_path):
    path, source, data = good_project
    data["operations"] += [{"op": "edit-cell"}, {"op": "set-cells", "column": 3}, {"op": "téléportation"}]
    damaged = tmp_path / "ops.odproj"
    damaged.write_text(json.dumps(data), encoding="utf-8")
    document, summary = open_project(damaged, source)
    assert document.mapping.columns["Objet"] == "objet"  # what could be replayed was
    assert len(summary.skipped) == 3


def test_the_command_line_says_the_project_is_damaged(good_project, tmp_path):
    path, source, data = good_project
    damaged = tmp_path / "abime.odproj"
    damaged.write_bytes(json.dumps(data).encode("utf-8")[:50])
    result = run("prepare", source, "--project", damaged, "-o", tmp_path / "out.csv")
    assert result.returncode == 3 and "endommagé" in result.stderr and "interne" not in result.stderr


def test_a_damaged_autosave_never_blocks_the_start(good_project):
    path, source, data = good_project
    folder = Path(autosave_dir())
    (folder / "aaaa.odproj").write_bytes(b"\x00\x01 not json")
    (folder / "bbbb.odproj").write_text(json.dumps({"format": "opendata-desktop-project", "source": 3}),
                                        encoding="utf-8")
    good = folder / "cccc.odproj"
    good.write_text(json.dumps(data), encoding="utf-8")
    found = recoverable_work()
    assert [r.path for r in found] == [good]
    assert not (folder / "aaaa.odproj").exists() and (folder / "aaaa.endommage").exists()
