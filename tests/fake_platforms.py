"""Loopback stand-ins: OpenDataSoft's Automation API v1 (a closed SaaS: no real server can run here),
and helpers put in front of the real udata and CKAN servers (a proxy that loses a reply, a server that
records the headers it gets, for redirects).

The OpenDataSoft stand-in follows the public OpenAPI description of the Automation API v1.0
(opendatasoft/opendatasoft-automation-sdk, `openapi_3.1.0_original.json`, info.version « 1.0»): paths
and methods, `Authorization: Apikey`, error bodies {"error_code", "message", "detail"}, the dataset
status enum (idle, queued, processing, error, limit_reached…) and the metadata template fields. It
records every request so tests can check the adapter's call sequence.
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

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = lambda self: self.handle_call(  # noqa: E731
        self._record(self._body()))


ODS_API_VERSION = "Automation API v1.0 (OpenAPI 3.1.0 « Opendatasoft's Automation API Documentation », version 1.0)"
# Metadata templates and their fields as the OpenAPI description lists them (DatasetMetadataDefault,
# DatasetMetadataInternal); « dcat » is the DCAT template most French portals enable (fields as seen in
# public client code). A field outside these is refused, like the real API's validation error.
ODS_TEMPLATES = {
    "default": {"title", "description", "keyword", "modified", "modified_updates_on_metadata_change",
                "modified_updates_on_data_change", "geographic_reference", "geographic_reference_auto", "language",
                "timezone", "publisher", "references", "attributions"},
    "internal": {"license_id", "theme_id", "draft"},
    "dcat": {"temporal", "accrualperiodicity", "spatial", "created", "issued", "creator", "contributor",
             "contact_name", "contact_email"},
}
ODS_DATASET_KEYS = {"dataset_id", "is_restricted", "metadata", "default_security"}
ODS_STATUSES = ("idle", "error", "limit_reached", "queued", "aborting_processing", "processing", "deleting",
                "saving_version")


class OdsHandler(_Base):
    """/api/automation/v1.0/… as the OpenAPI description has it: one handler per (method, path) pair,
    `Authorization: Apikey <key>` (or `?apikey=`), errors as {"error_code", "message"[, "detail"]},
    asynchronous publishing (queued → processing → idle) to poll on /status/, 429 with Retry-After."""

    ROUTES = [
        (r"/datasets/", {"GET": "list_datasets", "POST": "create_dataset"}),
        (r"/datasets/(?P<uid>da_\w+)/", {"GET": "retrieve_dataset", "PUT": "update_dataset",
                                           "DELETE": "delete_dataset"}),
        (r"/datasets/(?P<uid>da_\w+)/status/", {"GET": "dataset_status"}),
        (r"/datasets/(?P<uid>da_\w+)/publish/", {"POST": "publish"}),
        (r"/datasets/(?P<uid>da_\w+)/unpublish/", {"POST": "unpublish"}),
        (r"/datasets/(?P<uid>da_\w+)/resources/", {"GET": "list_resources", "POST": "create_resource"}),
        (r"/datasets/(?P<uid>da_\w+)/resources/files/", {"POST": "upload_file"}),
        (r"/datasets/(?P<uid>da_\w+)/resources/(?P<ruid>re_\w+)/", {"GET": "retrieve_resource",
                                                                        "PUT": "update_resource",
                                                                        "DELETE": "delete_resource"}),
        (r"/datasets/(?P<uid>da_\w+)/metadata/", {"GET": "list_metadata"}),
        (r"/datasets/(?P<uid>da_\w+)/metadata/(?P<template>\w+)/(?P<field>\w+)/",
         {"GET": "get_metadata", "PUT": "put_metadata", "DELETE": "delete_metadata"}),
    ]

    def _error(self, status: int, code: str, message: str, detail: dict | None = None, headers=None):
        body = {"error_code": code, "message": message}
        if detail is not None:
            body["detail"] = detail
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def handle_call(self, call: dict) -> None:
        fake = self.fake
        state = fake.state.setdefault("ods", {"datasets": {}, "files": {}, "n": 0})
        options = fake.state.setdefault("options", {})
        if call["path"].rstrip("/") == "/api/explore/v2.1" and call["method"] == "GET":  # public, no key
            return self._send(200, {"links": [{"href": f"{fake.url}/api/explore/v2.1", "rel": "self"},
                                              {"href": f"{fake.url}/api/explore/v2.1/catalog", "rel": "catalog"}]})
        if not call["path"].startswith("/api/automation/v1.0/"):
            return self._error(404, "NotFound", "Not found")
        key = call["auth"] or ""
        if not (key == f"Apikey {options.get('key', 'bonne-cle')}"
                or call["query"].get("apikey") == [options.get("key", "bonne-cle")]):
            return self._error(401, "InvalidAPIKey" if key else "NotAuthenticated",
                               "Invalid API key" if key else "Authentication credentials were not provided.")
        limited = options.get("rate_limit_on")
        if limited and limited(call) and not call.get("_limited"):
            options["rate_limit_on"] = None  # once
            return self._error(429, "TooManyRequests", "Too many requests", headers={"Retry-After": "2"})
        path = call["path"].removeprefix("/api/automation/v1.0")
        for pattern, methods in self.ROUTES:
            match = re.fullmatch(pattern, path)
            if match:
                if call["method"] not in methods:
                    return self._error(405, "MethodNotAllowed", f"Method \"{call['method']}\" not allowed.")
                state["n"] += 1
                params = match.groupdict()
                if "uid" in params and params["uid"] not in state["datasets"]:
                    return self._error(404, "NotFound", "Dataset not found")
                return getattr(self, "op_" + methods[call["method"]])(call, state, options, **params)
        return self._error(404, "NotFound", "Not found")

    def _json(self, call):
        if "application/json" not in (self.headers.get("Content-Type") or ""):
            self._error(400, "validation_error", "Expecting a JSON body", {"body": "application/json expected"})
            return None
        try:
            return json.loads(call["body"] or b"null")
        except ValueError:
            self._error(400, "validation_error", "Invalid JSON", {"body": "invalid json"})
            return None

    # -- datasets --------------------------------------------------------------------------------
    def op_list_datasets(self, call, state, options):
        wanted = call["query"].get("dataset_id", [None])[0]
        results = [d for d in state["datasets"].values() if wanted in (None, d["dataset_id"])]
        return self._send(200, {"total_count": len(results), "results": results})

    def op_create_dataset(self, call, state, options):
        data = self._json(call)
        if data is None:
            return None
        unknown = set(data) - ODS_DATASET_KEYS
        if unknown:
            return self._error(400, "validation_error", "Unknown fields", {k: "Unknown field." for k in unknown})
        dataset_id = data.get("dataset_id", "")
        if not re.fullmatch(r"[a-z0-9_-]{1,200}", dataset_id):
            return self._error(400, "validation_error", "Invalid dataset_id", {"dataset_id": "Invalid identifier."})
        if any(d["dataset_id"] == dataset_id for d in state["datasets"].values()):
            return self._error(400, "validation_error", "Duplicate", {"dataset_id": "Already used."})
        title = (((data.get("metadata") or {}).get("default") or {}).get("title") or {}).get("value")
        if not title:
            return self._error(400, "validation_error", "Missing title",
                               {"metadata": {"default": {"title": "This field is required."}}})
        uid = f"da_{state['n']:04d}"
        state["datasets"][uid] = {"uid": uid, "dataset_id": dataset_id, "is_published": False,
                                  "is_restricted": bool(data.get("is_restricted", False)),
                                  "metadata": {"default": {"title": {"value": title}}}, "resources": [],
                                  "_status": "idle", "_polls": 0}
        return self._send(201, self._public(state["datasets"][uid]))

    @staticmethod
    def _public(dataset: dict) -> dict:
        return {k: v for k, v in dataset.items() if not k.startswith("_") and k != "resources"}

    def op_retrieve_dataset(self, call, state, options, uid):
        return self._send(200, self._public(state["datasets"][uid]))

    def op_update_dataset(self, call, state, options, uid):
        data = self._json(call)
        if data is None:
            return None
        unknown = set(data) - ODS_DATASET_KEYS
        if unknown:
            return self._error(400, "validation_error", "Unknown fields", {k: "Unknown field." for k in unknown})
        dataset = state["datasets"][uid]
        if "is_restricted" in data:
            dataset["is_restricted"] = bool(data["is_restricted"])
        return self._send(200, self._public(dataset))

    def op_delete_dataset(self, call, state, options, uid):
        del state["datasets"][uid]
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def op_dataset_status(self, call, state, options, uid):
        dataset = state["datasets"][uid]
        if dataset["_status"] in ("queued", "processing"):
            dataset["_polls"] += 1
            outcome = options.get("processing", "normal")
            if outcome == "forever":
                dataset["_status"] = "processing"
            elif dataset["_polls"] >= 3:
                if outcome == "error":
                    dataset["_status"], dataset["_message"] = "error", "Extractor failed: invalid CSV separator"
                else:
                    dataset["_status"], dataset["is_published"] = "idle", True
            elif dataset["_polls"] >= 1:
                dataset["_status"] = "processing"
        body = {"status": dataset["_status"], "since": "2026-01-01T00:00:00+00:00",
                "is_published": dataset["is_published"]}
        if dataset.get("_message"):
            body["message"] = dataset["_message"]
        return self._send(200, body)

    def op_publish(self, call, state, options, uid):
        dataset = state["datasets"][uid]
        if dataset["_status"] not in ("idle", "error"):
            return self._error(400, "InvalidDatasetStatus", f"Invalid dataset status: {dataset['_status']}")
        if not dataset["resources"]:
            return self._error(400, "InvalidDatasetStatus", "The dataset has no resource")
        dataset.update({"_status": "queued", "_polls": 0, "_message": None})
        return self._send(200, {"status": "queued"})

    def op_unpublish(self, call, state, options, uid):
        state["datasets"][uid]["is_published"] = False
        return self._send(200, {"status": "idle"})

    # -- resources -------------------------------------------------------------------------------
    def op_list_resources(self, call, state, options, uid):
        resources = state["datasets"][uid]["resources"]
        return self._send(200, {"total_count": len(resources), "results": resources})

    def op_upload_file(self, call, state, options, uid):
        content_type = self.headers.get("Content-Type") or ""
        files = multipart_files(call["body"], content_type)
        if "file" not in files:
            return self._error(400, "validation_error", "No file", {"file": "This field is required."})
        name, content = files["file"]
        file_uid = f"fi_{state['n']:04d}"
        state["files"][file_uid] = {"uid": file_uid, "filename": name, "content": content}
        return self._send(201, {"uid": file_uid, "filename": name, "size": len(content)})

    def _resource_body(self, call, state):
        data = self._json(call)
        if data is None:
            return None
        unknown = set(data) - {"type", "title", "params", "datasource"}
        datasource = data.get("datasource") or {}
        file_uid = ((datasource.get("file") or {}).get("uid"))
        problems = {k: "Unknown field." for k in unknown}
        if data.get("type") not in ("csvfile", "xlsfile", "jsonfile"):
            problems["type"] = "Unknown extractor."
        if not data.get("title"):
            problems["title"] = "This field is required."
        if datasource.get("type") != "uploaded_file" or file_uid not in state["files"]:
            problems["datasource"] = "Unknown uploaded file."
        if problems:
            self._error(400, "validation_error", "Invalid resource", problems)
            return None
        return data

    def op_create_resource(self, call, state, options, uid):
        data = self._resource_body(call, state)
        if data is None:
            return None
        resource = {"uid": f"re_{state['n']:04d}", **data}
        state["datasets"][uid]["resources"].append(resource)
        return self._send(201, resource)

    def _resource(self, state, uid, ruid):
        return next((r for r in state["datasets"][uid]["resources"] if r["uid"] == ruid), None)

    def op_retrieve_resource(self, call, state, options, uid, ruid):
        resource = self._resource(state, uid, ruid)
        return self._send(200, resource) if resource else self._error(404, "NotFound", "Resource not found")

    def op_update_resource(self, call, state, options, uid, ruid):
        resource = self._resource(state, uid, ruid)
        if resource is None:
            return self._error(404, "NotFound", "Resource not found")
        data = self._resource_body(call, state)
        if data is None:
            return None
        resource.update(data)
        return self._send(200, resource)

    def op_delete_resource(self, call, state, options, uid, ruid):
        state["datasets"][uid]["resources"] = [r for r in state["datasets"][uid]["resources"] if r["uid"] != ruid]
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    # -- metadata --------------------------------------------------------------------------------
    def op_list_metadata(self, call, state, options, uid):
        return self._send(200, state["datasets"][uid]["metadata"])

    def _field(self, template, field):
        if template not in ODS_TEMPLATES:
            self._error(404, "NotFound", f"Unknown metadata template « {template} »")
            return False
        if field not in ODS_TEMPLATES[template]:
            self._error(400, "validation_error", "Unknown metadata field",
                        {field: f"Unknown field in template {template}."})
            return False
        return True

    def op_get_metadata(self, call, state, options, uid, template, field):
        if not self._field(template, field):
            return None
        value = state["datasets"][uid]["metadata"].get(template, {}).get(field)
        return self._send(200, value) if value else self._error(404, "NotFound", "Metadata not set")

    def op_put_metadata(self, call, state, options, uid, template, field):
        if not self._field(template, field):
            return None
        data = self._json(call)
        if data is None:
            return None
        if set(data) - {"value", "override_remote_value"} or "value" not in data:
            return self._error(400, "validation_error", "Invalid metadata value", {"value": "Required."})
        if field == "keyword" and not (isinstance(data["value"], list) and all(isinstance(k, str)
                                                                              for k in data["value"])):
            return self._error(400, "validation_error", "Invalid keyword", {"value": "A list of strings."})
        state["datasets"][uid]["metadata"].setdefault(template, {})[field] = {"value": data["value"]}
        return self._send(200, {"value": data["value"]})

    def op_delete_metadata(self, call, state, options, uid, template, field):
        if not self._field(template, field):
            return None
        state["datasets"][uid]["metadata"].get(template, {}).pop(field, None)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


def multipart_files(body: bytes, content_type: str) -> dict[str, tuple[str, bytes]]:
    """The file parts of a multipart body: {field: (filename, bytes)}."""
    match = re.search(r"boundary=([^;]+)", content_type)
    if not match:
        return {}
    boundary = b"--" + match.group(1).strip('"').encode()
    out = {}
    for part in body.split(boundary)[1:-1]:
        head, _, content = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        filename = re.search(rb'filename="([^"]*)"', head)
        if name and filename:
            out[name.group(1).decode()] = (filename.group(1).decode(), content[:-2])
    return out


class LostReplyProxy:
    """In front of a real server: forwards everything, but for the first request matching `lose` it
    forwards the request (the server does the work) and then drops the connection without a reply,
    as a line cut at the wrong moment does."""

    def __init__(self, upstream: str, lose):
        import requests

        proxy = self
        self.lost: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = requests.request(self.command, upstream + self.path, data=body, headers=headers,
                                          timeout=60, allow_redirects=False)
                if not proxy.lost and lose(self.command, self.path):
                    proxy.lost.append(f"{self.command} {self.path}")
                    self.close_connection = True
                    self.connection.shutdown(2)  # the work is done upstream; the reply never arrives
                    return
                self.send_response(answer.status_code)
                for key in ("Content-Type", "Location", "Retry-After"):
                    if key in answer.headers:
                        self.send_header(key, answer.headers[key])
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()


class HeaderRecorder:
    """A loopback server that records the headers it receives and answers `status` (with `location`)."""

    def __init__(self, status: int = 200, location: str | None = None, body: dict | None = None):
        recorder = self
        self.seen: list[dict] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                recorder.seen.append({"path": self.path, "headers": dict(self.headers.items())})
                payload = json.dumps(body if body is not None else {"ok": True}).encode()
                self.send_response(status)
                if location:
                    self.send_header("Location", location + self.path)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
