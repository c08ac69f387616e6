"""OpenDataSoft and CKAN adapters against loopback stand-ins of their documented APIs (fixtures: not real
servers; the closing note says so)."""

import json

import pytest

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing.base import PublicationRequest
from opendata_desktop.core.publishing.ckan import CkanPublisher
from opendata_desktop.core.publishing.ods import OdsPublisher
from tests.fake_platforms import CkanHandler, FakePlatform, OdsHandler


@pytest.fixture
def ods():
    fake = FakePlatform(OdsHandler)
    yield fake
    fake.stop()


@pytest.fixture
def ckan():
    fake = FakePlatform(CkanHandler)
    yield fake
    fake.stop()


def _request(tmp_path, name="20240105_218206829_subventions.csv", **kwargs):
    path = tmp_path / name
    path.write_text("nomAttribuant,montant\r\nCaussade,100\r\n", encoding="utf-8")
    return PublicationRequest(file=path, title="Subventions 2024 – Caussade", description="Subventions.",
                              schema_name="scdl/subventions", schema_version="2.1.1", tags=["subventions"],
                              temporal_start="2024-01-01", temporal_end="2024-12-31", **kwargs)


def test_ods_create_then_replace_same_resource(ods, tmp_path):
    publisher = OdsPublisher(ods.url, "bonne-cle")
    first = publisher.publish(_request(tmp_path))
    calls = [(c["method"], c["path"].removeprefix("/api/automation/v1.0")) for c in ods.requests]
    assert ("POST", "/datasets/") in calls and ("POST", f"/datasets/da_3/resources/files/") in calls
    assert calls[-1] == ("POST", "/datasets/da_3/publish/")
    dataset = ods.state["ods"]["datasets"]["da_3"]
    assert dataset["metadata"]["default/keyword"][:2] == ["SCDL", "subventions"]
    assert "schema:scdl/subventions@2.1.1" in dataset["metadata"]["default/keyword"]
    assert dataset["metadata"]["default/license"].startswith("Licence Ouverte")
    assert dataset["metadata"]["dcat/temporal"] == "2024-01-01/2024-12-31" and dataset["published"]
    assert all(c["auth"] == "Apikey bonne-cle" for c in ods.requests)
    second = publisher.publish(_request(tmp_path, "20240206_218206829_subventions.csv",
                                        dataset_id=first.dataset_id))
    assert second.replaced and len(dataset["resources"]) == 1
    assert any(c["method"] == "PUT" and "/resources/re_" in c["path"] for c in ods.requests)
    assert first.url.endswith(f"/explore/dataset/{first.dataset_id}/")


def test_ods_wrong_key(ods, tmp_path):
    with pytest.raises(PlatformError) as info:
        OdsPublisher(ods.url, "mauvaise").publish(_request(tmp_path))
    assert "clé d'API" in info.value.message


def test_ckan_create_then_patch_and_rights(ckan, tmp_path):
    publisher = CkanPublisher(ckan.url, "bon-jeton")
    request = _request(tmp_path, organization="mairie-caussade")
    plan = publisher.plan(request)
    assert plan.actions[0].startswith("Création")
    first = publisher.publish(request)
    package = ckan.state["ckan"]["packages"][first.dataset_id]
    assert package["owner_org"] == "mairie-caussade" and package["license_id"] == "etalab-2.0"
    assert {"name": "scdl"} in package["tags"]
    (resource,) = package["resources"]
    assert resource["schema"] == "scdl/subventions" and resource["format"] == "CSV"
    second = publisher.publish(_request(tmp_path, "20240206_218206829_subventions.csv", organization="mairie-caussade"))
    assert second.replaced and len(package["resources"]) == 1
    names = [c["path"].rsplit("/", 1)[-1] for c in ckan.requests]
    assert "package_patch" in names and "resource_patch" in names
    assert all(c["auth"] == "bon-jeton" for c in ckan.requests)
    with pytest.raises(PlatformError) as info:
        publisher.publish(_request(tmp_path, organization="autre-commune"))
    assert "droits sur l'organisation" in info.value.message


def test_ckan_wrong_key_is_a_403(ckan, tmp_path):
    with pytest.raises(PlatformError) as info:
        CkanPublisher(ckan.url, "mauvais").check_connection()
    assert "clé d'API erronée" in info.value.message


def test_profile_files_from_the_coordinator(tmp_path, monkeypatch):
    from opendata_desktop.core.errors import UsageError
    from opendata_desktop.core.publishing.profiles import add_profile, all_profiles, export_profile, load_profile_file

    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))
    path = tmp_path / "tarn-et-garonne.json"
    path.write_text(json.dumps({"name": "Tarn-et-Garonne Open Data", "software": "ods",
                                "url": "https://data.exemple-82.fr/", "organization": ""}), encoding="utf-8")
    profile = load_profile_file(path)
    assert profile.url == "https://data.exemple-82.fr" and profile.label().endswith("(OpenDataSoft)")
    add_profile(profile)
    assert [p.name for p in all_profiles()] == ["data.gouv.fr", "demo.data.gouv.fr (essais)",
                                                 "Tarn-et-Garonne Open Data"]
    assert load_profile_file(export_profile(profile, tmp_path / "copie.json")) == profile
    leaky = tmp_path / "avec-cle.json"
    leaky.write_text(json.dumps({"name": "x", "software": "udata", "url": "https://x.fr", "api_key": "secret"}),
                     encoding="utf-8")
    with pytest.raises(UsageError):
        load_profile_file(leaky)
