"""Start a real udata server on loopback, backed by mongomock, for the publishing tests.

Runs inside its own virtual environment (udata pins old Flask and friends that must not meet the
app's dependencies). mongomock lives in memory, so the database is seeded in this very process:
a user with an API token, the Licence Ouverte 2.0, the zone of a Tarn-et-Garonne commune.
When ready it writes a JSON file with the base URL and the token, then serves until killed.

It also serves a schema catalogue (schemas.json, same shape as schema.data.gouv.fr's) on a second
loopback port, so that udata really checks the `schema {name, version}` of resources.

Usage: python launcher.py WORKDIR PORT [CATALOGUE_JSON]
"""

import json
import os
import sys
import threading
from datetime import datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def write_settings(workdir: Path, port: int, catalog_url: str | None) -> Path:
    cfg = workdir / "udata.cfg"
    cfg.write_text(
        "import mongomock\n"
        'MONGODB_HOST = "mongodb://localhost:27017/udata"\n'
        'MONGODB_SETTINGS = {"host": "mongodb://localhost:27017/udata", '
        '"mongo_client_class": mongomock.MongoClient}\n'
        "CELERY_TASK_ALWAYS_EAGER = True\n"
        "CELERY_TASK_EAGER_PROPAGATES = True\n"
        'CACHE_TYPE = "NullCache"\n'
        "ELASTICSEARCH_URL = None\n"
        'API_TOKEN_SECRET = "test-secret"\n'
        'SECRET_KEY = "test-secret-key"\n'
        'SECURITY_PASSWORD_SALT = "test-salt"\n'
        "SEND_MAIL = False\n"
        f'FS_ROOT = "{workdir / "fs"}"\n'
        f'SERVER_NAME = "127.0.0.1:{port}"\n'
        "URLS_ALLOW_LOCAL = True\n"
        f"SCHEMA_CATALOG_URL = {catalog_url!r}\n",
        encoding="utf-8",
    )
    return cfg


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve_catalogue(workdir: Path, catalogue: Path) -> str:
    folder = workdir / "catalogue"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "schemas.json").write_bytes(catalogue.read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/schemas.json"


def main() -> None:
    workdir = Path(sys.argv[1]).resolve()
    port = int(sys.argv[2])
    workdir.mkdir(parents=True, exist_ok=True)
    catalog_url = serve_catalogue(workdir, Path(sys.argv[3])) if len(sys.argv) > 3 else None
    os.environ["UDATA_SETTINGS"] = str(write_settings(workdir, port, catalog_url))

    from udata.app import create_app, standalone
    from udata.core.dataset.models import License
    from udata.core.spatial.models import GeoZone
    from udata.core.user.models import User
    from udata.core.api_token.models import ApiToken

    app = standalone(create_app())
    with app.app_context():
        now = datetime.utcnow()
        owner = User.objects.create(
            email="secretariat@mairie-test.fr", first_name="Secrétariat", last_name="Mairie",
            active=True, confirmed_at=now,
        )
        stranger = User.objects.create(
            email="autre@exemple.fr", first_name="Autre", last_name="Compte",
            active=True, confirmed_at=now,
        )
        License.objects.create(id="lov2", title="Licence Ouverte / Open Licence version 2.0",
                               url="https://www.etalab.gouv.fr/licence-ouverte-open-licence",
                               active=True)
        License.objects.create(id="odc-odbl", title="Open Data Commons Open Database License (ODbL)",
                               active=True)
        GeoZone.objects.create(id="fr:commune:82037", level="fr:commune", code="82037",
                               name="Caussade", slug="caussade")
        GeoZone.objects.create(id="fr:commune:82121", level="fr:commune", code="82121",
                               name="Montauban", slug="montauban")
        # Like data.gouv.fr, which knows every commune: every commune code of Tarn-et-Garonne and of the
        # neighbouring Haute-Garonne and Lot (names are placeholders; only the GeoIDs matter here).
        zones = [GeoZone(id=f"fr:commune:{dep}{n:03d}", level="fr:commune", code=f"{dep}{n:03d}",
                         name=f"Commune {dep}{n:03d}", slug=f"commune-{dep}{n:03d}")
                 for dep in ("82", "31", "46") for n in range(1, 1000)
                 if f"{dep}{n:03d}" not in ("82037", "82121")]
        GeoZone.objects.insert(zones, load_bulk=False)
        _, owner_token = ApiToken.generate(owner, name="tests")
        _, stranger_token = ApiToken.generate(stranger, name="tests")

    info = {
        "url": f"http://127.0.0.1:{port}",
        "token": owner_token,
        "stranger_token": stranger_token,
        "pid": os.getpid(),
    }
    tmp = workdir / "ready.json.tmp"
    tmp.write_text(json.dumps(info), encoding="utf-8")
    tmp.replace(workdir / "ready.json")
    app.run(host="127.0.0.1", port=port, use_reloader=False, threaded=True)


if __name__ == "__main__":
    main()
