"""Publish to a CKAN portal with its action API (package_create/patch, resource_create/patch).

Verified against a real CKAN 2.12 (tests/test_publishing_ckan.py). CKAN has no SCDL `schema` field:
the schema goes in the resource's extra « schema » (and « schema_version ») and a dataset tag. Write
calls refused for the key answer 403 on CKAN (not 401), said plainly here too.

The dataset's `name` is the client-chosen identity: it is looked up before creating and after any
failure, so a retry after a lost reply updates the first dataset. A new dataset is created private
and opened only once its file is in place.
"""

from __future__ import annotations

import re
from pathlib import Path

import requests

from opendata_desktop.core.errors import PlatformError, UsageError
from opendata_desktop.core.publishing.base import (Account, PublicationPlan, PublicationRequest, PublicationResult,
                                                   Publisher)
from opendata_desktop.core.publishing.http import PlatformClient, is_transient

LICENCE_ID = "etalab-2.0"
DEFAULT_MAX_MB = 10  # CKAN's default ckan.max_resource_size
IDENTITY_EXTRA = "opendata-desktop:identity"


class CkanPublisher(Publisher):
    platform = "ckan"

    def __init__(self, base_url: str, api_key: str, session: requests.Session | None = None,
                 max_upload_mb: float | None = None):
        self.client = PlatformClient(base_url, "Authorization", api_key, session)
        self.base_url = self.client.base_url
        self.max_upload_mb = max_upload_mb  # from the platform's profile, when its administrator said it

    def _action(self, name: str, action: str, *, get: bool = False, missing_ok: bool = False,
                retry: bool | None = None, upload: Path | None = None, **kwargs):
        url = f"{self.base_url}/api/3/action/{name}"
        response = self.client.send("GET" if get else "POST", url, action, retry=retry, upload=upload,
                                    upload_field="upload", ok_statuses=(400, 403, 404, 409), **kwargs)
        try:
            data = response.json()
        except ValueError as exc:
            raise PlatformError("L'adresse indiquée ne répond pas comme un portail CKAN.",
                                "Vérifiez l'adresse du portail.") from exc
        if isinstance(data, dict) and data.get("success"):
            return data["result"]
        error = (data.get("error") if isinstance(data, dict) else None) or {}
        kind = error.get("__type", "")
        if missing_ok and (kind == "Not Found Error" or response.status_code == 404):
            return None
        raise self._refusal(response.status_code, kind, error, action, upload)

    def _refusal(self, status: int, kind: str, error: dict, action: str, upload: Path | None) -> PlatformError:
        if status == 403 or kind == "Authorization Error":
            exc = PlatformError(f"Le portail refuse ({action}) : clé d'API erronée, ou pas de droits sur "
                                "l'organisation.", "Vérifiez la clé dans votre profil sur le portail, et votre "
                                "appartenance à l'organisation (rôle « éditeur » au moins).")
        elif kind == "Validation Error" or status == 409:
            details = "; ".join(f"{k} : {', '.join(map(str, v)) if isinstance(v, list) else v}"
                                for k, v in error.items() if not k.startswith("__"))
            if "too large" in details.lower():
                exc = self._too_large(upload)
            else:
                exc = PlatformError(f"Le portail a refusé la demande ({action}) : {details}.",
                                    "Corrigez puis réessayez.")
        elif status == 404 or kind == "Not Found Error":
            exc = PlatformError(f"Le portail ne trouve pas ce qui est demandé ({action}).",
                                "Vérifiez l'adresse du portail et l'identifiant du jeu de données.")
        else:
            exc = PlatformError(f"Le portail rencontre un problème ({action}, erreur {status}).",
                                "Réessayez plus tard.")
        exc.status = status
        return exc

    def _too_large(self, upload: Path | None) -> PlatformError:
        size = f"{upload.stat().st_size / 1024 / 1024:.1f}".replace(".", ",") + " Mo" if upload else "le fichier"
        if self.max_upload_mb:
            limit = f"{self.max_upload_mb:g}".replace(".", ",")
            message = f"Le fichier ({size}) dépasse la taille maximale acceptée par ce portail : {limit} Mo."
        else:
            message = (f"Le fichier ({size}) dépasse la taille maximale acceptée par ce portail CKAN "
                       f"(réglage ckan.max_resource_size : {DEFAULT_MAX_MB} Mo par défaut, son administrateur "
                       "a pu la changer).")
        return PlatformError(message, "Découpez le fichier (par exemple par année), ou demandez à "
                                      "l'administrateur du portail d'augmenter la limite.")

    # -- Publisher ----------------------------------------------------------------------------
    def check_connection(self, organization: str | None = None) -> Account:
        status = self._action("status_show", "lecture du portail", get=True)
        if not isinstance(status, dict) or "ckan_version" not in status:
            raise PlatformError("L'adresse indiquée ne répond pas comme un portail CKAN.",
                                "Vérifiez l'adresse du portail.")
        # CKAN reads an unknown token as an anonymous visitor (reads succeed, writes get 403):
        # user_show without an id names the key's owner, and finds nobody for a wrong key.
        user = self._action("user_show", "vérification de la clé", get=True, missing_ok=True)
        if not user:
            exc = self._refusal(403, "Authorization Error", {}, "vérification de la clé", None)
            raise exc
        orgs = self._action("organization_list_for_user", "vérification du compte", get=True,
                            params={"permission": "create_dataset"})
        account = Account(name=user.get("fullname") or user.get("name") or "clé d'API du portail",
                          organizations=[(o["name"], o.get("title") or o["name"]) for o in orgs],
                          user_id=user.get("id", ""))
        self.require_organization(account, organization)
        return account

    @staticmethod
    def _name(request: PublicationRequest) -> str:
        """CKAN names: 2–100 characters among a-z, 0-9, « - » and « _ »."""
        return request.platform_name(100)

    @staticmethod
    def _organization(request: PublicationRequest, account: Account) -> str:
        if request.organization:
            return request.organization
        if len(account.organizations) == 1:
            return account.organizations[0][0]
        if not account.organizations:
            raise PlatformError("Ce compte n'appartient à aucune organisation du portail : CKAN ne publie qu'au nom "
                                "d'une organisation.", "Demandez à l'administrateur du portail de vous ajouter à "
                                "celle de votre commune (rôle « éditeur »).")
        names = ", ".join(f"{n} ({o})" for o, n in account.organizations)
        raise UsageError("Ce compte peut publier pour plusieurs organisations : indiquez laquelle.",
                         f"Organisations : {names}.")

    def _show(self, name: str) -> dict | None:
        return self._action("package_show", "lecture du jeu de données", get=True, missing_ok=True,
                            params={"id": name})

    def plan(self, request: PublicationRequest) -> PublicationPlan:
        account = self.check_connection(request.organization)
        name = self._name(request)
        package = self._show(name)
        existing = self._existing(package, request)
        file_name = Path(request.file).name
        actions = [f"Mise à jour du jeu de données « {name} »" if package else
                   f"Création du jeu de données « {name} » dans l'organisation "
                   f"« {self._organization(request, account)} »"
                   + (" (privé)" if request.private else ""),
                   f"Remplacement du fichier par « {file_name} » (même ressource)" if existing else
                   f"Ajout du fichier « {file_name} »"]
        if request.schema_name:
            actions.append(f"Schéma {request.schema_name} noté sur le fichier")
        return PublicationPlan(actions, package["id"] if package else None, existing["id"] if existing else None)

    @staticmethod
    def _existing(package: dict | None, request: PublicationRequest) -> dict | None:
        resources = [r for r in (package or {}).get("resources", []) if r.get("url_type") == "upload"]
        if request.schema_name:
            for resource in resources:
                if resource.get("schema") == request.schema_name:
                    return resource
        wanted = request.resource_title or Path(request.file).name
        return next((r for r in resources if r.get("name") == wanted), None)

    def _extras(self, request: PublicationRequest, package: dict | None) -> list[dict]:
        """All the dataset's extras: the others are sent back untouched (a patch replaces the list)."""
        extras = {e["key"]: e["value"] for e in (package or {}).get("extras", [])}
        if request.identity:
            extras[IDENTITY_EXTRA] = request.identity
        if request.spatial_zones:
            extras["spatial_uri"] = ",".join(request.spatial_zones)
        if request.temporal_start:
            extras["temporal_start"] = request.temporal_start
            extras["temporal_end"] = request.temporal_end or request.temporal_start
        if request.frequency:
            extras["frequency"] = request.frequency
        return [{"key": k, "value": v} for k, v in extras.items()]

    def publish(self, request: PublicationRequest, progress=None, on_dataset=None) -> PublicationResult:
        report = progress or (lambda pct, msg: None)
        report(5, "Connexion au portail…")
        account = self.check_connection(request.organization)
        name = self._name(request)
        tags = [{"name": t} for t in dict.fromkeys(["scdl", *request.tags])
                if 2 <= len(t) <= 100 and re.fullmatch(r"[\w .-]+", t)]
        fields = {"title": request.title, "notes": request.description, "license_id": LICENCE_ID, "tags": tags}
        package = self._show(name)
        if package is None:
            report(20, "Création du jeu de données…")
            package = self._create(name, request, account, fields)
        else:
            report(20, "Mise à jour du jeu de données…")
            keep_private = request.private or package.get("private") or not self._existing(package, request)
            package = self._action("package_patch", "mise à jour du jeu de données", retry=True,
                                   json={"id": package["id"], **fields, "private": bool(keep_private),
                                         "extras": self._extras(request, package)})
        if on_dataset is not None:
            on_dataset(name)
        existing = self._existing(package, request)
        report(50, "Envoi du fichier…")
        file = Path(request.file)
        data = {"name": request.resource_title or file.name, "format": "CSV",
                "schema": request.schema_name or "", "schema_version": request.schema_version or ""}
        if existing is not None:  # patch keeps the resource's other extras; format is sent again (CKAN #7415)
            resource = self._action("resource_patch", "remplacement du fichier", retry=True, upload=file,
                                    data={"id": existing["id"], **data})
        else:
            resource = self._action("resource_create", "envoi du fichier", retry=False, upload=file,
                                    data={"package_id": package["id"], **data})
        if bool(package.get("private")) != bool(request.private):
            report(90, "Ouverture du jeu de données au public…" if not request.private else "Passage en privé…")
            package = self._action("package_patch", "ouverture du jeu de données", retry=True,
                                   json={"id": package["id"], "private": bool(request.private)})
        report(100, "Publication terminée.")
        return PublicationResult(dataset_id=name, resource_id=resource["id"], url=f"{self.base_url}/dataset/{name}",
                                 resource_url=resource.get("url", ""), replaced=existing is not None)

    def _create(self, name: str, request: PublicationRequest, account: Account, fields: dict) -> dict:
        """package_create is not idempotent: after a lost reply (or « URL already in use »), look it up."""
        payload = {"name": name, "owner_org": self._organization(request, account), **fields,
                   "private": True, "extras": self._extras(request, None)}
        try:
            return self._action("package_create", "création du jeu de données", retry=False, json=payload)
        except PlatformError as exc:
            if not (is_transient(exc) or exc.status == 409):
                raise
            found = self._show(name)
            if found is None:
                raise
            return found
