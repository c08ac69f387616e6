"""User settings (platform, organisation, commune, dataset ids), as JSON under platformdirs.

Never holds an API key: those are in the OS credential store (core.credentials).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.paths import config_dir


@dataclass
class Settings:
    platform_url: str = "https://www.data.gouv.fr"
    platform_kind: str = "udata"
    organization_id: str = ""
    commune_name: str = ""
    commune_siret: str = ""
    commune_insee: str = ""  # spatial coverage of publications (« fr:commune:82037 »)
    last_folder: str = ""
    published: dict[str, str] = field(default_factory=dict)  # "<file>|<schema>" -> dataset id

    @classmethod
    def load(cls) -> "Settings":
        path = config_dir() / "settings.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def save(self) -> None:
        atomic_write_text(config_dir() / "settings.json", json.dumps(asdict(self), ensure_ascii=False, indent=1))
