"""French formats on values written the ways offices write them (dates, periods, amounts, yes/no, ACTES,
communes), through core.formats' public functions."""

import datetime as dt

import pytest

from opendata_desktop.core.formats import (parse_boolean, parse_date, parse_number, parse_period, shorten_at_word,
                                           to_iso_date)
from opendata_desktop.core.formats.dates import format_period
from opendata_desktop.core.formats import nomenclatures as nom

D = dt.date


@pytest.mark.parametrize("text,expected", [
    ("2017-11-07_2019-01-21", "2017-11-07/2019-01-21"),
    ("2017/09/08_2021/09/07", "2017-09-08/2021-09-07"),
    ("du 01/02/2024 au 30/06/2024", "2024-02-01/2024-06-30"),
    ("Du 1/2/2024 au 30/6/2024", "2024-02-01/2024-06-30"),
    ("01/02/2024 - 30/06/2024", "2024-02-01/2024-06-30"),
    ("01.02.2024 – 30.06.2024", "2024-02-01/2024-06-30"),
    ("du 01/05 au 31/12/2024", "2024-05-01/2024-12-31"),
    ("du 1er mars 2023 au 15 juin 2023", "2023-03-01/2023-06-15"),
    ("de 03/2023 à 06/2023", None),  # months only: not a date range the schema can hold
    ("2024-03-01/2024-12-31", "2024-03-01/2024-12-31"),
    ("15/06/2024", "2024-06-15"),
    ("2019-01-21_2017-11-07", None),  # ends before it starts: a typo, not a period
    ("28/11/2017\n08/12/2017", None),  # two payments, not a period
    ("28/11/2017 et 08/12/2017", None),
    ("22/11/2017 Solde en 2018", None),
    ("NC", None), ("", None),
])
def test_periods_in_office_forms(text, expected):
    value = parse_period(text)
    assert (format_period(value) if value is not None else None) == expected


@pytest.mark.parametrize("text,expected", [
    ("05/03/2024", D(2024, 3, 5)), ("5/3/24", D(2024, 3, 5)), ("2024/03/05", D(2024, 3, 5)),
    ("5 mars 2024", D(2024, 3, 5)), ("1er janv. 2024", D(2024, 1, 1)), ("45292", D(2024, 1, 1)),
    ("2024-03-05 00:00:00", D(2024, 3, 5)), ("31/02/2024", None), ("03/25/2024", None), ("mars", None),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_iso_date_in_the_fields_format():
    assert to_iso_date("05/03/2024") == "2024-03-05"
    assert to_iso_date("05/03/2024", "%d/%m/%Y") == "05/03/2024"


@pytest.mark.parametrize("text,expected", [
    ("1 234,50 €", "1234.50"), ("1.234,50", "1234.50"), ("1\u202f500", "1500"), ("97\u00a0000euros", "97000"),
    ("45 %", "0.45"), ("1,234.50", "1234.50"), ("-12,5", "-12.5"), ("environ 500", None), ("", None),
])
def test_amounts(text, expected):
    value = parse_number(text)
    assert (None if value is None else str(value)) == (None if expected is None else str(parse_number(expected)))


@pytest.mark.parametrize("text,expected", [("Oui", True), ("O", True), ("yes", True), ("VRAI", True), ("1", True),
                                           ("x", True), ("Non", False), ("n", False), ("faux", False),
                                           ("0", False), ("peut-être", None), ("", None)])
def test_booleans(text, expected):
    assert parse_boolean(text) is expected


def test_shortening_cuts_at_a_word_and_says_so():
    text = "Versement en trois fois : une avance de trente pour cent, puis le solde sur justificatifs"
    short = shorten_at_word(text, 40)
    assert len(short) <= 40 and short.endswith("…") and text.startswith(short[:-1])
    assert short[:-1].split()[-1] in text.split()  # whole words only
    assert shorten_at_word("court", 40) == "court"
    assert shorten_at_word("Anticonstitutionnellement", 5) is None


def test_actes_nomenclature():
    assert nom.actes_matter("7.1") == "Finances locales/Décisions budgétaires"
    assert nom.actes_matter("7,10") == "Finances locales/Divers"
    assert nom.actes_matter("3.2") == "Domaine et patrimoine/Aliénations"
    assert nom.actes_matter("7") is None and nom.actes_matter("12.1") is None
    assert nom.actes_code_of("Décisions budgétaires") == "7.1"
    assert nom.actes_code_of("FINANCES LOCALES/decisions budgetaires") == "7.1"
    assert nom.actes_code_of("Autres") is None
    assert nom.is_actes_matter("Urbanisme/Documents d'urbanisme")
    assert not nom.is_actes_matter("Documents d'urbanisme") and not nom.is_actes_matter("Urbanisme / Documents")


def test_communes_from_the_official_list():
    (bourg,) = nom.communes_named("Bourg-en-Bresse")
    assert bourg.code == "01053" and "01000" in bourg.postcodes and bourg.siren
    assert [c.code for c in nom.communes_named("ST ETIENNE")] == ["42218"]
    several = nom.communes_named("Saint-Martin")
    assert len(several) > 1  # homonyms: the caller must not pick one
    assert [c.code for c in nom.communes_named("Saint-Martin", department="32")] == ["32389"]
    assert nom.known_insee_code("2A004") and not nom.known_insee_code("20004")
    assert nom.known_postcode("75001") and not nom.known_postcode("99999")


def test_siret_problems_are_explained_by_kind():
    from opendata_desktop.core.formats import siret_problem
    from opendata_desktop.core.formats.identifiers import ANNUAIRE_URL

    assert siret_problem("73282932000074") is None
    assert "SIREN" in siret_problem("732829320") and ANNUAIRE_URL in siret_problem("732829320")
    assert "clé de contrôle" in siret_problem("73282932000075")
    assert "abîmés par le tableur" in siret_problem("2,18E+13")
    assert "14 chiffres" in siret_problem("1234")


def test_other_french_identifiers():
    from stdnum.fr import nir

    from opendata_desktop.core.formats import is_valid_insee_code, is_valid_nir, is_valid_postcode, is_valid_rna

    body = "1850775116012"
    assert is_valid_nir(body + nir.calc_check_digits(body)) and not is_valid_nir(body + "00")
    assert is_valid_rna("W751234567") and not is_valid_rna("751234567")
    assert is_valid_insee_code("2B033") and not is_valid_insee_code("20033")
    assert is_valid_postcode("20000") and not is_valid_postcode("00100")
