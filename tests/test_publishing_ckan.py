"""Publishing to a real CKAN 2.12 (PostgreSQL, Redis, a Solr stand-in), started by the tests on loopback.

The same guarantees as on udata: first publication in an organisation, replacement of the same resource
(no second dataset, no second resource), a wrong token (403), a file over ckan.max_resource_size, extras
kept on update (ckan/ckan#6136), the schema recorded as the resource's extra, a lost reply that does
not duplicate, a failed upload that leaves nothing public.
"""

from __future__ import annotations

import pytest
import requests

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing.base import PublicationRequest
from opendata_desktop.core.publishing.ckan import CkanPublisher
from opendata_desktop.core.publishing.http import is_transient
from tests.fake_platforms import LostReplyProxy

pytestmark = pytest.mark.ckan


@pytest.fixture(scope="module")
def ckan_server():
    from tests.ckan_server.fixture import start_ckan

    server = start_ckan()
    yield server
    server.stop()


def _csv(tmp_path, name, rows, padding=0):
    path = tmp_path / name
    lines = "".join(f"Commune de Lafrançaise,{r},{'x' * padding}\n" for r in rows)
    path.write_text("nomAttribuant,montant,commentaire\n" + lines, encoding="utf-8")
    return path


def _request(path, identity, **kwargs):
    base = dict(title="Subventions 2025 – Lafrançaise", description="Subventions versées par la commune.",
                schema_name="scdl/subventions", schema_version="2.1.1", tags=["subventions"],
                temporal_start="2025-01-01", temporal_end="2025-12-31", spatial_zones=["fr:commune:82086"],
                identity=identity)
    base.update(kwargs)
    return PublicationRequest(file=path, **base)


def _package(server, name):
    return server.action("package_show", id=name)


def test_first_publication_in_the_organisation_then_replacement(ckan_server, tmp_path):
    publisher = CkanPublisher(ckan_server.url, ckan_server.token)
    account = publisher.check_connection()
    assert account.name == "Secrétariat Mairie" and account.organizations == [("mairie-caussade", "Mairie de Caussade")]
    steps = []
    first_file = _csv(tmp_path, "20250110_218200861_subventions.csv", [10, 20])
    first = publisher.publish(_request(first_file, "218200861-subventions"), lambda pct, msg: steps.append(pct))
    assert not first.replaced and steps[-1] == 100
    package = _package(ckan_server, first.dataset_id)
    assert package["organization"]["name"] == "mairie-caussade" and package["private"] is False
    assert package["license_id"] == "etalab-2.0"
    assert {t["name"] for t in package["tags"]} == {"scdl", "subventions"}
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["spatial_uri"] == "fr:commune:82086" and extras["temporal_start"] == "2025-01-01"
    (resource,) = package["resources"]
    assert resource["schema"] == "scdl/subventions" and resource["schema_version"] == "2.1.1"
    assert resource["url_type"] == "upload" and resource["format"] == "CSV"
    assert requests.get(resource["url"], timeout=30).content == first_file.read_bytes()

    # Someone adds their own extras on the portal; the next publication must keep them (ckan/ckan#6136).
    ckan_server.action("package_patch", id=package["id"],
                       extras=[*package["extras"], {"key": "producteur", "value": "Service finances"}])
    ckan_server.action("resource_patch", id=resource["id"], commentaire="relu par la mairie")

    second_file = _csv(tmp_path, "20250210_218200861_subventions.csv", [10, 20, 30])
    second = CkanPublisher(ckan_server.url, ckan_server.token).publish(
        _request(second_file, "218200861-subventions", title="Subventions 2025"))
    assert second.replaced and second.dataset_id == first.dataset_id and second.resource_id == first.resource_id
    package = _package(ckan_server, first.dataset_id)
    (resource,) = package["resources"]
    assert package["title"] == "Subventions 2025"
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["producteur"] == "Service finances" and extras["spatial_uri"] == "fr:commune:82086"
    assert resource["commentaire"] == "relu par la mairie" and resource["schema"] == "scdl/subventions"
    assert resource["format"] == "CSV"
    assert requests.get(resource["url"], timeout=30).content == second_file.read_bytes()


def test_dry_run_sends_nothing(ckan_server, tmp_path):
    publisher = CkanPublisher(ckan_server.url, ckan_server.token)
    request = _request(_csv(tmp_path, "plan.csv", [1]), "plan-seulement")
    plan = publisher.plan(request)
    assert plan.actions[0].startswith("Création du jeu de données « plan-seulement »")
    assert plan.dataset_id is None
    with pytest.raises(RuntimeError, match="Not Found"):
        _package(ckan_server, "plan-seulement")


