"""Publish to an OpenDataSoft (Huwise) portal with its Automation API v1.0.

Sequence from the public OpenAPI description: find the dataset by its `dataset_id` (the client-chosen
identity) or create it, upload the file (`resources/files/`, multipart field `file`), attach it as a
resource or replace the resource's file, set the metadata one field per call in its template
(`default/title`, `default/description`, `default/keyword`, `internal/license_id`, `dcat/temporal`),
then publish. Publishing is asynchronous on OpenDataSoft: the adapter polls `/status/` until the
portal says the dataset is `idle` and published, and never says « publié » before that.

OpenDataSoft has no SCDL `schema` field: conformity is recorded as keywords (« SCDL »,
« schema:name@version »).
"""

from __future__ import annotations

from pathlib import Path

import requests

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing.base import (Account, PublicationPlan, PublicationRequest, PublicationResult,
                                                   Publisher)
from opendata_desktop.core.publishing.http import PlatformClient, is_transient

# The portal's licence identifier for the Licence Ouverte 2.0: portals name their licences themselves;
# this is the usual identifier on French portals. A portal that refuses it says so in a clear 400.
LICENCE_ID = "licence-ouverte-v2-0"
PUBLISH_TIMEOUT = 600.0  # seconds the portal may take to process the file before we stop waiting
POLL_DELAYS = (1.0, 2.0, 3.0, 5.0, 8.0, 13.0)  # then 15 s between polls


