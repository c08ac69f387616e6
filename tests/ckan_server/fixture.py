"""Start and stop a real CKAN 2.12 (its own virtualenv) with a private PostgreSQL and Redis, for the tests.

Installed by tests/ckan_server/install.sh (called by scripts/run-tests.sh). Everything listens on
loopback ports chosen at start and lives in one temporary folder removed at the end. Seeds: a sysadmin,
an organisation « mairie-caussade » with an editor (the secretariat's token), and a user outside it.
`ckan.max_resource_size` is set to 1 MB so that the size refusal can be tested with a small file.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.ckan_server.solr_stub import start_solr_stub
from tests.udata_server.fixture import free_port

ROOT = Path(__file__).resolve().parents[2]
MAX_RESOURCE_MB = 1
ORGANIZATION = "mairie-caussade"


@dataclass
class CkanServer:
    url: str
    token: str  # an editor of ORGANIZATION
    stranger_token: str  # a user who belongs to no organisation
    admin_token: str
    workdir: Path
    processes: list = field(default_factory=list)
    stops: list = field(default_factory=list)

    def action(self, action_name: str, token: str | None = None, **payload) -> dict:
        """Call an action as the sysadmin (or `token`); fails loudly: these are the tests' own checks."""
        response = requests.post(f"{self.url}/api/3/action/{action_name}", json=payload, timeout=60,
                                 headers={"Authorization": token or self.admin_token})
        data = response.json()
        if not data.get("success"):
            raise RuntimeError(f"{action_name}: {response.status_code} {data.get('error')}")
        return data["result"]

    def stop(self) -> None:
        for stop in reversed(self.stops):
            try:
                stop()
            except Exception:  # noqa: BLE001 - best effort: the next stop must still run
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)


def ckan_bin() -> Path:
    configured = os.environ.get("CKAN_BIN")
    candidate = Path(configured) if configured else ROOT / ".venv-ckan" / "bin" / "ckan"
    if not candidate.exists():
        raise RuntimeError("CKAN's virtualenv is missing: run scripts/run-tests.sh (it installs it in .venv-ckan)")
    return candidate


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if not path:
        raise RuntimeError(f"PostgreSQL's {name} is missing: run scripts/run-tests.sh (it installs PostgreSQL)")
    return path


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root (CI runs as root): use the postgres account then."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str], log: Path, **kwargs) -> str:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kwargs)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"$ {' '.join(cmd)}\n{result.stdout}\n{result.stderr}\n")
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result.stdout


def _wait_until(check, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not start in time:\n" + log.read_text(errors="replace")[-3000:])


def start_ckan() -> CkanServer:
    workdir = Path(tempfile.mkdtemp(prefix="od-ckan-"))
    os.chmod(workdir, 0o755)  # the postgres account must reach its data folder inside
    log = workdir / "setup.log"
    server = CkanServer("", "", "", "", workdir)
    try:
        _start(server, log)
    except BaseException:
        server.stop()
        raise
    return server


def _start(server: CkanServer, log: Path) -> None:
    workdir = server.workdir
    # PostgreSQL: a private cluster on a free port, TCP on loopback only, no Unix socket.
    pgdata = workdir / "pg"
    pgdata.mkdir()
    if os.geteuid() == 0:
        shutil.chown(pgdata, "postgres", "postgres")
    _run(_as_postgres([pg_bin("initdb"), "-D", str(pgdata), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                       "--no-sync"]), log)
    pg_port = free_port()
    _run(_as_postgres([pg_bin("pg_ctl"), "-D", str(pgdata), "-l", str(pgdata / "server.log"), "-w", "-t", "60",
                       "-o", f"-p {pg_port} -c listen_addresses=127.0.0.1 -k '' -c fsync=off", "start"]), log)
    server.stops.append(lambda: _run(_as_postgres([pg_bin("pg_ctl"), "-D", str(pgdata), "-m", "immediate",
                                                   "-w", "stop"]), log))
    psql = [pg_bin("psql"), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
    _run([*psql, "-c", "CREATE USER ckan PASSWORD 'ckan'"], log)
    _run([*psql, "-c", "CREATE DATABASE ckan OWNER ckan ENCODING 'utf-8' TEMPLATE template0"], log)

    # Redis: no persistence, loopback only.
    redis_port = free_port()
    redis = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(redis_port), "--bind",
                              "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server.stops.append(lambda: _terminate(redis))

    solr, solr_url = start_solr_stub()
    server.stops.append(solr.shutdown)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ini = workdir / "ckan.ini"
    ckan = str(ckan_bin())
    env = {**os.environ, "CKAN_INI": str(ini)}
    _run([ckan, "generate", "config", str(ini)], log, env=env)
    storage = workdir / "storage"
    storage.mkdir()
    settings = {
        "sqlalchemy.url": f"postgresql://ckan:ckan@127.0.0.1:{pg_port}/ckan",
        "ckan.site_url": url,
        "solr_url": solr_url,
        "ckan.redis.url": f"redis://127.0.0.1:{redis_port}/0",
        "ckan.storage_path": str(storage),
        "ckan.max_resource_size": str(MAX_RESOURCE_MB),
        "ckan.auth.create_unowned_dataset": "false",
    }
    text = ini.read_text(encoding="utf-8")
    for key, value in settings.items():
        pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.M)
        text = pattern.sub(f"{key} = {value}", text) if pattern.search(text) else \
            text.replace("[app:main]\n", f"[app:main]\n{key} = {value}\n", 1)
    ini.write_text(text, encoding="utf-8")
    _run([ckan, "-c", str(ini), "db", "init"], log, env=env)
    _run([ckan, "-c", str(ini), "user", "add", "admin", "email=admin@exemple.fr", "password=motdepasse-admin"],
         log, env=env)
    _run([ckan, "-c", str(ini), "sysadmin", "add", "admin"], log, env=env)
    out = _run([ckan, "-c", str(ini), "user", "token", "add", "admin", "tests"], log, env=env)
    admin_token = [line.strip() for line in out.splitlines() if line.strip()][-1]

    process = subprocess.Popen([ckan, "-c", str(ini), "run", "-H", "127.0.0.1", "-p", str(port), "-t", "-r"],
                               stdout=(workdir / "ckan.log").open("wb"), stderr=subprocess.STDOUT, env=env,
                               start_new_session=True)
    server.stops.insert(0, lambda: _terminate(process))
    _wait_until(lambda: requests.get(f"{url}/api/3/action/status_show", timeout=5).ok, 120, "CKAN",
                workdir / "ckan.log")
    server.url, server.admin_token = url, admin_token
    server.action("user_create", name="secretariat", email="secretariat@mairie-test.fr",
                  password="motdepasse-secretariat", fullname="Secrétariat Mairie")
    server.action("user_create", name="autre", email="autre@exemple.fr", password="motdepasse-autre")
    server.action("organization_create", name=ORGANIZATION, title="Mairie de Caussade")
    server.action("organization_member_create", id=ORGANIZATION, username="secretariat", role="editor")
    server.token = server.action("api_token_create", user="secretariat", name="tests")["token"]
    server.stranger_token = server.action("api_token_create", user="autre", name="tests")["token"]


def _terminate(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
