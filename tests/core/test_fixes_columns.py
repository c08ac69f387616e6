"""Column-level proposals on files written here: each is one operation (one undo step), carries the revision
and the values it saw, and never overwrites a good value."""

import csv

import pytest

from opendata_desktop.core.fixes.auto import propose_fixes
from opendata_desktop.core.fixes.columns import (derive_proposals, fill_operation, fill_proposals,
                                                 find_replace_operation, same_cells_operation)
from opendata_desktop.core.operations import EditCell
from opendata_desktop.core.pipeline import open_document
from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.core.settings import Settings

CAT = default_catalogue()


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def document(tmp_path, schema, header, rows, mapping):
    doc = open_document(write(tmp_path / "donnees.csv", header, rows), schema=CAT.get(schema))
    doc.mapping.columns.update(mapping)
    return doc


def registre(tmp_path):
    header = ["Conseil du", "Code ACTES", "Nom de la matière", "Intitulé", "Siret commune", "Commune", "N°"]
    rows = [["12/02/2024", "7.1", "", "Budget primitif", "21010053300012", "Bourg-en-Bresse", "D1"],
            ["12/02/2024", "3.2", "", "Vente d'un terrain", "21010053300012", "Bourg-en-Bresse", "D2"],
            ["12/02/2024", "7,5", "Finances locales/Subventions", "Aides aux clubs", "21010053300012", "Bourg-en-Bresse", "D3"],
            ["12/02/2024", "42", "", "Motion", "21010053300012", "Bourg-en-Bresse", "D4"],
            ["12/02/2024", "", "Urbanisme/Droit de préemption urbain", "DPU", "21010053300012", "Bourg-en-Bresse", "D5"]]
    mapping = {"Conseil du": "DELIB_DATE", "Code ACTES": "DELIB_MATIERE_CODE", "Nom de la matière": "DELIB_MATIERE_NOM",
               "Intitulé": "DELIB_OBJET", "Siret commune": "COLL_SIRET", "Commune": "COLL_NOM", "N°": "DELIB_ID"}
    return document(tmp_path, "scdl/deliberations", header, rows, mapping)


def test_actes_matter_from_its_code_and_code_from_the_matter(tmp_path):
    doc = registre(tmp_path)
    proposals = {p.rule: p for p in derive_proposals(doc)}
    label = proposals["derive-actes-label"]
    assert label.values == ["Finances locales/Décisions budgétaires", "Domaine et patrimoine/Aliénations"]
    assert label.expected == ["", ""] and label.revision == doc.revision
    assert label.left == 1  # « 42 » is no ACTES code: left to the person, not guessed
    code = proposals["derive-actes-code"]
    assert code.values == ["7.5", "2.3"] and code.column == "Code ACTES"  # « 7,5 » is not the code's form
    before = doc.table.copy()
    doc.apply(label.operation())
    assert doc.table["Nom de la matière"].tolist()[:3] == [
        "Finances locales/Décisions budgétaires", "Domaine et patrimoine/Aliénations", "Finances locales/Subventions"]
    doc.undo()  # one action, one undo step
    assert doc.table.equals(before)


def test_a_stale_proposal_leaves_alone_the_cells_changed_since(tmp_path):
    doc = registre(tmp_path)
    label = next(p for p in derive_proposals(doc) if p.rule == "derive-actes-label")
    doc.apply(EditCell.at(doc, 0, "Nom de la matière", "Finances locales/Divers"))
    changes = doc.apply(label.operation())
    assert doc.table.at[0, "Nom de la matière"] == "Finances locales/Divers"  # the person's edit wins
    assert doc.table.at[1, "Nom de la matière"] == "Domaine et patrimoine/Aliénations"
    assert list(changes.skipped) == [int(doc.row_ids[0])]


def test_insee_code_from_the_commune_name(tmp_path):
    header = ["Commune", "Code INSEE", "Sexe", "Prénom", "Nombre", "Année"]
    rows = [["Bourg-en-Bresse", "", "M", "Louis", "3", "2023"], ["ST ETIENNE", "", "F", "Jade", "2", "2023"],
            ["Saint-Martin", "", "F", "Emma", "1", "2023"],  # dozens of communes share the name: left
            ["Bourg-en-Bresse", "01053", "F", "Léa", "1", "2023"]]
    doc = document(tmp_path, "scdl/prenoms", header, rows, {
        "Commune": "COMMUNE_NOM", "Code INSEE": "COLL_INSEE", "Sexe": "ENFANT_SEXE", "Prénom": "ENFANT_PRENOM",
        "Nombre": "NOMBRE_OCCURRENCES", "Année": "ANNEE"})
    (insee,) = [p for p in derive_proposals(doc) if p.rule == "derive-insee"]
    assert insee.values == ["01053", "42218"] and insee.left == 1


