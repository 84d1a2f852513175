"""Code Ocean API v1 emulator: the server, its state, authentication and routing.

Serves a catalog's data assets and computations to the official ``codeocean`` SDK and to
our C++ client, on 127.0.0.1, as the real API does (docs/protocols.md §1): paths under
``/api/v1/``, HTTP Basic auth with the token as user name (401 ``{"message"}`` otherwise),
JSON bodies, ``{"message"}`` errors. The emulator is split along its routes:

* this module -- :class:`CodeOceanServer`: the in-memory state built from the catalog,
  the route table and dispatch (404 unknown path, 405 wrong method), auth, and the
  unauthenticated ``/_files/...`` downloads;
* :mod:`.codeocean_search` -- ``POST data_assets/search``: query grammar, indexes, paging;
* :mod:`.codeocean_assets` -- the other data-asset routes (get, list, create, update,
  archive, attach);
* :mod:`.codeocean_computations` -- computations, capsule run lists and result files.

What the emulator models on purpose, quirks of the real server included, is described in
docs/local-stack.md ("Quirk models").
"""
from __future__ import annotations

import base64
import re
import threading
import time
import uuid
from typing import Optional

from .codeocean_assets import DataAssetRoutes
from .codeocean_computations import ComputationRoutes
from .codeocean_search import AssetIndex, SearchRoute
from .faults import FaultSet, Request, RequestLog, Response, StackServer, message_response

__all__ = ["AssetIndex", "CodeOceanServer"]


class CodeOceanServer(SearchRoute, DataAssetRoutes, ComputationRoutes, StackServer):
    """The Code Ocean emulator. ``catalog`` follows ``aind_session.testing.catalog.Catalog``."""

    service = "codeocean"

    def __init__(self, catalog, faults: FaultSet, log: RequestLog, port: int = 0,
                 run_seconds: float = 1.0, ready_seconds: float = 0.0):
        self.catalog = catalog
        self.token = catalog.token
        self._auth_ok = {"Basic " + base64.b64encode(f"{catalog.token}:".encode()).decode()}
        self.run_seconds = run_seconds
        self.ready_seconds = ready_seconds
        self._lock = threading.RLock()
        self.assets = {a["id"]: a for a in catalog.data_assets}
        self.asset_list = list(catalog.data_assets)
        self.archived = set(catalog.archived_ids)
        self.favorites = set(catalog.favorite_ids)
        self.computations = {c["id"]: c for c in catalog.computations}
        self.parent = dict(catalog.computation_parent)
        self.capsules = set(catalog.capsule_ids)
        self.results = catalog.results
        self._started: dict[str, float] = {}  # computation id -> start time (runs made here)
        self._drafts: dict[str, float] = {}  # asset id -> creation time (assets made here)
        self._counter = 0
        self._index: Optional[AssetIndex] = None
        super().__init__(faults, log, port=port)
        self.base_url = f"http://127.0.0.1:{self.port}"

    # Helpers -----------------------------------------------------------------------
    def index(self) -> AssetIndex:
        with self._lock:
            if self._index is None:
                self._index = AssetIndex(self.asset_list, self.archived, self.favorites)
            return self._index

    def _new_id(self) -> str:
        with self._lock:
            self._counter += 1
            return str(uuid.uuid5(uuid.NAMESPACE_URL, f"aind-stack:{self.catalog.token}:{self._counter}:{time.time_ns()}"))

    def _owner(self) -> str:
        """The owner given to assets and runs made here: the catalog's first owner."""
        assets = self.asset_list
        return assets[0].get("owner", "00000000-0000-0000-0000-000000000000") if assets else "00000000-0000-0000-0000-000000000000"

    # Routing -----------------------------------------------------------------------
    ROUTES = [
        ("POST", re.compile(r"^/api/v1/data_assets/search/?$"), "search"),
        ("GET", re.compile(r"^/api/v1/data_assets/(?P<id>[^/]+)/?$"), "get_asset"),
        ("PUT", re.compile(r"^/api/v1/data_assets/(?P<id>[^/]+)/?$"), "update_asset"),
        ("PATCH", re.compile(r"^/api/v1/data_assets/(?P<id>[^/]+)/archive/?$"), "archive_asset"),
        ("POST", re.compile(r"^/api/v1/data_assets/?$"), "create_asset"),
        ("GET", re.compile(r"^/api/v1/data_assets/?$"), "list_assets"),
        ("GET", re.compile(r"^/api/v1/computations/(?P<id>[^/]+)/?$"), "get_computation"),
        ("POST", re.compile(r"^/api/v1/computations/?$"), "run"),
        ("POST", re.compile(r"^/api/v1/computations/(?P<id>[^/]+)/results/?$"), "list_results"),
        ("GET", re.compile(r"^/api/v1/computations/(?P<id>[^/]+)/results/download_url/?$"), "download_url"),
        ("GET", re.compile(r"^/api/v1/computations/(?P<id>[^/]+)/results/urls/?$"), "file_urls"),
        ("GET", re.compile(r"^/api/v1/(?:capsules|pipelines)/(?P<id>[^/]+)/computations/?$"), "capsule_computations"),
        ("POST", re.compile(r"^/api/v1/(?:capsules|pipelines)/(?P<id>[^/]+)/data_assets/?$"), "attach"),
    ]

    def route(self, req: Request) -> Response:
        if req.path.startswith("/_files/"):
            return self.serve_file(req.path[len("/_files/"):])
        if req.headers.get("authorization") not in self._auth_ok:
            return message_response(401, "No valid access token provided")
        for method, rx, name in self.ROUTES:
            m = rx.match(req.path)
            if m and method == req.method:
                return getattr(self, name)(req, **m.groupdict())
        if any(rx.match(req.path) for _, rx, _ in self.ROUTES):
            return message_response(405, f"method {req.method} not allowed on {req.path}")
        return message_response(404, f"no route for {req.method} {req.path}")
