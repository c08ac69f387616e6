"""Validata's own test cases, run through `validate FILE --schema SCHEMA.json --json` as a user would.

Source: the validata-table code vendored in github.com/datagouv/validata.etalab.studio, folder
`validata-table-main/src/tests/tests_validata_core/` (commits 2f1be94 and 5ddb8bc):
`custom_checks/test_*.py`, `test_core.py`, `test_task_errors.py`. Each case below names its test
function. Schemas and rows are transcribed; Validata's `None` cell is an empty CSV cell.

What is compared: the verdict (`valid`) always; the error codes wherever the Validata test asserts
them. Two spellings differ on purpose:
- Validata's `missing-required-header` is `missing-label` here (the Frictionless name the command-line
  contract fixes); it is blocking in both.
- Validata's structure warnings (`missing-header-warn`, `extra-header-warn`) are `missing-label` /
  `extra-label` entries of `warnings`, which do not make the file invalid, as in Validata.

Not transcribed: the mock checks of `custom_checks/test_utils.py` (they test Validata's class
hierarchy, not a declared check), `test_ignore_case` (this program matches headers whatever their
case, Validata's `header_case=False`), and file-reading tests (encoding, xlsx), covered by the reading tests.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json

import pytest

from opendata_desktop.commands import validate as validate_command

SOURCE = "datagouv/validata.etalab.studio:validata-table-main/src/tests/tests_validata_core/"
TS = "https://frictionlessdata.io/schemas/table-schema.json"


def _schema(fields, checks=(), **extra):
    return {"$schema": TS, "fields": fields, "custom_checks": list(checks), **extra}


def _f(name, type_="string", required=False, title=None, **more):
    field = {"name": name, "title": title or name, "type": type_, **more}
    if required:
        field["constraints"] = {"required": True}
    return field


def _check(name, **params):
    return {"name": name, "params": params}


# -- schemas of the Validata test modules -------------------------------------------------------
COHESIVE = _schema([_f("id", "number"), _f("col1"), _f("col2")],
                   [_check("cohesive-columns-value", column="col1", othercolumns=["col2"])])
COHESIVE_REQ = copy.deepcopy(COHESIVE)
COHESIVE_REQ["fields"][1]["constraints"] = {"required": True}

COMPARE = _schema([_f("depenses", "number"), _f("recettes", "number")],
                  [_check("compare-columns-value", column="depenses", op="<=", column2="recettes")])
COMPARE_NONE = copy.deepcopy(COMPARE)
COMPARE_NONE["fields"].append(_f("A", required=True))
COMPARE_REQ = copy.deepcopy(COMPARE)
COMPARE_REQ["fields"][0]["constraints"] = {"required": True}

GPS = _schema([_f("coordonneesXY", "geopoint")], [_check("french-gps-coordinates", column="coordonneesXY")])
GPS_ARRAY = _schema([_f("coordonneesXY", "geopoint", format="array")],
                    [_check("french-gps-coordinates", column="coordonneesXY")])
GPS_NONE = _schema([_f("A", required=True), _f("coordonneesXY", "geopoint")],
                   [_check("french-gps-coordinates", column="coordonneesXY")])
GPS_REQ = _schema([_f("A", required=True), _f("coordonneesXY", "geopoint", required=True)],
                  [_check("french-gps-coordinates", column="coordonneesXY")])

SIREN_HEADER = _schema([_f("siren", required=True), _f("B", required=True), _f("C")],
                       [_check("french-siren-value", column="siren")])
SIREN = _schema([_f("id", "number"), _f("siren")], [_check("french-siren-value", column="siren")])
SIREN_REQ = _schema([_f("id", "number"), _f("siren", required=True)], [_check("french-siren-value", column="siren")])

SIRET = _schema([_f("id", "number"), _f("numero_siret")], [_check("french-siret-value", column="numero_siret")])
SIRET_REQ = _schema([_f("id", "number"), _f("numero_siret", required=True)],
                    [_check("french-siret-value", column="numero_siret")])

ACTES = _schema([_f("acte")], [_check("nomenclature-actes-value", column="acte")])
ACTES_NONE = _schema([_f("A", required=True), _f("acte")], [_check("nomenclature-actes-value", column="acte")])
ACTES_REQ = _schema([_f("A", required=True), _f("acte", required=True)],
                    [_check("nomenclature-actes-value", column="acte")])

ONE_OF = _schema([_f("id", "number"), _f("A"), _f("B")], [_check("one-of-required", column1="A", column2="B")])

HOURS = _schema([_f("horaires_ouverture")], [_check("opening-hours-value", column="horaires_ouverture")])
HOURS_NONE = _schema([_f("A", required=True), _f("horaires_ouverture")],
                     [_check("opening-hours-value", column="horaires_ouverture")])
HOURS_REQ = _schema([_f("A", required=True), _f("horaires_ouverture", required=True)],
                    [_check("opening-hours-value", column="horaires_ouverture")])

PHONE = _schema([_f("telephone")], [_check("phone-number-value", column="telephone")])
PHONE_NONE = _schema([_f("A", required=True), _f("telephone")], [_check("phone-number-value", column="telephone")])
PHONE_REQ = _schema([_f("A", required=True), _f("telephone", required=True)],
                    [_check("phone-number-value", column="telephone")])

SUM_PARTS = ["chauffage", "salaires", "fraisdebouche"]
SUM = _schema([_f("charges", "number"), _f("chauffage", "number"), _f("salaires", "number"),
               _f("fraisdebouche", "number")], [_check("sum-columns-value", column="charges", columns=SUM_PARTS)])
SUM_REQ = copy.deepcopy(SUM)
SUM_REQ["fields"][1]["constraints"] = {"required": True}
SUM_HEAD = ["charges", "chauffage", "salaires", "fraisdebouche"]

YEARS = _schema([_f("projet"), _f("annee")], [_check("year-interval-value", column="annee")])
YEARS_ONLY = _schema([_f("projet"), _f("annee")],
                     [_check("year-interval-value", column="annee", **{"allow-year-only": "true"})])
YEARS_REQ = _schema([_f("projet"), _f("annee", required=True)], [_check("year-interval-value", column="annee")])

ABC = _schema([_f("A", required=True), _f("B"), _f("C")])
ABC_PLAIN = {"fields": [{"name": "A", "constraints": {"required": True}}, {"name": "B"}, {"name": "C"}]}

ORPHAN = _schema([_f("siren", required=True)], [_check("french-siren-value", column="siren")])
UNKNOWN = _schema([_f("siren")], [_check("foo-siren-value", column="sirene")])
UNKNOWN_TWO = _schema([_f("siren")], [_check("foo-siren-value", column="sirene"),
                                       _check("unknown2", column="siren")])
PK_PRESENT = {"$schema": TS, "fields": [{"name": "a"}], "primaryKey": ["a"]}

V, X = True, False  # expected verdicts
CHECK_ERROR, MISSING, CONSTRAINT = "check-error", "missing-label", "constraint-error"

# (Validata test function, schema, rows (header first), valid?, codes asserted by Validata or None)
CASES = [
    # custom_checks/test_cohesive_columns_value.py
    ("test_cohesive_columns_values_1", COHESIVE, [["id", "col1", "col2"], [1, None, None]], V, []),
    ("test_cohesive_columns_values_2", COHESIVE, [["id", "col1", "col2"], [1, "foo", "bar"]], V, []),
    ("test_cohesive_columns_values_3", COHESIVE, [["id"], [1]], V, []),
    ("test_cohesive_columns_values_4", COHESIVE, [["id", "col1", "col2"], [1, "foo", None]], X,
     ["cohesive-columns-value"]),
    ("test_cohesive_columns_values_5", COHESIVE, [["id", "col1", "col2"], [1, None, "bar"]], X,
     ["cohesive-columns-value"]),
    ("test_cohesive_columns_values_required", COHESIVE_REQ, [["id", "col1", "col2"], [1, None, "bar"]], X,
     [CONSTRAINT, "cohesive-columns-value"]),
    ("test_cohesive_columns_values_required_missing_columns1", COHESIVE_REQ, [["id", "col1"], [1, "foo"]], X,
     [CHECK_ERROR]),
    ("test_cohesive_columns_values_required_missing_columns2", COHESIVE_REQ, [["id", "col2"], [1, "bar"]], X,
     [MISSING, CHECK_ERROR]),
    # Its comment says « custom check is ignored » but it keeps col2 and asserts only « not valid »:
    # the assertion is what is transcribed.
    ("test_cohesive_columns_values_required_missing_columns3", COHESIVE_REQ, [["id", "col2"], [1, "bar"]], X, None),
    # custom_checks/test_compare_columns_value.py
    ("test_compare_columns_value_1", COMPARE, [["depenses", "recettes"], [12000, 15000]], V, []),
    ("test_compare_columns_value_2", COMPARE, [["depenses", "recettes"], [12000, 12000]], V, []),
    ("test_compare_columns_value_3", COMPARE, [["depenses", "recettes"], [12000, 6000]], X,
     ["compare-columns-value"]),
    ("test_do_not_apply_compare_columns_value_on_missing_values_on_optional_field1 a", COMPARE,
     [["depenses", "recettes"], [12000, None]], V, []),
    ("test_do_not_apply_compare_columns_value_on_missing_values_on_optional_field1 b", COMPARE,
     [["depenses", "recettes"], [None, 6000]], V, []),
    ("test_do_not_apply_compare_columns_value_on_missing_values_on_optional_field2", COMPARE_NONE,
     [["A", "depenses", "recettes"], ["a", None, None]], V, []),
    ("test_apply_compare_columns_value_on_missing_values_on_required_field", COMPARE_REQ,
     [["depenses", "recettes"], [None, 6000]], X, [CONSTRAINT]),
    ("test_compare_columns_value_validate_start1 a", COMPARE, [["A", "recettes"], [7000, 6000]], X, [CHECK_ERROR]),
    ("test_compare_columns_value_validate_start1 b", COMPARE, [["A", "recettes"], [5000, 6000]], X, [CHECK_ERROR]),
    ("test_compare_columns_value_validate_start1 c", COMPARE, [["depenses", "B"], [7000, 6000]], X, [CHECK_ERROR]),
    ("test_compare_columns_value_validate_start1 d", COMPARE, [["depenses", "B"], [5000, 6000]], X, [CHECK_ERROR]),
    ("test_compare_columns_value_validate_start2", COMPARE, [["A"], [7000]], V, []),
    # custom_checks/test_french_gps_coordinates.py
    ("test_reversed_coordinates", GPS, [["coordonneesXY"], ["48.85837, 2.294481"]], X,
     ["reversed-french-gps-coordinates"]),
    ("test_non_french_coordinates", GPS, [["coordonneesXY"], ["48.85837, 52.0"]], X, ["french-gps-coordinates"]),
    ("test_french_coordinates", GPS, [["coordonneesXY"], ["2.294481, 48.85837"]], V, []),
    ("test_french_coordinates_as_array", GPS_ARRAY, [["coordonneesXY"], ["[2.294481, 48.85837]"]], V, []),
    ("test_do_not_apply_french_gps_coordindates_on_missing_values_on_optional_field", GPS_NONE,
     [["A", "coordonneesXY"], ["a", "2.294481, 48.85837"], ["a", None]], V, []),
    ("test_french_gps_coordindates_on_missing_values_when_required_field", GPS_REQ,
     [["A", "coordonneesXY"], ["a", "2.294481, 48.85837"], ["a", None]], X, [CONSTRAINT]),
    # custom_checks/test_french_siren_value.py
    ("test_missing_required_header_and_custom_check", SIREN_HEADER, [["siren", "C"], ["226500015", "c"]], X,
     [MISSING]),
    ("test_valid_custom_check_siren", SIREN, [["id", "siren"], [1, "529173189"]], V, []),
    ("test_invalid_custom_check_siren", SIREN, [["id", "siren"], [1, "529173188"]], X, ["french-siren-value"]),
    ("test_do_not_apply_french_siren_value_on_missing_values_on_optional_field", SIREN,
     [["id", "siren"], [1, None]], V, []),
    ("test_do_not_apply_french_siren_value_on_missing_column_on_optional_field", SIREN, [["id"], [1]], V, []),
    ("test_french_siren_value_on_missing_values_on_required_field", SIREN_REQ, [["id", "siren"], [1, None]], X,
     [CONSTRAINT]),
    ("test_french_siren_value_with_missing_column", SIREN_REQ, [["id"], [1]], X, [MISSING]),
    # custom_checks/test_french_siret_value.py
    ("test_valid_custom_check_siret", SIRET, [["id", "numero_siret"], [1, "83014132100026"]], V, []),
    ("test_invalid_custom_check_siret", SIRET, [["id", "numero_siret"], [1, "529173188"]], X,
     ["french-siret-value"]),
    ("test_do_not_apply_french_siret_value_on_missing_values_on_optional_field", SIRET,
     [["id", "numero_siret"], [1, None]], V, []),
    ("test_french_siret_value_on_missing_values_on_required_field", SIRET_REQ, [["id", "numero_siret"], [1, None]],
     X, [CONSTRAINT]),
    # custom_checks/test_nomenclature_actes_value.py
    ("test_valid_nomenclature_actes_value", ACTES, [["acte"], ["Fonction publique/foobar"]], V, []),
    ("test_valid_nomenclature_actes_value_multi_case", ACTES, [["acte"], ["fOnCtIOn pubLIQUE/foobar"]], V, []),
    ("test_invalid_nomenclature_actes_value_1", ACTES, [["acte"], ["foobar"]], X, ["nomenclature-actes-value"]),
    ("test_invalid_nomenclature_actes_value_2", ACTES, [["acte"], ["Baz/foobar"]], X, ["nomenclature-actes-value"]),
    ("test_invalid_nomenclature_actes_value_spaces_around", ACTES, [["acte"], ["Fonction publique / truc"]], X,
     ["nomenclature-actes-value"]),
    ("test_invalid_nomenclature_actes_value_space_after", ACTES, [["acte"], ["Fonction publique/ truc"]], X,
     ["nomenclature-actes-value"]),
    ("test_do_not_apply_nomenclature_actes_value_on_missing_values_on_optional_field", ACTES_NONE,
     [["A", "acte"], ["a", None]], V, []),
    ("test_apply_nomenclature_actes_value_on_missing_values_on_required_field", ACTES_REQ,
     [["A", "acte"], ["a", None]], X, [CONSTRAINT]),
    # custom_checks/test_one_of_required.py
    ("test_one_of_required_valid a", ONE_OF, [["id", "A"], [1, "a"]], V, []),
    ("test_one_of_required_valid b", ONE_OF, [["id", "B"], [1, "b"]], V, []),
    ("test_one_of_required_valid c", ONE_OF, [["id", "A", "B"], [1, "a", "b"]], V, []),
    ("test_one_of_required_valid d", ONE_OF, [["id", "A", "B"], [1, "a", None]], V, []),
    ("test_one_of_required_valid e", ONE_OF, [["id", "A", "B"], [1, None, "b"]], V, []),
    ("test_one_of_required_invalid_row a", ONE_OF, [["id", "A"], [1, None]], X, ["one-of-required"]),
    ("test_one_of_required_invalid_row b", ONE_OF, [["id", "B"], [1, None]], X, ["one-of-required"]),
    ("test_one_of_required_invalid_row c", ONE_OF, [["id", "A", "B"], [1, None, None]], X, ["one-of-required"]),
    ("test_one_of_required_missing_columns", ONE_OF, [["id"], [1]], X, ["one-of-required"]),
    # custom_checks/test_opening_hours_value.py
    ("test_valid_opening_hours_24_7", HOURS, [["horaires_ouverture"], ["24/7"]], V, []),
    ("test_valid_opening_hours_Monday_to_Friday", HOURS, [["horaires_ouverture"], ["Mo-Fr"]], V, []),
    ("test_invalid_opening_hours", HOURS, [["horaires_ouverture"], ["Lu-Ve"]], X, ["opening-hours-value"]),
    ("test_do_not_apply_opening_hours_value_on_missing_values_on_optional_field", HOURS_NONE,
     [["A", "horaires_ouverture"], ["a", None]], V, []),
    ("test_apply_opening_hours_value_on_missing_values_on_required_field", HOURS_REQ,
     [["A", "horaires_ouverture"], ["a", None]], X, [CONSTRAINT]),
    # custom_checks/test_phone_number_value.py
    ("test_valid_10digits_french_phone_number", PHONE, [["telephone"], ["02 61 91 13 45"]], V, []),
    ("test_valid_10digits_french_phone_number_without_spaces", PHONE, [["telephone"], ["0261911345"]], V, []),
    ("test_valid_10digits_french_phone_number_with_extra_spaces", PHONE, [["telephone"], ["  026  191  13  45  "]],
     V, []),
    ("test_valid_international_phone_number", PHONE, [["telephone"], ["+33 2 61 91 13 45"]], V, []),
    ("test_valid_french_short_phone_number", PHONE, [["telephone"], ["115"]], V, []),
    ("test_invalid_legacy_french_phone_number", PHONE, [["telephone"], ["619 13 45"]], X, None),
    ("test_do_not_apply_french_phone_number_on_missing_values_on_optional_field", PHONE_NONE,
     [["A", "telephone"], ["a", None]], V, []),
    ("test_apply_french_phone_number_on_missing_values_on_required_field", PHONE_REQ,
     [["A", "telephone"], ["a", None]], X, [CONSTRAINT]),
    # custom_checks/test_sum_columns_value.py
    ("test_valid_custom_sum_columns_value_1", SUM, [SUM_HEAD, [12000, 600, 4000, 7400]], V, []),
    ("test_valid_custom_sum_columns_value_2", SUM, [SUM_HEAD, [12000, 600, None, 7400]], V, []),
    ("test_valid_custom_sum_columns_value_3", SUM, [SUM_HEAD, [None, 600, 4000, 7400]], V, []),
    ("test_valid_custom_sum_columns_value_4", SUM, [SUM_HEAD, [1100, 600, 4000, 7400]], X, ["sum-columns-value"]),
    *[(f"test_do_not_apply_sum_columns_value_on_missing_values_on_optional_field {i}", SUM, [SUM_HEAD, row], V, [])
      for i, row in enumerate([[None, 600, 4000, 7400], [12000, None, 4000, 7400], [12000, 600, None, 7400],
                               [12000, 600, 4000, None], [12000, None, None, 7400], [12000, None, None, None]])],
    ("test_apply_sum_columns_value_on_missing_values_on_required_field a", SUM_REQ,
     [SUM_HEAD, [12000, None, 4000, 7400]], X, [CONSTRAINT]),
    ("test_apply_sum_columns_value_on_missing_values_on_required_field b", SUM_REQ,
     [SUM_HEAD, [12000, 600, None, 7400]], V, []),
    ("test_apply_sum_columns_value_on_missing_values_on_required_field c", SUM_REQ,
     [SUM_HEAD, [12000, 600, 4000, None]], V, []),
    ("test_apply_sum_columns_value_on_missing_values_on_required_field d", SUM_REQ,
     [SUM_HEAD, [12000, None, None, 7400]], X, [CONSTRAINT]),
    ("test_apply_sum_columns_value_on_missing_values_on_required_field e", SUM_REQ,
     [SUM_HEAD, [12000, None, 4000, None]], X, [CONSTRAINT]),
    ("test_sum_columns_value_validate_start1 a", SUM, [["charg", "chauffage", "salaires", "fraisdebouche"],
                                                       [11000, 600, 4000, 7400]], X, [CHECK_ERROR]),
    ("test_sum_columns_value_validate_start1 b", SUM, [["charges", "chauf", "salaires", "fraisdebouche"],
                                                       [12000, 600, 4000, 7400]], X, [CHECK_ERROR]),
    ("test_sum_columns_value_validate_start1 c", SUM, [["charges", "chauffage", "salair", "fraisdebouche"],
                                                       [12000, 600, 4000, 7400]], X, [CHECK_ERROR]),
    ("test_sum_columns_value_validate_start1 d", SUM, [["charges", "chauffage", "salaires", "fraisde"],
                                                       [12000, 600, 4000, 7400]], X, [CHECK_ERROR]),
    ("test_sum_columns_value_validate_start2", SUM, [["A"], ["a"]], V, []),
    # custom_checks/test_year_interval_value.py
    ("test_valid_custom_check_year_interval_1", YEARS, [["projet", "annee"], ["Validata", "2018/2020"]], V, []),
    ("test_valid_custom_check_year_interval_2", YEARS_ONLY, [["projet", "annee"], ["Validata", "2018/2020"]], V, []),
    ("test_valid_custom_check_year_interval_3", YEARS_ONLY, [["projet", "annee"], ["Validata", "2020"]], V, []),
    ("test_invalid_custom_check_year_interval_1", YEARS, [["projet", "annee"], ["Validata", "foobar"]], X,
     ["year-interval-value"]),
    ("test_invalid_custom_check_year_interval_2", YEARS, [["projet", "annee"], ["Validata", "2017/2017"]], X,
     ["year-interval-value"]),
    ("test_invalid_custom_check_year_interval_3", YEARS, [["projet", "annee"], ["Validata", "2017/2016"]], X,
     ["year-interval-value"]),
    ("test_do_not_apply_year_internal_value_on_missing_values_on_optional_field", YEARS,
     [["projet", "annee"], ["Validata", None]], V, []),
    ("test_apply_year_internal_value_on_missing_values_on_required_field", YEARS_REQ,
     [["projet", "annee"], ["Validata", None]], X, [CONSTRAINT]),
    # test_core.py
    ("test_valid_delimiter", ABC, [["A", "B", "C"], ["a", "b", "c"]], V, []),
    ("test_empty_required_value", ABC, [["A", "B", "C"], ["", "b", "c"]], X, [CONSTRAINT]),
    ("test_missing_required_column", ABC, [["B", "C"], ["b", "c"]], X, [MISSING]),
    ("test_missing_column", ABC_PLAIN, [["A", "C"], ["a", "c"]], V, []),
    ("test_extra_column", ABC_PLAIN, [["A", "D", "B", "C"], ["a", "d", "b", "c"]], V, []),
    ("test_disordered_columns", ABC_PLAIN, [["C", "A", "B"], ["c", "a", "b"]], V, []),
    # test_task_errors.py
    ("test_schema_with_orphan_custom_checks", ORPHAN, [["sirene"], ["529173189"]], X, [MISSING]),
    ("test_schema_with_unknown_custom_checks", UNKNOWN, [["siren"], ["529173189"]], X, [CHECK_ERROR]),
    ("test_schema_with_unknown_custom_checks (two)", UNKNOWN_TWO, [["siren"], ["529173189"]], X,
     [CHECK_ERROR, CHECK_ERROR]),
    ("test_primary_key_schema_2", PK_PRESENT, [["b"], ["foo"]], X, ["schema-error"]),
]


def _write(tmp_path, schema: dict, rows: list[list]) -> tuple:
    schema_path = tmp_path / "schema.json"
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    data_path = tmp_path / "donnees.csv"
    with data_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        for row in rows:
            writer.writerow(["" if v is None else str(v) for v in row])
    return data_path, schema_path


def validate_cli(capsys, tmp_path, schema, rows) -> tuple[int, dict]:
    """`validate FILE --schema SCHEMA.json --json`: the command module the CLI dispatches to (the
    end-to-end CLI run is in test_local_schema.py)."""
    data_path, schema_path = _write(tmp_path, schema, rows)
    parser = argparse.ArgumentParser()
    validate_command.add_arguments(parser)
    args = parser.parse_args([str(data_path), "--schema", str(schema_path), "--delimiter", ";"])
    payload, code, _ = validate_command.run(args)
    return code, json.loads(json.dumps(payload))


@pytest.mark.parametrize("name, schema, rows, valid, codes", CASES, ids=[c[0] for c in CASES])
def test_validata_case(capsys, tmp_path, name, schema, rows, valid, codes):
    code, report = validate_cli(capsys, tmp_path, schema, rows)
    assert report["valid"] is valid, (SOURCE, name, report["errors"])
    assert code == (0 if valid else 1)
    if codes is not None:
        assert sorted(e["code"] for e in report["errors"]) == sorted(codes), (SOURCE, name, report["errors"])


def test_the_transcription_is_complete():
    """About a hundred cases, every named custom check present at least once (a list that cannot shrink
    unnoticed)."""
    assert len(CASES) >= 100
    declared = {check["name"] for _, schema, *_ in CASES for check in schema.get("custom_checks", [])}
    assert {"french-siret-value", "french-siren-value", "one-of-required", "cohesive-columns-value",
            "compare-columns-value", "sum-columns-value", "year-interval-value", "opening-hours-value",
            "phone-number-value", "french-gps-coordinates", "nomenclature-actes-value", "foo-siren-value"} <= declared


def test_structure_warnings_say_which_column(capsys, tmp_path):
    """test_core.test_missing_column / test_extra_column: one warning each, the file stays valid."""
    code, report = validate_cli(capsys, tmp_path, ABC_PLAIN, [["A", "D", "C"], ["a", "d", "c"]])
    assert code == 0 and report["valid"] and report["badge"] == "partiellement valide"
    assert sorted((w["code"], w["field"]) for w in report["warnings"]) == [("extra-label", "D"),
                                                                           ("missing-label", "B")]


def test_check_error_names_the_check_and_the_column(capsys, tmp_path):
    _, report = validate_cli(capsys, tmp_path, COMPARE, [["A", "recettes"], [7000, 6000]])
    [error] = report["errors"]
    assert "compare-columns-value" in error["message"] and "depenses" in error["message"]
    _, report = validate_cli(capsys, tmp_path, UNKNOWN, [["siren"], ["529173189"]])
    [error] = report["errors"]
    assert "foo-siren-value" in error["message"] and "inconnu" in error["message"]


def test_file_without_any_schema_column_lists_missing_and_extra_columns(capsys, tmp_path):
    """Issue 18: such a file used to report only « blank-row » at row 2."""
    schema = _schema([_f("code_insee", required=True), _f("libelle"), _f("effectif", "integer")])
    code, report = validate_cli(capsys, tmp_path, schema, [["Remarque", "Couleur"], ["rien à signaler", "bleu"]])
    assert code == 1 and not report["valid"]
    assert [(e["code"], e["field"]) for e in report["errors"]] == [("missing-label", "code_insee")]
    assert sorted((w["code"], w["field"]) for w in report["warnings"]) == [
        ("extra-label", "Couleur"), ("extra-label", "Remarque"), ("missing-label", "effectif"),
        ("missing-label", "libelle")]


@pytest.mark.parametrize("check", [
    _check("compare-columns-value", column="depenses", op="=>", column2="recettes"),
    _check("sum-columns-value", column="depenses"),
    _check("one-of-required", column1="depenses"),
    _check("french-siren-value", colonne="depenses"),
])
def test_a_check_with_broken_parameters_is_a_check_error(capsys, tmp_path, check):
    """Validata's validate_start refuses a multi-column check without its columns (check-error); the
    same is done for every check whose parameters cannot be used."""
    schema = _schema([_f("depenses", "number"), _f("recettes", "number")], [check])
    code, report = validate_cli(capsys, tmp_path, schema, [["depenses", "recettes"], [1, 2]])
    assert code == 1 and [e["code"] for e in report["errors"]] == ["check-error"]
    assert check["name"] in report["errors"][0]["message"]
