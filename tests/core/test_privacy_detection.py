"""Personal-data detection: checksums, context, names in text — on cases written here, not the corpus."""

import pandas as pd
import pytest
from stdnum.fr import nir

from opendata_desktop.core.privacy import detect_personal_data


def _found(frame):
    return {f.column: f for f in detect_personal_data(pd.DataFrame(frame, dtype=object))}


def _nir(body: str) -> str:
    return body + nir.calc_check_digits(body)


def test_identifiers_by_their_checksums_whatever_the_header():
    values = [_nir("1850775116012"), _nir("2920131555055"), _nir("1690578132001")]
    found = _found({"Colonne B": values, "Réf.": ["FR7630006000011234567890189"] * 3,
                    "Véhicule": ["AB-123-CD", "GH-456-JK", "1234 AB 82"]})
    assert found["Colonne B"].entity == "FR_NIR"
    assert found["Réf."].entity == "IBAN_CODE"
    assert found["Véhicule"].entity == "FR_LICENSE_PLATE"


def test_corsican_nir_and_excel_damaged_nir():
    corsica = "285072A123456"  # born in 1985, July, in Corse-du-Sud (2A), commune 123, order 456
    key = nir.calc_check_digits(corsica)
    assert nir.is_valid(corsica + key)
    found = _found({"Sécu": [corsica + key, _nir("1850775116012") + ".0", _nir("2920131555055")]})
    assert found["Sécu"].entity == "FR_NIR"


def test_people_in_their_public_function_are_not_flagged_but_their_mobiles_are():
    found = _found({"Nom": ["DURAND", "MARTIN", "PETIT"], "Prénom": ["Anne", "Louis", "Zoé"],
                    "Fonction": ["Maire", "1er adjoint", "Conseillère municipale"],
                    "Tél. mairie": ["05 63 00 00 00"] * 3,
                    "Portable personnel": ["06 12 34 56 78", "07 11 22 33 44", "06 98 76 54 32"]})
    assert set(found) == {"Portable personnel"}


def test_payroll_is_not_a_directory():
    found = _found({"Nom": ["DURAND", "MARTIN"], "Prénom": ["Anne", "Louis"], "Grade": ["Adjoint technique"] * 2,
                    "Salaire brut": ["2100,50", "1950,00"]})
    assert found["Nom"].entity == "LAST_NAME" and found["Prénom"].entity == "FIRST_NAME"


def test_natural_persons_among_organisations_and_their_siret():
    found = _found({"Bénéficiaire": ["Association Les Joyeux Marcheurs", "M. Paul DURAND", "SARL Bâti Sud",
                                     "MOREAU Julie – Coiffure à domicile", "Comité des fêtes"],
                    "SIRET": ["", "", "55203253400646", "73282932000074", ""]})
    assert found["Bénéficiaire"].rows == [1, 3]
    assert found["SIRET"].entity == "FR_SIRET_NATURAL_PERSON" and found["SIRET"].rows == [3]


def test_names_inside_free_text_rows():
    found = _found({"Objet": ["Cession de la parcelle AB 12 à M. Paul Durand", "Travaux de voirie rue Jean Jaurès",
                              "Acquisition auprès des consorts Lefèvre", "Attribution à Jeanne MARCHAND",
                              "Convention avec la SCI du Moulin", "Sa fille (Claire Perrin) passe le lundi"]})
    assert found["Objet"].entity == "FREE_TEXT_WITH_PERSON" and found["Objet"].rows == [0, 2, 3, 5]


@pytest.mark.parametrize("frame", [
    {"Équipement": ["Salle Jean Moulin", "École Victor Hugo", "Gymnase Marcel Cerdan"],
     "Adresse": ["12 rue Jean Jaurès", "3 place de la Mairie", "1 allée des Sports"],
     "Capacité": ["120", "300", "500"], "Téléphone": ["05 63 11 22 33", "05 63 44 55 66", "05 63 77 88 99"]},
    {"Prénom": ["Léa", "Hugo", "Louise"], "Sexe": ["F", "M", "F"], "Nombre": ["12", "9", "7"]},
    {"Commune": ["Caussade", "Montauban"], "Code postal": ["82300", "82000"], "Code INSEE": ["82037", "82121"]},
    {"Contact": ["mairie@caussade.fr", "accueil@montauban.fr"], "Association": ["Club de judo", "Chorale"]},
])
def test_confounders_are_not_personal(frame):
    assert _found(frame) == {}


def test_reasons_never_quote_values():
    frame = pd.DataFrame({"Contact": ["jean.dupont@gmail.com", "marie.durand@orange.fr", ""]})
    (finding,) = detect_personal_data(frame)
    assert finding.entity == "EMAIL_ADDRESS" and "dupont" not in finding.reason
