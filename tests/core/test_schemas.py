"""Bundled schemas must say exactly what the published standard says (fields, types, constraints)."""

import json

import pytest

from opendata_desktop.core.schemas import default_catalogue

COMPARED_KEYS = ("name", "type", "format", "constraints", "trueValues", "falseValues")


def _official(scdl_dir, name):
    return json.loads((scdl_dir / name.replace("/", ".") / "schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", default_catalogue().entries(), ids=lambda e: e.name)
def test_bundled_schema_matches_official(scdl_dir, entry):
    official = _official(scdl_dir, entry.name)
    ours = default_catalogue().get(entry.name, entry.version).raw
    assert official["version"].lstrip("v") == entry.version
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
