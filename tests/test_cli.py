"""The command line as coordinators and acceptance checks use it (shared/cli-contract.md)."""

import json
import subprocess
import sys

import pytest

from opendata_desktop import __version__


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "opendata_desktop", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, timeout=120)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


@pytest.mark.parametrize("name", ["subventions_2024.xlsx", "deliberations_2024.csv", "equipements.ods",
                                  "prenoms_naissances.csv", "budget_ca_2023.csv"])
def test_inspect_json_matches_truth(messy, name):
    truth = json.loads((messy / name).with_suffix(".truth.json").read_text(encoding="utf-8"))
    result = run("inspect", messy / name, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"format", "encoding", "delimiter", "sheets", "sheet", "header_row", "columns", "n_rows",
                         "hidden_columns", "warnings", "continuation_lines"}
    assert data["format"] == name.rsplit(".", 1)[1]
    assert (data["sheet"], data["header_row"], data["n_rows"]) == (truth["sheet"], truth["header_row"], truth["n_rows"])
    assert data["columns"] == list(truth["mapping"])
    if data["format"] == "csv":
        assert data["encoding"] and data["delimiter"] and data["sheets"] == []
    else:
        assert data["encoding"] is None and data["delimiter"] is None and truth["sheet"] in data["sheets"]


def test_validate_valid_and_invalid_official_examples(scdl_dir):
    ok = run("validate", scdl_dir / "scdl.subventions" / "exemple_valide.csv", "--schema", "scdl/subventions", "--json")
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert data["valid"] is True and data["badge"] == "valide" and data["errors"] == []
    bad = run("validate", scdl_dir / "scdl.subventions" / "exemple_invalide_erreurs_cellules.csv",
              "--schema", "scdl/subventions", "--json")
    assert bad.returncode == 1
    data = json.loads(bad.stdout)
    assert data["valid"] is False and data["badge"] == "invalide"
    assert data["stats"]["errors"] == len(data["errors"]) > 0
    first = data["errors"][0]
    assert set(first) == {"row_number", "cell", "field", "code", "message"}
    assert any(e["cell"] == "I6" and e["code"] == "type-error" and e["field"] == "montant" for e in data["errors"])


def test_validate_with_mapping_file(tmp_path, messy):
    truth = json.loads((messy / "deliberations_2024.truth.json").read_text(encoding="utf-8"))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(truth["mapping"]), encoding="utf-8")
    result = run("validate", messy / "deliberations_2024.csv", "--schema", "scdl/deliberations",
                 "--mapping", mapping, "--json")
    data = json.loads(result.stdout)
    # French dates are still to be fixed: type errors located in column D of the person's file.
    assert result.returncode == 1
    assert any(e["field"] == "DELIB_DATE" and e["cell"] == "D2" for e in data["errors"])


def test_not_a_spreadsheet_is_a_french_message_and_exit_3(tmp_path):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    result = run("inspect", path, "--json")
    assert result.returncode == 3
    assert "image PNG" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(result.stdout)["error"]["title"] == "Fichier illisible"
    missing = run("inspect", tmp_path / "absent.csv")
    assert missing.returncode == 3 and "introuvable" in missing.stderr and "Traceback" not in missing.stderr


def test_usage_errors_exit_2_in_french(messy):
    result = run("validate", messy / "deliberations_2024.csv")
    assert result.returncode == 2 and "obligatoires manquants" in result.stderr
    unknown = run("validate", messy / "deliberations_2024.csv", "--schema", "scdl/inconnu")
    assert unknown.returncode == 2 and "n'est pas disponible" in unknown.stderr


def test_schemas_lists_bundled_schemas():
    result = run("schemas", "--json")
    names = {s["name"] for s in json.loads(result.stdout)}
    assert {"scdl/subventions", "scdl/deliberations"} <= names


def test_map_suggests_exact_matches(scdl_dir):
    result = run("map", scdl_dir / "scdl.subventions" / "exemple_valide.csv", "--schema", "scdl/subventions", "--json")
    data = json.loads(result.stdout)
    assert data["mapping"]["montant"] == "montant" and data["missing_required"] == []


def test_scan_pii_contract(messy):
    result = run("scan-pii", messy / "subventions_2024.xlsx", "--json")
    data = json.loads(result.stdout)
    assert result.returncode == 1  # personal data found
    beneficiary = data["columns"]["Bénéficiaire"]
    assert beneficiary["personal"] is True and beneficiary["entity"] == "PERSON" and beneficiary["rows"]
    assert data["columns"]["Collectivité"] == {"personal": False, "entity": None}
    assert "Paul" not in result.stderr
