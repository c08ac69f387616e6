"""`validate` says what plain checks cannot: a SIREN in a SIRET field, a column damaged by a number cell."""

from __future__ import annotations

import csv
import json

from tests.test_cli import run

FIELDS = ["nomAttribuant", "idAttribuant", "dateConvention", "nomBeneficiaire", "idBeneficiaire", "objet", "montant"]


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        writer.writerows(rows)
    return path


def test_a_siren_in_a_siret_field_has_its_own_message(tmp_path):
    path = _write(tmp_path / "aides.csv", [
        ["Commune de Lafrançaise", "21820088500018", "2024-03-01", "Amicale bouliste", "443061841", "Concours", "300"],
    ])
    result = run("validate", path, "--schema", "scdl/subventions", "--json")
    errors = json.loads(result.stdout)["errors"]
    (siren,) = [e for e in errors if e["field"] == "idBeneficiaire"]
    assert "SIREN" in siren["message"] and result.returncode == 1


def test_a_column_rounded_by_a_number_cell_is_never_valid(tmp_path):
    rows = [["Commune de Lafrançaise", f"2182008850{i:02d}00", "2024-03-01", f"Club {i}", "", "Aide", "100"]
            for i in range(12)]
    path = _write(tmp_path / "aides.csv", rows)
    result = run("validate", path, "--schema", "scdl/subventions", "--json")
    errors = [e for e in json.loads(result.stdout)["errors"] if e["field"] == "idAttribuant"]
    assert len(errors) == 12  # every value, even those whose key happens to pass
