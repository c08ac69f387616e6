"""Publish to an OpenDataSoft (Huwise) portal with its Automation API v1.

Sequence from the published API: find or create the dataset, upload the file, attach it as a resource
(or replace the resource's file), set the metadata one field at a time, then publish. OpenDataSoft
has no SCDL `schema` field: conformity is recorded as keywords (« SCDL », « schema:name@version »).
"""

from __future__ import annotations

from pathlib import Path

import requests

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing.base import (Account, PublicationPlan, PublicationRequest, PublicationResult,
                                                   Publisher)
from opendata_desktop.core.publishing.http import TIMEOUT, connection_problem, new_session, raise_for_platform
from opendata_desktop.core.textnorm import slugify

LICENCE = "Licence Ouverte v2.0 (Etalab)"


class OdsPublisher(Publisher):
    platform = "ods"

    def __init__(self, base_url: str, api_key: str, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.api = f"{self.base_url}/api/automation/v1.0"
        self.session = session or new_session()
        self.session.headers["Authorization"] = f"Apikey {api_key}"

    def _call(self, method: str, path: str, action: str, **kwargs):
        try:
            response = self.session.request(method, f"{self.api}{path}", timeout=TIMEOUT, **kwargs)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise connection_problem(exc, self.base_url) from exc
        raise_for_platform(response, action)
        return response.json() if response.content else {}

    def check_connection(self, organization: str | None = None) -> Account:
        data = self._call("GET", "/datasets/", "vérification de la clé", params={"limit": 1})
        if not isinstance(data, dict) or "results" not in data:
            raise PlatformError("L'adresse indiquée ne répond pas comme un portail OpenDataSoft.",
                                "Vérifiez l'adresse du portail (par exemple https://data.mon-departement.fr).")
        return Account(name="clé d'API du portail", organizations=[])

    def _dataset_id(self, request: PublicationRequest) -> str:
        return request.dataset_id or slugify(request.title)[:80]

    def _find(self, dataset_id: str) -> dict | None:
        results = self._call("GET", "/datasets/", "recherche du jeu de données",
                             params={"dataset_id": dataset_id}).get("results", [])
        return results[0] if results else None

    def _resource(self, uid: str, title: str) -> dict | None:
        for resource in self._call("GET", f"/datasets/{uid}/resources/", "lecture des fichiers").get("results", []):
            if resource.get("title") == title:
                return resource
        return None

    def plan(self, request: PublicationRequest) -> PublicationPlan:
        self.check_connection()
        dataset_id = self._dataset_id(request)
        dataset = self._find(dataset_id)
        title = Path(request.file).name
        existing = self._resource(dataset["uid"], request.resource_title or "donnees.csv") if dataset else None
        actions = [f"Mise à jour du jeu de données « {dataset_id} »" if dataset else
                   f"Création du jeu de données « {dataset_id} »",
                   f"Remplacement du fichier par « {title} »" if existing else f"Ajout du fichier « {title} »",
                   "Mots-clés SCDL et schéma, puis publication du jeu de données"]
        return PublicationPlan(actions, dataset["uid"] if dataset else None, existing["uid"] if existing else None)

    def publish(self, request: PublicationRequest, progress=None, on_dataset=None) -> PublicationResult:
        report = progress or (lambda pct, msg: None)
        report(5, "Connexion au portail…")
        self.check_connection()
        dataset_id = self._dataset_id(request)
        dataset = self._find(dataset_id)
        if dataset is None:
            report(15, "Création du jeu de données…")
            dataset = self._call("POST", "/datasets/", "création du jeu de données",
                                 json={"dataset_id": dataset_id, "is_restricted": request.private,
                                       "metadata": {"default": {"title": {"value": request.title}}}})
        uid = dataset["uid"]
        if on_dataset is not None:
            on_dataset(dataset_id)
        report(35, "Envoi du fichier…")
        with Path(request.file).open("rb") as handle:
            uploaded = self._call("POST", f"/datasets/{uid}/resources/files/", "envoi du fichier",
                                  files={"file": (Path(request.file).name, handle, "text/csv")})
        title = request.resource_title or "donnees.csv"  # a stable title: next year's file replaces it
        body = {"type": "csvfile", "title": title,
                "datasource": {"type": "uploaded_file", "file": {"uid": uploaded["uid"]}}}
        existing = self._resource(uid, title)
        if existing is not None:
            resource = self._call("PUT", f"/datasets/{uid}/resources/{existing['uid']}/", "remplacement du fichier",
                                  json=body)
        else:
            resource = self._call("POST", f"/datasets/{uid}/resources/", "ajout du fichier", json=body)
        report(65, "Description du jeu de données…")
        keywords = ["SCDL", *request.tags]
        if request.schema_name:
            keywords.append(f"schema:{request.schema_name}@{request.schema_version or 'latest'}")
        for name, value in (("title", request.title), ("description", request.description),
                            ("keyword", list(dict.fromkeys(keywords))), ("license", LICENCE)):
            self._call("PUT", f"/datasets/{uid}/metadata/default/{name}/", f"métadonnée « {name} »",
                       json={"value": value})
        if request.temporal_start:
            self._call("PUT", f"/datasets/{uid}/metadata/dcat/temporal/", "couverture temporelle",
                       json={"value": f"{request.temporal_start}/{request.temporal_end or request.temporal_start}"})
        report(85, "Publication…")
        self._call("POST", f"/datasets/{uid}/publish/", "publication du jeu de données")
        report(100, "Publication demandée : le portail la traite dans quelques minutes.")
        return PublicationResult(dataset_id=dataset_id, resource_id=resource.get("uid", ""),
                                 url=f"{self.base_url}/explore/dataset/{dataset_id}/",
                                 resource_url=f"{self.base_url}/explore/dataset/{dataset_id}/export/",
                                 replaced=existing is not None)
