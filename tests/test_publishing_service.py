"""Publishing end to end on the real udata server: checks, dry run, parts, diagnostics, journal, outbox."""

import json
import os
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from opendata_desktop.core.errors import DataProblemError, PlatformError
from opendata_desktop.core.publishing import journal
from opendata_desktop.core.publishing.service import publish_checked, request_for
from opendata_desktop.core.publishing.udata import UdataPublisher
from opendata_desktop.core.schemas import default_catalogue

pytestmark = pytest.mark.udata
SCHEMA = default_catalogue().get("scdl/subventions")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _prepared(tmp_path, scdl_dir, name="20240105_732829320_subventions.csv"):
    path = tmp_path / name
    path.write_bytes((scdl_dir / "scdl.subventions" / "exemple_valide.csv").read_bytes())
    return path


def _count(server):
    return len(server.api("GET", "/me/datasets/").json())


def test_dry_run_changes_nothing_then_the_same_publication_updates_the_same_dataset(udata_server, tmp_path,
                                                                                   scdl_dir, home):
    path = _prepared(tmp_path, scdl_dir)
    publisher = UdataPublisher(udata_server.url, udata_server.token)
    before = _count(udata_server)
    plan = publish_checked(publisher, request_for(path, SCHEMA), udata_server.url, SCHEMA, dry_run=True)
    assert plan.actions[0].startswith("Création du jeu de données") and _count(udata_server) == before
    first = publish_checked(publisher, request_for(path, SCHEMA), udata_server.url, SCHEMA)
    # Next month: a new file (new date in its name) for the same publication.
    again = _prepared(tmp_path, scdl_dir, "20240206_732829320_subventions.csv")
    plan = publish_checked(publisher, request_for(again, SCHEMA), udata_server.url, SCHEMA, dry_run=True)
    assert plan.dataset_id == first.dataset_id and plan.resource_id == first.resource_id
    assert any("Remplacement du fichier" in a for a in plan.actions)
    second = publish_checked(publisher, request_for(again, SCHEMA), udata_server.url, SCHEMA)
    assert second.dataset_id == first.dataset_id and second.replaced and _count(udata_server) == before + 1
    events = [e["event"] for e in journal.entries()]
    assert events.count("published") == 2 and all(e["by"] is not None for e in journal.entries())


def test_invalid_file_is_refused_before_any_request(udata_server, tmp_path, scdl_dir, home):
    path = tmp_path / "invalide.csv"
    path.write_bytes((scdl_dir / "scdl.subventions" / "exemple_invalide_erreurs_cellules.csv").read_bytes())
    before = _count(udata_server)
    with pytest.raises(DataProblemError) as info:
        publish_checked(UdataPublisher(udata_server.url, udata_server.token), request_for(path, SCHEMA),
                        udata_server.url, SCHEMA)
    assert "erreur(s) de validation" in info.value.message and _count(udata_server) == before


def test_big_files_go_in_parts(udata_server, tmp_path, scdl_dir, home):
    path = _prepared(tmp_path, scdl_dir, "20240301_732829320_subventions.csv")
    publisher = UdataPublisher(udata_server.url, udata_server.token, chunk_threshold=1000, chunk_size=700)
    steps = []
    result = publisher.publish(request_for(path, SCHEMA), lambda pct, msg: steps.append(msg))
    assert any("partie 2 sur" in s for s in steps)
    dataset = udata_server.api("GET", f"/datasets/{result.dataset_id}/").json()
    (resource,) = dataset["resources"]
    assert requests.get(resource["url"], timeout=30).content == path.read_bytes()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_connection_test_tells_apart_what_is_wrong(udata_server, tmp_path):
    site = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=site.serve_forever, daemon=True).start()
    not_udata = f"http://127.0.0.1:{site.server_address[1]}"
    cases = {
        "adresse": UdataPublisher(not_udata, udata_server.token),
        "clé": UdataPublisher(udata_server.url, "udata_mauvaise"),
        "arrêt": UdataPublisher("http://127.0.0.1:9", udata_server.token),
    }
    messages = {}
    for name, publisher in cases.items():
        publisher._sleep = lambda seconds: None
        with pytest.raises(PlatformError) as info:
            publisher.check_connection()
        messages[name] = info.value.message
    with pytest.raises(PlatformError) as info:
        UdataPublisher(udata_server.url, udata_server.token).check_connection(organization="organisation-inconnue")
    messages["droits"] = info.value.message
    site.shutdown()
    assert "ne répond pas comme une plateforme udata" in messages["adresse"]
    assert "clé d'API" in messages["clé"]
    assert "ne répond pas" in messages["arrêt"]
    assert "droits sur l'organisation" in messages["droits"]
    assert len(set(messages.values())) == 4


class _FailingOnce(requests.Session):
    """The network drops during the first upload, as on a mairie's ADSL line."""

    failed = False

    def request(self, method, url, *args, **kwargs):
        if "upload" in url and not _FailingOnce.failed:
            _FailingOnce.failed = True
            raise requests.ConnectionError("connexion coupée pendant l'envoi")
        return super().request(method, url, *args, **kwargs)