class OdsPublisher(Publisher):
    platform = "ods"

    def __init__(self, base_url: str, api_key: str, session: requests.Session | None = None,
                 publish_timeout: float = PUBLISH_TIMEOUT):
        self.client = PlatformClient(base_url, "Authorization", f"Apikey {api_key}", session)
        self.base_url = self.client.base_url
        self.api = f"{self.base_url}/api/automation/v1.0"
        self.publish_timeout = publish_timeout

    def _call(self, method: str, path: str, action: str, **kwargs):
        return self.client.json(method, f"{self.api}{path}", action, **kwargs)

    def check_connection(self, organization: str | None = None) -> Account:
        data = self._call("GET", "/datasets/", "vérification de la clé", params={"limit": 1})
        if not isinstance(data, dict) or "results" not in data:
            raise PlatformError("L'adresse indiquée ne répond pas comme un portail OpenDataSoft.",
                                "Vérifiez l'adresse du portail (par exemple https://data.mon-departement.fr).")
        return Account(name="clé d'API du portail", organizations=[])

    @staticmethod
    def _dataset_id(request: PublicationRequest) -> str:
        return request.platform_name(80)

    def _find(self, dataset_id: str) -> dict | None:
        results = self._call("GET", "/datasets/", "recherche du jeu de données",
                             params={"dataset_id": dataset_id}).get("results", [])
        return next((d for d in results if d.get("dataset_id") == dataset_id), None)

    def _resource(self, uid: str, title: str) -> dict | None:
        for resource in self._call("GET", f"/datasets/{uid}/resources/", "lecture des fichiers").get("results", []):
            if resource.get("title") == title:
                return resource
        return None

    @staticmethod
    def _title(request: PublicationRequest) -> str:
        return request.resource_title or "donnees.csv"  # a stable title: next year's file replaces it

    def plan(self, request: PublicationRequest) -> PublicationPlan:
        self.check_connection()
        dataset_id = self._dataset_id(request)
        dataset = self._find(dataset_id)
        name = Path(request.file).name
        existing = self._resource(dataset["uid"], self._title(request)) if dataset else None
        actions = [f"Mise à jour du jeu de données « {dataset_id} »" if dataset else
                   f"Création du jeu de données « {dataset_id} »",
                   f"Remplacement du fichier par « {name} » (même ressource)" if existing else
                   f"Ajout du fichier « {name} »",
                   "Mots-clés SCDL et schéma, puis publication du jeu de données (traitée par le portail)"]
        return PublicationPlan(actions, dataset["uid"] if dataset else None, existing["uid"] if existing else None)

    def publish(self, request: PublicationRequest, progress=None, on_dataset=None) -> PublicationResult:
        report = progress or (lambda pct, msg: None)
        report(5, "Connexion au portail…")
        self.check_connection()
        dataset_id = self._dataset_id(request)
        dataset = self._find(dataset_id)
        if dataset is None:
            report(15, "Création du jeu de données…")
            dataset = self._create(dataset_id, request)
        uid = dataset["uid"]
        if on_dataset is not None:
            on_dataset(dataset_id)
        report(30, "Envoi du fichier…")
        file = Path(request.file)
        # Uploading a file only stores it (it is not attached yet): safe to repeat after a fault.
        uploaded = self._call("POST", f"/datasets/{uid}/resources/files/", "envoi du fichier", retry=True,
                              upload=file, upload_field="file")
        title = self._title(request)
        body = {"type": "csvfile", "title": title,
                "params": {"headers_first_row": True, "separator": ",", "encoding": "utf-8", "doublequote": True},
                "datasource": {"type": "uploaded_file", "file": {"uid": uploaded["uid"]}}}
        existing = self._resource(uid, title)
        if existing is not None:
            self._call("PUT", f"/datasets/{uid}/resources/{existing['uid']}/", "remplacement du fichier",
                       retry=True, json=body)
            resource = existing
        else:
            resource = self._attach(uid, title, body)
        report(55, "Description du jeu de données…")
        for template, name, value in self._metadata(request):
            self._call("PUT", f"/datasets/{uid}/metadata/{template}/{name}/", f"métadonnée « {template}/{name} »",
                       retry=True, json={"value": value})
        if bool(dataset.get("is_restricted")) != bool(request.private):
            # PUT replaces the dataset: send it back whole, with only the visibility changed.
            body = {k: dataset[k] for k in ("dataset_id", "metadata", "default_security") if dataset.get(k)}
            self._call("PUT", f"/datasets/{uid}/", "visibilité du jeu de données", retry=True,
                       json={**body, "is_restricted": bool(request.private)})
        report(70, "Publication demandée, le portail traite le fichier…")
        self._call("POST", f"/datasets/{uid}/publish/", "publication du jeu de données", retry=True)
        self._wait_until_published(uid, report)
        report(100, "Publication terminée : le portail a publié le jeu de données.")
        return PublicationResult(dataset_id=dataset_id, resource_id=resource.get("uid", ""),
                                 url=f"{self.base_url}/explore/dataset/{dataset_id}/",
                                 resource_url=f"{self.base_url}/explore/dataset/{dataset_id}/export/",
                                 replaced=existing is not None)

    def _create(self, dataset_id: str, request: PublicationRequest) -> dict:
        """POST is not idempotent: after a failure with no clear refusal, look the identity up first.

        The dataset is not published until its file is processed, so it is never public and empty."""
        body = {"dataset_id": dataset_id, "is_restricted": bool(request.private),
                "metadata": {"default": {"title": {"value": request.title}}}}
        try:
            return self._call("POST", "/datasets/", "création du jeu de données", retry=False, json=body)
        except PlatformError as exc:
            if not is_transient(exc):
                raise
            found = self._find(dataset_id)
            if found is None:
                raise
            return found

    def _attach(self, uid: str, title: str, body: dict) -> dict:
        try:
            return self._call("POST", f"/datasets/{uid}/resources/", "ajout du fichier", retry=False, json=body)
        except PlatformError as exc:
            if not is_transient(exc):
                raise
            found = self._resource(uid, title)
            if found is None:
                raise
            self._call("PUT", f"/datasets/{uid}/resources/{found['uid']}/", "remplacement du fichier",
                       retry=True, json=body)
            return found

    @staticmethod
    def _metadata(request: PublicationRequest) -> list[tuple[str, str, object]]:
        keywords = ["SCDL", *request.tags] if request.schema_name and request.schema_name.startswith("scdl/") \
            else list(request.tags)
        if request.schema_name:
            keywords.append(f"schema:{request.schema_name}@{request.schema_version or 'latest'}")
        fields: list[tuple[str, str, object]] = [
            ("default", "title", request.title), ("default", "description", request.description),
            ("default", "keyword", list(dict.fromkeys(keywords))), ("internal", "license_id", LICENCE_ID)]
        if request.temporal_start:
            fields.append(("dcat", "temporal",
                           f"{request.temporal_start}/{request.temporal_end or request.temporal_start}"))
        return fields

    def _wait_until_published(self, uid: str, report) -> None:
        """Poll the dataset status until the portal has published it; a refusal or a timeout says so."""
        clock, deadline = self.client.clock, self.client.clock() + self.publish_timeout
        delays = list(POLL_DELAYS)
        while True:
            status = self._call("GET", f"/datasets/{uid}/status/", "suivi de la publication")
            state = status.get("status")
            if state == "idle" and status.get("is_published"):
                return
            if state in ("error", "limit_reached") or (state == "idle" and not status.get("is_published")):
                detail = status.get("message") or (status.get("params") or {}).get("error") or state
                error = PlatformError(
                    f"Le portail n'a pas publié le jeu de données : le traitement du fichier a échoué ({detail}).",
                    "Le fichier a bien été envoyé mais n'est pas en ligne. Transmettez ce message à "
                    "l'administrateur du portail.")
                error.status = 422  # a refusal from the platform: retrying as is would fail again
                raise error
            delay = delays.pop(0) if delays else 15.0
            if clock() + delay > deadline:
                raise PlatformError(
                    "Le portail n'a pas fini de traiter le fichier dans le délai : le jeu de données n'est pas "
                    "encore publié.",
                    "Le portail continue le traitement ; vérifiez plus tard sur le portail, ou relancez la "
                    "publication (elle mettra à jour le même jeu de données).")
            report(75, "Le portail traite le fichier…" if state == "processing" else "Publication en file "
                                                                                     "d'attente sur le portail…")
            self.client.sleep(delay)
