"""Validata's French checks, offline, on real identifiers."""

import pandas as pd
import pytest
from stdnum import luhn

from opendata_desktop.core.schemas import Schema, default_catalogue
from opendata_desktop.core.validation import validate_frame
from opendata_desktop.core.validation.custom_checks import is_valid_siren, is_valid_siret

DELIB = default_catalogue().get("scdl/deliberations")


def _la_poste_siret() -> str:
    """A La Poste establishment number: valid by digit sum, invalid by Luhn (python-stdnum #291)."""
    for n in range(1, 100000):
        candidate = f"356000000{n:05d}"
        if sum(map(int, candidate)) % 5 == 0 and not luhn.is_valid(candidate):
            return candidate
    raise AssertionError


def test_siret_and_siren_with_real_numbers():
    assert is_valid_siret("73282932000074")  # python-stdnum's reference example
    assert is_valid_siren("732829320")
    assert is_valid_siret("21820682914177") == luhn.is_valid("21820682914177")
    assert not is_valid_siret("73282932000075")  # one digit off: wrong key
    assert not is_valid_siret("7328293200007")  # 13 digits
    assert not is_valid_siret("732 829 320 00074")
    assert not is_valid_siret("7.32829320000740E+13")
    la_poste = _la_poste_siret()
    assert is_valid_siret(la_poste) and not luhn.is_valid(la_poste)
    assert not is_valid_siret("35600000000002")  # La Poste's SIREN but neither rule holds


def _delib(**columns) -> pd.DataFrame:
    base = {f.name: [""] * len(next(iter(columns.values()))) for f in DELIB.fields}
    base.update(columns)
    return pd.DataFrame(base, dtype=object)


def _codes(frame, schema=DELIB):
    return {(e.row_number, e.field, e.code) for e in validate_frame(frame, schema).errors
            if e.code not in ("constraint-error", "type-error")}


def test_siret_check_on_a_column_with_la_poste_and_a_broken_number():
    frame = _delib(COLL_SIRET=["73282932000074", _la_poste_siret(), "73282932000075", ""])
    assert {(r, c) for r, f, c in _codes(frame) if f == "COLL_SIRET"} == {(4, "french-siret-value")}


def test_actes_nomenclature_messages():
    frame = _delib(DELIB_MATIERE_NOM=["Finances locales/Décisions budgétaires", "finances locales/decisions",
                                      "Finances locales / Décisions", "Marchés publics", "Voirie/Travaux"])
    report = validate_frame(frame, DELIB)
    errors = {e.row_number: e.message for e in report.errors if e.code == "nomenclature-actes-value"}
    assert set(errors) == {4, 5, 6}
    assert "espaces" in errors[4] and "il manque « / »" in errors[5] and "« Voirie »" in errors[6]


def test_year_interval_cohesive_compare_and_sum():
    frame = _delib(
        BUDGET_ANNEE=["2024", "2023/2024", "2024/2023", "2024", ""],
        BUDGET_NOM=["Budget principal", "Budget annexe", "Budget annexe", "", ""],
        DELIB_DATE=["2024-01-15"] * 5,
        PREF_DATE=["2024-01-20", "2024-01-10", "", "2024-01-15", "2024-01-16"],
        VOTE_EFFECTIF=["19", "19", "19", "19", ""],
        VOTE_REEL=["18", "20", "18", "18", ""],
        VOTE_POUR=["15", "15", "10", "18", ""],
        VOTE_CONTRE=["2", "5", "2", "0", "1"],
        VOTE_ABSTENTION=["1", "0", "2", "0", ""],
    )
    found = _codes(frame)
    assert (4, "BUDGET_ANNEE", "year-interval-value") in found  # 2024/2023
    assert (5, "BUDGET_ANNEE", "cohesive-columns-value") in found  # year without budget name
    assert (6, "VOTE_EFFECTIF", "cohesive-columns-value") in found  # only VOTE_CONTRE filled
    assert (3, "PREF_DATE", "compare-columns-value") in found  # sent before adoption
    assert (3, "VOTE_EFFECTIF", "compare-columns-value") in found  # 19 >= 20 fails
    assert (4, "VOTE_REEL", "sum-columns-value") in found  # 10 + 2 + 2 != 18
    assert not {f for r, f, c in found if r == 2}  # the first row is right everywhere


def test_one_of_required_three_cases():
    schema = default_catalogue().get("scdl/subventions")
    both = pd.DataFrame({"idBeneficiaire": ["73282932000074", "", ""], "rnaBeneficiaire": ["", "W123456789", ""],
                         "objet": ["a", "b", "c"]})
    assert {(e.row_number, e.code) for e in validate_frame(both, schema).errors if e.code == "one-of-required"} \
        == {(4, "one-of-required")}
    one = pd.DataFrame({"rnaBeneficiaire": ["W123456789", ""], "objet": ["a", "b"]})
    assert [e.row_number for e in validate_frame(one, schema).errors if e.code == "one-of-required"] == [3]
    none = pd.DataFrame({"objet": ["x"]})
    (table_level,) = [e for e in validate_frame(none, schema).errors if e.code == "one-of-required"]
    assert table_level.row_number is None


def _schema(field: dict, check: str) -> Schema:
    return Schema.from_descriptor({"fields": [field], "custom_checks": [{"name": check, "params": {"column": field["name"]}}]},
                                  "test/schema", "1.0.0")


