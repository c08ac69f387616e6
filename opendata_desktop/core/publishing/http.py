"""HTTP session for platforms: OS trust store, explicit timeouts, errors turned into French."""

from __future__ import annotations

import requests

from opendata_desktop import __version__
from opendata_desktop.core.errors import PlatformError

TIMEOUT = (10, 120)  # connect, read (seconds)


def use_system_trust_store() -> None:
    """Administrations inspect TLS through proxies whose certificate is in the Windows store only."""
    try:
        import truststore

        truststore.inject_into_ssl()
    except Exception:  # pragma: no cover - truststore missing or unsupported: keep certifi
        pass


def new_session(api_key_header: str | None = None, api_key: str | None = None) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = f"opendata-desktop/{__version__}"
    if api_key_header and api_key:
        session.headers[api_key_header] = api_key
    return session


def connection_problem(exc: requests.RequestException, url: str) -> PlatformError:
    """Tell apart what a secretary can act on: the address, the proxy, the certificate, the platform."""
    text = str(exc).lower()
    if isinstance(exc, requests.exceptions.ProxyError):
        return PlatformError("Le proxy du réseau bloque la connexion à la plateforme.",
                             "Demandez à votre service informatique les réglages du proxy.")
    if isinstance(exc, requests.exceptions.SSLError):
        return PlatformError("Le certificat de la plateforme n'a pas pu être vérifié.",
                             "Sur un réseau d'administration, un proxy filtre souvent les connexions : demandez à "
                             "votre service informatique d'installer son certificat dans Windows.")
    if any(word in text for word in ("name or service not known", "nodename nor servname", "getaddrinfo",
                                     "name resolution", "no address associated")):
        return PlatformError(f"L'adresse « {url} » n'existe pas (nom inconnu sur Internet).",
                             "Vérifiez l'adresse de la plateforme (par exemple https://www.data.gouv.fr).")
    if isinstance(exc, requests.exceptions.Timeout):
        return PlatformError("La plateforme n'a pas répondu à temps.",
                             "Réessayez plus tard ; la publication peut être mise en attente.")
    return PlatformError(f"La plateforme « {url} » ne répond pas : elle est arrêtée, ou l'adresse est erronée, "
                         "ou la connexion Internet est coupée.",
                         "Vérifiez l'adresse et la connexion, puis réessayez ; la publication peut être mise "
                         "en attente et partira toute seule plus tard.")


def raise_for_platform(response: requests.Response, action: str) -> None:
    """Explain a refused request in plain French (never « publié » when it was not)."""
    if response.ok:
        return
    try:
        _raise_refusal(response, action)
    except PlatformError as exc:
        exc.status = response.status_code
        raise


def _raise_refusal(response: requests.Response, action: str) -> None:
    status = response.status_code
    detail = _server_detail(response)
    if status == 401:
        raise PlatformError(
            f"La plateforme a refusé la clé d'API ({action}) : clé erronée, expirée ou révoquée.",
            "Créez une nouvelle clé dans votre profil sur la plateforme et enregistrez-la dans "
            "les réglages de publication.")
    if status == 403:
        raise PlatformError(
            f"Ce compte n'a pas les droits nécessaires ({action}).",
            "Demandez à l'administrateur de l'organisation sur la plateforme de vous y ajouter.")
    if status == 404:
        raise PlatformError(
            f"La plateforme ne trouve pas ce qui est demandé ({action}).",
            "Vérifiez l'adresse de la plateforme, et que le jeu de données n'a pas été supprimé.")
    if status == 413:
        raise PlatformError(
            "Le fichier est trop volumineux pour la plateforme.",
            "Découpez-le (par année) ou contactez l'administrateur de la plateforme.")
    if status in (400, 409, 415, 422):
        raise PlatformError(
            f"La plateforme a refusé la demande ({action}) : {detail or 'données non acceptées'}.",
            "Corrigez les informations indiquées puis réessayez.")
    if status == 423:
        raise PlatformError("La plateforme est en maintenance (lecture seule).",
                            "Réessayez plus tard ; rien n'a été publié.")
    if status >= 500:
        raise PlatformError(
            f"La plateforme rencontre un problème ({action}, erreur {status}).",
            "Réessayez dans quelques minutes ; si cela continue, prévenez l'administrateur de la plateforme.")
    raise PlatformError(f"Réponse inattendue de la plateforme ({action}, code {status}).",
                        "Réessayez plus tard.")


def _server_detail(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, dict):
        if isinstance(data.get("errors"), dict):
            parts = []
            for key, value in data["errors"].items():
                parts.append(f"{key} : {_flatten(value)}")
            return " ; ".join(parts)
        if data.get("message"):
            return str(data["message"])
        if data.get("error"):
            return str(data["error"])
    return ""


def _flatten(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_flatten(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_flatten(v) for v in value)
    return str(value)
