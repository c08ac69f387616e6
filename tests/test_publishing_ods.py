"""OpenDataSoft adapter against a stand-in of the Automation API (OpenDataSoft is a closed SaaS).

Version followed: the public OpenAPI description « Opendatasoft's Automation API Documentation »,
OpenAPI 3.1.0, info.version 1.0, base path /api/automation/v1.0 (as published in
opendatasoft/opendatasoft-automation-sdk, generators/python/openapi/openapi_3.1.0_original.json).
The stand-in (tests/fake_platforms.OdsHandler) refuses what that API refuses: a wrong method (405),
an unknown metadata field or template, a missing key (401), a file upload without its `file` field,
a resource pointing at an unknown file; it publishes asynchronously (queued → processing → idle) and
rate-limits with 429 + Retry-After.
"""

from __future__ import annotations

import json

import pytest
import requests

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing.base import PublicationRequest
from opendata_desktop.core.publishing.http import is_transient
from opendata_desktop.core.publishing.ods import OdsPublisher
from tests.fake_platforms import ODS_API_VERSION, FakePlatform, OdsHandler

API = "/api/automation/v1.0"


@pytest.fixture
def ods():
    fake = FakePlatform(OdsHandler)
    yield fake
    fake.stop()


class Clock:
    """Waits are instant and counted: no test depends on real time."""

    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def _publisher(url, key="bonne-cle", **kwargs) -> tuple[OdsPublisher, Clock]:
    publisher = OdsPublisher(url, key, **kwargs)
    clock = Clock()
    publisher.client.sleep, publisher.client.clock = clock.sleep, clock
    return publisher, clock


def _request(tmp_path, name="20250301_218200861_budget.csv", **kwargs):
    path = tmp_path / name
    path.write_text("collectivite,montant\r\nNègrepelisse,1250.5\r\n", encoding="utf-8")
    base = dict(title="Budget 2025 – Nègrepelisse", description="Budget primitif.",
                schema_name="scdl/budget", schema_version="0.8.1", tags=["budget"], temporal_start="2025-01-01",
                temporal_end="2025-12-31", identity="218200861-budget")
    base.update(kwargs)
    return PublicationRequest(file=path, **base)


def _calls(fake):
    return [(c["method"], c["path"].removeprefix(API)) for c in fake.requests]


def test_the_stand_in_names_the_api_version_it_follows():
    assert "v1.0" in ODS_API_VERSION and "OpenAPI" in ODS_API_VERSION


def test_the_stand_in_refuses_what_the_real_api_refuses(ods, tmp_path):
    key = {"Authorization": "Apikey bonne-cle"}
    assert requests.get(f"{ods.url}{API}/datasets/", timeout=10).status_code == 401  # no key
    assert requests.get(f"{ods.url}{API}/datasets/", headers={"Authorization": "Bearer bonne-cle"},
                        timeout=10).status_code == 401
    assert requests.get(f"{ods.url}{API}/datasets/", params={"apikey": "bonne-cle"}, timeout=10).ok
    wrong_method = requests.put(f"{ods.url}{API}/datasets/", json={}, headers=key, timeout=10)
    assert wrong_method.status_code == 405 and set(wrong_method.json()) == {"error_code", "message"}
    created = requests.post(f"{ods.url}{API}/datasets/", headers=key, timeout=10,
                            json={"dataset_id": "essai", "metadata": {"default": {"title": {"value": "Essai"}}}})
    assert created.status_code == 201
    uid = created.json()["uid"]
    unknown_field = requests.post(f"{ods.url}{API}/datasets/", headers=key, timeout=10,
                                  json={"dataset_id": "autre", "license": "x",
                                        "metadata": {"default": {"title": {"value": "x"}}}})
    assert unknown_field.status_code == 400 and unknown_field.json()["error_code"] == "validation_error"
    licence = requests.put(f"{ods.url}{API}/datasets/{uid}/metadata/default/license/", json={"value": "x"},
                           headers=key, timeout=10)
    assert licence.status_code == 400 and "license" in licence.json()["detail"]
    no_file_field = requests.post(f"{ods.url}{API}/datasets/{uid}/resources/files/", headers=key, timeout=10,
                                  files={"fichier": ("a.csv", b"a\n1\n")})
    assert no_file_field.status_code == 400 and "file" in no_file_field.json()["detail"]
    unknown_file = requests.post(f"{ods.url}{API}/datasets/{uid}/resources/", headers=key, timeout=10,
                                 json={"type": "csvfile", "title": "a.csv",
                                       "datasource": {"type": "uploaded_file", "file": {"uid": "fi_inconnu"}}})
    assert unknown_file.status_code == 400


