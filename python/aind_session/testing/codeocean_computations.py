"""Computation routes of the Code Ocean emulator: runs, their listing and their result files.

``GET /api/v1/computations/{id}``, ``POST /api/v1/computations`` (run a capsule or
pipeline), ``GET /api/v1/capsules|pipelines/{id}/computations`` (a bare JSON array, no
paging), ``POST /api/v1/computations/{id}/results`` (a folder listing) and the two URL
routes for a result file (``results/download_url`` and, from platform 4.0, ``results/urls``).

A run made here goes ``initializing`` -> ``running`` (after a third of ``run_seconds``) ->
``completed`` (after ``run_seconds``) as it is read. Result-file URLs point back at this
server (``/_files/<token>``) and are served without authentication, as pre-signed S3 URLs
are in reality: clients fetch them with a bare GET.
"""
from __future__ import annotations

import base64
import binascii
import copy
import json
import time

from .faults import Request, Response, json_response, message_response


class ComputationRoutes:
    """Mixed into the server. Uses its state: ``_lock``, ``computations`` (id ->
    computation), ``parent`` (computation id -> capsule or pipeline id), ``capsules``,
    ``results`` (computation id -> {path: bytes}), ``_started``, ``_counter``,
    ``_new_id()``, ``_owner()``, ``run_seconds`` and ``base_url``."""

    def _computation_view(self, c: dict) -> dict:
        started = self._started.get(c["id"])
        if started is not None and c.get("state") not in ("completed", "failed"):
            elapsed = time.time() - started
            if elapsed >= self.run_seconds:
                c.update(state="completed", end_status="succeeded", exit_code=0, has_results=True,
                         run_time=int(elapsed))
            elif elapsed >= self.run_seconds / 3:
                c["state"] = "running"
        return c

    def get_computation(self, req: Request, id: str) -> Response:
        with self._lock:
            c = self.computations.get(id.lower())
            if c is None:
                return message_response(404, f"computation {id} not found")
            return json_response(self._computation_view(c))

    def capsule_computations(self, req: Request, id: str) -> Response:
        if id not in self.capsules:
            return message_response(404, f"capsule {id} not found")
        with self._lock:
            return json_response([self._computation_view(c) for cid, c in self.computations.items()
                                  if self.parent.get(cid) == id])

    def run(self, req: Request) -> Response:
        try:
            p = req.json() or {}
        except ValueError:
            return message_response(400, "request body is not valid JSON")
        parent = p.get("capsule_id") or p.get("pipeline_id")
        if not parent:
            return message_response(400, "capsule_id or pipeline_id is required")
        if parent not in self.capsules:
            return message_response(404, f"capsule {parent} not found")
        params = [{"value": v} for v in p.get("parameters") or []]
        params += [{"param_name": n.get("param_name"), "value": n.get("value")} for n in p.get("named_parameters") or []]
        with self._lock:
            self._counter += 1
            comp = {
                "id": self._new_id(), "created": int(time.time()), "name": f"Run {self._counter}",
                "owner": self._owner(), "run_time": 0, "state": "initializing",
                "cloud_workstation": False, "has_results": False,  # always sent; True once completed
                "data_assets": [{"id": d.get("id"), "mount": d.get("mount")} for d in p.get("data_assets") or []],
                "parameters": params, "nextflow_profile": p.get("nextflow_profile"),
            }
            self.computations[comp["id"]] = comp
            self.parent[comp["id"]] = parent
            self._started[comp["id"]] = time.time()
            self.results.setdefault(comp["id"], {"output": b"run completed by the local stack\n"})
            return json_response(copy.deepcopy(comp))

    def _result_files(self, id: str):
        if id.lower() not in self.computations:
            return None
        return self.results.get(id.lower(), {})

    def list_results(self, req: Request, id: str) -> Response:
        files = self._result_files(id)
        if files is None:
            return message_response(404, f"computation {id} not found")
        try:
            base = ((req.json() or {}).get("path") or "").strip("/")
        except ValueError:
            return message_response(400, "request body is not valid JSON")
        prefix = base + "/" if base else ""
        items: dict[str, dict] = {}
        for path, data in files.items():
            if not path.startswith(prefix):
                continue
            rest = path[len(prefix):]
            head, sep, _ = rest.partition("/")
            full = prefix + head
            if sep:
                items.setdefault(full, {"name": head, "path": full, "type": "folder"})
            else:
                items[full] = {"name": head, "path": full, "size": len(data), "type": "file"}
        if base and not items and base not in files:
            return message_response(404, f"path {base} not found")
        return json_response({"items": [items[k] for k in sorted(items)]})

    def _file_url(self, id: str, path: str) -> str:
        tok = base64.urlsafe_b64encode(json.dumps([id.lower(), path]).encode()).decode().rstrip("=")
        return f"{self.base_url}/_files/{tok}"

    def download_url(self, req: Request, id: str) -> Response:
        files = self._result_files(id)
        path = req.params().get("path", "").strip("/")
        if files is None or path not in files:
            return message_response(404, f"file {path!r} of computation {id} not found")
        return json_response({"url": self._file_url(id, path)})

    def file_urls(self, req: Request, id: str) -> Response:
        files = self._result_files(id)
        path = req.params().get("path", "").strip("/")
        if files is None or path not in files:
            return message_response(404, f"file {path!r} of computation {id} not found")
        url = self._file_url(id, path)
        return json_response({"download_url": url, "view_url": url})

    def serve_file(self, token: str) -> Response:
        try:
            cid, path = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            data = self.results[cid][path]
        except (ValueError, KeyError, TypeError, binascii.Error):
            return Response(404, b"<Error><Code>NoSuchKey</Code></Error>", content_type="application/xml")
        return Response(200, data, content_type="application/octet-stream")
