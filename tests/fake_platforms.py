"""Loopback stand-ins for OpenDataSoft's Automation API v1 and CKAN's action API.

Written from the published API documentation (paths, methods, bodies, auth headers, error shapes)
as summarised in shared/notes/platform-api.md; they record every request so tests can check the
adapters' call sequences. A real OpenDataSoft cannot run here (closed SaaS).
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def multipart_fields(body: bytes) -> dict[str, str]:
    fields = {}
    for name, value in re.findall(rb'name="([^"]+)"(?:; filename="[^"]*")?\r\n(?:Content-Type: [^\r]*\r\n)?\r\n'
                                  rb"(.*?)\r\n--", body, re.S):
        fields[name.decode()] = value.decode("utf-8", errors="replace")
    return fields


class FakePlatform:
    def __init__(self, handler_class):
        self.requests: list[dict] = []
        self.state: dict = {}
        platform = self

        class Handler(handler_class):
            fake = platform

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()


class _Base(BaseHTTPRequestHandler):
    fake: FakePlatform

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _send(self, status: int, data) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _record(self, body: bytes) -> dict:
        url = urlparse(self.path)
        entry = {"method": self.command, "path": url.path, "query": parse_qs(url.query), "body": body,
                 "auth": self.headers.get("Authorization")}
        self.fake.requests.append(entry)
        return entry

    do_GET = do_POST = do_PUT = lambda self: self.handle_call(self._record(self._body()))  # noqa: E731


class OdsHandler(_Base):
    """/api/automation/v1.0/… with `Authorization: Apikey <key>`."""

    def handle_call(self, call: dict) -> None:
        state = self.fake.state.setdefault("ods", {"datasets": {}, "n": 0})
        if call["auth"] != "Apikey bonne-cle":
            return self._send(401, {"status_code": 401, "error_code": "InvalidAPIKey", "message": "Invalid API key"})
        path = call["path"].removeprefix("/api/automation/v1.0")
        state["n"] += 1
        if path == "/datasets/" and call["method"] == "GET":
            wanted = call["query"].get("dataset_id", [None])[0]
            results = [d for d in state["datasets"].values() if wanted in (None, d["dataset_id"])]
            return self._send(200, {"total_count": len(results), "results": results})
        if path == "/datasets/" and call["method"] == "POST":
            data = json.loads(call["body"])
            uid = f"da_{state['n']}"
            state["datasets"][uid] = {"uid": uid, "dataset_id": data["dataset_id"], "resources": [], "metadata": {},
                                      "published": False, "is_restricted": data.get("is_restricted")}
            return self._send(201, state["datasets"][uid])
        match = re.fullmatch(r"/datasets/(da_\d+)/(.*)", path)
        dataset = state["datasets"].get(match.group(1)) if match else None
        if dataset is None:
            return self._send(404, {"message": "Not found"})
        rest = match.group(2)
        if rest == "resources/files/":
            return self._send(201, {"uid": f"fi_{state['n']}", "filename": "x.csv"})
        if rest == "resources/" and call["method"] == "GET":
            return self._send(200, {"results": dataset["resources"]})
        if rest == "resources/" and call["method"] == "POST":
            data = json.loads(call["body"])
            resource = {"uid": f"re_{state['n']}", "title": data["title"], "datasource": data["datasource"]}
            dataset["resources"].append(resource)
            return self._send(201, resource)
        if re.fullmatch(r"resources/re_\d+/", rest) and call["method"] == "PUT":
            data = json.loads(call["body"])
            resource = next(r for r in dataset["resources"] if f"resources/{r['uid']}/" == rest)
            resource.update({"datasource": data["datasource"]})
            return self._send(200, resource)
        if rest.startswith("metadata/") and call["method"] == "PUT":
            dataset["metadata"][rest.removeprefix("metadata/").strip("/")] = json.loads(call["body"])["value"]
            return self._send(200, {})
        if rest == "publish/":
            dataset["published"] = True
            return self._send(200, {"status": "queued"})
        return self._send(404, {"message": "Unknown"})


class CkanHandler(_Base):
    """/api/3/action/<name> with `Authorization: <token>` (no « Bearer »)."""

    def handle_call(self, call: dict) -> None:
        state = self.fake.state.setdefault("ckan", {"packages": {}, "n": 0})
        name = call["path"].removeprefix("/api/3/action/")
        state["n"] += 1
        if call["auth"] != "bon-jeton":
            return self._send(403, {"success": False, "error": {"__type": "Authorization Error",
                                                                "message": "Access denied"}})
        if name == "organization_list_for_user":
            return self._send(200, {"success": True, "result": [{"name": "mairie-caussade",
                                                                  "title": "Mairie de Caussade"}]})
        if name == "package_show":
            package = state["packages"].get(call["query"].get("id", [""])[0])
            if package is None:
                return self._send(404, {"success": False, "error": {"__type": "Not Found Error"}})
            return self._send(200, {"success": True, "result": package})
        if name in ("package_create", "package_patch"):
            data = json.loads(call["body"])
            if name == "package_create":
                if data["name"] in state["packages"]:
                    return self._send(409, {"success": False, "error": {"__type": "Validation Error",
                                                                        "name": ["That URL is already in use."]}})
                state["packages"][data["name"]] = {"id": f"pkg-{state['n']}", "resources": [], **data}
                return self._send(200, {"success": True, "result": state["packages"][data["name"]]})
            package = next(p for p in state["packages"].values() if p["id"] == data["id"])
            package.update({k: v for k, v in data.items() if k != "id"})
            return self._send(200, {"success": True, "result": package})
        if name in ("resource_create", "resource_patch"):
            fields = multipart_fields(call["body"])
            if name == "resource_create":
                package = next(p for p in state["packages"].values() if p["id"] == fields["package_id"])
                resource = {"id": f"res-{state['n']}", "url_type": "upload", **fields,
                            "url": f"{self.fake.url}/dataset/{package['name']}/resource/x/download/{fields['name']}"}
                package["resources"].append(resource)
            else:
                resource = next(r for p in state["packages"].values() for r in p["resources"] if r["id"] == fields["id"])
                resource.update(fields)
            return self._send(200, {"success": True, "result": resource})
        return self._send(400, {"success": False, "error": {"__type": "Bad request"}})
