"""Code Ocean API v1 emulator (see spec/protocols.md §1 and §4.2).

Serves a catalog's data assets and computations to the official ``codeocean`` SDK and
to our C++ client. Search is answered from in-memory indexes (a joined lower-case
"haystack" scanned with ``str.find`` for substring matches, dicts for custom-metadata
and tag lookups, precomputed sort ranks), so a search over 200,000 assets takes
milliseconds. Quirks of the real server that we model are documented in
docs/local-stack.md ("Quirk models").
"""
from __future__ import annotations

import base64
import bisect
import binascii
import copy
import gc
import json
import re
import threading
import time
import uuid
from typing import Optional

from .faults import FaultSet, Request, RequestLog, Response, StackServer, json_response, message_response

NAME_TERM_MAX = 20  # quirk: name: terms longer than this match nothing
MAX_LIMIT = 1000
CO_BUCKET = "codeocean-s3datasetsbucket-1u41qdg42ur9"
# Quirk model: a custom-metadata value listing several values ("668759, 676909") matches
# a clause for any one of them, so a demo asset tagged with many subjects is a superset hit.
MULTI_VALUE_SPLIT = re.compile(r"[,;\s]+")
CLAUSE = re.compile(r'(?P<key>[A-Za-z0-9_][A-Za-z0-9_ ]*?)\s*:\s*(?P<value>"[^"]*"|\S+)')
NUMBER = re.compile(r"-?\d+(\.\d+)?")
SEP = "\x1f"  # field separator inside an asset's haystack entry; never in user text


def _lower_str(v) -> str:
    return str(v).lower()


def _as_number(v) -> Optional[float]:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    if not isinstance(v, str) or not v or not (v[0].isdigit() or v[0] == "-"):
        return None
    return float(v) if NUMBER.fullmatch(v) else None


class AssetIndex:
    """Search indexes over the data assets. Rebuilt lazily after a mutation."""

    def __init__(self, assets: list[dict], archived: set[str] = frozenset(), favorites: set[str] = frozenset()):
        gc_was_enabled = gc.isenabled()
        gc.disable()  # the build allocates millions of small containers; GC passes would dominate
        try:
            self._build(assets, archived, favorites)
        finally:
            if gc_was_enabled:
                gc.enable()

    def _build(self, assets, archived, favorites):
        self.assets = assets
        n = len(assets)
        self.archived = {i for i, a in enumerate(assets) if a["id"] in archived}
        self.favorites = {i for i, a in enumerate(assets) if a["id"] in favorites}
        self.external = {i for i, a in enumerate(assets) if (a.get("source_bucket") or {}).get("external")}
        self.by_type: dict[str, set[int]] = {}
        for i, a in enumerate(assets):
            self.by_type.setdefault(a.get("type"), set()).add(i)
        self.names = []
        names = self.names = [a.get("name", "").lower() for a in assets]
        self.name_text, self.name_starts = self._join(names)
        hay = []
        self.custom: dict[tuple[str, str], set[int]] = {}
        self.custom_keys: set[str] = set()
        self.custom_num: dict[tuple[str, float], set[int]] = {}
        self.tags: dict[str, set[int]] = {}
        for i, a in enumerate(assets):
            tags = [t.lower() for t in (a.get("tags") or [])]
            for t in tags:
                self.tags.setdefault(t, set()).add(i)
            cm = a.get("custom_metadata") or {}
            values = []
            for k, v in cm.items():
                key = k.lower()
                self.custom_keys.add(key)
                sval = _lower_str(v)
                values.append(sval)
                self.custom.setdefault((key, sval), set()).add(i)
                num = _as_number(sval)
                if num is not None:
                    self.custom_num.setdefault((key, num), set()).add(i)
                parts = [p for p in MULTI_VALUE_SPLIT.split(sval) if p]
                if len(parts) > 1:
                    for p in parts:
                        self.custom.setdefault((key, p), set()).add(i)
            hay.append(SEP.join([names[i], (a.get("description") or "").lower(), *tags, *values]))
        self.hay_text, self.hay_starts = self._join(hay)
        self.tag_names = sorted(self.tags)
        self.hay = hay
        self._ranks: dict = {}
        self.rank("created")  # the default order; build it now rather than in the first search

    def rank(self, fld: str):
        """``(order, rank)``: ids ascending by (field, id), and each asset's position in it."""
        if fld not in self._ranks:
            assets = self.assets
            order = sorted(range(len(assets)), key=lambda i: (self._sort_value(assets[i], fld), assets[i]["id"]))
            rank = [0] * len(order)
            for pos, i in enumerate(order):
                rank[i] = pos
            self._ranks[fld] = (order, rank)
        return self._ranks[fld]

    @staticmethod
    def _sort_value(a, fld):
        v = a.get(fld)
        if fld in ("created", "size"):
            return v if isinstance(v, (int, float)) else 0
        return str(v or "").lower()

    @staticmethod
    def _join(texts):
        starts, pos = [], 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        return "\n".join(texts), starts

    @staticmethod
    def _find_all(text: str, starts: list[int], needle: str, entries: list[str]) -> set[int]:
        """Indexes of the entries of ``text`` that contain ``needle``.

        A rare needle is located with ``str.find`` over the joined text (C speed, one
        Python step per hit); a common one with a per-entry ``in`` test.
        """
        found: set[int] = set()
        if not needle:
            return set(range(len(starts)))
        if text.count(needle) > len(starts) // 64:
            return {i for i, e in enumerate(entries) if needle in e}
        pos = text.find(needle)
        while pos != -1:
            i = bisect.bisect_right(starts, pos) - 1
            found.add(i)
            # jump to the next entry: this one is already a hit
            nxt = starts[i + 1] if i + 1 < len(starts) else len(text)
            pos = text.find(needle, nxt)
        return found

    # Clause matchers -------------------------------------------------------------------
    def name_contains(self, v: str) -> set[int]:
        if len(v) > NAME_TERM_MAX:
            return set()
        return self._find_all(self.name_text, self.name_starts, v.lower(), self.names)

    def tag_prefix(self, v: str) -> set[int]:
        v = v.lower()
        out: set[int] = set()
        j = bisect.bisect_left(self.tag_names, v)
        while j < len(self.tag_names) and self.tag_names[j].startswith(v):
            out |= self.tags[self.tag_names[j]]
            j += 1
        return out

    def custom_equals(self, key: str, v: str) -> set[int]:
        hits = set(self.custom.get((key, v.lower()), ()))
        num = _as_number(v)
        if num is not None:  # numbers compare numerically: "676909.0" == 676909
            hits |= self.custom_num.get((key, num), set())
        return hits

    def free_text(self, word: str) -> set[int]:
        return self._find_all(self.hay_text, self.hay_starts, word.lower(), self.hay)

    def exact(self, getter, v: str) -> set[int]:
        return {i for i, a in enumerate(self.assets) if v in getter(a)}