def test_publish_polls_until_the_portal_has_published_then_replaces_the_same_resource(ods, tmp_path):
    publisher, clock = _publisher(ods.url)
    steps = []
    first = publisher.publish(_request(tmp_path), lambda pct, msg: steps.append(msg))
    calls = _calls(ods)
    (uid,) = ods.state["ods"]["datasets"]
    publish_at = calls.index(("POST", f"/datasets/{uid}/publish/"))
    polls = [c for c in calls[publish_at:] if c[1].endswith("/status/")]
    assert len(polls) >= 3 and clock.sleeps  # queued, processing, then idle and published
    assert "publié" in steps[-1] and not any("publié" in s for s in steps[:-1])
    dataset = ods.state["ods"]["datasets"][uid]
    assert dataset["is_published"] and dataset["dataset_id"] == "218200861-budget"
    metadata = dataset["metadata"]
    assert metadata["internal"]["license_id"]["value"] == "licence-ouverte-v2-0"
    assert metadata["default"]["keyword"]["value"] == ["SCDL", "budget", "schema:scdl/budget@0.8.1"]
    assert metadata["dcat"]["temporal"]["value"] == "2025-01-01/2025-12-31"
    (resource,) = dataset["resources"]
    assert ods.state["ods"]["files"][resource["datasource"]["file"]["uid"]]["content"] == \
        (tmp_path / "20250301_218200861_budget.csv").read_bytes()
    assert all(c["auth"] == "Apikey bonne-cle" for c in ods.requests)

    second = _publisher(ods.url)[0].publish(_request(tmp_path, "20250401_218200861_budget.csv"))
    assert second.replaced and second.dataset_id == first.dataset_id and len(dataset["resources"]) == 1
    assert len(ods.state["ods"]["datasets"]) == 1


def test_never_published_before_the_portal_says_so(ods, tmp_path):
    ods.state["options"] = {"processing": "forever"}
    publisher, clock = _publisher(ods.url, publish_timeout=120)
    steps = []
    with pytest.raises(PlatformError) as info:
        publisher.publish(_request(tmp_path), lambda pct, msg: steps.append(msg))
    assert "pas encore publié" in info.value.message and clock.now <= 120
    assert not any("publié" in s and "pas" not in s for s in steps)
    assert is_transient(info.value)  # worth retrying later: the retry updates the same dataset


def test_a_processing_error_is_reported_as_a_refusal(ods, tmp_path):
    ods.state["options"] = {"processing": "error"}
    with pytest.raises(PlatformError) as info:
        _publisher(ods.url)[0].publish(_request(tmp_path))
    assert "n'a pas publié" in info.value.message and "separator" in info.value.message
    assert not is_transient(info.value)


def test_429_waits_as_asked_then_goes_on(ods, tmp_path):
    ods.state["options"] = {"rate_limit_on": lambda call: call["path"].endswith("/metadata/default/title/")}
    publisher, clock = _publisher(ods.url)
    result = publisher.publish(_request(tmp_path))
    assert 2.0 in clock.sleeps and result.dataset_id == "218200861-budget"
    titles = [c for c in _calls(ods) if c[1].endswith("/metadata/default/title/")]
    assert len(titles) == 2  # refused once with 429, sent again after Retry-After


def test_a_read_that_never_answers_gives_up_within_the_budget(tmp_path):
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections, never answers
    try:
        publisher = OdsPublisher(f"http://127.0.0.1:{silent.getsockname()[1]}", "bonne-cle")
        publisher.client.read_timeout = (1, 0.2)
        publisher.client.read_budget = 1.0
        with pytest.raises(PlatformError) as info:
            publisher.check_connection()
    finally:
        silent.close()
    assert "pas répondu à temps" in info.value.message and is_transient(info.value)


def test_wrong_key_and_dry_run(ods, tmp_path):
    with pytest.raises(PlatformError) as info:
        _publisher(ods.url, key="mauvaise")[0].publish(_request(tmp_path))
    assert "clé d'API" in info.value.message and not is_transient(info.value)
    plan = _publisher(ods.url)[0].plan(_request(tmp_path))
    assert plan.actions[0] == "Création du jeu de données « 218200861-budget »"
    assert not ods.state["ods"]["datasets"] and all(c["method"] == "GET" for c in ods.requests)


def test_a_lost_reply_to_the_creation_does_not_duplicate(ods, tmp_path):
    from tests.fake_platforms import LostReplyProxy

    proxy = LostReplyProxy(ods.url, lambda method, path: method == "POST" and path == f"{API}/datasets/")
    try:
        _publisher(proxy.url)[0].publish(_request(tmp_path))
    finally:
        proxy.stop()
    assert proxy.lost and len(ods.state["ods"]["datasets"]) == 1
    (dataset,) = ods.state["ods"]["datasets"].values()
    assert dataset["is_published"] and len(dataset["resources"]) == 1


def test_a_cut_during_the_file_upload_restarts_cleanly(ods, tmp_path):
    from tests.fake_platforms import LostReplyProxy

    proxy = LostReplyProxy(ods.url, lambda method, path: path.endswith("/resources/files/"))
    try:
        result = _publisher(proxy.url)[0].publish(_request(tmp_path))
    finally:
        proxy.stop()
    assert proxy.lost and not result.replaced
    (dataset,) = ods.state["ods"]["datasets"].values()
    (resource,) = dataset["resources"]  # the orphan first upload is never attached
    assert dataset["is_published"]
    assert ods.state["ods"]["files"][resource["datasource"]["file"]["uid"]]["content"] == \
        (tmp_path / "20250301_218200861_budget.csv").read_bytes()


def test_a_restricted_dataset_is_opened_with_its_whole_description(ods, tmp_path):
    publisher = _publisher(ods.url)[0]
    publisher.publish(_request(tmp_path, private=True))
    (dataset,) = ods.state["ods"]["datasets"].values()
    assert dataset["is_restricted"] is True
    publisher.publish(_request(tmp_path, private=False))
    assert dataset["is_restricted"] is False and len(ods.state["ods"]["datasets"]) == 1
    put = [c for c in ods.requests if c["method"] == "PUT" and c["path"].endswith(f"/datasets/{dataset['uid']}/")]
    assert put and set(json.loads(put[-1]["body"])) >= {"dataset_id", "metadata", "is_restricted"}
