"""`opendata-desktop`: the same pipeline as the app, headless, for coordinators and tests.

Shape fixed by shared/cli-contract.md: `--json` prints one JSON document on stdout; messages for
people go to stderr in French; exit codes 0 ok, 1 data problem, 2 usage, 3 unreadable, 4 network.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import traceback
from pathlib import Path

from opendata_desktop import __version__, cli_french
from opendata_desktop.core.errors import EXIT_OK, EXIT_USAGE, UsageError, describe_exception

log = logging.getLogger("opendata_desktop")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # French, exit code 2 as the contract says
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog} : erreur : {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    cli_french.install()
    parser = _Parser(prog="opendata-desktop",
                     description="Préparer et publier les données ouvertes de la mairie (SCDL). "
                                 "Sans commande : ouvre l'application.")
    parser.add_argument("--version", action="version", version=f"opendata-desktop {__version__}",
                        help="afficher la version et quitter")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="sortie JSON sur la sortie standard")
        p.add_argument("--debug", action="store_true", help="afficher les détails techniques des erreurs")
        return p

    p = command("inspect", "Détecter comment le tableau est rangé dans le fichier.")
    p.add_argument("path", metavar="FICHIER")
    _reading_options(p)

    p = command("schemas", "Lister les schémas disponibles hors ligne.")
    p.add_argument("--refresh", action="store_true",
                   help="mettre à jour le catalogue depuis schema.data.gouv.fr (connexion nécessaire)")
    p.add_argument("--catalogue-url", help="adresse d'un autre catalogue (miroir départemental)")

    p = command("map", "Proposer la correspondance entre les colonnes du fichier et le schéma.")
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", required=True, help="schéma, par exemple scdl/subventions (ou scdl/subventions@2.1.1 pour une version)")
    _reading_options(p)

    p = command("validate", "Vérifier un fichier par rapport à un schéma.")
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", required=True, help="schéma, par exemple scdl/subventions (ou scdl/subventions@2.1.1 pour une version)")
    p.add_argument("--mapping", metavar="CORRESPONDANCE.json",
                   help="correspondance colonnes → champs (JSON {colonne: champ})")
    p.add_argument("--report-xlsx", metavar="RAPPORT.xlsx", help="enregistrer le rapport en classeur Excel")
    p.add_argument("--report-html", metavar="RAPPORT.html", help="enregistrer le rapport imprimable (HTML)")
    _reading_options(p)

    p = command("prepare", "Associer, corriger automatiquement, vérifier et écrire le fichier SCDL.")
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", required=True, help="schéma, par exemple scdl/subventions (ou nom@version)")
    p.add_argument("-o", "--output", required=True, metavar="SORTIE.csv", help="fichier CSV SCDL à écrire")
    p.add_argument("--mapping", metavar="CORRESPONDANCE.json", help="correspondance colonnes → champs")
    p.add_argument("--report", metavar="RAPPORT.json", help="rapport de vérification et liste des corrections")
    _reading_options(p)

    p = command("scan-pii", "Chercher les données personnelles d'un fichier.")
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", help="schéma, si le fichier suit déjà un schéma")
    _reading_options(p)

    p = command("anonymise", "Traiter les données personnelles puis vérifier le fichier obtenu.")
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("-o", "--output", required=True, metavar="SORTIE.csv", help="fichier CSV à écrire")
    p.add_argument("--schema", help="schéma suivi par le fichier (ses champs obligatoires sont remplacés, pas retirés)")
    p.add_argument("--policy", metavar="POLITIQUE.json", help="traitement de chaque colonne (sinon : par défaut)")
    _reading_options(p)

    p = command("publish", "Publier un fichier SCDL sur la plateforme (après vérification et contrôle "
                           "des données personnelles).")
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--platform", required=True, choices=["udata", "ods", "ckan"], help="logiciel de la plateforme")
    p.add_argument("--url", required=True, help="adresse de la plateforme")
    p.add_argument("--organization", help="identifiant de l'organisation au nom de laquelle publier")
    p.add_argument("--dataset", help="identifiant du jeu de données à mettre à jour")
    p.add_argument("--title", help="titre du jeu de données")
    p.add_argument("--schema", help="schéma du fichier (vérifié avant l'envoi)")
    p.add_argument("--private", action="store_true", help="publier en brouillon privé")
    p.add_argument("--dry-run", action="store_true", help="montrer ce qui serait fait, sans rien envoyer")
    p.add_argument("--queue-if-offline", action="store_true",
                   help="mettre la publication en attente si la plateforme est injoignable")

    p = command("outbox", "Envoyer les publications mises en attente (hors ligne).")
    p.add_argument("--send", action="store_true", help="envoyer maintenant ce qui est en attente")

    p = command("app", "Ouvrir l'application (sur un fichier, ou sur l'exemple fourni).")
    p.add_argument("path", metavar="FICHIER", nargs="?")
    p.add_argument("--exemple", action="store_true", help="ouvrir le fichier d'exemple fourni")
    return parser


def _reading_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sheet", help="nom de la feuille du classeur")
    p.add_argument("--header-row", type=int, help="numéro de la ligne d'en-tête (1 = première ligne)")
    p.add_argument("--encoding", help="encodage d'un CSV (utf-8, cp1252…)")
    p.add_argument("--delimiter", help="séparateur d'un CSV (; , tab |)")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        from opendata_desktop.ui.app import run_app

        return run_app()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "app":
        from opendata_desktop.ui.app import run_app

        return run_app(Path(args.path) if args.path else None, sample=args.exemple or not args.path)
    from opendata_desktop.core.publishing.http import use_system_trust_store

    use_system_trust_store()
    try:
        from opendata_desktop import commands

        payload, code, human = getattr(commands, "cmd_" + args.command.replace("-", "_"))(args)
    except KeyboardInterrupt:
        sys.stderr.write("Interrompu.\n")
        return 130
    except Exception as exc:  # every failure becomes a French sentence and an exit code
        message = describe_exception(exc)
        if getattr(args, "debug", False):
            traceback.print_exc()
        sys.stderr.write(f"{message.title} : {message.text()}\n")
        if getattr(args, "json", False):
            sys.stdout.write(json.dumps({"error": {"title": message.title, "message": message.message,
                                                   "hint": message.hint}}, ensure_ascii=False) + "\n")
        return message.exit_code
    if args.json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(human + "\n")
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
