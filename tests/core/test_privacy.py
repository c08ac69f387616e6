import pandas as pd

from opendata_desktop.core.privacy import detect_personal_data
from opendata_desktop.core.reading import open_table


def test_beneficiary_rows_and_phone_column_are_found(messy):
    table = open_table(messy / "subventions_2024.xlsx")
    mapping = {"Bénéficiaire": "nomBeneficiaire", "Collectivité": "nomAttribuant"}
    findings = {f.column: f for f in detect_personal_data(table.data, mapping)}
    person = findings["Bénéficiaire"]
    assert person.entity == "PERSON" and person.rows
    assert all(table.data.at[i, "Bénéficiaire"].startswith(("M. ", "Mme ", "M ", "Mme")) for i in person.rows)
    assert "Collectivité" not in findings and "Objet de la subvention" not in findings


def test_functional_contacts_are_not_personal_but_caretakers_are(messy):
    table = open_table(messy / "equipements.ods")
    mapping = {"Téléphone": "EQUIP_TEL", "Email": "EQUIP_EMAIL", "Nom": "EQUIP_NOM"}
    found = {f.column for f in detect_personal_data(table.data, mapping)}
    assert {"Gardien", "Tél. gardien"} <= found
    assert not found & {"Téléphone", "Email", "Nom", "Site web"}


def test_reasons_never_quote_values():
    frame = pd.DataFrame({"Contact": ["jean.dupont@gmail.com", "marie.durand@orange.fr", ""]})
    (finding,) = detect_personal_data(frame)
    assert finding.entity == "EMAIL_ADDRESS"
    assert "dupont" not in finding.reason
