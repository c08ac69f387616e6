"""Platform profiles: where a mairie publishes, set once by the departmental coordinator.

The known platforms ship as data (resources/platforms/platforms.json): data.gouv.fr, the Région
Occitanie, Haute-Garonne, OPenIG, and a « Tarn-et-Garonne Open Data » entry whose address is not
confirmed (the list says so; it is never presented as known). A coordinator hands out a profile file:
{"name": "Tarn-et-Garonne Open Data", "software": "ods", "url": "https://…", "organization": "…"}
which then replaces the unconfirmed entry. A profile never contains an API key.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.errors import UsageError
from opendata_desktop.core.paths import config_dir

PLATFORMS = ("udata", "ods", "ckan")
SOFTWARE_LABELS = {"udata": "udata", "ods": "OpenDataSoft", "ckan": "CKAN"}


@dataclass(frozen=True)
class Profile:
    name: str
    software: str  # udata | ods | ckan; "" when unknown (unconfirmed, or detected from the address)
    url: str  # "" when unconfirmed
    organization: str = ""
    confirmed: bool = True
    note: str = ""
    max_upload_mb: float | None = None  # the platform's upload limit, when its administrator gave it

    def label(self) -> str:
        if not self.confirmed:
            return f"{self.name} (adresse à confirmer)"
        return f"{self.name} ({SOFTWARE_LABELS.get(self.software, 'logiciel détecté à la connexion')})"


@lru_cache(maxsize=1)
def known_platforms() -> tuple[Profile, ...]:
    """The platforms shipped with the app, in the order they are offered."""
    text = resources.files("opendata_desktop.resources").joinpath("platforms", "platforms.json").read_text("utf-8")
    out = []
    for item in json.loads(text)["platforms"]:
        out.append(Profile(name=item["name"], software=item.get("software") or "", url=item.get("url") or "",
                           confirmed=bool(item.get("confirmed")), note=item.get("note", ""),
                           max_upload_mb=item.get("max_upload_mb")))
    return tuple(out)


def _store() -> Path:
    return config_dir() / "profiles.json"


def load_profile_file(path: Path | str) -> Profile:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        software = str(data.get("software") or "").lower()
        limit = data.get("max_upload_mb")
        profile = Profile(str(data["name"]), software, str(data["url"]).strip().rstrip("/"),
                          str(data.get("organization", "")), True, str(data.get("note", "")),
                          float(limit) if limit is not None else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"Le profil « {Path(path).name} » est illisible.",
                         "Demandez un nouveau fichier de profil à votre coordinateur départemental.") from exc
    if any(str(k).lower() in ("api_key", "apikey", "token", "key", "cle", "clé") for k in data):
        raise UsageError("Ce profil contient une clé d'API : par sécurité, il n'a pas été importé.",
                         "Chaque agent enregistre sa propre clé dans l'application.")
    if (profile.software and profile.software not in PLATFORMS) or \
            not profile.url.startswith(("https://", "http://")):
        raise UsageError(f"Le profil « {profile.name} » est incomplet (logiciel ou adresse).",
                         "Demandez un nouveau fichier de profil à votre coordinateur départemental.")
    return profile


def saved_profiles() -> list[Profile]:
    try:
        return [Profile(**p) for p in json.loads(_store().read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []


def all_profiles() -> list[Profile]:
    """Known platforms, then the coordinator's profiles; a profile with the name of an unconfirmed
    entry (« Tarn-et-Garonne Open Data ») takes its place."""
    saved = saved_profiles()
    names = {p.name for p in saved}
    urls = {p.url for p in saved}
    known = [p for p in known_platforms() if not (not p.confirmed and p.name in names) and p.url not in urls]
    return [*known, *saved]


def profile_for(url: str) -> Profile | None:
    """The profile (known or saved) of this address, if any: gives the software and known limits."""
    wanted = (url or "").strip().rstrip("/").lower()
    return next((p for p in all_profiles() if p.url and p.url.lower() == wanted), None)


def add_profile(profile: Profile) -> None:
    profiles = [p for p in saved_profiles() if p.url != profile.url] + [profile]
    atomic_write_text(_store(), json.dumps([asdict(p) for p in profiles], ensure_ascii=False, indent=1))


def export_profile(profile: Profile, path: Path | str) -> Path:
    data = {k: v for k, v in asdict(profile).items() if k != "confirmed"}
    return atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1))
