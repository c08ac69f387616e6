"""Publish to a CKAN portal with its action API (package_create/patch, resource_create/patch).

CKAN has no SCDL `schema` field: the schema goes in a resource extra « schema » and a dataset tag.
Write calls refused for the key answer 403 on CKAN (not 401), said plainly here too.
"""

from __future__ import annotations

from pathlib import Path

import requests

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing.base import (Account, PublicationPlan, PublicationRequest, PublicationResult,
                                                   Publisher)
from opendata_desktop.core.publishing.http import TIMEOUT, connection_problem, new_session
from opendata_desktop.core.textnorm import slugify

LICENCE_ID = "etalab-2.0"


class CkanPublisher(Publisher):
    platform = "ckan"

    def __init__(self, base_url: str, api_key: str, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.session = session or new_session()
        self.session.headers["Authorization"] = api_key

    def _action(self, name: str, action: str, *, get: bool = False, missing_ok: bool = False, **kwargs):
        url = f"{self.base_url}/api/3/action/{name}"
        try:
            response = (self.session.get(url, timeout=TIMEOUT, **kwargs) if get
                        else self.session.post(url, timeout=TIMEOUT, **kwargs))
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise connection_problem(exc, self.base_url) from exc
        try:
            data = response.json()
        except ValueError as exc:
            raise PlatformError("L'adresse indiquée ne répond pas comme un portail CKAN.",
                                "Vérifiez l'adresse du portail.") from exc
        if data.get("success"):
            return data["result"]
        error = data.get("error") or {}
        kind = error.get("__type", "")
        if missing_ok and kind == "Not Found Error":
            return None
        if response.status_code == 403 or kind == "Authorization Error":
            raise PlatformError(f"Le portail refuse ({action}) : clé d'API erronée, ou pas de droits sur "
                                "l'organisation.", "Vérifiez la clé dans votre profil sur le portail, et votre "
                                "appartenance à l'organisation.")
        if response.status_code == 409 or kind == "Validation Error":
            details = "; ".join(f"{k} : {', '.join(map(str, v)) if isinstance(v, list) else v}"
                                for k, v in error.items() if k != "__type")
            if "too large" in details.lower():
                raise PlatformError("Le fichier est trop volumineux pour ce portail.",
                                    "Découpez-le ou demandez à l'administrateur d'augmenter la limite.")
            raise PlatformError(f"Le portail a refusé la demande ({action}) : {details}.", "Corrigez puis réessayez.")
        raise PlatformError(f"Le portail rencontre un problème ({action}, erreur {response.status_code}).",
                            "Réessayez plus tard.")

    def check_connection(self, organization: str | None = None) -> Account:
        orgs = self._action("organization_list_for_user", "vérification du compte", get=True,
                            params={"permission": "create_dataset"})
        account = Account(name="clé d'API du portail", organizations=[(o["name"], o.get("title") or o["name"])
                                                                       for o in orgs])
        self.require_organization(account, organization)
        return account

    def _name(self, request: PublicationRequest) -> str:
        return request.dataset_id or slugify(request.title)[:100]

    def plan(self, request: PublicationRequest) -> PublicationPlan:
        self.check_connection(request.organization)
        package = self._action("package_show", "lecture du jeu de données", get=True, missing_ok=True,
                               params={"id": self._name(request)})
        existing = self._existing(package, request)
        name = Path(request.file).name
        actions = [f"Mise à jour du jeu de données « {self._name(request)} »" if package else
                   f"Création du jeu de données « {self._name(request)} »",
                   f"Remplacement du fichier par « {name} »" if existing else f"Ajout du fichier « {name} »"]
        return PublicationPlan(actions, package["id"] if package else None, existing["id"] if existing else None)

    @staticmethod
    def _existing(package: dict | None, request: PublicationRequest) -> dict | None:
        for resource in (package or {}).get("resources", []):
            if request.schema_name and resource.get("schema") == request.schema_name:
                return resource
        return None

    def publish(self, request: PublicationRequest, progress=None, on_dataset=None) -> PublicationResult:
        report = progress or (lambda pct, msg: None)
        report(5, "Connexion au portail…")
        self.check_connection(request.organization)
        name = self._name(request)
        tags = [{"name": t} for t in dict.fromkeys(["scdl", *request.tags]) if 2 <= len(t) <= 100]
        fields = {"title": request.title, "notes": request.description, "license_id": LICENCE_ID,
                  "private": request.private, "tags": tags}
        package = self._action("package_show", "lecture du jeu de données", get=True, missing_ok=True,
                               params={"id": name})
        if package is None:
            report(20, "Création du jeu de données…")
            package = self._action("package_create", "création du jeu de données",
                                   json={"name": name, "owner_org": request.organization, **fields})
        else:
            report(20, "Mise à jour du jeu de données…")
            package = self._action("package_patch", "mise à jour du jeu de données", json={"id": package["id"], **fields})
        if on_dataset is not None:
            on_dataset(name)
        existing = self._existing(package, request)
        report(50, "Envoi du fichier…")
        data = {"name": Path(request.file).name, "format": "CSV",
                "schema": request.schema_name or "", "schema_version": request.schema_version or ""}
        with Path(request.file).open("rb") as handle:
            files = {"upload": (Path(request.file).name, handle, "text/csv")}
            if existing is not None:  # patch keeps the other fields; format is sent again (CKAN #7415)
                resource = self._action("resource_patch", "remplacement du fichier", data={"id": existing["id"], **data},
                                        files=files)
            else:
                resource = self._action("resource_create", "envoi du fichier",
                                        data={"package_id": package["id"], **data}, files=files)
        report(100, "Publication terminée.")
        return PublicationResult(dataset_id=name, resource_id=resource["id"], url=f"{self.base_url}/dataset/{name}",
                                 resource_url=resource.get("url", ""), replaced=existing is not None)