def test_siren_from_the_siret_of_the_same_organisation(tmp_path):
    schema = CAT.get("atlasante/schema-dae")
    header = ["SIRET exploitant", "SIREN exploitant"]
    doc = document(tmp_path, "atlasante/schema-dae", header,
                   [["21010053300012", ""], ["732 829 320 00074", ""], ["123", ""], ["21010053300012", "210100533"]],
                   {"SIRET exploitant": "expt_siret", "SIREN exploitant": "expt_siren"})
    assert schema.field("expt_siren")
    (siren,) = [p for p in derive_proposals(doc) if p.rule == "derive-siren"]
    assert siren.values == ["210100533", "732829320"] and siren.left == 1


def test_fill_the_empty_cells(tmp_path):
    header = ["Bénéficiaire", "Notifiée UE", "Nature"]
    rows = [["Club A", "non", "aide en numéraire"], ["Club B", "", "aide en numéraire"], ["Club C", "", ""],
            ["Club D", "non", "aide en nature"]]
    doc = document(tmp_path, "scdl/subventions", header, rows,
                   {"Bénéficiaire": "nomBeneficiaire", "Notifiée UE": "notificationUE", "Nature": "nature"})
    options = fill_proposals(doc, "notificationUE")
    assert [(p.values[0], p.source.split(" (")[0]) for p in options] == [
        ("non", "valeur majoritaire de la colonne"), ("oui", "valeur autorisée")]
    assert all(len(p.row_ids) == 2 and p.expected == ["", ""] for p in options)
    doc.apply(options[0].operation())
    assert doc.table["Notifiée UE"].tolist() == ["non"] * 4
    nature = fill_proposals(doc, "nature")
    assert [p.values[0] for p in nature][:2] == ["aide en numéraire", "aide en nature"]
    settings = Settings(commune_name="Commune de Trucy", commune_siret="21010053300012")
    (giver,) = [p for p in fill_proposals(doc, "idAttribuant", settings) if "paramètres" in p.source]
    assert giver.column is None and giver.values[0] == "21010053300012"
    doc.apply(giver.operation())
    assert doc.mapping.column_for("idAttribuant") is not None
    assert fill_operation(doc, "notificationUE", "non") is None  # nothing left to fill


def test_one_correction_to_all_identical_cells_and_find_replace(tmp_path):
    header = ["Bénéficiaire", "Objet"]
    rows = [["ASS. Sportive", "Fonctionnement 2023"], ["Club", "Fonctionnement 2023"], ["ASS. Sportive", "Tournoi"],
            ["ASS. Sportive", "Fonctionnement 2023"]]
    doc = document(tmp_path, "scdl/subventions", header, rows, {"Bénéficiaire": "nomBeneficiaire", "Objet": "objet"})
    doc.apply(EditCell.at(doc, 0, "Bénéficiaire", "Association sportive"))
    same = same_cells_operation(doc, "Bénéficiaire", "ASS. Sportive", "Association sportive")
    doc.apply(same)
    assert doc.table["Bénéficiaire"].tolist() == ["Association sportive", "Club", "Association sportive",
                                                  "Association sportive"]
    replace = find_replace_operation(doc, "Objet", "2023", "2024")
    doc.apply(replace)
    assert doc.table["Objet"].tolist() == ["Fonctionnement 2024", "Fonctionnement 2024", "Tournoi",
                                           "Fonctionnement 2024"]
    doc.undo()
    assert doc.table["Objet"].tolist()[0] == "Fonctionnement 2023"
    assert find_replace_operation(doc, "Objet", "Tournoi", "Tournoi de printemps", whole_cell=True).values == [
        "Tournoi de printemps"]
    assert find_replace_operation(doc, "Objet", "absent", "x") is None


