"""Shared test setup: offscreen Qt, a private app home, an in-memory keyring, the real udata server."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["OPENDATA_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="od-tests-home-")
os.environ.pop("OPENDATA_DESKTOP_API_KEY", None)

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MESSY = SHARED / "fixtures" / "messy"
SCDL = SHARED / "scdl"


class MemoryKeyring(KeyringBackend):
    """Tests never touch the developer's real credential store."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


keyring.set_keyring(MemoryKeyring())


def require_shared() -> Path:
    """The shared folder is part of CI's checkout; a missing one must fail, not skip silently."""
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"shared test material missing at {SHARED}")
        pytest.skip("shared test material (../shared) not present beside the project")
    return SHARED


@pytest.fixture(scope="session")
def messy() -> Path:
    require_shared()
    return MESSY


@pytest.fixture(scope="session")
def scdl_dir() -> Path:
    require_shared()
    return SCDL


@pytest.fixture(scope="session")
def udata_server(tmp_path_factory):
    from opendata_desktop.core.schemas import default_catalogue
    from tests.udata_server.fixture import start_udata

    schemas = [e.as_dict() for e in default_catalogue().entries()]
    server = start_udata(tmp_path_factory.mktemp("udata"), schemas)
    yield server
    server.stop()
