"""Data-asset search of the Code Ocean emulator: query grammar, indexes, matching, paging.

``POST /api/v1/data_assets/search`` is the one route whose behaviour is more than a lookup,
and the one the clients lean on hardest (a session's assets, a subject's assets, the
credential check), so it lives here on its own:

* :func:`_parse_query` splits the ``query`` string into ``key:value`` clauses and
  free-text words, as the real server's grammar does;
* :class:`AssetIndex` holds in-memory indexes over the catalog's assets (a joined
  lower-case "haystack" scanned with ``str.find`` for substring matches, dicts for
  custom-metadata and tag lookups, precomputed sort ranks), so a search over 200,000
  assets takes milliseconds;
* :class:`SearchRoute` is the route itself (validation, matching, ordering, offset and
  ``next_token`` paging), mixed into :class:`~.codeocean_server.CodeOceanServer`.

The quirks of the real server that we model on purpose (the 20-character ``name:`` limit,
superset hits for multi-valued custom fields, tag prefixes) are listed in
docs/local-stack.md ("Quirk models") and docs/protocols.md.
"""
from __future__ import annotations

import base64
import binascii
import bisect
import copy
import gc
import re
from typing import Optional

from .faults import Request, Response, json_response, message_response

NAME_TERM_MAX = 20  # quirk: name: terms longer than this match nothing
MAX_LIMIT = 1000
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
        self.archived = {i for i, a in enumerate(assets) if a["id"] in archived}
        self.favorites = {i for i, a in enumerate(assets) if a["id"] in favorites}
        self.external = {i for i, a in enumerate(assets) if (a.get("source_bucket") or {}).get("external")}
        self.by_type: dict[str, set[int]] = {}
        for i, a in enumerate(assets):
            self.by_type.setdefault(a.get("type"), set()).add(i)
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




class SearchRoute:
    """The search route, mixed into the server: it uses the server's ``_lock``, ``index()``
    (the current :class:`AssetIndex`) and ``_asset_view`` (an asset as served)."""

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