def test_choices_are_proposed_not_applied(tmp_path):
    header = ["Implantation", "Nom"]
    doc = document(tmp_path, "etalab/schema-irve-statique", header, [["Parking privé", "A"], ["voirie", "B"]],
                   {"Implantation": "implantation_station", "Nom": "nom_station"})
    safe = [p for p in propose_fixes(doc) if p.field == "implantation_station"]
    assert [(p.converter, p.values) for p in safe] == [("enum", ["Voirie"])]
    (choice,) = [p for p in propose_fixes(doc, include_choices=True) if p.converter == "enum-choice"]
    assert not choice.safe and len(choice.candidates) == 2
    with pytest.raises(ValueError):
        choice.operation()  # nothing is written before the person chooses
    picked = choice.with_choice(choice.candidates[0])
    doc.apply(picked.operation())
    assert doc.table.at[0, "Implantation"] == choice.candidates[0]


def test_the_review_reverts_one_line_or_a_whole_rule(tmp_path):
    from opendata_desktop.core.fixes.review import revert_operation, rule_label
    from opendata_desktop.core.pipeline import apply_safe_fixes

    header = ["Date", "Montant", "Bénéficiaire"]
    rows = [["05/03/2024", "1 200,50 €", "Club A"], ["06/03/2024", "300 €", "Club B"], ["2024-03-07", "12", "Club C"]]
    doc = document(tmp_path, "scdl/subventions", header, rows,
                   {"Date": "dateConvention", "Montant": "montant", "Bénéficiaire": "nomBeneficiaire"})
    apply_safe_fixes(doc)
    changes = doc.cell_changes()
    assert {(c.column, c.before, c.after, c.rule) for c in changes} >= {
        ("Date", "05/03/2024", "2024-03-05", "date"), ("Montant", "1 200,50 €", "1200.5", "number")}
    assert rule_label("date").startswith("conversion des dates") and " puis " in rule_label("fill+enum")
    one = [c for c in changes if c.before == "05/03/2024"]
    doc.apply(revert_operation(one, "annuler une modification"))
    assert doc.table["Date"].tolist() == ["05/03/2024", "2024-03-06", "2024-03-07"]
    doc.apply(revert_operation([c for c in changes if c.rule == "number"], "annuler la règle"))
    assert doc.table["Montant"].tolist() == ["1 200,50 €", "300 €", "12"]
    doc.undo()  # the whole rule came back in one step
    assert doc.table["Montant"].tolist() == ["1200.5", "300", "12"]


def test_values_are_read_the_way_their_column_is_written(tmp_path):
    header = ["Date", "Montant", "Bénéficiaire"]
    rows = [["03/25/2024", "1,234.50", "Club A"], ["03/04/2024", "1,234", "Club B"], ["12/31/2024", "12", "Club C"]]
    doc = document(tmp_path, "scdl/subventions", header, rows,
                   {"Date": "dateConvention", "Montant": "montant", "Bénéficiaire": "nomBeneficiaire"})
    fixed = {(p.column, e[0]): e[1] for p in propose_fixes(doc) for e in p.examples}
    assert ("Date", "03/04/2024") not in fixed  # month first in this column: 4 March or 3 April? not guessed
    assert ("Montant", "1,234") not in fixed  # 1234 in an English column, not 1.234
    assert fixed[("Montant", "1,234.50")] == "1234.5"
    french = document(tmp_path, "scdl/subventions", header, [["25/03/2024", "1 234,50", "A"], ["03/04/2024", "1,5", "B"]],
                      {"Date": "dateConvention", "Montant": "montant", "Bénéficiaire": "nomBeneficiaire"})
    fixed = {(p.column, e[0]): e[1] for p in propose_fixes(french) for e in p.examples}
    assert fixed[("Date", "03/04/2024")] == "2024-04-03" and fixed[("Montant", "1,5")] == "1.5"


def test_a_derivation_is_replayed_on_next_years_file(tmp_path):
    from opendata_desktop.core.project import open_project, save_project

    doc = registre(tmp_path)
    label = next(p for p in derive_proposals(doc) if p.rule == "derive-actes-label")
    doc.apply(label.operation())
    project = save_project(doc, tmp_path / "registre.odproj")
    header = ["Conseil du", "Code ACTES", "Nom de la matière", "Intitulé", "Siret commune", "Commune", "N°"]
    next_year = write(tmp_path / "registre_2025.csv", header, [
        ["10/01/2025", "5.2", "", "Règlement intérieur", "21010053300012", "Bourg-en-Bresse", "D1"],
        ["10/01/2025", "8.3", "", "Travaux de voirie", "21010053300012", "Bourg-en-Bresse", "D2"]])
    replayed, summary = open_project(project, next_year)
    assert replayed.table["Nom de la matière"].tolist() == [
        "Institutions et vie politique/Fonctionnement des assemblées", "Domaines de compétences par thèmes/Voirie"]
