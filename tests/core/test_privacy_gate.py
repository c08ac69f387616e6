"""The pre-publication gate, the operators and anonymise."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from openpyxl import Workbook
from stdnum.fr import nir

from opendata_desktop.core.errors import DataProblemError
from opendata_desktop.core.privacy.gate import record_override, scan_file
from opendata_desktop.core.privacy.operators import k_anonymity, occult_names, pseudonym, new_secret

NIR = "1850775116012" + nir.calc_check_digits("1850775116012")


def test_one_nir_hidden_in_a_comment_column_blocks(tmp_path):
    frame = pd.DataFrame({"objet": ["Travaux de voirie", "Fête locale", "Achat de matériel"],
                          "commentaire": ["", f"Dossier suivi, n° sécu {NIR[:1]} {NIR[1:3]} {NIR[3:5]} {NIR[5:7]} "
                                              f"{NIR[7:10]} {NIR[10:13]} {NIR[13:]}", "RAS"]})
    path = tmp_path / "sortie.csv"
    frame.to_csv(path, index=False)
    gate = scan_file(path)
    assert not gate.passed
    (finding,) = gate.findings
    assert finding.entity == "FR_NIR" and finding.cells == ["B3"]
    assert "B3" in gate.explain() and NIR not in gate.explain()
    journal = []
    with pytest.raises(DataProblemError):
        record_override(journal, gate.findings, " ", "")
    record_override(journal, gate.findings, "Consentement écrit de la personne", "accord du 3 mars")
    assert journal[0]["op"] == "privacy-override" and journal[0]["findings"] == ["commentaire:FR_NIR"]
    assert scan_file(path, overrides={"commentaire:FR_NIR": "Consentement écrit de la personne"}).passed


def test_workbook_extras_block(tmp_path):
    wb = Workbook()
    wb.active.title = "Données"
    wb.active.append(["objet", "montant"])
    wb.active.append(["Fête locale", 300])
    hidden = wb.create_sheet("brouillon")
    hidden.sheet_state = "hidden"
    wb.properties.creator = "Jeanne Martin"
    path = tmp_path / "classeur.xlsx"
    wb.save(path)
    kinds = {f.entity for f in scan_file(path).findings}
    assert kinds == {"HIDDEN_SHEET", "DOCUMENT_PROPERTIES"}


def test_operators():
    assert occult_names("Cession de la parcelle AB 12 à M. Paul Durand") == "Cession de la parcelle AB 12 à [occulté]"
    secret = new_secret()
    assert pseudonym("DUPONT Jean", secret) == pseudonym("jean dupont", secret)
    assert pseudonym("DUPONT Jean", secret) != pseudonym("DUPONT Jean", new_secret())  # a fresh key each time
    frame = pd.DataFrame({"annee": ["1950", "1950", "1960"], "sexe": ["F", "F", "M"], "aide": ["a", "b", "a"]})
    report = k_anonymity(frame, ["annee", "sexe"], "aide", k=2)
    assert report["k_min"] == 1 and report["records_below_k"] == 1 and not report["passed"]


def run(*args):
    return subprocess.run([sys.executable, "-m", "opendata_desktop", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


@pytest.mark.parametrize("name,schema", [("deliberations_2024.csv", "scdl/deliberations"),
                                         ("subventions_2024.xlsx", None), ("equipements.ods", None)])
def test_anonymise_leaves_nothing_for_the_gate(messy, tmp_path, name, schema):
    out = tmp_path / "anonyme.csv"
    args = ["anonymise", messy / name, "-o", out, "--json"] + (["--schema", schema] if schema else [])
    result = run(*args)
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["gate"]["passed"], result.stdout
    text = out.read_text(encoding="utf-8")
    assert "M. " not in text and "Mme " not in text
    truth = json.loads((messy / name).with_suffix(".truth.json").read_text(encoding="utf-8"))
    for column in truth["pii_columns"]:
        assert column not in text.splitlines()[0] or any(a["column"] == column for a in data["actions"])
    if name.startswith("deliberations"):
        assert "[occulté]" in text and "Delaunay" not in text


def test_anonymise_with_a_policy(messy, tmp_path):
    policy = tmp_path / "politique.json"
    policy.write_text(json.dumps({"columns": {"Bénéficiaire": {"action": "pseudonymise"}},
                                  "quasi_identifiers": ["Nature de l'aide"], "k": 2}), encoding="utf-8")
    out = tmp_path / "anonyme.csv"
    result = run("anonymise", messy / "subventions_2024.xlsx", "-o", out, "--policy", policy, "--json")
    data = json.loads(result.stdout)
    assert any(a["action"] == "pseudonymise" and "reste une donnée personnelle" in a["label"] for a in data["actions"])
    assert data["k_anonymity"]["k_min"] >= 1
    assert "P-" in out.read_text(encoding="utf-8")
