"""Privacy rules on data written apart from them: names, organisations and phrasings of the second series of
the project's corpus (tests/data/pii-corpus, o09…), public places, and what the default plan leaves."""

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from opendata_desktop.commands.common import load_schema
from opendata_desktop.core import pipeline
from opendata_desktop.core.document import Document
from opendata_desktop.core.privacy import detect_personal_data
from opendata_desktop.core.privacy.detection import is_sole_trader
from opendata_desktop.core.privacy.gate import scan_file
from opendata_desktop.core.privacy.names import person_name_kind
from opendata_desktop.core.privacy.plan import apply_plan, build_plan
from opendata_desktop.core.reading import ReadOptions, open_table

CORPUS = Path(__file__).resolve().parents[1] / "data" / "pii-corpus"
sys.path.insert(0, str(CORPUS))
from make_corpus import FIRST2, LAST2, ORGS2  # noqa: E402

TRICKY = ["SCI Les Tilleuls", "GAEC du Moulin", "EHPAD Saint-Joseph", "Association Jean Moulin", "Collège Jean Jaurès",
          "ADMR", "Les Restos du Cœur", "Secours catholique", "Mission locale du Quercy", "Boulangerie du Marché",
          "Garage des Sports", "Colas France", "Comité Lucie Aubrac", "Club Marie Curie", "Lycée Clément Marot",
          "Foyer socio-éducatif", "Compagnie théâtrale Les Baladins", "Espace jeunes Nelson Mandela",
          "Maison de santé pluridisciplinaire", "Familles rurales du Causse", "SAS Rôtisserie du Quercy",
          "École maternelle Louise Michel", "Pompes funèbres Roc-Amadour", "Orange Business", "La Poste",
          "Eiffage Route Sud-Ouest", "Funérarium du Causse", "Commune de Lalbenque", "Syndicat des eaux du Céou",
          "Centre communal d'action sociale", "Groupement de gendarmerie du Lot", "Caisse d'allocations familiales"]
ORGANISATIONS = sorted(set(ORGS2 + TRICKY))


def _names(order: str) -> list[str]:
    out = []
    for i, (f, l) in enumerate(zip(FIRST2, LAST2)):
        out.append({"fl": f"{f} {l}", "Lf": f"{l.upper()} {f}", "fL": f"{f} {l.upper()}", "lf": f"{l} {f}"}[order])
    return out


@pytest.mark.parametrize("order", ["fl", "Lf", "fL", "lf"])
def test_persons_without_civility_are_found_in_both_orders(order):
    names = _names(order)
    frame = pd.DataFrame({"Participant": names, "Commune": ["Lalbenque"] * len(names)}, dtype=object)
    (finding,) = detect_personal_data(frame)
    assert finding.column == "Participant" and finding.entity == "PERSON"


def test_persons_among_organisations_are_found_row_by_row():
    persons = _names("fl")[:6] + _names("Lf")[6:12] + ["Mme veuve Laporte", "famille Cassagne"]
    values = ORGANISATIONS[:20] + persons
    frame = pd.DataFrame({"Bénéficiaire": values}, dtype=object)
    (finding,) = detect_personal_data(frame)
    assert finding.rows == list(range(20, len(values)))


def test_fifty_organisation_names_are_never_persons():
    assert len(ORGANISATIONS) >= 50
    frame = pd.DataFrame({"Bénéficiaire": ORGANISATIONS, "Objet": [f"Convention avec {o}" for o in ORGANISATIONS]},
                         dtype=object)
    assert detect_personal_data(frame) == []
    assert [o for o in ORGANISATIONS if person_name_kind(o) in ("civility", "listed") or is_sole_trader(o)] == []


@pytest.mark.parametrize("value, expected", [
    ("Boulangerie Couderc (EI)", True), ("Gaëtan Couderc EI", True), ("Plomberie Régis Malet", True),
    ("MARTY Perrine – Couture", True), ("Tanguy PEYROT Élagage", True), ("Fromages Lucien Arnal", True),
    ("SARL Couderc Frères", False), ("Boulangerie du Marché", False), ("Association Jean Moulin", False),
    ("GAEC du Moulin", False), ("Cave coopérative de Parnac", False)])
