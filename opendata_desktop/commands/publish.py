"""`publish PATH --url URL`: check, then publish a file on the open-data platform."""

from __future__ import annotations

import argparse
from pathlib import Path

from opendata_desktop.commands.common import load_schema
from opendata_desktop.core.errors import EXIT_OK, PlatformError, UsageError

NAME = "publish"
HELP = "Publier un fichier SCDL sur la plateforme (après vérification et contrôle des données personnelles)."


def add_arguments(p) -> None:
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--platform", choices=["udata", "ods", "ckan"],
                   help="logiciel de la plateforme (détecté depuis l'adresse si absent)")
    p.add_argument("--url", required=True, help="adresse de la plateforme")
    p.add_argument("--organization", help="identifiant de l'organisation au nom de laquelle publier")
    p.add_argument("--dataset", help="identifiant du jeu de données à mettre à jour")
    p.add_argument("--title", help="titre du jeu de données")
    p.add_argument("--schema", help="schéma du fichier (vérifié avant l'envoi)")
    p.add_argument("--insee", help="code INSEE de la commune (couverture géographique), sinon lu dans les données")
    p.add_argument("--private", action="store_true", help="publier en brouillon privé")
    p.add_argument("--dry-run", action="store_true", help="montrer ce qui serait fait, sans rien envoyer")
    p.add_argument("--queue-if-offline", action="store_true",
                   help="mettre la publication en attente si la plateforme est injoignable")
    # Accepted only to refuse it without echoing the value (a key on a command line ends up in histories).
    p.add_argument("--api-key", dest="api_key_refused", nargs="?", const="", default=None, help=argparse.SUPPRESS)


def run(args):
    from opendata_desktop.core.publishing import outbox
    from opendata_desktop.core.publishing.http import is_transient
    from opendata_desktop.core.publishing.request import build_request
    from opendata_desktop.core.publishing.service import make_publisher, publish_checked

    if args.api_key_refused is not None:
        raise UsageError("La clé d'API ne se donne jamais sur la ligne de commande (elle resterait dans "
                         "l'historique) : elle n'a pas été utilisée.",
                         "Enregistrez-la dans l'application, ou définissez la variable d'environnement "
                         "OPENDATA_DESKTOP_API_KEY.")
    path = Path(args.path)
    if not path.exists():
        raise FileNotFoundError(2, "Fichier introuvable", str(path))
    schema = load_schema(args.schema) if args.schema else None
    request = build_request(path, schema, title=args.title, organization=args.organization,
                            dataset_id=args.dataset, private=args.private, insee=args.insee)
    try:
        publisher = make_publisher(args.platform, args.url)
        outcome = publish_checked(publisher, request, publisher.base_url, schema, dry_run=args.dry_run)
    except PlatformError as exc:
        # Only a platform out of reach is queued; a refusal (403, 413, 400…) would fail again later.
        if not args.queue_if_offline or args.dry_run or not is_transient(exc):
            raise
        folder = outbox.enqueue(request, args.platform, args.url, args.schema)
        payload = {"queued": True, "outbox": str(folder), "reason": exc.message}
        return payload, EXIT_OK, (f"Plateforme injoignable : publication mise en attente ({folder.name}). "
                                  "Elle partira avec : opendata-desktop outbox --send")
    if args.dry_run:
        return outcome.as_dict(), EXIT_OK, "Publication à blanc (rien n'a été envoyé) :\n" + \
            "\n".join(f"  {a}" for a in outcome.actions)
    verb = "mis à jour" if outcome.replaced else "publié"
    return outcome.as_dict(), EXIT_OK, f"Fichier {verb} : {outcome.url}"
