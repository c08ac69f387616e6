"""Errors the user can act on, and the translation of any exception into a French message.

Every layer raises these (or lets OS/network exceptions through); the CLI and the UI both call
`describe_exception` so that a secretary always reads the same plain-French sentence, whatever
the entry point, and never a traceback.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

EXIT_OK = 0
EXIT_DATA_PROBLEM = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_NETWORK = 4
EXIT_INTERNAL = 5  # a bug in the program: the traceback goes to the log file


class OpenDataError(Exception):
    """An error with a French message for people and an exit code for the command line."""

    exit_code = EXIT_DATA_PROBLEM
    title = "Opération impossible"

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class UnreadableFileError(OpenDataError):
    exit_code = EXIT_UNREADABLE
    title = "Fichier illisible"


class DataProblemError(OpenDataError):
    exit_code = EXIT_DATA_PROBLEM
    title = "Problème dans les données"


class UsageError(OpenDataError):
    exit_code = EXIT_USAGE
    title = "Commande incorrecte"


class PlatformError(OpenDataError):
    """The open-data platform or the network refused or failed."""

    exit_code = EXIT_NETWORK
    title = "Problème avec la plateforme"
    status: int | None = None  # the HTTP status, when the platform answered


class Cancelled(Exception):
    """The user cancelled a long task; not an error to report."""


@dataclass(frozen=True)
class UserMessage:
    title: str
    message: str
    hint: str | None
    exit_code: int

    def text(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


_WINDOWS_SHARING_VIOLATION = 32  # "the process cannot access the file": Excel holds it open
_WINDOWS_LOCK_VIOLATION = 33


def describe_exception(exc: BaseException) -> UserMessage:
    """Turn any exception into a plain-French message with what to do next."""
    if isinstance(exc, OpenDataError):
        return UserMessage(exc.title, exc.message, exc.hint, exc.exit_code)
    if isinstance(exc, MemoryError):
        return UserMessage(
            "Mémoire insuffisante",
            "Le fichier est trop volumineux pour la mémoire de cet ordinateur.",
            "Fermez les autres logiciels, ou découpez le fichier en plusieurs parties.",
            EXIT_UNREADABLE,
        )
    network = _describe_network_error(exc)
    if network is not None:
        return network
    if isinstance(exc, OSError):
        return _describe_os_error(exc)
    if isinstance(exc, UnicodeError):
        return UserMessage(
            "Caractères illisibles",
            "Le texte du fichier n'est pas dans un encodage reconnu.",
            "Enregistrez-le depuis votre tableur en « CSV UTF-8 », ou choisissez l'encodage à la main.",
            EXIT_UNREADABLE,
        )
    return UserMessage(
        "Erreur interne",
        "Une erreur inattendue s'est produite dans le logiciel. Votre travail enregistré n'est pas perdu.",
        "Réessayez ; si le problème continue, copiez les informations de diagnostic "
        "et transmettez-les à votre correspondant informatique.",
        EXIT_INTERNAL,
    )


def log_internal_error(exc: BaseException, context: object = None) -> "Path":
    """Append the traceback of a bug to the log file and return the file's path (for the message)."""
    import datetime
    import traceback
    from pathlib import Path

    from opendata_desktop.core.paths import log_dir

    path = Path(log_dir()) / "opendata-desktop.log"
    stamp = datetime.datetime.now().isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"--- {stamp} erreur interne ({context!r})\n{text}\n")
    except OSError:  # the log itself cannot be written: still tell the person something useful
        pass
    return path


def internal_error_message(log_file) -> UserMessage:
    return UserMessage(
        "Erreur interne",
        "Une erreur inattendue s'est produite dans le logiciel (ce n'est pas un problème de vos données).",
        f"Les détails sont dans le journal : {log_file}. Transmettez ce fichier à votre correspondant "
        "informatique ou à l'équipe du logiciel.",
        EXIT_INTERNAL,
    )