def test_wrong_token_is_a_403_explained_and_not_queueable(ckan_server, tmp_path):
    publisher = CkanPublisher(ckan_server.url, "pas-un-jeton")
    with pytest.raises(PlatformError) as info:
        publisher.publish(_request(_csv(tmp_path, "x.csv", [1]), "jeton-faux"))
    assert "clé d'API erronée" in info.value.message and info.value.status == 403
    assert info.value.exit_code == 4 and not is_transient(info.value)
    # The platform itself answers a write with a wrong token by a 403 (not 401), explained the same way.
    with pytest.raises(PlatformError) as write:
        publisher._action("package_create", "création du jeu de données", json={"name": "jamais-cree"})
    assert write.value.status == 403 and "clé d'API erronée" in write.value.message


def test_a_user_outside_any_organisation_is_told_so(ckan_server, tmp_path):
    with pytest.raises(PlatformError) as info:
        CkanPublisher(ckan_server.url, ckan_server.stranger_token).publish(
            _request(_csv(tmp_path, "y.csv", [1]), "sans-organisation"))
    assert "aucune organisation" in info.value.message


def test_file_over_the_size_limit_is_refused_clearly_and_nothing_is_left_public(ckan_server, tmp_path):
    from tests.ckan_server.fixture import MAX_RESOURCE_MB

    big = _csv(tmp_path, "gros.csv", range(3000), padding=500)  # about 1.5 MB, over the server's 1 MB
    assert big.stat().st_size > MAX_RESOURCE_MB * 1024 * 1024
    with pytest.raises(PlatformError) as info:
        CkanPublisher(ckan_server.url, ckan_server.token, max_upload_mb=MAX_RESOURCE_MB).publish(
            _request(big, "fichier-trop-gros"))
    assert "dépasse la taille maximale" in info.value.message and "1 Mo" in info.value.message
    assert "publié" not in info.value.message and not is_transient(info.value)
    package = _package(ckan_server, "fichier-trop-gros")
    assert package["private"] is True and package["resources"] == []  # never public and empty
    with pytest.raises(PlatformError) as unknown_limit:
        CkanPublisher(ckan_server.url, ckan_server.token).publish(_request(big, "fichier-trop-gros"))
    assert "10 Mo par défaut" in unknown_limit.value.message and "1,5 Mo" in unknown_limit.value.message


def test_a_lost_reply_to_the_creation_does_not_duplicate(ckan_server, tmp_path):
    proxy = LostReplyProxy(ckan_server.url, lambda method, path: path.endswith("/package_create"))
    try:
        result = CkanPublisher(proxy.url, ckan_server.token).publish(
            _request(_csv(tmp_path, "perdu.csv", [5]), "reponse-perdue"))
    finally:
        proxy.stop()
    assert proxy.lost == ["POST /api/3/action/package_create"]
    package = _package(ckan_server, "reponse-perdue")
    assert result.dataset_id == "reponse-perdue" and len(package["resources"]) == 1
    assert package["private"] is False


def test_a_retry_after_a_failed_upload_fills_the_same_dataset(ckan_server, tmp_path):
    proxy = LostReplyProxy(ckan_server.url, lambda method, path: path.endswith("/resource_create"))
    request = _request(_csv(tmp_path, "coupure.csv", [7]), "envoi-coupe")
    try:
        with pytest.raises(PlatformError) as info:
            CkanPublisher(proxy.url, ckan_server.token).publish(request)
    finally:
        proxy.stop()
    assert is_transient(info.value) and "publié" not in info.value.message
    # The reply was lost but the server stored the file: the retry replaces that resource, no second one.
    again = CkanPublisher(ckan_server.url, ckan_server.token).publish(request)
    package = _package(ckan_server, again.dataset_id)
    assert len(package["resources"]) == 1 and again.replaced and package["private"] is False


def test_ckan_is_detected_from_its_address_and_chosen_without_a_platform(ckan_server):
    from opendata_desktop.core.publishing.detect import detect_platform
    from opendata_desktop.core.publishing.service import make_publisher

    assert detect_platform(ckan_server.url + "/dataset/").software == "ckan"
    assert isinstance(make_publisher(None, ckan_server.url, ckan_server.token), CkanPublisher)


def test_the_outbox_sends_to_ckan_with_the_software_detected(ckan_server, tmp_path, monkeypatch):
    from opendata_desktop.core.credentials import store_api_key
    from opendata_desktop.core.publishing import outbox
    from opendata_desktop.core.publishing.request import build_request

    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OPENDATA_DESKTOP_API_KEY", raising=False)
    store_api_key(ckan_server.url, ckan_server.token)
    path = tmp_path / "20250901_218200861_equipements.csv"
    path.write_text("equipement,nombre\nGymnase,2\nPiscine,1\n", encoding="utf-8")
    outbox.enqueue(build_request(path, None), None, ckan_server.url, None)
    sent, waiting = outbox.send_all()
    assert waiting == [] and [s["dataset_id"] for s in sent] == ["218200861-equipements"]
    assert outbox.pending() == []
    (resource,) = _package(ckan_server, "218200861-equipements")["resources"]
    assert requests.get(resource["url"], timeout=30).content == path.read_bytes()
