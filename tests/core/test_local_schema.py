"""`--schema FILE.json|.yaml`: a Table Schema written by a coordinator, checked (frictionless) before use."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from opendata_desktop.commands.common import load_schema
from opendata_desktop.core.errors import EXIT_UNREADABLE, EXIT_USAGE, UnreadableFileError, UsageError
from opendata_desktop.core.schemas import check_descriptor, load_local_schema

DEPARTMENT = {
    "name": "bornes-compost",
    "title": "Composteurs partagés du département",
    "version": "0.3.0",
    "fields": [
        {"name": "identifiant", "type": "string", "constraints": {"required": True, "pattern": r"CP-\d{4}"}},
        {"name": "commune_siret", "type": "string", "constraints": {"required": True}},
        {"name": "volume_litres", "type": "integer", "constraints": {"minimum": 100}},
        {"name": "mise_en_service", "type": "date"},
        {"name": "referent_tel", "type": "string"},
    ],
    "primaryKey": ["identifiant"],
    "custom_checks": [{"name": "french-siret-value", "params": {"column": "commune_siret"}},
                      {"name": "phone-number-value", "params": {"column": "referent_tel"}}],
}
ROWS = ("identifiant,commune_siret,volume_litres,mise_en_service,referent_tel\n"
        "CP-0001,21820037300015,400,2023-05-02,05 63 93 28 66\n"
        "CP-0002,21820037300017,50,02/05/2023,12\n")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "opendata_desktop", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


@pytest.fixture
def files(tmp_path):
    schema = tmp_path / "composteurs.schema.json"
    schema.write_text(json.dumps(DEPARTMENT, ensure_ascii=False), encoding="utf-8")
    data = tmp_path / "composteurs.csv"
    data.write_text(ROWS, encoding="utf-8")
    return schema, data


def test_local_schema_is_loaded_with_its_fields_checks_and_key(files):
    schema = load_local_schema(files[0])
    assert schema.field_names[:2] == ["identifiant", "commune_siret"] and schema.primary_key == ("identifiant",)
    assert schema.name == "local/bornes-compost" and schema.version == "0.3.0"
    assert schema.is_local and schema.source_path == str(files[0].resolve())  # what a project remembers
    assert load_schema(str(files[0])).field_names == schema.field_names  # what every command calls


def test_validate_command_with_a_local_schema_file(files):
    schema, data = files
    result = _cli("validate", data, "--schema", schema, "--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    found = {(e["row_number"], e["field"], e["code"]) for e in report["errors"]}
    assert found == {(3, "commune_siret", "french-siret-value"), (3, "volume_litres", "constraint-error"),
                     (3, "mise_en_service", "type-error"), (3, "referent_tel", "phone-number-value")}


def test_yaml_schema_file(tmp_path, files):
    yaml = pytest.importorskip("yaml")
    path = tmp_path / "composteurs.yaml"
    path.write_text(yaml.safe_dump(DEPARTMENT, allow_unicode=True), encoding="utf-8")
    assert load_local_schema(path).field_names == load_local_schema(files[0]).field_names


@pytest.mark.parametrize("broken, expected", [
    ({"fields": [{"name": "a", "type": "entier"}]}, "« entier » n'existe pas"),
    ({"fields": [{"type": "string"}]}, "nom technique"),
    ({"fields": [{"name": "a"}, {"name": "a"}]}, "même nom"),
    ({"fields": [{"name": "a"}], "primaryKey": ["b"]}, "clé primaire"),
    ({"fields": [{"name": "a", "constraints": {"pattern": "(["}}]}, "expression régulière"),
    ({"title": "sans champs"}, "« fields »"),
    ([1, 2], "pas un schéma"),
])
def test_a_wrong_descriptor_is_refused_in_french(tmp_path, broken, expected):
    path = tmp_path / "brouillon.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_local_schema(path)
    assert expected in caught.value.message and caught.value.exit_code == EXIT_USAGE


def test_tolerated_departures_are_remarks_not_errors():
    check = check_descriptor({"name": "Attributs des arbres", "fields": [
        {"name": "d", "type": "date", "constraints": {"pattern": r"\d{4}"}}]})
    assert check.ok and len(check.remarks) == 2


def test_exit_codes_for_bad_files(tmp_path, files):
    data = files[1]
    not_json = tmp_path / "pas_json.json"
    not_json.write_text("{\"fields\": [", encoding="utf-8")
    result = _cli("validate", data, "--schema", not_json)
    assert result.returncode == EXIT_USAGE and "JSON valide" in result.stderr and "Traceback" not in result.stderr
    result = _cli("validate", data, "--schema", tmp_path / "absent.json")
    assert result.returncode == EXIT_UNREADABLE and "introuvable" in result.stderr
    latin = tmp_path / "latin.json"
    latin.write_bytes(json.dumps({"fields": [{"name": "é"}]}, ensure_ascii=False).encode("latin-1"))
    with pytest.raises(UnreadableFileError):
        load_local_schema(latin)
    wrong_type = tmp_path / "faux.json"
    wrong_type.write_text(json.dumps({"fields": [{"name": "x", "type": "texte"}]}), encoding="utf-8")
    result = _cli("validate", data, "--schema", wrong_type)
    assert result.returncode == EXIT_USAGE and "« texte » n'existe pas" in result.stderr


class _Response:
    def __init__(self, data):
        self.ok, self.status_code, self._data = True, 200, data

    def json(self):
        return self._data


class _Session:
    def __init__(self, pages):
        self.pages = pages

    def get(self, url, timeout=None):
        return _Response(self.pages[url])


def test_refresh_checks_a_downloaded_descriptor_before_caching_it(tmp_path, monkeypatch):
    from opendata_desktop.core.schemas import default_catalogue
    from opendata_desktop.core.schemas.refresh import refresh

    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))
    good = dict(DEPARTMENT)
    bad = {**DEPARTMENT, "fields": [{"name": "identifiant", "type": "chaine"}]}
    pages = {"cat": {"schemas": [{"name": "dep82/composteurs", "title": "Composteurs", "schema_type": "tableschema",
                                  "versions": [{"version_name": "0.3.0", "schema_url": "v3"},
                                               {"version_name": "0.4.0", "schema_url": "v4"}]}]},
             "v3": good, "v4": bad}
    result = refresh("cat", session=_Session(pages))
    assert result.added == ["dep82/composteurs 0.3.0"] and result.failed == ["dep82/composteurs 0.4.0"]
    assert any("« chaine » n'existe pas" in p for p in result.reasons["dep82/composteurs 0.4.0"])
    assert default_catalogue().versions("dep82/composteurs") == ["0.3.0"]


def test_map_and_prepare_accept_the_local_schema_file(tmp_path, files):
    schema, data = files
    mapped = _cli("map", data, "--schema", schema, "--json")
    assert mapped.returncode == 0, mapped.stderr
    assert json.loads(mapped.stdout)["mapping"]["volume_litres"] == "volume_litres"
    out = tmp_path / "sortie.csv"
    prepared = _cli("prepare", data, "--schema", schema, "-o", out)
    assert prepared.returncode in (0, 1), prepared.stderr
    assert out.read_text(encoding="utf-8").splitlines()[0].split(",")[:3] == ["identifiant", "commune_siret",
                                                                              "volume_litres"]