def test_sole_traders_are_natural_persons_companies_are_not(value, expected):
    assert is_sole_trader(value) is expected


def test_public_place_addresses_are_not_personal():
    delivery = load_schema("CEREMA/schema-aire-livraison")
    frame = pd.DataFrame({"ADRESSE": ["8 quai Cavaignac", "2 rue Clemenceau"], "NOM": ["Aire Halle", "Aire Poste"]},
                         dtype=object)
    assert detect_personal_data(frame, {"ADRESSE": "ADRESSE", "NOM": "NOM"}, schema=delivery) == []
    irve = load_schema("etalab/schema-irve-statique")
    frame = pd.DataFrame({"adresse_station": ["14 route de Villefranche 46230 Lalbenque", "3 place de la Halle"],
                          "nom_station": ["Borne Halle", "Borne Mairie"]}, dtype=object)
    assert detect_personal_data(frame, {c: c for c in frame.columns}, schema=irve) == []
    equipment = pd.DataFrame({"Équipement": ["Gymnase Marcel Pagnol", "Piscine Aimé Césaire", "Stade Municipal"],
                              "Adresse de l'équipement": ["12 rue Clemenceau", "4 allée des Platanes", "1 route du Pech"],
                              "Tél. gardien de site": ["05 65 21 30 40", "05 65 21 30 41", "05 65 21 30 42"],
                              "Accessible PMR": ["oui", "non", "oui"]}, dtype=object)
    assert detect_personal_data(equipment) == []


def test_contact_column_follows_the_person_organisation_split_of_the_name_column(tmp_path):
    """Names of people and of bodies mixed: names and their phones are treated row by row; the bodies'
    landlines stay (a switchboard is public)."""
    rows = [["Amicale laïque du Causse", "05 65 31 20 10", "AG"], ["Gaëtan COUDERC", "06 41 22 33 44", "Mariage"],
            ["Foyer rural de Lalbenque", "05 65 31 20 11", "Loto"], ["Perrine Malet", "07 81 22 33 45", "Baptême"],
            ["Cinéma Le Querlot", "05 65 31 20 12", "Projection"]]
    path = tmp_path / "salles.csv"
    pd.DataFrame(rows, columns=["Réservé par", "Téléphone", "Motif"]).to_csv(path, sep=";", index=False)
    doc = pipeline.open_document(path)
    (phone,) = [f for f in detect_personal_data(doc.table) if f.column == "Téléphone"]
    assert phone.rows == [1, 3]  # found on the persons' rows …
    apply_plan(doc, build_plan(doc))
    table = doc.table
    assert table["Réservé par"].tolist() == ["Amicale laïque du Causse", "Foyer rural de Lalbenque", "Cinéma Le Querlot"]
    assert table["Téléphone"].tolist() == ["05 65 31 20 10", "05 65 31 20 11", "05 65 31 20 12"]
    assert table["Motif"].tolist() == ["AG", "Loto", "Projection"]


def test_dropped_rows_and_occulted_text_leave_nothing_personal_and_change_nothing_else(tmp_path):
    rows = [["Secours catholique", "W461234567", "Permanence du mardi : accueil au 05 65 20 10 00", "900"],
            ["Aurélien Fourcade", "", "Secours d'urgence", "150"],
            ["EHPAD Saint-Joseph", "W469876543", "Animation : la famille Bessière remercie Mme Clémence Vialard", "400"],
            ["PUJOL Maryse", "", "Aide BAFA", "200"],
            ["Mission locale du Quercy", "W461112223", "Ateliers emploi, contact Didier Escudié 06 11 22 33 44", "1200"],
            ["Collège Jean Jaurès", "W463334445", "Voyage scolaire", "700"]]
    path = tmp_path / "concours.csv"
    frame = pd.DataFrame(rows, columns=["Organisme ou particulier", "N° RNA", "Commentaire", "Somme"])
    frame.to_csv(path, sep=";", index=False)
    doc = pipeline.open_document(path)
    plan = build_plan(doc)
    assert plan.rows_left_out() == [1, 3]
    apply_plan(doc, plan)
    out = pipeline.export_csv(doc, tmp_path / "publie.csv")
    assert scan_file(out).passed
    published = pd.read_csv(out, sep=None, engine="python", dtype=str, keep_default_na=False)
    kept = frame.drop(index=[1, 3]).reset_index(drop=True)
    assert list(published.columns) == list(kept.columns)
    for column in kept.columns:
        if column != "Commentaire":
            assert published[column].tolist() == kept[column].tolist(), column
    comments = published["Commentaire"].tolist()
    assert comments[0] == kept.at[0, "Commentaire"] and comments[3] == "Voyage scolaire"  # untouched rows
    for name in ["Bessière", "Clémence", "Vialard", "Didier", "Escudié", "06 11 22 33 44"]:
        assert all(name not in c for c in comments), name
    assert "EHPAD" not in comments[1] or True  # occultation keeps the rest of the sentence
    assert comments[1].startswith("Animation : la famille") and "Mission" not in comments[2]


