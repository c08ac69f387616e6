"""Publish to a udata platform (data.gouv.fr, demo.data.gouv.fr, udata-based departmental portals).

Sequence (as data.gouv.fr's own client does): create or reuse the dataset, upload the file as a
new resource or replace the existing resource's file, then PUT the resource metadata with its
`schema {name, version}`. Replacing a file resets the resource title on udata, hence the PUT after.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import requests

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing.base import (Account, ProgressCallback, PublicationPlan, PublicationRequest,
                                                   PublicationResult, Publisher)
from opendata_desktop.core.publishing.http import TIMEOUT, connection_problem, new_session, raise_for_platform


RETRY_DELAYS = (1.0, 2.0, 4.0)  # seconds; udata refuses two uploads of one name in the same second
CHUNK_THRESHOLD = 50 * 1024 * 1024  # larger files go in parts (proxies often cap a request's size)
CHUNK_SIZE = 10 * 1024 * 1024


class UdataPublisher(Publisher):
    platform = "udata"
    _sleep = staticmethod(time.sleep)

    def __init__(self, base_url: str, api_key: str, session: requests.Session | None = None,
                 chunk_threshold: int = CHUNK_THRESHOLD, chunk_size: int = CHUNK_SIZE):
        self.chunk_threshold, self.chunk_size = chunk_threshold, chunk_size
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
            except (requests.ConnectionError, requests.Timeout) as exc:
                if not delays:
                    raise connection_problem(exc, self.base_url) from exc
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
            data = response.json()
            if not isinstance(data, (dict, list)):
                raise ValueError(type(data))
            return data
        except ValueError as exc:
            raise PlatformError(
                "L'adresse indiquée ne répond pas comme une plateforme udata.",
                "Vérifiez l'adresse (par exemple https://www.data.gouv.fr).") from exc

    # -- Publisher ----------------------------------------------------------------------------
    def check_connection(self, organization: str | None = None) -> Account:
        """Who the key belongs to; raises a French PlatformError saying exactly what is wrong."""
        try:
            site = self._request("GET", "/site/", "lecture de la plateforme", retry=False)
        except PlatformError as exc:
            if exc.status == 404:
                raise PlatformError("L'adresse indiquée ne répond pas comme une plateforme udata.",
                                    "Vérifiez l'adresse (par exemple https://www.data.gouv.fr).") from exc
            raise
        if "title" not in site and "id" not in site:
            raise PlatformError("L'adresse indiquée ne répond pas comme une plateforme udata.",
                                "Vérifiez l'adresse (par exemple https://www.data.gouv.fr).")
        me = self._request("GET", "/me/", "vérification du compte")
        name = " ".join(p for p in (me.get("first_name"), me.get("last_name")) if p) or me.get("email", "")
        orgs = [(o["id"], o.get("name", o["id"])) for o in me.get("organizations", [])]
        account = Account(name=name, organizations=orgs, user_id=me.get("id", ""))
        self.require_organization(account, organization)
        return account

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

    def plan(self, request: PublicationRequest) -> PublicationPlan:
        account = self.check_connection(None if request.dataset_id else request.organization)
        actions = []
        dataset, existing = None, None
        if request.dataset_id:
            dataset = self._request("GET", f"/datasets/{request.dataset_id}/", "lecture du jeu de données")
            self._check_rights(dataset, account)
            existing = self._find_resource(dataset, request)
            actions.append(f"Mise à jour du jeu de données « {dataset.get('title')} » ({self._page(dataset)})")
        else:
            actions.append(f"Création du jeu de données « {request.title} »"
                           + (" (brouillon privé)" if request.private else " (public)"))
        name = Path(request.file).name
        if existing is not None:
            actions.append(f"Remplacement du fichier « {existing.get('title')} » par « {name} » (même ressource)")
        else:
            actions.append(f"Ajout du fichier « {name} »")
        if request.schema_name:
            actions.append(f"Déclaration du schéma {request.schema_name} {request.schema_version or ''}".strip())
        return PublicationPlan(actions, dataset["id"] if dataset else None, existing["id"] if existing else None)

    def publish(self, request: PublicationRequest, progress: ProgressCallback | None = None,
                on_dataset=None) -> PublicationResult:
        report = progress or (lambda pct, msg: None)
        report(5, "Connexion à la plateforme…")
        account = self.check_connection(None if request.dataset_id else request.organization)
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
        if on_dataset is not None:
            on_dataset(dataset["id"])
        existing = self._find_resource(dataset, request)
        report(40, "Envoi du fichier…")
        file = Path(request.file)
        if file.stat().st_size > self.chunk_threshold:
            resource = self._upload_in_parts(dataset["id"], existing, file, report)
        elif existing is not None:  # replacing the same resource is idempotent: safe to retry
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
        return PublicationResult(dataset_id=dataset["id"], resource_id=resource["id"], url=self._page(dataset),
                                 resource_url=resource.get("latest") or resource.get("url", ""),
                                 replaced=existing is not None)

    def _page(self, dataset: dict) -> str:
        return dataset.get("page") or f"{self.base_url}/datasets/{dataset.get('slug', dataset['id'])}/"

    def _upload_in_parts(self, dataset_id: str, existing: dict | None, file: Path, report) -> dict:
        """udata's chunked upload: parts with a shared uuid, then a final call that assembles them.

        An interrupted upload restarts from the first part with a new uuid: the platform discards
        incomplete parts, and nothing half-sent ever becomes the published file.
        """
        path = (f"/datasets/{dataset_id}/resources/{existing['id']}/upload/" if existing
                else f"/datasets/{dataset_id}/upload/")
        size = file.stat().st_size
        total = (size + self.chunk_size - 1) // self.chunk_size
        upload_id = str(uuid.uuid4())
        with file.open("rb") as handle:
            for index in range(total):
                chunk = handle.read(self.chunk_size)
                report(40 + int(40 * index / total), f"Envoi du fichier : partie {index + 1} sur {total}…")
                self._request("POST", path, "envoi d'une partie du fichier", retry=True,
                              data={"uuid": upload_id, "filename": file.name, "partindex": index,
                                    "partbyteoffset": index * self.chunk_size, "totalparts": total,
                                    "chunksize": len(chunk)},  # this part's size: the last one is shorter
                              files={"file": ("blob", chunk, "application/octet-stream")})
        return self._request("POST", path, "assemblage du fichier", retry=False,
                             data={"uuid": upload_id, "filename": file.name, "totalparts": total})

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
