"""API keys live in the OS credential store (Windows Credential Manager), never in files or logs."""

from __future__ import annotations

import os

import keyring
from keyring.errors import KeyringError

from opendata_desktop.core.errors import PlatformError

_SERVICE = "opendata-desktop"
ENV_VAR = "OPENDATA_DESKTOP_API_KEY"


def _account(platform_url: str) -> str:
    return platform_url.rstrip("/").lower()


def get_api_key(platform_url: str) -> str | None:
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    try:
        return keyring.get_password(_SERVICE, _account(platform_url))
    except KeyringError:
        return None


def store_api_key(platform_url: str, api_key: str) -> None:
    try:
        keyring.set_password(_SERVICE, _account(platform_url), api_key)
    except KeyringError as exc:
        raise PlatformError(
            "La clé d'API n'a pas pu être enregistrée dans le coffre-fort de Windows.",
            "Elle sera demandée à chaque publication. Signalez-le à votre service informatique.",
        ) from exc
