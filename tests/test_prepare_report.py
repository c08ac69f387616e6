"""`prepare --report`: every changed cell is listed (row, field, before, after, rule) and the list matches the
written file exactly; rows not written are not reported; `--set` and `--fill-empty` fill a field."""

import csv
import json
import subprocess
import sys

import pytest

from opendata_desktop.core.reading import open_table

FIXTURES = ["subventions_2024.xlsx", "deliberations_2024.csv", "equipements.ods", "prenoms_naissances.csv",
            "budget_ca_2023.csv"]


def prepare(source, schema, tmp_path, *extra):
    out, report = tmp_path / "out.csv", tmp_path / "rapport.json"
    result = subprocess.run([sys.executable, "-m", "opendata_desktop", "prepare", str(source), "--schema", schema,
                             "-o", str(out), "--report", str(report), *map(str, extra)],
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    return result, out, report


def read_output(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_report_matches_file(source, out, data):
    """Each written cell is the source's value, unless the report lists its change (and then exactly it)."""
    table = open_table(source)
    by_row = dict(zip((int(n) for n in table.row_numbers), table.data.to_dict("records")))
    rows = read_output(out)
    assert len(rows) == len(data["written_rows"])
    changes = {(c["row"], c["field"]): c for c in data["changes"]}
    column_of = {f: c for c, f in data["mapping"].items() if f}
    seen = set()
    for written, row_number in zip(rows, data["written_rows"]):
        source_row = by_row[row_number]
        for field, value in written.items():
            column = column_of.get(field)
            before = str(source_row[column]) if column in source_row else ""
            change = changes.get((row_number, field))
            if change is None:
                assert value == before, (row_number, field, before, value)
            else:
                seen.add((row_number, field))
                assert (change["before"], change["after"]) == (before, value) and change["rule"]
    assert seen == set(changes)  # no change reported for a cell that was not written
    written = set(data["written_rows"])
    assert all(e["row_number"] is None or e["row_number"] in written for e in data["errors"])


@pytest.mark.parametrize("name", FIXTURES)
def test_the_report_lists_exactly_the_changed_cells(messy, tmp_path, name):
    truth = json.loads((messy / name).with_suffix(".truth.json").read_text(encoding="utf-8"))
    result, out, report = prepare(messy / name, truth["schema"], tmp_path)
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["changes"]
    assert_report_matches_file(messy / name, out, data)


def _write_csv(path, header, rows, delimiter=";"):
    with open(path, "w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


HEADER = ["Sexe de l'enfant", "Prénom", "Nb", "Année de naissance", "Remarque interne", "Code commune"]


def _births(tmp_path):
    rows = [["Garçon", "Louis", "3", "2023", "", "1053"], ["fille", "Jade", "2", "2023", "", "1053"],
            ["", "", "", "", "", ""], ["", "", "", "", "à revoir", ""],  # blank, then only an unpublished note
            ["F", "Emma", "1", "2023", "", ""], ["masculin", "Gabriel", "4", "2023", "", "1053"],
            ["", "", "", "", "", ""], ["", "", "", "", "", ""]]
    path = tmp_path / "naissances.csv"
    _write_csv(path, HEADER, rows)
    mapping = {"Sexe de l'enfant": "ENFANT_SEXE", "Prénom": "ENFANT_PRENOM", "Nb": "NOMBRE_OCCURRENCES",
               "Année de naissance": "ANNEE", "Remarque interne": None, "Code commune": "COLL_INSEE"}
    (tmp_path / "map.json").write_text(json.dumps(mapping), encoding="utf-8")
    return path


def test_rows_not_written_are_not_reported(tmp_path):
    source = _births(tmp_path)
    result, out, report = prepare(source, "scdl/prenoms", tmp_path, "--mapping", tmp_path / "map.json")
    data = json.loads(report.read_text(encoding="utf-8"))
    rows = read_output(out)
    assert [r["ENFANT_SEXE"] for r in rows] == ["M", "F", "F", "M"]
    assert [r["COLL_INSEE"] for r in rows] == ["01053", "01053", "", "01053"]  # one lost zero, checked in the COG
    assert not any(e["code"] == "blank-row" for e in data["errors"])
    assert [d["row"] for d in data["dropped_rows"]] == [5]  # only a note in a column that is not published
    assert_report_matches_file(source, out, data)
    rules = {(c["field"], c["rule"]) for c in data["changes"]}
    assert ("ENFANT_SEXE", "enum") in rules and ("COLL_INSEE", "identifier") in rules


def test_set_and_fill_empty(tmp_path):
    source = _births(tmp_path)
    result, out, report = prepare(source, "scdl/prenoms", tmp_path, "--mapping", tmp_path / "map.json",
                                  "--fill-empty", "COLL_INSEE=01053", "--set", "COMMUNE_NOM=Bourg-en-Bresse",
                                  "--set", "ANNEE=2024")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    rows = read_output(out)
    assert {r["COLL_INSEE"] for r in rows} == {"01053"}
    assert {r["COMMUNE_NOM"] for r in rows} == {"Bourg-en-Bresse"} and {r["ANNEE"] for r in rows} == {"2024"}
    rules = {c["field"]: c["rule"] for c in data["changes"] if c["field"] in ("COLL_INSEE", "ANNEE", "COMMUNE_NOM")}
    assert rules["ANNEE"] == "set" and rules["COMMUNE_NOM"] == "set" and "fill" in {
        c["rule"] for c in data["changes"] if c["field"] == "COLL_INSEE"}
    assert data["valid"]


@pytest.mark.parametrize("spec", ["CHAMP_INCONNU=1", "sans-egal"])
def test_set_refuses_what_it_cannot_do(tmp_path, spec):
    source = _births(tmp_path)
    result, out, report = prepare(source, "scdl/prenoms", tmp_path, "--set", spec)
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.strip()
