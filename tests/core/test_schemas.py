"""Bundled schemas must say exactly what the published standard says (fields, types, constraints)."""

import json

import pytest

from opendata_desktop.core.schemas import default_catalogue

COMPARED_KEYS = ("name", "type", "format", "constraints", "trueValues", "falseValues")


def _official(scdl_dir, name):
    folder = scdl_dir / name.replace("/", ".")
    return json.loads(sorted(folder.glob("schema*.json"))[0].read_text(encoding="utf-8"))


def _catalogue_versions(scdl_dir, name):
    catalogue = json.loads((scdl_dir / "_catalogue" / "schemas.json").read_text(encoding="utf-8"))
    return [v["version_name"] for e in catalogue["schemas"] if e["name"] == name for v in e["versions"]]


@pytest.mark.parametrize("entry", default_catalogue().entries(), ids=lambda e: e.name)
def test_bundled_schema_matches_official(scdl_dir, entry):
    official = _official(scdl_dir, entry.name)
    ours = default_catalogue().get(entry.name, entry.version).raw
    # The version inside a schema file often lags: the catalogue's version_name is the reference.
    assert entry.version in _catalogue_versions(scdl_dir, entry.name)
    strip = lambda f: {k: f.get(k) for k in COMPARED_KEYS if k in f and not (k == "format" and f[k] == "default")}
    assert [strip(f) for f in ours["fields"]] == [strip(f) for f in official["fields"]]
    assert ours.get("custom_checks", []) == official.get("custom_checks", [])
    assert ours.get("missingValues", [""]) == official.get("missingValues", [""])
    assert ours.get("primaryKey") == official.get("primaryKey")


def test_every_field_has_a_french_title_and_description():
    for entry in default_catalogue().entries():
        schema = default_catalogue().get(entry.name)
        for f in schema.fields:
            assert f.title and f.description, (entry.name, f.name)


def test_unknown_schema_is_a_usage_error():
    from opendata_desktop.core.errors import UsageError

    with pytest.raises(UsageError) as info:
        default_catalogue().get("scdl/inexistant")
    assert "disponible" in info.value.message