def _parse_query(query: str, custom_keys: set[str]):
    """Split a search query into ``{key: [values]}`` clauses and free-text words."""
    clauses: dict[str, list[str]] = {}
    words: list[str] = []
    known = {"name", "tag", "tags", "run_script", "commit_id", "contained_data_id"}
    pos = 0
    query = (query or "").strip()
    rest = []
    for m in CLAUSE.finditer(query):
        key = m.group("key").strip().lower()
        # The key regex is lazy and may have swallowed preceding free-text words
        # ("foo subject id:1"): keep the longest known key suffix, the rest is free text.
        tokens = key.split()
        chosen = None
        for s in range(len(tokens)):
            cand = " ".join(tokens[s:])
            if cand in known or cand in custom_keys:
                chosen = cand
                rest.append(query[pos : m.start()] + " " + " ".join(tokens[:s]))
                break
        if chosen is None:
            continue  # unknown key: the whole thing stays free text
        value = m.group("value")
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = value[1:-1]
        clauses.setdefault("tag" if chosen == "tags" else chosen, []).append(value)
        pos = m.end()
    rest.append(query[pos:])
    free = " ".join(rest)
    for m in re.finditer(r'"([^"]*)"|(\S+)', free):
        w = m.group(1) if m.group(1) is not None else m.group(2)
        if w:
            words.append(w)
    return clauses, words


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _decode_token(token: str) -> int:
    raw = base64.urlsafe_b64decode(token.encode()).decode()
    if not raw.startswith("offset:"):
        raise ValueError(token)
    return int(raw[len("offset:"):])


