"""Start and stop the real udata server (its own virtualenv) for the tests."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = Path(__file__).with_name("launcher.py")


@dataclass
class UdataServer:
    url: str
    token: str
    stranger_token: str
    process: subprocess.Popen
    workdir: Path

    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = {"X-API-KEY": token or self.token}
        return requests.request(method, f"{self.url}/api/1{path}", headers=headers, timeout=30, **kwargs)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def udata_python() -> Path:
    configured = os.environ.get("UDATA_PYTHON")
    candidates = [Path(configured)] if configured else []
    candidates += [ROOT / ".venv-udata" / "bin" / "python", ROOT / ".venv-udata" / "Scripts" / "python.exe"]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise RuntimeError("udata's virtualenv is missing: run scripts/run-tests.sh (it installs it in .venv-udata)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def catalogue_for(schemas: list[dict]) -> dict:
    """schemas.json in schema.data.gouv.fr's shape, listing the app's bundled schemas."""
    entries = {}
    for item in schemas:
        url = f"https://schema.data.gouv.fr/schemas/{item['name']}/{item['version']}/schema.json"
        entry = entries.setdefault(item["name"], {
            "name": item["name"], "title": item["title"], "schema_type": "tableschema",
            "schema_url": url.replace(item["version"], "latest"), "versions": []})
        entry["versions"].append({"version_name": item["version"], "schema_url": url})
    return {"$schema": "https://opendataschema.frama.io/catalog/schema-catalog.json", "version": 1,
            "schemas": list(entries.values())}


def start_udata(workdir: Path, schemas: list[dict], timeout: float = 120) -> UdataServer:
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    catalogue = workdir / "schemas.json"
    catalogue.write_text(json.dumps(catalogue_for(schemas)), encoding="utf-8")
    port = free_port()
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen([str(udata_python()), str(LAUNCHER), str(workdir), str(port), str(catalogue)],
                               stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
    ready = workdir / "ready.json"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("udata stopped at start:\n" + (workdir / "server.log").read_text(errors="replace")[-3000:])
        if ready.exists():
            info = json.loads(ready.read_text(encoding="utf-8"))
            server = UdataServer(info["url"], info["token"], info["stranger_token"], process, workdir)
            try:
                if server.api("GET", "/me/").ok:
                    return server
            except requests.ConnectionError:
                pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError("udata did not start in time:\n" + (workdir / "server.log").read_text(errors="replace")[-3000:])
