"""AIND DocDB REST API emulator (docs/protocols.md §2 and §4.3).

One in-memory :class:`DocDBStore` is served by two :class:`DocDBServer` instances: plain
HTTP (for our C++ client and curl) and TLS with a self-signed certificate (for
aind-data-access-api, whose scheme is hard-coded ``https``). Reads are unauthenticated,
as on the real API. Equality lookups on ``name``, ``subject.subject_id`` and
``external_links.Code Ocean`` go through hash indexes so the large profile stays fast.
"""
from __future__ import annotations

import json
import re
import ssl
import threading
from typing import Optional

from . import mongo
from .faults import FaultSet, Request, RequestLog, Response, StackHandler, StackServer, json_response, message_response

INDEXED_PATHS = ("name", "subject.subject_id", "external_links.Code Ocean", "_id")
DEFAULT_MAX_BATCH = 100
DEFAULT_MAX_BYTES = 5_000_000


class Collection:
    """Records of one (database, collection) in insertion order, with equality indexes."""

    def __init__(self, docs: list[dict]):
        self.docs = docs
        self.indexes: dict[str, dict] = {}
        self._build()

    def _build(self) -> None:
        self.indexes = {p: {} for p in INDEXED_PATHS}
        for pos, doc in enumerate(self.docs):
            for p in INDEXED_PATHS:
                for v in mongo._candidates(doc, p):
                    if isinstance(v, (str, int, float)) and not isinstance(v, bool):
                        self.indexes[p].setdefault(v, []).append(pos)

    def _candidates(self, flt: dict) -> Optional[list[int]]:
        """Positions that may match, from an index, or None for a full scan."""
        best = None
        for key, cond in flt.items():
            if key not in self.indexes:
                continue
            if isinstance(cond, dict) and set(cond) == {"$eq"}:
                cond = cond["$eq"]
            if isinstance(cond, dict) and set(cond) == {"$in"} and isinstance(cond["$in"], list):
                values = cond["$in"]
            elif isinstance(cond, (str, int, float)) and not isinstance(cond, bool):
                values = [cond]
            else:
                continue
            if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values):
                continue
            positions = sorted({p for v in values for p in self.indexes[key].get(v, ())})
            if best is None or len(positions) < len(best):
                best = positions
        return best

    def find(self, flt: Optional[dict]) -> list[dict]:
        flt = flt or {}
        if not isinstance(flt, dict):
            raise mongo.QueryError("filter must be a JSON object")
        cand = self._candidates(flt)
        docs = self.docs if cand is None else [self.docs[p] for p in cand]
        if not flt:
            return list(docs)
        return [d for d in docs if mongo.matches(d, flt)]


class DocDBStore:
    """All collections of the emulated DocDB, shared by the HTTP and TLS servers."""

    def __init__(self, docdb: dict, max_batch: int = DEFAULT_MAX_BATCH, max_bytes: int = DEFAULT_MAX_BYTES):
        self.collections = {key: Collection(list(docs)) for key, docs in docdb.items()}
        self.collections.setdefault(("metadata_index", "data_assets"), Collection([]))
        self.max_batch = max_batch
        self.max_bytes = max_bytes
        self.lock = threading.Lock()


def _json_param(params: dict, name: str):
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise mongo.QueryError(f"{name} is not valid JSON: {exc}") from exc


def _int_param(params: dict, name: str) -> int:
    raw = params.get(name, "") or "0"
    if not re.fullmatch(r"\d+", raw):
        raise mongo.QueryError(f"{name} must be a non-negative integer, got {raw!r}")
    return int(raw)


ROUTE = re.compile(r"^/v1/(?P<db>[^/]+)/(?P<coll>[^/]+)(?:/(?P<op>find|count_documents|aggregate))?/?$")


class DocDBServer(StackServer):
    """One listening port (plain or TLS) of the DocDB emulator."""

    service = "docdb"

    def __init__(self, store: DocDBStore, faults: FaultSet, log: RequestLog, port: int = 0,
                 tls: Optional[ssl.SSLContext] = None):
        self.store = store
        self.tls = tls
        super().__init__(faults, log, port=port, handler=_TLSHandler if tls else StackHandler)
        if tls is not None:
            # Handshake later, in the connection's own thread, so a slow client cannot stall accept().
            self.socket = tls.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)
        scheme = "https" if tls else "http"
        self.base_url = f"{scheme}://127.0.0.1:{self.port}"

    def route(self, req: Request) -> Response:
        m = ROUTE.match(req.path)
        if not m:
            # API Gateway's answer for unknown (or IAM-only) routes.
            return message_response(403, "Missing Authentication Token")
        coll = self.store.collections.get((m["db"], m["coll"]))
        op = m["op"]
        try:
            if op == "aggregate" and req.method == "POST":
                return self._aggregate(req, coll)
            if req.method != "GET" or op == "aggregate":
                return message_response(403, "Missing Authentication Token")
            params = req.params()
            if op == "count_documents":
                flt = _json_param(params, "filter")
                total = len(coll.docs) if coll else 0
                matched = (len(coll.find(flt)) if flt else total) if coll else 0
                return json_response({"total_record_count": total, "filtered_record_count": matched})
            return self._find(params, coll, capped=(op == "find"))
        except mongo.QueryError as exc:
            return message_response(400, str(exc))

    def _find(self, params: dict, coll: Optional[Collection], capped: bool) -> Response:
        flt = _json_param(params, "filter")
        projection = _json_param(params, "projection")
        sort = _json_param(params, "sort")
        limit = _int_param(params, "limit")
        skip = _int_param(params, "skip")
        if coll is None:
            return json_response([])
        docs = mongo.sort(coll.find(flt), sort)
        docs = docs[skip:]
        if limit:
            docs = docs[:limit]
        if capped:
            docs = docs[: self.store.max_batch]
        parts, size = [], 2
        for d in docs:
            text = json.dumps(mongo.project(d, projection))
            if capped and parts and size + len(text) + 2 > self.store.max_bytes:
                break  # a short batch: the client asks again with skip += len(batch)
            parts.append(text)
            size += len(text) + 2
        if not capped and size > self.store.max_bytes:
            return message_response(413, "Request Entity Too Large")
        return Response(200, ("[" + ", ".join(parts) + "]").encode())

    def _aggregate(self, req: Request, coll: Optional[Collection]) -> Response:
        try:
            pipeline = req.json()
        except ValueError:
            return message_response(400, "the pipeline is not valid JSON")
        if not isinstance(pipeline, list):
            return message_response(400, "the pipeline must be a JSON array")
        docs = coll.docs if coll else []
        first = pipeline[0] if pipeline else None
        if coll and isinstance(first, dict) and "$match" in first and isinstance(first["$match"], dict):
            docs = coll.find(first["$match"])  # use the indexes for a leading $match
            pipeline = pipeline[1:]
        return json_response(mongo.aggregate(docs, pipeline))


class _TLSHandler(StackHandler):
    def setup(self):
        self.request.settimeout(self.timeout)
        try:
            self.request.do_handshake()
        except (ssl.SSLError, OSError):
            self.close_connection = True
            raise
        super().setup()