class CodeOceanServer(StackServer):
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

    def _asset_view(self, a: dict) -> dict:
        created = self._drafts.get(a["id"])
        if created is not None and a.get("state") == "draft" and time.time() - created >= self.ready_seconds:
            a["state"] = "ready"
        return a

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

    # Data assets ---------------------------------------------------------------------
    def search(self, req: Request) -> Response:
        try:
            p = req.json() or {}
        except ValueError:
            return message_response(400, "request body is not valid JSON")
        limit = p.get("limit") or 100
        if not isinstance(limit, int) or limit < 0:
            return message_response(400, "limit must be a non-negative integer")
        if limit > MAX_LIMIT:
            return message_response(400, f"limit must be <= {MAX_LIMIT}")
        offset = p.get("offset") or 0
        if p.get("next_token"):
            try:
                offset = _decode_token(p["next_token"])
            except (ValueError, binascii.Error, UnicodeDecodeError):
                return message_response(400, "invalid next_token")
        sort_field = p.get("sort_field")
        if sort_field not in (None, "created", "type", "name", "size"):
            return message_response(400, f"invalid sort_field {sort_field!r}")
        with self._lock:
            idx = self.index()
            try:
                matches, excluded = self._match(idx, p)
            except ValueError as exc:
                return message_response(400, str(exc))
            order, rank = idx.rank(sort_field or "created")
            descending = (p.get("sort_order") or "desc") == "desc" if sort_field else True
            want = offset + limit + 1  # one extra tells us has_more
            if matches is None or len(matches) > 2000:
                # Broad result: walk the presorted order and stop early.
                ordered = []
                for i in (reversed(order) if descending else order):
                    if (matches is None or i in matches) and i not in excluded:
                        ordered.append(i)
                        if len(ordered) >= want:
                            break
            else:
                ordered = sorted(matches - excluded, key=rank.__getitem__, reverse=descending)
            page = ordered[offset : offset + limit]
            results = [copy.deepcopy(self._asset_view(idx.assets[i])) for i in page]
        has_more = offset + len(page) < len(ordered)
        return json_response({"has_more": has_more,
                              "next_token": _encode_token(offset + len(page)) if has_more else "",
                              "results": results})

    def _match(self, idx: AssetIndex, p: dict) -> tuple[Optional[set[int]], set[int]]:
        """``(candidates, excluded)``: matching asset indexes (None: all) minus ``excluded``.

        Kept apart so that a broad search never materialises a 200k-element set.
        """
        assets = idx.assets
        clauses, words = _parse_query(p.get("query") or "", idx.custom_keys)
        cand: Optional[set[int]] = None

        def narrow(s: set[int]):
            nonlocal cand
            cand = s if cand is None else (cand & s)

        for key, values in clauses.items():
            hit: set[int] = set()
            for v in values:
                if key == "name":
                    hit |= idx.name_contains(v)
                elif key == "tag":
                    hit |= idx.tag_prefix(v)
                elif key == "run_script":
                    hit |= idx.exact(lambda a: [(a.get("provenance") or {}).get("run_script")], v)
                elif key == "commit_id":
                    hit |= idx.exact(lambda a: [(a.get("provenance") or {}).get("commit")], v)
                elif key == "contained_data_id":
                    hit |= idx.exact(lambda a: [c.get("id") for c in a.get("contained_data_assets") or []], v)
                else:
                    hit |= idx.custom_equals(key, v)
            narrow(hit)
        for w in words:
            narrow(idx.free_text(w))
        excluded: set[int] = set()
        if p.get("archived"):
            narrow(idx.archived)
        else:
            excluded = idx.archived
        if p.get("favorite"):
            narrow(idx.favorites)
        if p.get("type"):
            narrow(idx.by_type.get(p["type"], set()))
        origin = p.get("origin")
        if origin == "external":
            narrow(idx.external)
        elif origin == "internal":
            excluded = excluded | idx.external
        for flt in p.get("filters") or []:
            base = range(len(assets)) if cand is None else cand
            cand = {i for i in base if _filter_matches(assets[i], flt)}
        return cand, excluded

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
            "owner": _default_owner(self.asset_list), "description": p.get("description") or "",
            "tags": list(p["tags"]), "custom_metadata": p.get("custom_metadata") or {},
            "source_bucket": sb,
        }
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

    # Computations --------------------------------------------------------------------
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
                "owner": _default_owner(self.asset_list), "run_time": 0, "state": "initializing",
                "cloud_workstation": False,
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


def _default_owner(assets: list[dict]) -> str:
    return assets[0].get("owner", "00000000-0000-0000-0000-000000000000") if assets else "00000000-0000-0000-0000-000000000000"


def _filter_matches(a: dict, flt: dict) -> bool:
    """One ``filters[]`` entry of a search (AND-ed with the others)."""
    key = (flt.get("key") or "").lower()
    if key == "tags":
        vals = a.get("tags") or []
    elif key in ("name", "description"):
        vals = [a.get(key)]
    else:
        cm = {k.lower(): v for k, v in (a.get("custom_metadata") or {}).items()}
        vals = [cm[key]] if key in cm else []

    def eq(x, y):
        if isinstance(x, (int, float)) or isinstance(y, (int, float)):
            try:
                return float(x) == float(y)
            except (TypeError, ValueError):
                return False
        return str(x).lower() == str(y).lower()

    if flt.get("value") is not None:
        ok = any(eq(v, flt["value"]) for v in vals)
    elif flt.get("values"):
        ok = any(eq(v, w) for v in vals for w in flt["values"])
    elif flt.get("range"):
        lo, hi = flt["range"].get("min"), flt["range"].get("max")
        ok = False
        for v in vals:
            try:
                x = float(v)
            except (TypeError, ValueError):
                continue
            if (lo is None or x >= float(lo)) and (hi is None or x <= float(hi)):
                ok = True
    else:
        ok = bool(vals)
    return ok != bool(flt.get("exclude"))