def _describe_os_error(exc: OSError) -> UserMessage:
    name = f" « {exc.filename} »" if getattr(exc, "filename", None) else ""
    winerror = getattr(exc, "winerror", None)
    if winerror in (_WINDOWS_SHARING_VIOLATION, _WINDOWS_LOCK_VIOLATION):
        return UserMessage(
            "Fichier verrouillé",
            f"Le fichier{name} est ouvert dans un autre logiciel (Excel, LibreOffice…).",
            "Fermez-le dans ce logiciel, puis réessayez.",
            EXIT_UNREADABLE,
        )
    if exc.errno == errno.ENOSPC:
        return UserMessage(
            "Disque plein",
            "Il n'y a plus de place sur le disque pour enregistrer.",
            "Libérez de la place (corbeille, téléchargements), puis réessayez. Rien n'a été perdu.",
            EXIT_UNREADABLE,
        )
    if isinstance(exc, FileNotFoundError):
        return UserMessage(
            "Fichier introuvable",
            f"Le fichier{name} est introuvable.",
            "Vérifiez qu'il n'a pas été déplacé ou renommé, ou que la clé USB / le lecteur réseau est branché.",
            EXIT_UNREADABLE,
        )
    if isinstance(exc, IsADirectoryError):
        return UserMessage(
            "Dossier au lieu d'un fichier",
            f"{name.strip() or 'Ce chemin'} est un dossier, pas un fichier.",
            "Indiquez un fichier, pas un dossier : un tableur à ouvrir (xlsx, xls, ods, csv) "
            "ou un nom de fichier à enregistrer.",
            EXIT_UNREADABLE,
        )
    if isinstance(exc, PermissionError):
        return UserMessage(
            "Accès refusé",
            f"Windows refuse l'accès au fichier{name} : il est peut-être ouvert dans Excel, "
            "ou protégé par l'antivirus.",
            "Fermez-le dans l'autre logiciel ou enregistrez dans un autre dossier (par exemple « Documents »).",
            EXIT_UNREADABLE,
        )
    return UserMessage(
        "Erreur d'accès au fichier",
        f"Le fichier{name} n'a pas pu être lu ou écrit ({exc.strerror or 'erreur système'}).",
        "Vérifiez que le disque ou le lecteur réseau est accessible, puis réessayez.",
        EXIT_UNREADABLE,
    )


def _describe_network_error(exc: BaseException) -> UserMessage | None:
    try:
        import requests
    except ImportError:  # pragma: no cover - requests is a hard dependency
        return None
    if not isinstance(exc, requests.RequestException):
        return None
    if isinstance(exc, requests.exceptions.ProxyError):
        return UserMessage(
            "Proxy injoignable",
            "Le proxy de votre réseau refuse ou bloque la connexion à la plateforme.",
            "Demandez à votre service informatique l'adresse du proxy, ou réessayez depuis un autre réseau.",
            EXIT_NETWORK,
        )
    if isinstance(exc, requests.exceptions.SSLError):
        return UserMessage(
            "Certificat refusé",
            "La connexion sécurisée à la plateforme n'a pas pu être vérifiée (certificat).",
            "Sur un réseau d'administration, un proxy filtre souvent les connexions : "
            "demandez à votre service informatique d'installer son certificat dans Windows.",
            EXIT_NETWORK,
        )
    if isinstance(exc, requests.exceptions.Timeout):
        return UserMessage(
            "Plateforme trop lente",
            "La plateforme n'a pas répondu à temps.",
            "Réessayez dans quelques minutes ; votre publication peut être mise en attente.",
            EXIT_NETWORK,
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        return UserMessage(
            "Plateforme injoignable",
            "Impossible de joindre la plateforme : pas de connexion Internet, adresse erronée, "
            "ou plateforme arrêtée.",
            "Vérifiez la connexion et l'adresse de la plateforme, puis réessayez.",
            EXIT_NETWORK,
        )
    return UserMessage(
        "Erreur réseau",
        "La communication avec la plateforme a échoué.",
        "Réessayez dans quelques minutes.",
        EXIT_NETWORK,
    )
