"""Publishing to a real udata server (udata 17.18 on mongomock, started by the tests on loopback)."""

import pytest
import requests

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing import PublicationRequest, UdataPublisher

pytestmark = pytest.mark.udata


def _request(path, **kwargs):
    base = dict(title="Subventions 2024 – Caussade", description="Subventions attribuées par la commune.",
                schema_name="scdl/subventions", schema_version="2.1.1", tags=["scdl", "subventions", "a"],
                temporal_start="2024-01-01", temporal_end="2024-12-31", spatial_zones=["fr:commune:82037"])
    base.update(kwargs)
    return PublicationRequest(file=path, **base)


def _csv(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("nomAttribuant,montant\n" + "".join(f"Caussade,{r}\n" for r in rows), encoding="utf-8")
    return path


def test_create_then_replace_keeps_one_resource_with_schema(udata_server, tmp_path):
    publisher = UdataPublisher(udata_server.url, udata_server.token)
    account = publisher.check_connection()
    assert account.name == "Secrétariat Mairie"
    steps = []
    first = publisher.publish(_request(_csv(tmp_path, "20240101_218206829_subventions.csv", [100, 200])),
                              lambda pct, msg: steps.append(pct))
    assert not first.replaced and steps[-1] == 100
    dataset = udata_server.api("GET", f"/datasets/{first.dataset_id}/").json()
    assert dataset["title"] == "Subventions 2024 – Caussade"
    assert dataset["license"] == "lov2" and set(dataset["tags"]) == {"scdl", "subventions"}
    assert dataset["private"] is False
    assert dataset["spatial"]["zones"] == ["fr:commune:82037"]
    (resource,) = dataset["resources"]
    assert resource["schema"]["name"] == "scdl/subventions" and resource["schema"]["version"] == "2.1.1"

    second_file = _csv(tmp_path, "20240102_218206829_subventions.csv", [100, 200, 300])
    second = publisher.publish(_request(second_file, dataset_id=first.dataset_id, title="Subventions 2024"))
    assert second.replaced and second.dataset_id == first.dataset_id and second.resource_id == first.resource_id
    dataset = udata_server.api("GET", f"/datasets/{first.dataset_id}/").json()
    (resource,) = dataset["resources"]
    assert dataset["title"] == "Subventions 2024"
    assert resource["title"] == second_file.name and resource["schema"]["name"] == "scdl/subventions"
    content = requests.get(resource["url"], timeout=30).content
    assert content == second_file.read_bytes()


def test_wrong_key_is_refused_in_french(udata_server, tmp_path):
    publisher = UdataPublisher(udata_server.url, "udata_not-a-real-key")
    with pytest.raises(PlatformError) as info:
        publisher.publish(_request(_csv(tmp_path, "x.csv", [1])))
    assert "clé d'API" in info.value.message and "publié" not in info.value.message
    assert info.value.exit_code == 4


def test_someone_elses_dataset_is_refused(udata_server, tmp_path):
    owner = UdataPublisher(udata_server.url, udata_server.token)
    result = owner.publish(_request(_csv(tmp_path, "a.csv", [1])))
    stranger = UdataPublisher(udata_server.url, udata_server.stranger_token)
    with pytest.raises(PlatformError) as info:
        stranger.publish(_request(_csv(tmp_path, "b.csv", [2]), dataset_id=result.dataset_id))
    assert "droits" in info.value.message


def test_unknown_schema_version_is_explained(udata_server, tmp_path):
    publisher = UdataPublisher(udata_server.url, udata_server.token)
    with pytest.raises(PlatformError) as info:
        publisher.publish(_request(_csv(tmp_path, "c.csv", [1]), schema_version="9.9.9"))
    assert "refusé" in info.value.message and "9.9.9" in info.value.message


def test_unreachable_platform_is_a_network_error():
    publisher = UdataPublisher("http://127.0.0.1:9", "key")
    publisher._sleep = lambda seconds: None
    with pytest.raises(PlatformError) as info:
        publisher.check_connection()
    assert info.value.exit_code == 4 and "ne répond pas" in info.value.message
