"""Guarantees shared by every platform: the key stays with its host, https, detection from the address,
known platforms as data, idempotent creation, nothing left public and empty, the outbox item by item."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import threading

import pytest

from opendata_desktop.core.errors import PlatformError, UsageError
from opendata_desktop.core.publishing.base import PublicationRequest
from opendata_desktop.core.publishing.ckan import CkanPublisher
from opendata_desktop.core.publishing.detect import detect_platform
from opendata_desktop.core.publishing.http import platform_address
from opendata_desktop.core.publishing.ods import OdsPublisher
from opendata_desktop.core.publishing.udata import UdataPublisher
from tests.fake_platforms import FakePlatform, HeaderRecorder, LostReplyProxy, OdsHandler


@pytest.fixture
def ods():
    fake = FakePlatform(OdsHandler)
    yield fake
    fake.stop()


def _plain_csv(tmp_path, name="20250501_218200861_equipements.csv", rows=("Gymnase,12", "Piscine,3")):
    path = tmp_path / name
    path.write_text("equipement,nombre\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _fast(publisher):
    publisher.client.sleep = lambda seconds: None
    return publisher


# -- the key goes only where it was given -------------------------------------------------------------
@pytest.mark.parametrize("make, header", [
    (lambda url: UdataPublisher(url, "cle-secrete-123"), "X-API-KEY"),
    (lambda url: OdsPublisher(url, "cle-secrete-123"), "Authorization"),
    (lambda url: CkanPublisher(url, "cle-secrete-123"), "Authorization"),
])
def test_a_redirect_to_another_port_never_gets_the_key(make, header):
    elsewhere = HeaderRecorder(200, body={"id": "x", "title": "ailleurs", "results": [], "success": True,
                                          "result": {"ckan_version": "2.12"}})
    redirector = HeaderRecorder(307, location=elsewhere.url)
    try:
        with pytest.raises(PlatformError) as info:
            _fast(make(redirector.url)).check_connection()
    finally:
        redirector.stop()
        elsewhere.stop()
    assert any("cle-secrete-123" in value for value in redirector.seen[0]["headers"].values())
    assert elsewhere.seen, "the redirect was followed without the key"
    assert all("cle-secrete-123" not in value for seen in elsewhere.seen for value in seen["headers"].values())
    assert "autre adresse" in info.value.message and "cle-secrete-123" not in info.value.message


def test_https_is_required_except_on_this_computer():
    with pytest.raises(UsageError) as info:
        platform_address("http://data.exemple-82.fr")
    assert "https://" in info.value.message and info.value.exit_code == 2
    assert platform_address("http://127.0.0.1:5000/") == "http://127.0.0.1:5000"
    assert platform_address("http://localhost:8080") == "http://localhost:8080"
    assert platform_address("data.exemple-82.fr") == "https://data.exemple-82.fr"
    with pytest.raises(UsageError):
        UdataPublisher("http://www.exemple.fr", "cle")


def test_https_on_a_plain_http_port_is_not_called_a_certificate_problem():
    plain = HeaderRecorder(200)
    try:
        with pytest.raises(PlatformError) as info:
            _fast(UdataPublisher(plain.url.replace("http://", "https://"), "cle")).check_connection()
    finally:
        plain.stop()
    assert "https" in info.value.message and "certificat" not in info.value.message.lower()


@pytest.mark.parametrize("make", [
    lambda url: UdataPublisher(url, "cle"), lambda url: OdsPublisher(url, "cle"), lambda url: CkanPublisher(url, "cle"),
])
def test_a_platform_that_never_answers_a_read_is_given_up_within_the_budget(make):
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # accepts the connection, never answers
    waits = []
    try:
        publisher = make(f"http://127.0.0.1:{silent.getsockname()[1]}")
        publisher.client.read_timeout, publisher.client.read_budget = (1, 0.2), 3.0
        publisher.client.sleep = waits.append
        with pytest.raises(PlatformError) as info:
            publisher.check_connection()
    finally:
        silent.close()
    assert "pas répondu à temps" in info.value.message and info.value.exit_code == 4
    assert sum(waits) <= 3.0  # the retries' waits stay inside the budget


# -- detection and known platforms -------------------------------------------------------------------
def test_the_software_is_detected_from_the_address(ods):
    found = detect_platform(ods.url + "/")
    assert found.software == "ods" and found.url == ods.url
    assert all(c["auth"] is None for c in ods.requests)  # detection sends no key
    nothing = HeaderRecorder(404, body={"message": "Not found"})
    try:
        with pytest.raises(PlatformError) as info:
            detect_platform(nothing.url)
    finally:
        nothing.stop()
    assert "Aucune plateforme" in info.value.message


def test_known_platforms_ship_as_data_and_the_unconfirmed_one_says_so(tmp_path, monkeypatch):
    from opendata_desktop.core.publishing.profiles import add_profile, all_profiles, known_platforms, load_profile_file

    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))
    known = {p.name: p for p in known_platforms()}
    assert known["data.gouv.fr"].software == "udata" and known["data.gouv.fr"].url == "https://www.data.gouv.fr"
    assert {p.software for p in known.values() if "Occitanie" in p.name or "Haute-Garonne" in p.name} == \
        {"ods", "ckan"}
    tarn = known["Tarn-et-Garonne Open Data"]
    assert not tarn.confirmed and tarn.url == "" and "à confirmer" in tarn.label()
    assert all(p.url.startswith("https://") for p in known.values() if p.confirmed)
    # The coordinator's profile file takes the place of the unconfirmed entry.
    path = tmp_path / "profil-82.json"
    path.write_text(json.dumps({"name": "Tarn-et-Garonne Open Data", "software": "ods",
                                "url": "https://donnees.exemple-82.fr/", "organization": ""}), encoding="utf-8")
    add_profile(load_profile_file(path))
    names = [(p.name, p.confirmed) for p in all_profiles()]
    assert names.count(("Tarn-et-Garonne Open Data", True)) == 1
    assert ("Tarn-et-Garonne Open Data", False) not in names
    leaky = tmp_path / "avec-cle.json"
    leaky.write_text(json.dumps({"name": "x", "software": "udata", "url": "https://x.fr", "api_key": "s"}),
                     encoding="utf-8")
    with pytest.raises(UsageError):
        load_profile_file(leaky)


def test_the_request_builder_fills_coverage_and_identity_and_keeps_what_was_typed(tmp_path):
    from opendata_desktop.core.publishing.request import build_request

    path = tmp_path / "20250601_218200861_equipements.csv"
    path.write_text("equipement,Code INSEE commune\nGymnase,82086\nStade,82086\n", encoding="utf-8")
    request = build_request(path, None, title="  Équipements sportifs  ")
    assert request.spatial_zones == ["fr:commune:82086"] and request.title == "Équipements sportifs"
    assert request.identity == "218200861-equipements"
    mixed = tmp_path / "autre.csv"
    mixed.write_text("equipement,insee\nGymnase,82086\nStade,82121\n", encoding="utf-8")
    assert build_request(mixed, None).spatial_zones == []  # two communes: nothing guessed
    assert build_request(mixed, None, insee="82121").spatial_zones == ["fr:commune:82121"]
    later = build_request(tmp_path / "20250601_218200861_equipements.csv", None)
    assert later.identity == request.identity


# -- the command line ---------------------------------------------------------------------------------
def _cli(*args, env):
    return subprocess.run([sys.executable, "-m", "opendata_desktop", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=300, env=env)


def test_cli_publishes_without_platform_and_never_queues_a_refusal(ods, tmp_path, monkeypatch):
    from opendata_desktop.core.publishing import journal

    env = {**os.environ, "OPENDATA_DESKTOP_HOME": str(tmp_path / "home"), "OPENDATA_DESKTOP_API_KEY": "bonne-cle"}
    path = _plain_csv(tmp_path)
    dry = _cli("publish", path, "--url", ods.url, "--dry-run", "--json", env=env)
    assert dry.returncode == 0 and json.loads(dry.stdout)["dry_run"] is True
    assert all(c["method"] == "GET" for c in ods.requests)  # a dry run sends nothing
    done = _cli("publish", path, "--url", ods.url, "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["dataset_id"] == "218200861-equipements"
    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))
    (entry,) = [e for e in journal.entries() if e["event"] == "published"]
    assert entry["platform"] == "ods" and entry["url"] == ods.url and entry["dataset_id"] == "218200861-equipements"
    assert entry["file"] == path.name and "bonne-cle" not in json.dumps(journal.entries())
    refused_env = {**env, "OPENDATA_DESKTOP_API_KEY": "mauvaise-cle"}
    refused = _cli("publish", path, "--url", ods.url, "--queue-if-offline", "--json", env=refused_env)
    assert refused.returncode == 4 and "clé d'API" in refused.stderr
    assert "mauvaise-cle" not in refused.stderr + refused.stdout
    assert json.loads(_cli("outbox", "--json", env=env).stdout)["pending"] == []


def test_a_key_on_the_command_line_is_refused_without_being_echoed(tmp_path):
    env = {**os.environ, "OPENDATA_DESKTOP_HOME": str(tmp_path / "home")}
    for spelling in (["--api-key", "udata_tres-secret"], ["--api-key=udata_tres-secret"]):
        result = _cli("publish", _plain_csv(tmp_path), "--url", "https://www.data.gouv.fr", *spelling, env=env)
        assert result.returncode == 2 and "ligne de commande" in result.stderr
        assert "tres-secret" not in result.stderr + result.stdout


# -- the outbox, item by item -------------------------------------------------------------------------
def test_the_outbox_sends_each_item_on_its_own_and_keeps_overrides(tmp_path, monkeypatch):
    from opendata_desktop.core.credentials import store_api_key
    from opendata_desktop.core.privacy.gate import scan_file
    from opendata_desktop.core.publishing import outbox
    from opendata_desktop.core.publishing.request import build_request

    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OPENDATA_DESKTOP_API_KEY", raising=False)
    refusing, good = FakePlatform(OdsHandler), FakePlatform(OdsHandler)
    try:
        store_api_key(refusing.url, "cle-revoquee")
        store_api_key(good.url, "bonne-cle")
        first = _plain_csv(tmp_path, "20250701_218200861_equipements.csv")
        outbox.enqueue(build_request(first, None), "ods", refusing.url, None)
        contact = _plain_csv(tmp_path, "20250701_218200861_contacts.csv",
                             rows=("Gymnase,Écrire à jean.dupont@gmail.com",))
        findings = scan_file(contact, None).findings
        assert findings, "the gate must see the e-mail address"
        overrides = {f.key: "mission de service public" for f in findings}
        outbox.enqueue(build_request(contact, None), "ods", good.url, None, overrides)
        sent, waiting = outbox.send_all()
    finally:
        refusing.stop()
        good.stop()
    assert [s["file"] for s in sent] == ["20250701_218200861_contacts.csv"]
    ((item, reason),) = waiting
    assert item["file"] == "20250701_218200861_equipements.csv" and "clé d'API" in reason
    (left,) = outbox.pending()
    assert left["refused"] == reason  # marked: listed as refused, not as « plateforme injoignable »


# -- idempotent creation on the real udata --------------------------------------------------------------
def _udata_request(path, identity):
    return PublicationRequest(file=path, title="Équipements – Nègrepelisse", description="Équipements sportifs.",
                              tags=["equipements"], identity=identity)


@pytest.mark.udata
def test_udata_a_lost_reply_to_the_creation_finds_the_first_dataset(udata_server, tmp_path):
    def mine():
        return [d for d in udata_server.api("GET", "/me/datasets/").json()
                if (d.get("extras") or {}).get("opendata-desktop:identity") == "perdu-82"]

    proxy = LostReplyProxy(udata_server.url, lambda method, path: method == "POST" and path == "/api/1/datasets/")
    try:
        result = UdataPublisher(proxy.url, udata_server.token).publish(_udata_request(_plain_csv(tmp_path), "perdu-82"))
    finally:
        proxy.stop()
    assert proxy.lost == ["POST /api/1/datasets/"]
    (dataset,) = mine()
    assert dataset["id"] == result.dataset_id and dataset["private"] is False and len(dataset["resources"]) == 1


@pytest.mark.udata
def test_udata_a_dataset_whose_upload_failed_is_never_public(udata_server, tmp_path):
    proxy = LostReplyProxy(udata_server.url, lambda method, path: method == "POST" and path.endswith("/upload/"))
    proxy_lost_upload = []
    try:
        with pytest.raises(PlatformError):
            publisher = UdataPublisher(proxy.url, udata_server.token)
            publisher.publish(_udata_request(_plain_csv(tmp_path, "20250801_218200861_vide.csv"), "vide-82"),
                              on_dataset=proxy_lost_upload.append)
    finally:
        proxy.stop()
    dataset = udata_server.api("GET", f"/datasets/{proxy_lost_upload[0]}/").json()
    assert dataset["private"] is True
    again = UdataPublisher(udata_server.url, udata_server.token).publish(
        _udata_request(_plain_csv(tmp_path, "20250801_218200861_vide.csv"), "vide-82"))
    dataset = udata_server.api("GET", f"/datasets/{again.dataset_id}/").json()
    assert again.dataset_id == proxy_lost_upload[0] and dataset["private"] is False
    assert len([r for r in dataset["resources"] if r.get("filetype") == "file"]) == 1


@pytest.mark.udata
def test_udata_is_detected_from_its_address(udata_server):
    assert detect_platform(udata_server.url).software == "udata"
