"""Which software runs a platform, from its address alone (no key sent): udata, OpenDataSoft or CKAN.

One GET on each software's public entry point settles it: `/api/1/site/` (udata),
`/api/explore/v2.1/` (OpenDataSoft), `/api/3/action/status_show` (CKAN). A secretary who only has
the address needs nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.publishing.http import connection_problem, new_session, platform_address

DETECT_TIMEOUT = (5, 15)
SOFTWARE_NAMES = {"udata": "udata", "ods": "OpenDataSoft", "ckan": "CKAN"}


@dataclass(frozen=True)
class Detection:
    software: str  # udata | ods | ckan
    url: str  # the base address the API answered on
    title: str = ""


def _json(session: requests.Session, url: str):
    try:
        response = session.get(url, timeout=DETECT_TIMEOUT, allow_redirects=False)
    except requests.exceptions.SSLError:
        raise
    except (requests.ConnectionError, requests.Timeout):
        raise
    if not response.ok:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _probe(session: requests.Session, base: str) -> Detection | None:
    ckan = _json(session, f"{base}/api/3/action/status_show")
    if isinstance(ckan, dict) and ckan.get("success") and "ckan_version" in (ckan.get("result") or {}):
        return Detection("ckan", base, str(ckan["result"].get("site_title") or ""))
    udata = _json(session, f"{base}/api/1/site/")
    if isinstance(udata, dict) and ("id" in udata or "title" in udata) and "success" not in udata:
        return Detection("udata", base, str(udata.get("title") or ""))
    ods = _json(session, f"{base}/api/explore/v2.1/")
    if isinstance(ods, dict) and isinstance(ods.get("links"), list):
        return Detection("ods", base, "")
    return None


def detect_platform(url: str, session: requests.Session | None = None) -> Detection:
    """The software behind `url` (its root, or the address itself when the API lives under a path)."""
    base = platform_address(url)
    for suffix in ("/api/1", "/api/explore/v2.1", "/api/automation/v1.0", "/api/3"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    parts = urlsplit(base)
    root = f"{parts.scheme}://{parts.netloc}"
    session = session or new_session()
    try:
        for candidate in dict.fromkeys([base, root]):
            found = _probe(session, candidate)
            if found is not None:
                return found
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise connection_problem(exc, base) from exc
    raise PlatformError(f"Aucune plateforme de données ouvertes reconnue à l'adresse « {base} » (ni udata, ni "
                        "OpenDataSoft, ni CKAN).",
                        "Vérifiez l'adresse auprès de votre coordinateur départemental (par exemple "
                        "https://www.data.gouv.fr).")
