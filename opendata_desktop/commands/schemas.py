"""`schemas [--refresh]`: the schemas available offline."""

from __future__ import annotations

from opendata_desktop.core.errors import EXIT_OK
from opendata_desktop.core.schemas import default_catalogue

NAME = "schemas"
HELP = "Lister les schémas disponibles hors ligne."


def add_arguments(p) -> None:
    p.add_argument("--refresh", action="store_true",
                   help="mettre à jour le catalogue depuis schema.data.gouv.fr (connexion nécessaire)")
    p.add_argument("--catalogue-url", help="adresse d'un autre catalogue (miroir départemental)")


def run(args):
    lines = []
    if args.refresh:
        from opendata_desktop.core.schemas.refresh import CATALOGUE_URL, refresh

        result = refresh(args.catalogue_url or CATALOGUE_URL)
        lines.append(f"Catalogue mis à jour : {result.schemas} schémas ; {len(result.added)} nouvelle(s) version(s).")
        if result.failed:
            lines.append("Versions ignorées (illisibles ou non conformes à Table Schema) : "
                         + ", ".join(result.failed))
            for version, problems in result.reasons.items():
                lines += [f"  {version} : {problem}" for problem in problems[:3]]
    catalogue = default_catalogue()
    entries = catalogue.entries()
    payload = [{**e.as_dict(), "versions": catalogue.versions(e.name)} for e in entries]
    lines += [f"{e.name} {e.version} — {e.title}" for e in entries]
    return payload, EXIT_OK, "\n".join(lines)