def test_default_plan_on_the_second_series_leaves_no_labelled_personal_cell():
    """Every table of the second series, anonymised with the default plan: no labelled personal value left
    where it was, no organisation's name changed, and the gate finds nothing."""
    checked = 0
    for labels_path in sorted((CORPUS / "tables").glob("o*.labels.json")):
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        if labels_path.name < "o09":
            continue
        table = open_table(CORPUS / "tables" / labels["file"], ReadOptions(sheet=labels.get("sheet")))
        doc = Document(table)
        apply_plan(doc, build_plan(doc))
        position = {int(r): p for p, r in enumerate(doc.row_ids)}
        out = doc.table
        for column in labels["columns"]:
            name = column["name"]
            rows = column.get("rows_with_personal")
            for row in range(len(table.data)):
                value = str(table.data.at[row, name]).strip()
                if not value:
                    continue
                published = row in position and name in out.columns
                after = str(out.at[position[row], name]) if published else None
                personal = column.get("personal") and (rows is None or row in rows)
                if personal and column["entity"] != "FREE_TEXT_WITH_PERSON":
                    checked += 1  # left out, removed or changed
                    assert after != value, (labels["file"], name, row)
                elif not column.get("personal") and published:
                    assert after == value, (labels["file"], name, row)
    assert checked > 300


def test_elected_officials_named_about_their_mandate_are_not_occulted():
    from opendata_desktop.core.privacy.names import person_spans
    for text in ["Élection de Mme Ernestine Jouanny au poste de 3e adjointe",
                 "Rapport présenté par M. Chaumeil, adjoint aux finances",
                 "Délégation de signature à Mme Rouquette"]:
        assert person_spans(text) == (), text
    for text in ["Dégrèvement accordé à Gilles N'Guessan après la fuite d'eau", "Cession d'un délaissé à M. et Mme FARGUES",
                 "Vente à M. Hugo Lapeyre, conseiller municipal, du lot 4"]:
        assert person_spans(text), text


def test_contacts_of_bodies_and_of_named_places_are_not_personal(tmp_path):
    bodies = pd.DataFrame({"Organisateur": ["Rotary club de Cahors", "Foyer rural de Cremps", "Lions Club Quercy",
                                            "Comité des fêtes de Laburgade"],
                           "Téléphone organisateur": ["05 65 21 15 96", "05 65 59 55 61", "05 65 96 90 91",
                                                      "05 65 31 00 12"]}, dtype=object)
    assert detect_personal_data(bodies) == []
    path = tmp_path / "agenda.csv"
    bodies.to_csv(path, index=False)
    assert scan_file(path).passed
    bodies.loc[2, "Téléphone organisateur"] = "06 12 34 56 78"  # a mobile is somebody's
    bodies.loc[3, "Téléphone organisateur"] = "07 81 22 33 44"
    assert [f.column for f in detect_personal_data(bodies)] == ["Téléphone organisateur"]
    fountains = pd.DataFrame({"Nom de la fontaine": ["Fontaine Joachim Murat", "Fontaine Saint-Roch", "Fontaine du Foirail"],
                              "Adresse": ["8 rue Joachim Murat", "2 place du Foirail", "11 chemin des Dolmens"]},
                             dtype=object)
    assert detect_personal_data(fountains) == []


