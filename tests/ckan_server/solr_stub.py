"""A small stand-in for Solr, enough for CKAN's writes (no registry reachable here ships Solr).

CKAN indexes each dataset synchronously on package_create/update and fails without an index; reads
(package_show) come from PostgreSQL. This answers the three calls CKAN makes: update, select, schema.
package_search therefore finds nothing, which the publishing tests never rely on.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Solr(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if "/schema" in self.path:
            body, kind = b'<?xml version="1.0"?><schema name="ckan-2.11" version="1.6"/>', "application/xml"
            if "wt=json" in self.path or "/schema/" in self.path:
                body = json.dumps({"responseHeader": {"status": 0}, "name": "ckan-2.11", "version": 1.6}).encode()
                kind = "application/json"
        elif "/select" in self.path:
            body = json.dumps({"responseHeader": {"status": 0}, "response": {"numFound": 0, "start": 0, "docs": []},
                               "facet_counts": {"facet_fields": {}}}).encode()
            kind = "application/json"
        else:
            body, kind = json.dumps({"responseHeader": {"status": 0, "QTime": 0}}).encode(), "application/json"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer


def start_solr_stub() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Solr)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/solr/ckan"
