"""Data-asset routes of the Code Ocean emulator (everything but search).

``GET /api/v1/data_assets/{id}``, ``GET`` and ``POST /api/v1/data_assets`` (list, create),
``PUT /api/v1/data_assets/{id}`` (update), ``PATCH .../archive`` and
``POST /api/v1/capsules|pipelines/{id}/data_assets`` (attach), as the SDK expects them:
404 ``{"message"}`` for an unknown ID, 400 for a body that is not JSON or lacks a field the
real server requires. An asset created here starts as ``draft`` and reads as ``ready`` once
the server's ``ready_seconds`` have passed; its ``source_bucket`` is derived from the
request's ``source`` the way the real server does (an AWS source keeps its bucket and
prefix, a computation's result goes to Code Ocean's own bucket under the new ID).
"""
from __future__ import annotations

import json
import time

from .faults import Request, Response, json_response, message_response

CO_BUCKET = "codeocean-s3datasetsbucket-1u41qdg42ur9"  # Code Ocean's internal asset store


class DataAssetRoutes:
    """Mixed into the server. Uses its state: ``_lock``, ``assets`` (id -> asset),
    ``asset_list``, ``archived``, ``capsules``, ``parent``, ``results``, ``_drafts``, ``_index``
    (reset to None after a change, so the search indexes are rebuilt), ``_new_id()``,
    ``_owner()``, ``ready_seconds`` and ``source_stats`` (``(bucket, prefix) -> (files,
    bytes)`` or None; set by the stack to read its S3 emulator)."""

    source_stats = None

    def _asset_view(self, a: dict) -> dict:
        created = self._drafts.get(a["id"])
        if created is not None and a.get("state") == "draft" and time.time() - created >= self.ready_seconds:
            a["state"] = "ready"
        return a

    def _source_stats(self, sb: dict, source: dict) -> tuple[int, int]:
        """``files`` and ``size`` of a new asset: what its S3 source or its computation's results hold."""
        if source.get("computation"):
            files = self.results.get(str(source["computation"].get("id")).lower(), {})
            return len(files), sum(len(b) for b in files.values())
        stats = self.source_stats(sb["bucket"], sb["prefix"]) if source.get("aws") and self.source_stats else None
        return stats or (0, 0)

    def get_asset(self, req: Request, id: str) -> Response:
        with self._lock:
            a = self.assets.get(id.lower())
            if a is None:
                return message_response(404, f"data asset {id} not found")
            return json_response(self._asset_view(a))

    def list_assets(self, req: Request) -> Response:
        with self._lock:
            return json_response([self._asset_view(a) for a in self.asset_list[:1000]])

    def create_asset(self, req: Request) -> Response:
        try:
            p = req.json() or {}
        except ValueError:
            return message_response(400, "request body is not valid JSON")
        missing = [k for k in ("name", "mount", "tags") if p.get(k) is None]
        source = p.get("source") or {}
        if missing:
            return message_response(400, f"missing required field(s): {', '.join(missing)}")
        if not any(source.get(k) for k in ("aws", "gcp", "computation")) and not p.get("data_asset_ids"):
            return message_response(400, "a source or data_asset_ids is required")
        new_id = self._new_id()
        if source.get("aws"):
            aws = source["aws"]
            sb = {"origin": "aws", "bucket": aws.get("bucket", ""), "prefix": aws.get("prefix") or "",
                  "external": bool(aws.get("keep_on_external_storage"))}
            kind = "dataset"
        elif source.get("gcp"):
            gcp = source["gcp"]
            sb = {"origin": "gcp", "bucket": gcp.get("bucket", ""), "prefix": gcp.get("prefix") or "", "external": False}
            kind = "dataset"
        elif source.get("computation"):
            sb = {"origin": "aws", "bucket": CO_BUCKET, "prefix": new_id, "external": False}
            kind = "result"
        else:
            sb = {"origin": "aws", "bucket": CO_BUCKET, "prefix": new_id, "external": False}
            kind = "combined"
        asset = {
            "id": new_id, "created": int(time.time()), "name": p["name"], "mount": p["mount"],
            "state": "draft", "type": kind, "last_used": 0,
            "owner": self._owner(), "description": p.get("description") or "",
            "tags": list(p["tags"]), "custom_metadata": p.get("custom_metadata") or {},
            "source_bucket": sb,
        }
        asset["files"], asset["size"] = self._source_stats(sb, source)
        if source.get("computation"):
            asset["provenance"] = {"computation": source["computation"].get("id"), "commit": "", "run_script": "",
                                   "docker_image": "", "capsule": self.parent.get(source["computation"].get("id"), ""),
                                   "data_assets": []}
        with self._lock:
            self.assets[new_id] = asset
            self.asset_list.append(asset)
            self._drafts[new_id] = time.time()
            self._index = None
            body = json.dumps(asset)
        return Response(200, body.encode())

    def update_asset(self, req: Request, id: str) -> Response:
        try:
            p = req.json() or {}
        except ValueError:
            return message_response(400, "request body is not valid JSON")
        with self._lock:
            a = self.assets.get(id.lower())
            if a is None:
                return message_response(404, f"data asset {id} not found")
            for k in ("name", "description", "tags", "mount", "custom_metadata"):
                if p.get(k) is not None:
                    a[k] = p[k]
            self._index = None
            return json_response(a)

    def archive_asset(self, req: Request, id: str) -> Response:
        archive = req.params().get("archive", "true").lower() in ("true", "1", "yes")
        with self._lock:
            if id.lower() not in self.assets:
                return message_response(404, f"data asset {id} not found")
            (self.archived.add if archive else self.archived.discard)(id.lower())
            self._index = None
        return Response(204, b"", content_type=None)

    def attach(self, req: Request, id: str) -> Response:
        if id not in self.capsules:
            return message_response(404, f"capsule {id} not found")
        try:
            items = req.json() or []
        except ValueError:
            return message_response(400, "request body is not valid JSON")
        out = []
        for item in items:
            aid = (item or {}).get("id")
            a = self.assets.get(str(aid).lower())
            if a is None:
                return message_response(404, f"data asset {aid} not found")
            out.append({"id": a["id"], "mount_state": "mounted", "job_id": self._new_id(),
                        "external": bool((a.get("source_bucket") or {}).get("external")),
                        "ready": True, "mount": item.get("mount") or a.get("mount")})
        return json_response(out)
