"""Platform profiles: where a mairie publishes, set once by the departmental coordinator.

A profile file (JSON) can be handed to every mairie of the department:
{"name": "Tarn-et-Garonne Open Data", "software": "ods", "url": "https://…", "organization": "…"}
It never contains an API key (each agent's key goes to the OS credential store).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.errors import UsageError
from opendata_desktop.core.paths import config_dir
from opendata_desktop.core.publishing.service import PLATFORMS


@dataclass(frozen=True)
class Profile:
    name: str
    software: str  # udata | ods | ckan
    url: str
    organization: str = ""

    def label(self) -> str:
        return f"{self.name} ({ {'udata': 'udata', 'ods': 'OpenDataSoft', 'ckan': 'CKAN'}[self.software] })"


BUILT_IN = (Profile("data.gouv.fr", "udata", "https://www.data.gouv.fr"),
            Profile("demo.data.gouv.fr (essais)", "udata", "https://demo.data.gouv.fr"))


def _store() -> Path:
    return config_dir() / "profiles.json"


def load_profile_file(path: Path | str) -> Profile:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        profile = Profile(str(data["name"]), str(data["software"]).lower(), str(data["url"]).rstrip("/"),
                          str(data.get("organization", "")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"Le profil « {Path(path).name} » est illisible.",
                         "Demandez un nouveau fichier de profil à votre coordinateur départemental.") from exc
    if profile.software not in PLATFORMS or not profile.url.startswith(("https://", "http://")):
        raise UsageError(f"Le profil « {profile.name} » est incomplet (logiciel ou adresse).",
                         "Demandez un nouveau fichier de profil à votre coordinateur départemental.")
    if any(k.lower() in ("api_key", "apikey", "token", "key") for k in data):
        raise UsageError("Ce profil contient une clé d'API : par sécurité, il n'a pas été importé.",
                         "Chaque agent enregistre sa propre clé dans l'application.")
    return profile


def saved_profiles() -> list[Profile]:
    try:
        return [Profile(**p) for p in json.loads(_store().read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []


def all_profiles() -> list[Profile]:
    return [*BUILT_IN, *saved_profiles()]


def add_profile(profile: Profile) -> None:
    profiles = [p for p in saved_profiles() if p.url != profile.url] + [profile]
    atomic_write_text(_store(), json.dumps([asdict(p) for p in profiles], ensure_ascii=False, indent=1))


def export_profile(profile: Profile, path: Path | str) -> Path:
    return atomic_write_text(path, json.dumps(asdict(profile), ensure_ascii=False, indent=1))
