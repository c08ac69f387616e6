"""Whole invented layouts, written to real files by the tests and read back like a user's file: columns the
schema does not know stay unmapped, the others find their field."""

import csv

import openpyxl
import pytest

from opendata_desktop.core.mapping import suggest_mapping
from opendata_desktop.core.reading import open_table
from opendata_desktop.core.schemas import default_catalogue

SIRETS = ["78035053400019", "39177287800016", "44259700100035", "48309112000012", "38810940700055"]


def _write_csv(path, columns: dict, n=10, delimiter=";"):
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(list(columns))
        for i in range(n):
            writer.writerow([v[i % len(v)] if isinstance(v, list) else v for v in columns.values()])
    return path


def _write_xlsx(path, columns: dict, n=10, title=None):
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(list(columns))
    for i in range(n):
        sheet.append([v[i % len(v)] if isinstance(v, list) else v for v in columns.values()])
    book.save(path)
    return path


def _check(path, schema_name, expected):
    table = open_table(path)
    schema = default_catalogue().get(schema_name)
    mapping = suggest_mapping(list(table.columns), schema, table.data)
    assert {c: mapping.columns[c] for c in expected} == expected


def test_a_department_export_with_many_columns_the_schema_does_not_have(tmp_path):
    """No giver column at all, the recipient's address and town, a requested amount beside the voted one."""
    columns = {
        "Exercice": "2023", "Direction": ["DGA Solidarités", "DGA Territoires"], "Service": ["Sport", "Culture", "Social"],
        "Tiers": ["Club A", "Asso B", "Comité C", "Union D"], "SIRET": SIRETS, "Adresse": ["1 rue A", "2 rue B"],
        "Code postal": ["58000", "58200", "58400"], "Commune": ["Nevers", "Cosne", "Clamecy", "Decize"],
        "Objet": ["Fonctionnement", "Manifestation"], "Montant demandé": ["2000", "5000", "1200"],
        "Montant voté": ["1 500,00", "4 000,00", "1 000,00"], "Date de vote": ["12/03/2023", "05/06/2023"],
        "Commission": ["CP du 12/03/2023", "CP du 05/06/2023"], "Imputation": ["6574", "204"],
        "N° dossier": ["D123", "D456", "D789"], "Date de paiement": ["15/04/2023", "20/07/2023"],
    }
    expected = {"Exercice": None, "Direction": None, "Service": None, "Tiers": "nomBeneficiaire",
                "SIRET": "idBeneficiaire", "Adresse": None, "Code postal": None, "Commune": None, "Objet": "objet",
                "Montant demandé": None, "Montant voté": "montant", "Date de vote": "dateConvention",
                "Commission": None, "Imputation": None, "Date de paiement": "datesPeriodeVersement"}
    _check(_write_csv(tmp_path / "subventions.csv", columns), "scdl/subventions", expected)


def test_a_city_export_in_plain_french(tmp_path):
    columns = {
        "Nom de la collectivité": "Ville de Lunel", "SIRET de la collectivité": "21340145200015",
        "Date de la délibération": ["12/03/2023", "05/06/2023"], "N° de la délibération": ["2023-12", "2023-45"],
        "Nom de l'organisme bénéficiaire": ["Club A", "Asso B", "Comité C"], "SIRET de l'organisme": SIRETS,
        "N° RNA": ["W751234567", "W861000123"], "Objet de la demande": ["Fonctionnement", "Projet"],
        "Montant voté (en €)": ["1500", "4000"], "Nature (numéraire / nature)": ["Numéraire", "Nature"],
        "Modalités de versement": ["unique", "en deux fois"], "Date de versement": ["15/04/2023", "20/07/2023"],
        "Aide soumise à notification UE (oui/non)": "non", "Taux": ["100%", "50%"],
    }
    expected = {"Nom de la collectivité": "nomAttribuant", "SIRET de la collectivité": "idAttribuant",
                "Date de la délibération": "dateConvention", "N° de la délibération": "referenceDecision",
                "Nom de l'organisme bénéficiaire": "nomBeneficiaire", "SIRET de l'organisme": "idBeneficiaire",
                "N° RNA": "rnaBeneficiaire", "Objet de la demande": "objet", "Montant voté (en €)": "montant",
                "Nature (numéraire / nature)": "nature", "Modalités de versement": "conditionsVersement",
                "Date de versement": "datesPeriodeVersement", "Aide soumise à notification UE (oui/non)": "notificationUE",
                "Taux": "pourcentageSubvention"}
    _check(_write_xlsx(tmp_path / "aides.xlsx", columns, title="Aides versées aux associations"),
           "scdl/subventions", expected)


