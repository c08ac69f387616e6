"""Persons without civility, organisations left alone, public places, the one plan, the gate's sweep."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from stdnum.fr import nir

from opendata_desktop.commands.common import load_schema
from opendata_desktop.core import pipeline
from opendata_desktop.core.privacy import detect_personal_data
from opendata_desktop.core.privacy.gate import scan_file
from opendata_desktop.core.privacy.names import is_organisation, person_name_kind, person_spans
from opendata_desktop.core.privacy.plan import apply_plan, build_plan

CORPUS = Path(__file__).resolve().parents[1] / "data" / "pii-corpus"
sys.path.insert(0, str(CORPUS))
from make_corpus import ORGS  # noqa: E402  the corpus's organisation names (54)


@pytest.mark.parametrize("name", ["Sophie Martin", "DURAND Paul", "Jean-Pierre Castagné", "Castagné Jean-Pierre",
                                  "Paul DURAND", "Hélène LE GALL", "martin sophie"])
def test_persons_without_civility_in_both_orders(name):
    assert person_name_kind(name) in ("listed", "shape") and not is_organisation(name)


def test_fifty_organisation_names_are_never_persons():
    assert len(ORGS) >= 50
    frame = pd.DataFrame({"Bénéficiaire": ORGS, "Objet": [f"Subvention à {o}" for o in ORGS]}, dtype=object)
    assert detect_personal_data(frame) == []
    assert [o for o in ORGS if person_name_kind(o) in ("civility", "listed")] == []


def test_free_text_phrasings():
    for text in ["Aide à la famille Castagné", "Règlement de la succession Dupuis", "Rétrocession par M. Leroy",
                 "Bail consenti à Paul DURAND", "Indemnisation de DURAND Paul"]:
        assert person_spans(text), text
    for text in ["Travaux rue Victor Hugo", "Subvention à l'Association Pablo Neruda", "Projet culturel Pablo NERUDA",
                 "Festival Temps DEM", "Convention avec le CIDFF", "Tarifs de la Maison des jeunes Simone Veil"]:
        assert not person_spans(text), text


def test_beneficiary_without_siret_nor_rna_is_looked_at():
    frame = pd.DataFrame({"Tiers": ["Comité des fêtes", "Sophie Kowalczykowski", "SARL Bâti Ouest", "ADMR du Val"],
                          "SIRET": ["", "", "55203253400646", ""], "RNA": ["W123456789", "", "", "W987654321"]},
                         dtype=object)
    (finding,) = detect_personal_data(frame)
    assert finding.column == "Tiers" and finding.rows == [1]


def test_address_of_a_public_place_schema_is_not_personal():
    schema = load_schema("CEREMA/schema-aire-livraison")
    frame = pd.DataFrame({"ADRESSE": ["12 rue des Lilas", "3 avenue Jean Jaurès", "1 place de la Mairie"],
                          "NOM": ["Aire Marché", "Aire Poste", "Aire Mairie"]}, dtype=object)
    assert detect_personal_data(frame, {"ADRESSE": "ADRESSE", "NOM": "NOM"}, schema=schema) == []


def _subsidy_file(tmp_path):
    rows = [["Association Les Marcheurs", "W123456789", "Randonnée annuelle", "300"],
            ["Sophie Martin", "", "Prime vélo", "150"],
            ["Comité des fêtes", "W987654321", "Fête : contact M. Paul Durand au 06 12 34 56 78", "800"],
            ["DURAND Paul", "", "Aide façade", "500"],
            ["Club de judo", "W111222333", "Achat de tatamis", "1200"]]
    path = tmp_path / "aides.csv"
    pd.DataFrame(rows, columns=["Bénéficiaire", "RNA", "Objet", "Montant"]).to_csv(path, sep=";", index=False)
    return path


def test_plan_drops_rows_occults_text_and_changes_no_other_cell(tmp_path):
    path = _subsidy_file(tmp_path)
    doc = pipeline.open_document(path)
    before = doc.table.copy()
    plan = build_plan(doc)
    assert plan.revision == doc.revision and plan.rows_left_out() == [1, 3]
    text = plan.summary_text()
    assert "2 ligne(s)" in text and "L312-1-2" in text and "Sophie" not in text
    apply_plan(doc, plan)
    after = doc.table
    assert list(doc.row_ids) == [0, 2, 4]
    assert "Durand" not in " ".join(after["Objet"]) and "06 12" not in " ".join(after["Objet"])
    for pos, rid in enumerate(doc.row_ids):
        for column in after.columns:
            if column != "Objet":
                assert after.at[pos, column] == before.at[int(rid), column]
    assert after.at[0, "Objet"] == before.at[0, "Objet"] and after.at[2, "Objet"] == before.at[4, "Objet"]
    out = pipeline.export_csv(doc, tmp_path / "out.csv")
    assert scan_file(out).passed
    doc.undo()
    assert doc.table.equals(before)  # one undo step


def test_cli_anonymise_gives_the_plan_api_output(tmp_path):
    path = _subsidy_file(tmp_path)
    doc = pipeline.open_document(path)
    apply_plan(doc, build_plan(doc))
    api = pipeline.export_csv(doc, tmp_path / "api.csv").read_bytes()
    cli_out = tmp_path / "cli.csv"
    result = subprocess.run([sys.executable, "-m", "opendata_desktop", "anonymise", str(path), "-o", str(cli_out),
                             "--json"], capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["rows_left_out"] == 2
    assert cli_out.read_bytes() == api


NIR = "1850775116012" + nir.calc_check_digits("1850775116012")


@pytest.mark.parametrize("leak", [
    "Rappeler le 06 12 34 56 78", "tél. +33 6 12 34 56 78", "Contact : jean.dupont@gmail.com",
    "mailto:JEAN.DUPONT@GMAIL.COM", "<jean.dupont@orange.fr>", "jean.dupont [at] orange.fr",
    f"{NIR[0]}.{NIR[1:3]}.{NIR[3:5]}-{NIR[5:7]} {NIR[7:10]}\u00a0{NIR[10:13]} {NIR[13:]}",
    f"{NIR[0]}.{NIR[1:]}E+14", "FR76 3000 6000 0112 3456 7890 189",
])
def test_gate_sweeps_every_cell_of_a_semicolon_csv(tmp_path, leak):
    path = tmp_path / "sortie.csv"
    path.write_text("objet;montant;note\nFête locale;300;RAS\nVoirie;100;" + leak + "\nÉcole;50;\n", encoding="utf-8")
    gate = scan_file(path)
    assert not gate.passed and all(f.column == "note" for f in gate.findings)


def test_gate_context_never_switches_name_detection_off(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Nom;Prénom;Service;Fonction\nDURAND;Anne;Écoles;ATSEM\nMARTIN;Louis;Technique;Agent\n"
                    "PETIT;Zoé;Écoles;ATSEM\n", encoding="utf-8")
    assert not scan_file(path).passed


def test_gate_clean_file_passes(tmp_path):
    path = tmp_path / "clean.csv"
    path.write_text("objet;montant;contact\nFête locale;300;mairie@ville.fr\nÉcole Jules Ferry;50;accueil@ville.fr\n",
                    encoding="utf-8")
    assert scan_file(path).passed


def test_own_corpus_scores(tmp_path):
    """The corpus built for these tests, scored by the shared scorer (targets of issue 14)."""
    scorer = Path(__file__).resolve().parents[3] / "shared" / "pii-eval" / "score.py"
    if not scorer.exists():
        pytest.skip("shared scorer not available")
    from opendata_desktop.core.reading import ReadOptions, open_table
    preds = {}
    for labels_path in sorted((CORPUS / "tables").glob("*.labels.json")):
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        table = open_table(CORPUS / "tables" / labels["file"], ReadOptions())
        schema = load_schema(labels["schema"]) if labels.get("schema") else None
        mapping = {c: c for c in table.columns if schema is not None and c in schema.field_names}
        found = {f.column: f for f in detect_personal_data(table.data, mapping, schema=schema)}
        preds[labels["file"]] = {c: {"personal": c in found, "entity": found[c].entity if c in found else None,
                                     **({"rows": found[c].rows} if c in found and found[c].rows is not None else {})}
                                 for c in table.columns}
    (tmp_path / "p.json").write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    subprocess.run([sys.executable, str(scorer), str(tmp_path / "p.json"), "--labels", str(CORPUS / "tables"),
                    "--json", str(tmp_path / "m.json")], capture_output=True, check=True)
    m = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert m["binary"]["recall"] >= 0.98 and m["binary"]["precision"] >= 0.95
    assert m["rows"]["FREE_TEXT_WITH_PERSON"]["recall"] >= 0.90
    assert m["entities"]["FR_NIR"]["detection_recall"] == 1.0