@pytest.mark.parametrize("check,field,good,bad", [
    ("opening-hours-value", {"name": "horaires"}, ["Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00", "24/7"],
     ["Lu-Ve 9h-12h", "tous les jours"]),
    ("phone-number-value", {"name": "tel"}, ["05 63 12 34 56", "+33 5 63 12 34 56", "115", "3949"],
     ["05 63 12", "numéro", "+33 1234"]),
    ("french-siren-value", {"name": "siren"}, ["732829320", "218206829"], ["732829321", "73282932"]),
])
def test_single_column_checks(check, field, good, bad):
    schema = _schema(field, check)
    frame = pd.DataFrame({field["name"]: good + bad + [""]})
    rows = {e.row_number for e in validate_frame(frame, schema).errors if e.code == check}
    assert rows == set(range(2 + len(good), 2 + len(good) + len(bad)))


def test_french_gps_coordinates_and_reversed_ones():
    schema = _schema({"name": "coordonnees", "type": "geopoint"}, "french-gps-coordinates")
    frame = pd.DataFrame({"coordonnees": ["1.3522,44.0175", "44.0175,1.3522", "-73.98,40.75", "55.45,-20.88"]})
    found = {(e.row_number, e.code) for e in validate_frame(frame, schema).errors}
    assert found == {(3, "reversed-french-gps-coordinates"), (4, "french-gps-coordinates")}


@pytest.mark.parametrize("chunk", [65536, 11])  # 11: many numpy slices, joined back in order
def test_vectorised_siret_check_agrees_with_python_stdnum(chunk, monkeypatch):
    import random

    from stdnum.fr import siret

    from opendata_desktop.core.validation import vector
    from opendata_desktop.core.validation.custom_checks import siren_verdicts, siret_verdicts

    monkeypatch.setattr(vector, "CHUNK", chunk)

    rng = random.Random(5)
    values = ["".join(str(rng.randint(0, 9)) for _ in range(14)) for _ in range(3000)]
    values += ["73282932000074", _la_poste_siret(), "abc", "١٢٣٤٥٦٧٨٩٠١٢٣٤", "7328293200007", ""]
    expected = [siret.is_valid(v) or is_valid_siret(v) for v in values]
    assert siret_verdicts(values).tolist() == [is_valid_siret(v) for v in values]
    assert sum(expected) > 250  # about one random number in ten has a valid key
    sirens = [v[:9] for v in values] + ["732829320", "73282932", "7328293200"]
    assert siren_verdicts(sirens).tolist() == [is_valid_siren(v) for v in sirens]


def test_whole_column_compare_and_sum_agree_with_decimal_row_by_row():
    """compare-columns-value and sum-columns-value work on whole columns (exact integers on a common
    decimal scale, date ordinals); they must give what Decimal/date comparison gives row by row."""
    import datetime as dt
    import random
    from decimal import Decimal, InvalidOperation

    rng = random.Random(5)
    schema = Schema.from_descriptor({
        "fields": [{"name": "budget", "type": "number"}, {"name": "fonct", "type": "number"},
                   {"name": "invest", "type": "number"}, {"name": "debut", "type": "date"},
                   {"name": "fin", "type": "date"}, {"name": "places", "type": "integer"},
                   {"name": "inscrits", "type": "integer"}],
        "custom_checks": [
            {"name": "sum-columns-value", "params": {"column": "budget", "columns": ["fonct", "invest"]}},
            {"name": "compare-columns-value", "params": {"column": "fin", "op": ">=", "column2": "debut"}},
            {"name": "compare-columns-value", "params": {"column": "inscrits", "op": "<=", "column2": "places"}},
            {"name": "compare-columns-value", "params": {"column": "fonct", "op": "<", "column2": "budget"}}]},
        "essai/budgets", "1")
    amounts = ["0.1", "0.2", "0.3", "0.30", "1e1", "10", "2.5", "-1", "", "abc", "1.000000001", "7"]
    days = ["2024-01-31", "2024-02-01", "2023-12-31", "", "31/01/2024"]
    n = 3000
    frame = pd.DataFrame({
        "budget": [rng.choice(amounts) for _ in range(n)], "fonct": [rng.choice(amounts) for _ in range(n)],
        "invest": [rng.choice(amounts) for _ in range(n)], "debut": [rng.choice(days) for _ in range(n)],
        "fin": [rng.choice(days) for _ in range(n)],
        "places": [rng.choice(["10", "3", "", "x", "+4"]) for _ in range(n)],
        "inscrits": [rng.choice(["10", "4", "", "2.0", "011"]) for _ in range(n)]}, dtype=object)

    def number(text):
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        return value if text and value.is_finite() else None

    def integer(text):
        try:
            return int(text)
        except ValueError:
            return None

    def day(text):
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 and text[4] == "-" else None
        except ValueError:
            return None

    expected = set()
    for r in range(n):
        b, f, i = (number(frame.at[r, c]) for c in ("budget", "fonct", "invest"))
        if None not in (b, f, i) and b != f + i:
            expected.add((r, "budget", "sum-columns-value"))
        start, end = day(frame.at[r, "debut"]), day(frame.at[r, "fin"])
        if start and end and not end >= start:
            expected.add((r, "fin", "compare-columns-value"))
        places, inscrits = integer(frame.at[r, "places"]), integer(frame.at[r, "inscrits"])
        if places is not None and inscrits is not None and not inscrits <= places:
            expected.add((r, "inscrits", "compare-columns-value"))
        if f is not None and b is not None and not f < b:
            expected.add((r, "fonct", "compare-columns-value"))
    report = validate_frame(frame, schema)
    found = {(e.row_index, e.field, e.code) for e in report.errors
             if e.code in ("sum-columns-value", "compare-columns-value")}
    assert found == expected and len(expected) > 500
