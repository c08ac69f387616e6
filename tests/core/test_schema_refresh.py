"""schemas --refresh against a catalogue served on loopback; offline stays usable."""

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from opendata_desktop.core.errors import PlatformError, UsageError
from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.core.schemas.refresh import refresh


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def catalogue_server(tmp_path, scdl_dir, monkeypatch):
    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))
    site = tmp_path / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    arbres = json.loads((scdl_dir / "NaturalSolutions.schema-arbre" / "schema.json").read_text(encoding="utf-8"))
    subventions = json.loads((scdl_dir / "scdl.subventions" / "schema.json").read_text(encoding="utf-8"))
    for path, data in [("NaturalSolutions/schema-arbre/0.2.0/schema.json", arbres),
                       ("scdl/subventions/2.1.1/schema.json", subventions),
                       ("scdl/subventions/2.2.0/schema.json", {"fields": "cassé"})]:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(json.dumps(data), encoding="utf-8")
    catalogue = {"schemas": [
        {"name": "NaturalSolutions/schema-arbre", "title": "Arbres urbains", "schema_type": "tableschema",
         "versions": [{"version_name": "0.2.0", "schema_url": f"{base}/NaturalSolutions/schema-arbre/0.2.0/schema.json"}]},
        {"name": "scdl/subventions", "title": "Subventions", "schema_type": "tableschema", "versions": [
            {"version_name": "2.1.1", "schema_url": f"{base}/scdl/subventions/2.1.1/schema.json"},
            {"version_name": "2.2.0", "schema_url": f"{base}/scdl/subventions/2.2.0/schema.json"}]},
        {"name": "etalab/schema-bal", "title": "BAL", "schema_type": "other", "versions": []},
    ]}
    (site / "schemas.json").write_text(json.dumps(catalogue), encoding="utf-8")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"{base}/schemas.json"
    server.shutdown()


def test_refresh_caches_new_schemas_and_skips_broken_versions(catalogue_server):
    with pytest.raises(UsageError):
        default_catalogue().get("NaturalSolutions/schema-arbre")  # not bundled
    result = refresh(catalogue_server)
    assert result.schemas == 2 and result.failed == ["scdl/subventions 2.2.0"]
    assert "NaturalSolutions/schema-arbre 0.2.0" in result.added
    arbres = default_catalogue().get("NaturalSolutions/schema-arbre")
    assert arbres.version == "0.2.0" and arbres.primary_key == ("id",)
    assert default_catalogue().get("scdl/subventions@2.1.1").version == "2.1.1"  # a pinned version
    again = refresh(catalogue_server)
    assert again.added == []  # nothing fetched twice


def test_offline_refresh_says_so_and_keeps_what_is_there(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))
    with pytest.raises(PlatformError) as info:
        refresh("http://127.0.0.1:9/schemas.json")
    assert "Pas de connexion" in info.value.message and info.value.exit_code == 4
    assert default_catalogue().get("scdl/subventions").name == "scdl/subventions"