def test_interrupted_upload_restarts_into_the_same_dataset(udata_server, tmp_path, scdl_dir, home):
    path = _prepared(tmp_path, scdl_dir, "20240401_732829320_subventions-envoi-coupe.csv")  # its own dataset
    request = request_for(path, SCHEMA, title="Subventions (envoi interrompu)")
    broken = UdataPublisher(udata_server.url, udata_server.token, session=_FailingOnce())
    with pytest.raises(PlatformError):
        publish_checked(broken, request, udata_server.url, SCHEMA)
    before = _count(udata_server)
    retry = publish_checked(UdataPublisher(udata_server.url, udata_server.token),
                            request_for(path, SCHEMA, title="Subventions (envoi interrompu)"), udata_server.url, SCHEMA)
    assert _count(udata_server) == before  # no second dataset
    dataset = udata_server.api("GET", f"/datasets/{retry.dataset_id}/").json()
    assert len(dataset["resources"]) == 1


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "opendata_desktop", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=300, env=env)


def test_publish_command_contract_and_outbox(udata_server, tmp_path, scdl_dir):
    env = {**os.environ, "OPENDATA_DESKTOP_HOME": str(tmp_path / "cli-home"),
           "OPENDATA_DESKTOP_API_KEY": udata_server.token}
    path = _prepared(tmp_path, scdl_dir, "20240501_732829320_subventions-cli.csv")  # its own dataset
    result = run("publish", path, "--platform", "udata", "--url", udata_server.url, "--schema", "scdl/subventions",
                 "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"dataset_id", "resource_id", "url", "replaced"} <= set(data) and data["replaced"] is False
    assert udata_server.token not in result.stdout + result.stderr
    bad = tmp_path / "invalide.csv"
    bad.write_bytes((scdl_dir / "scdl.subventions" / "exemple_invalide_erreurs_cellules.csv").read_bytes())
    refused = run("publish", bad, "--platform", "udata", "--url", udata_server.url, "--schema", "scdl/subventions",
                  env=env)
    assert refused.returncode == 1 and "refusée" in refused.stderr
    offline = run("publish", path, "--platform", "udata", "--url", "http://127.0.0.1:9", "--schema",
                  "scdl/subventions", env=env)
    assert offline.returncode == 4 and "ne répond pas" in offline.stderr
    queued = run("publish", path, "--platform", "udata", "--url", "http://127.0.0.1:9", "--schema",
                 "scdl/subventions", "--queue-if-offline", "--json", env=env)
    assert queued.returncode == 0 and json.loads(queued.stdout)["queued"] is True
    listing = json.loads(run("outbox", "--json", env=env).stdout)
    assert len(listing["pending"]) == 1
    still = run("outbox", "--send", "--json", env=env)
    assert still.returncode == 4 and len(json.loads(still.stdout)["waiting"]) == 1
    no_key = {k: v for k, v in env.items() if k != "OPENDATA_DESKTOP_API_KEY"}
    missing = run("publish", path, "--platform", "udata", "--url", udata_server.url, env=no_key)
    assert missing.returncode == 2 and "clé d'API" in missing.stderr


class _Proxy:
    """In front of the real udata server: forwards everything, except uploads, which it cuts off
    mid-body (a server or a line going down) or refuses with 413 (a size-capped reverse proxy)."""

    def __init__(self, upstream: str, mode: str):
        from http.server import BaseHTTPRequestHandler

        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                if "/upload/" in self.path and self.command == "POST":
                    if proxy.mode == "kill":
                        self.rfile.read(min(length, 100))
                        self.connection.shutdown(2)  # gone mid-upload, no answer
                        return
                    self.rfile.read(length)
                    body = b'{"message": "Request Entity Too Large"}'
                    self.send_response(413)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = requests.request(self.command, upstream + self.path, data=body, headers=headers, timeout=30)
                self.send_response(answer.status_code)
                self.send_header("Content-Type", answer.headers.get("Content-Type", "application/json"))
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

        self.mode = mode
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def test_server_gone_mid_upload_then_a_clean_restart(udata_server, tmp_path, scdl_dir, home):
    proxy = _Proxy(udata_server.url, "kill")
    path = _prepared(tmp_path, scdl_dir, "20240601_732829320_subventions.csv")
    title = "Subventions (serveur coupé)"
    with pytest.raises(PlatformError) as info:
        publish_checked(UdataPublisher(proxy.url, udata_server.token), request_for(path, SCHEMA, title=title),
                        proxy.url, SCHEMA)
    assert "ne répond pas" in info.value.message and "publié" not in info.value.message
    proxy.server.shutdown()
    before = _count(udata_server)
    # Same platform address as recorded: the journal knows the dataset created before the cut.
    again = publish_checked(UdataPublisher(udata_server.url, udata_server.token),
                            request_for(path, SCHEMA, title=title, dataset_id=journal.known_dataset(
                                journal.publication_key(path.name, SCHEMA.name, proxy.url))), udata_server.url, SCHEMA)
    assert _count(udata_server) == before
    assert len(udata_server.api("GET", f"/datasets/{again.dataset_id}/").json()["resources"]) == 1


def test_upload_too_large_for_the_reverse_proxy(udata_server, tmp_path, scdl_dir, home):
    proxy = _Proxy(udata_server.url, "413")
    path = _prepared(tmp_path, scdl_dir, "20240701_732829320_subventions.csv")
    with pytest.raises(PlatformError) as info:
        UdataPublisher(proxy.url, udata_server.token).publish(request_for(path, SCHEMA))
    proxy.server.shutdown()
    assert "trop volumineux" in info.value.message