def test_a_deliberation_register_with_values(tmp_path):
    columns = {
        "Entité": "Commune de Saint-Jean", "N° SIRET": "21310458100011", "Séance du": ["12/03/2024", "02/04/2024"],
        "N°": ["2024-001", "2024-002", "2024-003"], "Classement": ["7.1", "3.2", "1.1", "4.1"],
        "Rubrique": ["Finances locales/Décisions budgétaires", "Domaine et patrimoine/Acquisitions"],
        "Titre": ["Vote du budget", "Achat d'un terrain", "Tarifs de la cantine"], "Nb membres en exercice": "19",
        "Présents et représentés": ["17", "18"], "Pour": ["15", "16"], "Contre": ["1", "0"], "Abst.": ["1", "2"],
        "Rapporteur": ["M. Martin", "Mme Durand"], "Identifiant ACTES": ["031-213104581-20240312-D001-DE"],
        "Transmis le": ["14/03/2024", "05/04/2024"],
    }
    expected = {"Entité": "COLL_NOM", "N° SIRET": "COLL_SIRET", "Séance du": "DELIB_DATE", "N°": "DELIB_ID",
                "Classement": "DELIB_MATIERE_CODE", "Rubrique": "DELIB_MATIERE_NOM", "Titre": "DELIB_OBJET",
                "Nb membres en exercice": "VOTE_EFFECTIF", "Présents et représentés": "VOTE_REEL", "Pour": "VOTE_POUR",
                "Contre": "VOTE_CONTRE", "Abst.": "VOTE_ABSTENTION", "Rapporteur": None,
                "Identifiant ACTES": "PREF_ID"}
    _check(_write_csv(tmp_path / "registre.csv", columns), "scdl/deliberations", expected)


def test_a_budget_export_with_codes(tmp_path):
    columns = {
        "Exercice": "2023", "Étape": "compte administratif", "Collectivité": "Commune de Roques",
        "SIRET": "21310458100011", "Sect.": ["F", "I"], "Sens": ["D", "R", "D"], "Chap.": ["011", "012", "70"],
        "Lib. chap.": ["Charges à caractère général", "Charges de personnel", "Produits des services"],
        "Art.": ["6042", "6411", "7066"], "Lib. art.": ["Achats de prestations", "Personnel titulaire", "Redevances"],
        "Fonct.": ["020", "212", "251"], "Mt budget N-1": ["1 200,00", "35 000,00", "4 000,00"],
        "Mt prévision": ["1 300,00", "36 000,00", "4 100,00"], "Mt réalisé": ["1 250,10", "35 800,00", "3 900,00"],
        "Gestionnaire": ["Finances", "RH"],
    }
    expected = {"Exercice": "BGT_ANNEE", "Étape": "BGT_NATDEC", "Collectivité": "BGT_NOM", "SIRET": "BGT_SIRET",
                "Sect.": "BGT_SECTION", "Sens": "BGT_CODRD", "Chap.": "BGT_CONTNAT", "Lib. chap.": "BGT_CONTNAT_LABEL",
                "Art.": "BGT_NATURE", "Lib. art.": "BGT_NATURE_LABEL", "Fonct.": "BGT_FONCTION",
                "Mt budget N-1": "BGT_MTBUDGPREC", "Mt prévision": "BGT_MTPREV", "Mt réalisé": "BGT_MTREAL",
                "Gestionnaire": None}
    _check(_write_csv(tmp_path / "budget.csv", columns), "scdl/budget", expected)


def test_an_equipment_inventory(tmp_path):
    columns = {
        "Propriétaire": "Commune de Caussade", "Dénomination": ["Gymnase", "Bibliothèque", "Salle des fêtes"],
        "Nature": ["Gymnase", "Bibliothèque", "Salle polyvalente"], "N° voie": ["12", "3", "1"],
        "Rue": ["rue de la République", "place du Marché", "allée des Sports"], "CP": "82300", "Localité": "Caussade",
        "Lat.": ["44,0175", "44,0181", "44,0190"], "Long.": ["1,5386", "1,5390", "1,5401"],
        "Tél.": ["05 63 12 34 56", "05 63 12 34 57"], "Courriel": ["gymnase@caussade.fr", "biblio@caussade.fr"],
        "Responsable": ["Jean Martin", "Anne Durand"],
    }
    expected = {"Propriétaire": "COLL_NOM", "Dénomination": "EQUIP_NOM", "Nature": "EQUIP_TYPE",
                "N° voie": "ADR_NUMERO", "Rue": "ADR_NOMVOIE", "CP": "ADR_CODEPOSTAL", "Localité": "ADR_COMMUNE",
                "Lat.": "EQUIP_LAT", "Long.": "EQUIP_LONG", "Tél.": "EQUIP_TEL", "Courriel": "EQUIP_EMAIL",
                "Responsable": None}
    _check(_write_xlsx(tmp_path / "equipements.xlsx", columns), "scdl/equipements", expected)