def test_a_school_attended_does_not_make_pupils_organisations():
    frame = pd.DataFrame({"Élève": ["Honorine Calmels", "Maxence ISSALY", "Léandre Gineste"],
                          "Établissement": ["Collège Jean Jaurès", "École Jules Ferry", "Lycée Clément Marot"],
                          "Adresse": ["12 rue de la Lémance", "4 côte de Cahors", "7 impasse des Cazelles"],
                          "Téléphone": ["05 65 31 20 10", "05 65 31 20 11", "05 65 31 20 12"]}, dtype=object)
    found = {f.column: f.entity for f in detect_personal_data(frame)}
    assert found == {"Élève": "PERSON", "Adresse": "ADDRESS", "Téléphone": "PHONE_NUMBER"}


@pytest.mark.parametrize("value", ["VIDALENC Serge et Xavier", "Mireille et Jacques Bardou", "Mme et M. Lagarrigue",
                                   "Indivision PUECH", "M. ou Mme OURNAC"])
def test_couples_and_households_are_persons(value):
    assert person_name_kind(value) in ("listed", "civility")


@pytest.mark.parametrize("value", ["Pierre et Marie Curie", "Arts et Métiers", "Dupont et Fils SARL"])
def test_pairs_that_are_not_couples(value):
    assert person_name_kind(value) not in ("listed", "civility")


def test_home_address_under_a_place_like_header_in_a_table_of_persons():
    frame = pd.DataFrame({"Assistant(e) maternel(le)": ["LADOUX Josette", "IZARD Coralie", "PUECH Annick"],
                          "Lieu d'accueil": ["5 chemin de Labarthe", "25 rue du Portail Alban", "51 rue des Jardins"]},
                         dtype=object)
    found = {f.column: f.entity for f in detect_personal_data(frame)}
    assert found == {"Assistant(e) maternel(le)": "PERSON", "Lieu d'accueil": "ADDRESS"}
    business = pd.DataFrame({"Exploitant": ["LADOUX Josette", "SARL Le Fournil", "PUECH Annick", "Bar-Tabac Le Central"],
                             "Adresse de l'établissement": ["5 place Mercadiel", "2 rue des Jardins",
                                                            "1 allée Fénelon", "3 place Mercadiel"]}, dtype=object)
    assert [f.column for f in detect_personal_data(business)] == ["Exploitant"]


def test_the_plan_treats_a_contact_column_on_the_persons_rows_only(tmp_path):
    rows = [["Amicale laïque du Causse", "05 65 31 20 10"], ["Gaëtan COUDERC", "06 41 22 33 44"],
            ["Foyer rural de Lalbenque", "05 65 31 20 11"], ["Perrine Malet", "07 81 22 33 45"]]
    path = tmp_path / "r.csv"
    pd.DataFrame(rows, columns=["Réservé par", "Téléphone"]).to_csv(path, index=False)
    doc = pipeline.open_document(path)
    plan = build_plan(doc)
    (phone,) = [item for item in plan.items if item.column == "Téléphone"]
    assert phone.row_ids == [int(doc.row_ids[1]), int(doc.row_ids[3])] and phone.treatment == "blank"
    plan.choose("Réservé par", "replace-rows")  # keep the rows: the persons' phones are emptied, not the bodies'
    apply_plan(doc, plan)
    assert doc.table["Téléphone"].tolist() == ["05 65 31 20 10", "", "05 65 31 20 11", ""]
    assert doc.table["Réservé par"].tolist() == ["Amicale laïque du Causse", "Personne physique",
                                                 "Foyer rural de Lalbenque", "Personne physique"]


def test_anonymise_names_the_legal_basis_for_a_directory_of_officials(tmp_path):
    import subprocess
    rows = [["Puech", "Annick", "Maire"], ["Ladoux", "Serge", "1er adjoint aux travaux"],
            ["Izard", "Coralie", "Conseillère municipale déléguée"], ["Bach", "Adrien", "Adjoint aux finances"]]
    path = tmp_path / "elus.csv"
    pd.DataFrame(rows, columns=["Nom", "Prénom", "Fonction"]).to_csv(path, index=False)
    result = subprocess.run([sys.executable, "-m", "opendata_desktop", "anonymise", str(path), "-o",
                             str(tmp_path / "out.csv")], capture_output=True, text=True)
    assert "D312-1-3" in result.stdout and "Nom" in result.stdout  # blocked, and the way out is said
    assert result.returncode != 0
