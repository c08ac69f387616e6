"""Publish to a udata platform (data.gouv.fr, demo.data.gouv.fr, udata-based departmental portals).

Sequence (as data.gouv.fr's own client does): create or reuse the dataset, upload the file as a
new resource or replace the existing resource's file, then PUT the resource metadata with its
`schema {name, version}`. Replacing a file resets the resource title on udata, hence the PUT after.
"""

from __future__ import annotations

import time
from pathlib import Path

import requests

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing.base import (Account, ProgressCallback, PublicationRequest,
                                                   PublicationResult, Publisher)
from opendata_desktop.core.publishing.http import TIMEOUT, new_session, raise_for_platform


RETRY_DELAYS = (1.0, 2.0, 4.0)  # seconds; udata refuses two uploads of one name in the same second


class UdataPublisher(Publisher):
    platform = "udata"
    _sleep = staticmethod(time.sleep)

    def __init__(self, base_url: str, api_key: str, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        if self.base_url.endswith("/api/1"):
            self.base_url = self.base_url[: -len("/api/1")]
        self.api = f"{self.base_url}/api/1"
        self.session = session or new_session("X-API-KEY", api_key)
        if session is not None:
            self.session.headers["X-API-KEY"] = api_key

    # -- HTTP helpers -------------------------------------------------------------------------
    def _request(self, method: str, path: str, action: str, *, retry: bool | None = None,
                 upload: Path | None = None, **kwargs) -> dict:
        """One API call. Idempotent calls are retried on network faults and 5xx, with backoff."""
        retry = method in ("GET", "PUT") if retry is None else retry
        delays = list(RETRY_DELAYS) if retry else []
        while True:
            try:
                if upload is not None:
                    with upload.open("rb") as handle:  # reopened: a retry sends the whole file again
                        kwargs["files"] = {"file": (upload.name, handle, "text/csv")}
                        response = self.session.request(method, f"{self.api}{path}", timeout=TIMEOUT, **kwargs)
                else:
                    response = self.session.request(method, f"{self.api}{path}", timeout=TIMEOUT, **kwargs)
            except (requests.ConnectionError, requests.Timeout):
                if not delays:
                    raise
                self._sleep(delays.pop(0))
                continue
            if response.status_code >= 500 and delays:
                self._sleep(delays.pop(0))
                continue
            break
        raise_for_platform(response, action)
        if response.status_code == 204 or not response.content:
            return {}
        try:
            return response.json()
        except ValueError as exc:
            raise PlatformError(
                "L'adresse indiquée ne répond pas comme une plateforme udata.",
                "Vérifiez l'adresse (par exemple https://www.data.gouv.fr).") from exc

    # -- Publisher ----------------------------------------------------------------------------
    def check_connection(self) -> Account:
        me = self._request("GET", "/me/", "vérification du compte")
        name = " ".join(p for p in (me.get("first_name"), me.get("last_name")) if p) or me.get("email", "")
        orgs = [(o["id"], o.get("name", o["id"])) for o in me.get("organizations", [])]
        return Account(name=name, organizations=orgs, user_id=me.get("id", ""))

    def _check_rights(self, dataset: dict, account: Account) -> None:
        """udata answers a stranger's update with an obscure 400: say plainly who may publish it."""
        owner = (dataset.get("owner") or {}).get("id")
        organization = dataset.get("organization") or {}
        if owner == account.user_id or organization.get("id") in {o for o, _ in account.organizations}:
            return
        holder = organization.get("name") or "un autre compte"
        raise PlatformError(
            f"Ce compte n'a pas les droits pour modifier ce jeu de données (il appartient à {holder}).",
            "Publiez avec la clé d'un membre de cette organisation, ou demandez à y être ajouté.")

    def publish(self, request: PublicationRequest, progress: ProgressCallback | None = None
                ) -> PublicationResult:
        report = progress or (lambda pct, msg: None)
        report(5, "Connexion à la plateforme…")
        account = self.check_connection()
        if request.dataset_id:
            dataset = self._request("GET", f"/datasets/{request.dataset_id}/", "lecture du jeu de données")
            self._check_rights(dataset, account)
            report(20, "Mise à jour des informations du jeu de données…")
            dataset = self._request("PUT", f"/datasets/{dataset['id']}/", "mise à jour du jeu de données",
                                    json=self._dataset_payload(request, update=True))
        else:
            report(20, "Création du jeu de données…")
            dataset = self._request("POST", "/datasets/", "création du jeu de données",
                                    json=self._dataset_payload(request, update=False))
        existing = self._find_resource(dataset, request)
        report(40, "Envoi du fichier…")
        file = Path(request.file)
        if existing is not None:  # replacing the same resource is idempotent: safe to retry
            resource = self._request("POST", f"/datasets/{dataset['id']}/resources/{existing['id']}/upload/",
                                     "remplacement du fichier", retry=True, upload=file)
        else:
            resource = self._request("POST", f"/datasets/{dataset['id']}/upload/", "envoi du fichier",
                                     upload=file)
        report(80, "Déclaration du schéma…")
        metadata = {"title": request.resource_title or Path(request.file).name,
                    "description": request.description, "type": "main", "filetype": "file"}
        if request.schema_name:
            metadata["schema"] = {"name": request.schema_name}
            if request.schema_version:
                metadata["schema"]["version"] = request.schema_version
        resource = self._request("PUT", f"/datasets/{dataset['id']}/resources/{resource['id']}/",
                                 "description du fichier", json=metadata)
        report(100, "Publication terminée.")
        page = dataset.get("page") or f"{self.base_url}/datasets/{dataset.get('slug', dataset['id'])}/"
        return PublicationResult(dataset_id=dataset["id"], resource_id=resource["id"], url=page,
                                 resource_url=resource.get("latest") or resource.get("url", ""),
                                 replaced=existing is not None)

    # -- details ------------------------------------------------------------------------------
    def _dataset_payload(self, request: PublicationRequest, update: bool) -> dict:
        payload: dict = {
            "title": request.title,
            "description": request.description,
            "license": request.license,
            "tags": _clean_tags(request.tags),
            "frequency": request.frequency,
            "private": request.private,  # always explicit: an API edit may otherwise make it public
        }
        if request.organization and not update:
            payload["organization"] = request.organization
        if request.temporal_start:
            payload["temporal_coverage"] = {"start": request.temporal_start,
                                            "end": request.temporal_end or request.temporal_start}
        if request.spatial_zones:
            payload["spatial"] = {"zones": list(request.spatial_zones), "granularity": "other"}
        return payload

    @staticmethod
    def _find_resource(dataset: dict, request: PublicationRequest) -> dict | None:
        """The resource this publication replaces: same schema, else same title; never a duplicate."""
        resources = [r for r in dataset.get("resources", []) if r.get("filetype") == "file"]
        if request.schema_name:
            for resource in resources:
                if (resource.get("schema") or {}).get("name") == request.schema_name:
                    return resource
        wanted = request.resource_title or Path(request.file).name
        for resource in resources:
            if resource.get("title") == wanted:
                return resource
        return None


def _clean_tags(tags: list[str]) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        tag = tag.strip().lower()
        if 3 <= len(tag) <= 96 and tag not in seen:
            seen.append(tag)
    return seen
