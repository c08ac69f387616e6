"""HTTP for platforms: the key stays with its host, bounded waits, retries, errors turned into French.

Every adapter (udata, OpenDataSoft, CKAN) goes through `PlatformClient.send`, so the same rules hold
everywhere: `https://` unless the address is on this computer; the API key is only ever sent to the
exact origin (scheme, host, port) it was given for, never to a redirect target; reads (GET) are retried
inside a total time budget; 429 honours `Retry-After`; writes that are not idempotent are never
silently repeated (the adapters look the object up instead).
"""

from __future__ import annotations

import ipaddress
import time
from urllib.parse import urlsplit

import requests

from opendata_desktop import __version__
from opendata_desktop.core.errors import PlatformError, UsageError

TIMEOUT = (10, 120)  # connect, read (seconds) for one request that sends a file
READ_TIMEOUT = (5, 20)  # one attempt of a read (GET)
READ_BUDGET = 60.0  # seconds: all the attempts of one read together
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0)
MAX_RETRY_AFTER = 30.0  # a platform asking to wait longer is reported, not waited for
TRANSIENT_STATUSES = {429, 500, 502, 503, 504}


def use_system_trust_store() -> None:
    """Administrations inspect TLS through proxies whose certificate is in the Windows store only."""
    try:
        import truststore

        truststore.inject_into_ssl()
    except Exception:  # pragma: no cover - truststore missing or unsupported: keep certifi
        pass


def origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = (parts.scheme or "").lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, (parts.hostname or "").lower(), port


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def platform_address(url: str) -> str:
    """The platform's base address, checked: https (or this computer), no trailing slash, no path noise."""
    url = (url or "").strip().rstrip("/")
    if "://" not in url and url:
        url = "https://" + url  # « data.gouv.fr » typed without the scheme
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UsageError(f"L'adresse « {url} » n'est pas une adresse de plateforme.",
                         "Exemple : https://www.data.gouv.fr")
    if parts.scheme == "http" and not is_loopback(url):
        raise UsageError(
            "L'adresse de la plateforme doit commencer par https:// : en http, la clé d'API circulerait en clair.",
            f"Utilisez https://{url.split('://', 1)[1]}")
    if parts.username or parts.password:
        raise UsageError("L'adresse de la plateforme ne doit pas contenir d'identifiant ni de mot de passe.",
                         "Indiquez seulement l'adresse, par exemple https://www.data.gouv.fr ; la clé d'API "
                         "s'enregistre à part.")
    return url


class KeyedSession(requests.Session):
    """A session that sends the key header only to the origin it was given for.

    requests drops `Authorization` on a redirect to another host but keeps custom headers such as
    `X-API-KEY`; here the key header is removed whatever its name as soon as the origin changes.
    """

    def __init__(self, base_url: str, header: str | None = None, key: str | None = None):
        super().__init__()
        self.headers["User-Agent"] = f"opendata-desktop/{__version__}"
        self.key_origin = origin(base_url)
        self.key_header = header
        self._key = key

    def prepare_request(self, request):
        prepared = super().prepare_request(request)
        if self.key_header and self._key:
            if origin(prepared.url) == self.key_origin:
                prepared.headers[self.key_header] = self._key
            else:
                prepared.headers.pop(self.key_header, None)
        return prepared

    def rebuild_auth(self, prepared_request, response):
        super().rebuild_auth(prepared_request, response)
        if self.key_header and origin(prepared_request.url) != self.key_origin:
            prepared_request.headers.pop(self.key_header, None)


def new_session(api_key_header: str | None = None, api_key: str | None = None,
                base_url: str | None = None) -> requests.Session:
    if base_url is None:
        session = requests.Session()
        session.headers["User-Agent"] = f"opendata-desktop/{__version__}"
        return session
    return KeyedSession(base_url, api_key_header, api_key)


