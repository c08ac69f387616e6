"""Publish to a udata platform (data.gouv.fr, demo.data.gouv.fr, udata-based departmental portals).

Sequence (as data.gouv.fr's own client does): create or reuse the dataset, upload the file as a
new resource or replace the existing resource's file, then PUT the resource metadata with its
`schema {name, version}`. Replacing a file resets the resource title on udata, hence the PUT after.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import requests

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing.base import (Account, ProgressCallback, PublicationPlan, PublicationRequest,
                                                   PublicationResult, Publisher)
from opendata_desktop.core.publishing.http import PlatformClient, is_transient


CHUNK_THRESHOLD = 50 * 1024 * 1024  # larger files go in parts (proxies often cap a request's size)
CHUNK_SIZE = 10 * 1024 * 1024
IDENTITY_EXTRA = "opendata-desktop:identity"  # the dataset's client-chosen identity, kept in its extras


class UdataPublisher(Publisher):
    platform = "udata"

    def __init__(self, base_url: str, api_key: str, session: requests.Session | None = None,
                 chunk_threshold: int = CHUNK_THRESHOLD, chunk_size: int = CHUNK_SIZE):
        self.chunk_threshold, self.chunk_size = chunk_threshold, chunk_size
        base = (base_url or "").strip().rstrip("/")
        if base.endswith("/api/1"):
            base = base[: -len("/api/1")]
        self.client = PlatformClient(base, "X-API-KEY", api_key, session)
        self.base_url = self.client.base_url
        self.api = f"{self.base_url}/api/1"

    @property
    def _sleep(self):
        return self.client.sleep

    @_sleep.setter
    def _sleep(self, function) -> None:  # tests make waits instant
        self.client.sleep = function

    # -- HTTP helpers -------------------------------------------------------------------------
    def _request(self, method: str, path: str, action: str, *, retry: bool | None = None,
                 upload: Path | None = None, **kwargs):
        """One API call. Idempotent calls (GET, PUT) are retried on network faults, 429 and 5xx."""
        retry = method in ("GET", "PUT") if retry is None else retry
        data = self.client.json(method, f"{self.api}{path}", action, retry=retry, upload=upload, **kwargs)
        if not isinstance(data, (dict, list)):
            raise PlatformError("L'adresse indiquée ne répond pas comme une plateforme udata.",
                                "Vérifiez l'adresse (par exemple https://www.data.gouv.fr).")
        return data

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

    def _find_by_identity(self, identity: str | None) -> dict | None:
        """The dataset this client created for the same publication (its extras carry the identity)."""
        if not identity:
            return None
        for path in ("/me/datasets/", "/me/org_datasets/"):
            listing = self._request("GET", path, "recherche du jeu de données")
            items = listing.get("data", []) if isinstance(listing, dict) else listing
            for dataset in items:
                if (dataset.get("extras") or {}).get(IDENTITY_EXTRA) == identity and not dataset.get("deleted"):
                    return dataset
        return None

    def _existing_dataset(self, request: PublicationRequest, account: Account) -> dict | None:
        dataset = None
        if request.dataset_id:
            dataset = self._request("GET", f"/datasets/{request.dataset_id}/", "lecture du jeu de données")
        else:
            dataset = self._find_by_identity(request.identity)
        if dataset is not None:
            self._check_rights(dataset, account)
        return dataset

    def plan(self, request: PublicationRequest) -> PublicationPlan:
        account = self.check_connection(None if request.dataset_id else request.organization)
        actions = []
        dataset = self._existing_dataset(request, account)
        existing = self._find_resource(dataset, request) if dataset else None
        if dataset is not None:
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
        """Create (private) or update the dataset, send the file, describe it, and only then open it.

        A dataset stays private until its file is in place: a failure on the way never leaves a
        public, empty dataset. A creation whose reply was lost is found again by its identity.
        """
        report = progress or (lambda pct, msg: None)
        report(5, "Connexion à la plateforme…")
        account = self.check_connection(None if request.dataset_id else request.organization)
        dataset = self._existing_dataset(request, account)
        if dataset is not None:
            report(20, "Mise à jour des informations du jeu de données…")
            has_file = bool(self._find_resource(dataset, request) or self._files(dataset))
            payload = self._dataset_payload(request, update=True, extras=dataset.get("extras"))
            payload["private"] = bool(request.private or not has_file or dataset.get("private"))
            dataset = self._request("PUT", f"/datasets/{dataset['id']}/", "mise à jour du jeu de données",
                                    json=payload)
        else:
            report(20, "Création du jeu de données…")
            dataset = self._create(request)
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
        if bool(dataset.get("private")) != bool(request.private):
            report(90, "Ouverture du jeu de données au public…" if not request.private else "Passage en privé…")
            # The whole description again: a partial PUT resets the fields it omits (tags on udata 17).
            payload = self._dataset_payload(request, update=True, extras=dataset.get("extras"))
            dataset = self._request("PUT", f"/datasets/{dataset['id']}/", "ouverture du jeu de données",
                                    json=payload)
        report(100, "Publication terminée.")
        return PublicationResult(dataset_id=dataset["id"], resource_id=resource["id"], url=self._page(dataset),
                                 resource_url=resource.get("latest") or resource.get("url", ""),
                                 replaced=existing is not None)

    def _create(self, request: PublicationRequest) -> dict:
        """POST is not idempotent: after a failure with no clear refusal, look the identity up first."""
        payload = self._dataset_payload(request, update=False)
        payload["private"] = True  # opened only once the file is there
        try:
            return self._request("POST", "/datasets/", "création du jeu de données", retry=False, json=payload)
        except PlatformError as exc:
            if not is_transient(exc):
                raise
            found = self._find_by_identity(request.identity)
            if found is None:
                raise
            return found

    @staticmethod
    def _files(dataset: dict) -> list[dict]:
        return [r for r in dataset.get("resources", []) if r.get("filetype") == "file"]

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
    def _dataset_payload(self, request: PublicationRequest, update: bool, extras: dict | None = None) -> dict:
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
        if request.identity:  # the other extras are sent back untouched
            payload["extras"] = {**(extras or {}), IDENTITY_EXTRA: request.identity}
        return payload

    @staticmethod
    def _find_resource(dataset: dict, request: PublicationRequest) -> dict | None:
        """The resource this publication replaces: same schema, else same title; never a duplicate."""
        resources = [r for r in dataset.get("resources", []) if r.get("filetype") == "file"]
        if request.schema_name:
            for resource in resources:
                if (resource.get("schema") or {}).get("name") == request.schema_name:
                    return resource
        wanted = _same_title(request.resource_title or Path(request.file).name)
        for resource in resources:  # udata turns « _ » into « - » in the title of an uploaded file
            if _same_title(resource.get("title") or "") == wanted:
                return resource
        return None


def _same_title(title: str) -> str:
    return re.sub(r"[\s_-]+", "-", title.strip().lower())


def _clean_tags(tags: list[str]) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        tag = tag.strip().lower()
        if 3 <= len(tag) <= 96 and tag not in seen:
            seen.append(tag)
    return seen
