"""`opendata-desktop`: the same pipeline as the app, headless, for coordinators and tests.

Shape fixed by shared/cli-contract.md: `--json` prints one JSON document on stdout; messages for
people go to stderr in French; exit codes 0 ok, 1 data problem, 2 usage, 3 unreadable, 4 network, 5 internal error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import traceback
from pathlib import Path

from opendata_desktop import __version__, cli_french
from opendata_desktop.core.errors import (EXIT_INTERNAL, EXIT_USAGE, describe_exception, internal_error_message,
                                          log_internal_error)

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

    from opendata_desktop.commands import all_commands

    for module in all_commands():
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        p.add_argument("--json", action="store_true", help="sortie JSON sur la sortie standard")
        p.add_argument("--debug", action="store_true", help="afficher les détails techniques des erreurs")
        module.add_arguments(p)
        p.set_defaults(run=module.run)

    p = sub.add_parser("app", help="Ouvrir l'application (sur un fichier, ou sur l'exemple fourni).",
                       description="Ouvrir l'application (sur un fichier, ou sur l'exemple fourni).")
    p.add_argument("path", metavar="FICHIER", nargs="?")
    p.add_argument("--exemple", action="store_true", help="ouvrir le fichier d'exemple fourni")
    return parser


def _clean_leftovers() -> None:
    """Temporary files of a write interrupted by a crash or a power cut (never the person's files)."""
    from opendata_desktop.core.atomic import clean_leftover_temporaries

    try:
        clean_leftover_temporaries()
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        from opendata_desktop.ui.app import run_app

        return run_app()
    args = parser.parse_args(argv)
    _clean_leftovers()
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "app":
        from opendata_desktop.ui.app import run_app

        return run_app(Path(args.path) if args.path else None, sample=args.exemple or not args.path)
    from opendata_desktop.core.publishing.http import use_system_trust_store

    use_system_trust_store()
    try:
        payload, code, human = args.run(args)
    except KeyboardInterrupt:
        sys.stderr.write("Interrompu.\n")
        return 130
    except Exception as exc:  # every failure becomes a French sentence and an exit code
        message = describe_exception(exc)
        if message.exit_code == EXIT_INTERNAL:  # a bug: the details go to the log, its path to the person
            log_file = log_internal_error(exc, argv)
            message = internal_error_message(log_file)
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