class PlatformClient:
    """One platform address, one key, the same rules for every call."""

    sleep = staticmethod(time.sleep)
    clock = staticmethod(time.monotonic)

    def __init__(self, base_url: str, key_header: str, key: str, session: requests.Session | None = None,
                 read_budget: float = READ_BUDGET, read_timeout=READ_TIMEOUT, write_timeout=TIMEOUT):
        self.base_url = platform_address(base_url)
        self.session = session if session is not None else KeyedSession(self.base_url, key_header, key)
        if not isinstance(self.session, KeyedSession):  # a test's own session: key only for this origin
            self.session.headers.pop(key_header, None)
            self.session.auth = _OriginKey(self.base_url, key_header, key)
        self.read_budget, self.read_timeout, self.write_timeout = read_budget, read_timeout, write_timeout

    def send(self, method: str, url: str, action: str, *, retry: bool | None = None, upload=None,
             upload_field: str = "file", budget: float | None = None, ok_statuses=(), **kwargs):
        """One call. `retry` (default: only GET) repeats it on network faults, 429 and 5xx within the budget.

        Returns the response (already checked: a refusal raises PlatformError in French).
        """
        retry = method == "GET" if retry is None else retry
        timeout = self.read_timeout if method == "GET" else self.write_timeout
        deadline = self.clock() + (budget if budget is not None else
                                   self.read_budget if method == "GET" else 3 * self.read_budget)
        delays = list(RETRY_DELAYS)
        while True:
            try:
                response = self._once(method, url, timeout, upload, upload_field, kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if not retry or not self._wait(delays, None, deadline):
                    raise connection_problem(exc, self.base_url) from exc
                continue
            self._refuse_foreign_redirect(response)
            if response.status_code in TRANSIENT_STATUSES and retry:
                if self._wait(delays, response, deadline):
                    continue
            if response.status_code in ok_statuses:
                return response
            raise_for_platform(response, action)
            return response

    def _once(self, method, url, timeout, upload, upload_field, kwargs):
        if upload is None:
            return self.session.request(method, url, timeout=timeout, **kwargs)
        with open(upload, "rb") as handle:  # reopened each time: a retry sends the whole file again
            files = {upload_field: (upload.name, handle, "text/csv")}
            return self.session.request(method, url, timeout=timeout, files=files, **kwargs)

    def _wait(self, delays: list[float], response, deadline: float) -> bool:
        """Sleep before the next attempt if the budget allows it; False when it is time to give up."""
        if response is not None and response.status_code == 429:
            delay = retry_after(response)
            if delay is None or delay > MAX_RETRY_AFTER:
                return False
        elif not delays:
            return False
        else:
            delay = delays.pop(0)
        if self.clock() + delay >= deadline:
            return False
        self.sleep(delay)
        return True

    def _refuse_foreign_redirect(self, response: requests.Response) -> None:
        if response.history and origin(response.url) != origin(self.base_url):
            where = "{0}://{1}:{2}".format(*origin(response.url))
            error = PlatformError(
                f"La plateforme renvoie vers une autre adresse ({where}) : la clé d'API n'y a pas été envoyée "
                "et rien n'a été publié.",
                "Vérifiez l'adresse exacte de la plateforme auprès de son administrateur, puis réessayez avec "
                "celle-ci.")
            error.status = response.status_code
            raise error

    def json(self, method: str, url: str, action: str, **kwargs):
        response = self.send(method, url, action, **kwargs)
        if response.status_code == 204 or not response.content:
            return {}
        try:
            return response.json()
        except ValueError as exc:
            raise PlatformError("L'adresse indiquée ne répond pas comme une plateforme de données ouvertes.",
                                "Vérifiez l'adresse de la plateforme.") from exc


class _OriginKey(requests.auth.AuthBase):
    def __init__(self, base_url: str, header: str, key: str):
        self.origin, self.header, self.key = origin(base_url), header, key

    def __call__(self, prepared):
        if origin(prepared.url) == self.origin:
            prepared.headers[self.header] = self.key
        else:
            prepared.headers.pop(self.header, None)
        return prepared


def retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return 1.0
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime
        import datetime as dt

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def is_transient(exc: PlatformError) -> bool:
    """A failure worth queueing (« plateforme injoignable »): no answer, or a temporary one. A refusal
    (400, 401, 403, 404, 409, 413, 415, 422…) is permanent: queueing it would only fail again later."""
    return exc.status is None or exc.status in TRANSIENT_STATUSES or exc.status == 423


def connection_problem(exc: requests.RequestException, url: str) -> PlatformError:
    """Tell apart what a secretary can act on: the address, the proxy, the certificate, the platform."""
    text = str(exc).lower()
    if isinstance(exc, requests.exceptions.ProxyError):
        return PlatformError("Le proxy du réseau bloque la connexion à la plateforme.",
                             "Demandez à votre service informatique les réglages du proxy.")
    if isinstance(exc, requests.exceptions.SSLError):
        if any(word in text for word in ("wrong version number", "unknown protocol", "record layer failure",
                                         "packet length too long", "http request", "unexpected eof")):
            return PlatformError(
                f"Le serveur « {url} » ne parle pas https sur ce port (il répond en http simple).",
                "L'adresse ou le port est sans doute erroné : vérifiez l'adresse exacte de la plateforme.")
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
    detail = server_detail(response)
    if status == 401:
        raise PlatformError(
            f"La plateforme a refusé la clé d'API ({action}) : clé erronée, expirée ou révoquée.",
            "Créez une nouvelle clé dans votre profil sur la plateforme et enregistrez-la dans "
            "les réglages de publication.")
    if status == 403:
        raise PlatformError(
            f"Ce compte n'a pas les droits nécessaires ({action}) : clé d'API erronée, ou pas de droits sur "
            "l'organisation.",
            "Demandez à l'administrateur de l'organisation sur la plateforme de vous y ajouter.")
    if status == 404:
        raise PlatformError(
            f"La plateforme ne trouve pas ce qui est demandé ({action}).",
            "Vérifiez l'adresse de la plateforme, et que le jeu de données n'a pas été supprimé.")
    if status == 405:
        raise PlatformError(f"La plateforme n'accepte pas cette opération ({action}).",
                            "L'adresse ne correspond sans doute pas au bon logiciel de plateforme.")
    if status == 413:
        raise PlatformError(
            "Le fichier est trop volumineux pour la plateforme.",
            "Découpez-le (par année) ou contactez l'administrateur de la plateforme.")
    if status == 429:
        wait = retry_after(response)
        raise PlatformError(
            "La plateforme limite le nombre de demandes et demande d'attendre"
            + (f" {int(wait)} secondes." if wait else "."),
            "Réessayez un peu plus tard ; la publication peut être mise en attente.")
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


def server_detail(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, dict):
        if isinstance(data.get("errors"), dict):
            return " ; ".join(f"{key} : {_flatten(value)}" for key, value in data["errors"].items())
        if isinstance(data.get("error"), dict):  # CKAN
            return " ; ".join(f"{key} : {_flatten(value)}" for key, value in data["error"].items()
                              if not key.startswith("__"))
        if data.get("message"):
            detail = data.get("detail")
            return str(data["message"]) + (f" ({_flatten(detail)})" if detail else "")
        if data.get("error"):
            return str(data["error"])
    return ""


def _flatten(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_flatten(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_flatten(v) for v in value)
    return str(value)
