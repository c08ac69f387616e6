import pytest

from opendata_desktop.core.document import Document
from opendata_desktop.core.fixes.auto import apply_all, propose_fixes
from opendata_desktop.core.fixes.converters import fix_value
from opendata_desktop.core.reading import open_table
from opendata_desktop.core.schemas import default_catalogue

SUB = default_catalogue().get("scdl/subventions")
EQUIP = default_catalogue().get("scdl/equipements")
SIRETS = frozenset({"idAttribuant", "idBeneficiaire"})


@pytest.mark.parametrize("schema,field,raw,expected", [
    (SUB, "dateConvention", "05/03/2024", "2024-03-05"),
    (SUB, "dateConvention", "5 mars 2024", "2024-03-05"),
    (SUB, "dateConvention", "45292", "2024-01-01"),  # an Excel serial number (day 45292 = 1 January 2024)
    (SUB, "dateConvention", "2024/03/05", "2024-03-05"),
    (SUB, "montant", "1 234,50 €", "1234.5"),
    (SUB, "montant", "1.234,50", "1234.5"),
    (SUB, "montant", "1\u202f500", "1500"),
    (SUB, "pourcentageSubvention", "45 %", "0.45"),
    (SUB, "notificationUE", "X", "oui"),
    (SUB, "notificationUE", "NON", "non"),
    (SUB, "idAttribuant", "732 829 320 00074", "73282932000074"),
    (SUB, "idAttribuant", "7.32829320000740E+13", "73282932000074"),
    (SUB, "idBeneficiaire", "73282932000074.0", "73282932000074"),
    (SUB, "nature", "Aide en Nature", "aide en nature"),
    (SUB, "datesPeriodeVersement", "du 01/03/2024 au 31/12/2024", "2024-03-01/2024-12-31"),
    (EQUIP, "ADR_CODEPOSTAL", "1000", "01000"),
    (EQUIP, "EQUIP_TEL", "05.63.12.34.56", "+33 563123456"),
    (EQUIP, "EQUIP_OUVERTURE", "Lu-Ve 8h30-12h, 14h-17h30; Sa 9h-12h", "Mo-Fr 08:30-12:00,14:00-17:30; Sa 09:00-12:00"),
    (EQUIP, "EQUIP_THEME", "equipement SPORTIF et de loisirs", "Equipement sportif et de loisirs"),
])
def test_safe_fixes(schema, field, raw, expected):
    assert fix_value(raw, schema.field(field), SIRETS)[0] == expected


@pytest.mark.parametrize("schema,field,raw", [
    (SUB, "idAttribuant", "2.18E+13"),  # digits lost for good: never invent a SIRET
    (SUB, "idAttribuant", "73282932000075"),  # wrong key: a typo, not a format
    (SUB, "montant", "environ 500"),
    (SUB, "nature", "aide"),  # could be either value: the person decides
    (SUB, "dateConvention", "31/02/2024"),
    (SUB, "pourcentageSubvention", "45"),  # 45 % or 0.45 ? not safe
])
def test_no_guessing(schema, field, raw):
    assert fix_value(raw, schema.field(field), SIRETS) is None


def test_fixes_are_grouped_labelled_and_undoable(messy):
    doc = Document(open_table(messy / "deliberations_2024.csv"), default_catalogue().get("scdl/deliberations"))
    doc.mapping.columns.update({"Date de séance": "DELIB_DATE", "Objet": "DELIB_OBJET"})
    proposals = {(p.column, p.converter): p for p in propose_fixes(doc)}
    dates = proposals[("Date de séance", "date")]
    assert len(dates.rows) == 80 and dates.examples[0] == ("15/01/2024", "2024-01-15")
    assert proposals[("Objet", "trim")].label == "suppression des espaces en trop"
    before = doc.table.copy()
    applied = apply_all(doc)
    assert applied and doc.table.at[0, "Date de séance"] == "2024-01-15"
    assert doc.undo_stack.undo_label.startswith("Annuler : ")
    doc.undo()  # every safe fix is one action: one undo step
    assert doc.table.equals(before)


PRENOMS = default_catalogue().get("scdl/prenoms")


@pytest.mark.parametrize("schema,field,raw,expected", [
    (PRENOMS, "COMMUNE_NOM", "BOURG-EN-BRESSE", "Bourg-en-Bresse"),  # the official spelling, not « Bourg-En-Bresse »
    (PRENOMS, "COMMUNE_NOM", "st etienne", "Saint-Étienne"),
    (PRENOMS, "COMMUNE_NOM", "Trifouilly-Les-Oies", None),  # not in the official list: left as written
    (PRENOMS, "COMMUNE_NOM", "TRIFOUILLY LES OIES", None),  # and never recased into a plausible but unknown name
    (PRENOMS, "ENFANT_PRENOM", "JEAN-PIERRE", "Jean-Pierre"),
    (PRENOMS, "COLL_INSEE", "1053", "01053"),
    (PRENOMS, "COLL_INSEE", "1053.0", "01053"),
    (PRENOMS, "COLL_INSEE", "9999", None),  # 09999 is no commune: no zero added
    (SUB, "dateConvention", "07/11/2017 00:00", "2017-11-07"),
    (SUB, "montant", "€ 1 234", "1234"),
    (SUB, "datesPeriodeVersement", "2017-11-07_2019-01-21", "2017-11-07/2019-01-21"),
    (SUB, "datesPeriodeVersement", "2017/09/08_2021/09/07", "2017-09-08/2021-09-07"),
    (SUB, "idBeneficiaire", "225800010", None),  # a SIREN: never padded
])
def test_more_safe_fixes_and_refusals(schema, field, raw, expected):
    fixed = fix_value(raw, schema.field(field), frozenset())
    assert (fixed[0] if fixed else None) == expected
