"""Hostile servers: small misbehaving servers on 127.0.0.1 for the hardening tests.

Each scenario impersonates just enough of one service (Code Ocean, DocDB or S3, with the
wire shapes of docs/protocols.md §1-§3) to reach one failure case that the well-behaved
emulators of the local stack never produce. They back ``tests/python/test_hostile_servers.py``;
the library never uses them.

Every scenario is a context manager yielding a :class:`Hostile` (``url``, ``port``, ``log``)
that also unpacks as ``url, log``::

    from aind_session.testing import hostile

    with hostile.gzip_bomb() as (url, log):
        ...  # CODE_OCEAN_DOMAIN=url
    log.entries()[0].header("Authorization")

=========================  ====================================================================
scenario                   reproduces
=========================  ====================================================================
blackhole                  a server that takes the connection and never answers
plain_listener             a plain-TCP port recording every byte (credentials sent in clear?)
gzip_bomb                  a 1 MB gzip body that inflates to 1 GiB
s3_alternating_tokens      an S3 listing whose continuation tokens cycle A, B, A, B...
docdb_never_empty          DocDB ``find`` pages that never come back empty
codeocean_always_more      a Code Ocean search that always says ``has_more``
docdb_not_records          DocDB answering ``[1,2,3]`` where records are expected
invalid_utf8               JSON and S3 XML with a ``\\xff`` byte inside strings
echo_headers_error         HTTP 500 whose body and headers echo every request header
=========================  ====================================================================

The plumbing (request log, servers) is in :mod:`aind_session.testing._hostile_http`.
"""
from __future__ import annotations

import base64
import contextlib
import functools
import json
import re
import socket
import struct
import threading
import urllib.parse
import zlib
from typing import Iterator, Optional

from ._hostile_http import Hostile, Received, RequestLog, never_accepting, send, serve_http, serve_tcp

__all__ = ["Hostile", "Received", "RequestLog", "SCENARIOS", "blackhole", "codeocean_always_more",
           "docdb_never_empty", "docdb_not_records", "echo_headers_error", "gzip_bomb", "gzip_bomb_body",
           "invalid_utf8", "plain_listener", "s3_alternating_tokens"]

FF = b"@@FF@@"  # stands for a \xff byte in bodies built as JSON text, replaced on the way out
DOCDB_ROUTE = re.compile(r"^/v1/[^/]+/[^/]+(?:/(?P<op>find|count_documents|aggregate))?/?$")
CO_SEARCH = re.compile(r"^/api/v1/data_assets/search/?$")
OWNER = "5f0c1a52-3c1e-4a3e-9a4b-1d2e3f4a5b6c"


def _json(obj) -> bytes:
    return json.dumps(obj).encode().replace(FF, b"\xff")


def _uuid(n: int) -> str:
    return f"{n & 0xFFFFFFFF:08x}-0000-4000-8000-{n:012x}"


# ---- blackhole and plain listener -------------------------------------------------------------


@contextlib.contextmanager
def blackhole(mode: str = "read") -> Iterator[Hostile]:
    """A server that never answers, so only the client's own timeouts or a Ctrl-C end the wait.

    ``mode``: ``"read"`` accepts, reads the whole request (it is logged), then holds the
    connection open in silence; ``"hold"`` accepts and never reads a byte; ``"listen"``
    never even accepts (the kernel completes the TCP handshake, nothing more).
    """
    if mode == "read":
        def respond(handler, req):
            handler.server.stop.wait()
            handler.close_connection = True

        with serve_http(respond) as h:
            yield h
    elif mode == "hold":
        with serve_tcp(lambda sock, received, stop: stop.wait()) as h:
            yield h
    elif mode == "listen":
        with never_accepting() as h:
            yield h
    else:
        raise ValueError(f"blackhole mode must be read, hold or listen, not {mode!r}")


PLAIN_REPLY = (b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 40\r\n"
               b"Connection: close\r\n\r\n" + b'{"message": "hostile plain listener..."}')


def _request_complete(buf: bytes) -> bool:
    head_end = buf.find(b"\r\n\r\n")
    if head_end < 0:
        return False
    m = re.search(rb"(?im)^content-length:\s*(\d+)", buf[:head_end])
    return len(buf) >= head_end + 4 + (int(m.group(1)) if m else 0)


@contextlib.contextmanager
def plain_listener(reply: Optional[bytes] = PLAIN_REPLY, idle: float = 0.5) -> Iterator[Hostile]:
    """A raw TCP listener that records every byte received (``log.raw()``), to prove what a
    client sends in clear text -- e.g. that no ``Authorization:`` header ever arrives
    unencrypted, or that no injected header does.

    Once a complete plain-HTTP request has arrived it answers ``reply`` (default: a 400 that
    no client retries) and closes. Bytes that cannot start an HTTP request (a TLS
    ClientHello) are recorded and the connection is closed at once; so is a connection idle
    for ``idle`` seconds.
    """
    def handle(sock: socket.socket, received: bytearray, stop: threading.Event):
        sock.settimeout(idle)
        while not stop.is_set():
            try:
                data = sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            received += data
            if not received[:1].isalpha():
                return
            if _request_complete(bytes(received)):
                if reply:
                    with contextlib.suppress(OSError):
                        sock.sendall(reply)
                return

    with serve_tcp(handle) as h:
        yield h


# ---- gzip bomb ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def gzip_bomb_body(inflated: int = 1 << 30) -> bytes:
    """A valid gzip member of ~1 MB that inflates to ``inflated`` bytes of JSON: a Code Ocean
    search answer padded with spaces. Built streaming (one 1 MiB block, deflated once with a
    full flush, repeated: its bytes do not depend on what came before), cached per process."""
    prefix, suffix, chunk = b'{"has_more": false, "results": [', b"]}", 1 << 20
    fill = b" " * chunk
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = co.compress(prefix) + co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(fill) + co.flush(zlib.Z_FULL_FLUSH)
    tail = co.compress(suffix) + co.flush(zlib.Z_FINISH)
    n = max(1, inflated // chunk)
    crc = zlib.crc32(prefix)
    for _ in range(n):
        crc = zlib.crc32(fill, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + n * chunk + len(suffix)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # magic, deflate, no flags, mtime 0, max compression
    return header + head + block * n + tail + struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)


@contextlib.contextmanager
def gzip_bomb(inflated: int = 1 << 30) -> Iterator[Hostile]:
    """Answers every request 200, ``Content-Encoding: gzip``, with :func:`gzip_bomb_body`: a
    client that inflates without a bound holds 1 GiB (and more while it grows a buffer)."""
    body = gzip_bomb_body(inflated)

    def respond(handler, req):
        send(handler, 200, body, headers=[("Content-Encoding", "gzip")])

    with serve_http(respond) as h:
        yield h


# ---- S3 ----------------------------------------------------------------------------------------


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _list_xml(bucket: str, prefix: str, keys=(), prefixes=(), truncated: bool = False, token: str = "",
              next_token: str = "", url_encoded: bool = False) -> bytes:
    """A ListObjectsV2 ``ListBucketResult`` (docs/protocols.md §3.3); FF in a key is a raw \\xff."""
    enc = (lambda s: urllib.parse.quote(s, safe="/@")) if url_encoded else (lambda s: s)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
             f"<Name>{_xml_text(bucket)}</Name><Prefix>{_xml_text(enc(prefix))}</Prefix>",
             f"<KeyCount>{len(keys) + len(prefixes)}</KeyCount><MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter>",
             f"<IsTruncated>{'true' if truncated else 'false'}</IsTruncated>"]
    if url_encoded:
        parts.append("<EncodingType>url</EncodingType>")
    if token:
        parts.append(f"<ContinuationToken>{_xml_text(token)}</ContinuationToken>")
    if next_token:
        parts.append(f"<NextContinuationToken>{_xml_text(next_token)}</NextContinuationToken>")
    for key in keys:
        parts.append(f"<Contents><Key>{_xml_text(enc(key))}</Key><LastModified>2024-01-01T00:00:00.000Z"
                     f"</LastModified><ETag>&quot;0&quot;</ETag><Size>1</Size><StorageClass>STANDARD"
                     f"</StorageClass></Contents>")
    for p in prefixes:
        parts.append(f"<CommonPrefixes><Prefix>{_xml_text(enc(p))}</Prefix></CommonPrefixes>")
    parts.append("</ListBucketResult>")
    return "".join(parts).encode().replace(FF, b"\xff")


def _s3_not_found(handler) -> None:
    if handler.command == "HEAD":
        return send(handler, 404, content_type=None)
    body = b"<?xml version='1.0'?><Error><Code>NoSuchKey</Code><Message>no such key</Message></Error>"
    send(handler, 404, body, "application/xml")


def _s3_listing(req: Received) -> Optional[tuple[str, dict]]:
    """``(bucket, query parameters)`` of a ListObjectsV2 request (path style), else None."""
    params = req.params()
    if req.method != "GET" or params.get("list-type") != "2":
        return None
    return urllib.parse.unquote(req.path.strip("/").split("/")[0]), params


@contextlib.contextmanager
def s3_alternating_tokens() -> Iterator[Hostile]:
    """ListObjectsV2 that always says ``IsTruncated`` with ``NextContinuationToken`` A, B, A,
    B... (each page with a fresh key and sub-directory), defeating a client that only checks
    that a token differs from the previous one. HEAD and object GETs are 404."""
    pages = iter(range(1 << 62))

    def respond(handler, req):
        listing = _s3_listing(req)
        if listing is None:
            return _s3_not_found(handler)
        bucket, p = listing
        prefix, n = p.get("prefix", ""), next(pages)
        token = p.get("continuation-token", "")
        body = _list_xml(bucket, prefix, keys=[f"{prefix}file{n}"], prefixes=[f"{prefix}dir{n}/"], truncated=True,
                         token=token, next_token="B" if token == "A" else "A",
                         url_encoded=p.get("encoding-type") == "url")
        send(handler, 200, body, "application/xml")

    with serve_http(respond) as h:
        yield h


# ---- DocDB and Code Ocean records ---------------------------------------------------------------


def docdb_record(n: int, name: str) -> dict:
    """A minimal schema-v1 DocDB record (docs/protocols.md §2.6), the n-th of its kind."""
    return {"_id": _uuid(n), "name": name, "created": f"2024-01-01T00:00:{n % 60:02d}Z",
            "last_modified": "2024-01-02T00:00:00Z", "location": f"s3://aind-ephys-data/{name}",
            "external_links": {"Code Ocean": []}, "subject": {"subject_id": "676909"},
            "data_description": {"name": name, "data_level": "raw"}}


def codeocean_asset(n: int, name: str) -> dict:
    """A DataAsset with every key the Code Ocean SDKs require (docs/protocols.md §1.4)."""
    return {"id": _uuid(n), "created": 1700000000 + n, "name": name, "mount": name, "state": "ready",
            "type": "dataset", "last_used": 0, "owner": OWNER, "files": 1, "size": 1, "description": "",
            "tags": ["raw"], "custom_metadata": {"data level": "raw data"},
            "source_bucket": {"origin": "aws", "bucket": "aind-ephys-data", "prefix": name, "external": True}}


def _docdb_query(req: Received) -> tuple[Optional[str], str, int, int]:
    """``(op, name from the filter, skip, limit)`` of a DocDB request; op None: not a DocDB route."""
    m = DOCDB_ROUTE.match(req.path)
    if not m:
        return None, "", 0, 0
    p = req.params()
    try:
        flt = json.loads(p.get("filter") or "{}")
    except ValueError:
        flt = {}
    name = flt.get("name") if isinstance(flt, dict) and isinstance(flt.get("name"), str) else "hostile_record"
    skip = int(p["skip"]) if p.get("skip", "").isdigit() else 0
    limit = int(p["limit"]) if p.get("limit", "").isdigit() else 0
    return m["op"] or "find", name, skip, limit


def _docdb_forbidden(handler) -> None:
    send(handler, 403, _json({"message": "Missing Authentication Token"}))


@contextlib.contextmanager
def docdb_never_empty(batch: int = 100) -> Iterator[Hostile]:
    """DocDB whose ``find`` (and legacy collection GET, and ``aggregate``) returns a fresh
    non-empty batch of records at every ``skip``: a client that stops only at an empty page
    (docs/protocols.md §2.4) pages forever, growing its result list. ``limit`` is honoured."""
    def respond(handler, req):
        op, name, skip, limit = _docdb_query(req)
        if op is None:
            return _docdb_forbidden(handler)
        if op == "count_documents":
            return send(handler, 200, _json({"total_record_count": 10**12, "filtered_record_count": 10**12}))
        size = min(batch, limit) if limit else batch
        send(handler, 200, _json([docdb_record(skip + i, name) for i in range(size)]))

    with serve_http(respond) as h:
        yield h


@contextlib.contextmanager
def docdb_not_records() -> Iterator[Hostile]:
    """DocDB answering the JSON array ``[1,2,3]`` where records (objects) are expected: first
    page of ``find``, legacy GET and ``aggregate``; ``[]`` after it, so only the shape is wrong."""
    def respond(handler, req):
        op, _, skip, _ = _docdb_query(req)
        if op is None:
            return _docdb_forbidden(handler)
        send(handler, 200, b"[1,2,3]" if skip == 0 else b"[]")

    with serve_http(respond) as h:
        yield h


def _search_offset(req: Received) -> tuple[int, int]:
    """``(offset, limit)`` of a Code Ocean search body (``next_token`` wins over ``offset``)."""
    try:
        body = json.loads(req.body or b"{}")
    except ValueError:
        body = {}
    offset = int(body.get("offset") or 0)
    if body.get("next_token"):
        with contextlib.suppress(ValueError):
            offset = int(base64.b64decode(body["next_token"]))
    return offset, int(body.get("limit") or 100)


@contextlib.contextmanager
def codeocean_always_more(batch: int = 100) -> Iterator[Hostile]:
    """Code Ocean whose ``POST /api/v1/data_assets/search`` always answers ``has_more: true``
    with a page of fresh assets (and a ``next_token``), so offset paging never ends; any other
    route is 404. Auth is not checked."""
    def respond(handler, req):
        if req.method != "POST" or not CO_SEARCH.match(req.path):
            return send(handler, 404, _json({"message": "Not found"}))
        offset, limit = _search_offset(req)
        size = max(1, min(batch, limit))
        results = [codeocean_asset(offset + i, f"hostile_{offset + i}") for i in range(size)]
        token = base64.b64encode(str(offset + size).encode()).decode()
        send(handler, 200, _json({"has_more": True, "next_token": token, "results": results}))

    with serve_http(respond) as h:
        yield h


# ---- invalid UTF-8 and echoed secrets -----------------------------------------------------------


@contextlib.contextmanager
def invalid_utf8(name: str = "ecephys_676909_2023-12-13_13-43-40") -> Iterator[Hostile]:
    """One server for all three services, every answer well-formed except for a ``\\xff`` byte
    (never valid UTF-8) inside a string: Code Ocean search and asset JSON (the asset's name,
    ``name`` + ``_\\xff``), DocDB ``find`` JSON (a record of ``name`` whose subject ID holds
    the byte; ``[]`` past the first page), and S3 ListObjectsV2 XML whose key and
    sub-directory hold it (raw, with no ``EncodingType``). Routes: ``/api/v1/...`` is Code
    Ocean, ``/v1/...`` DocDB, anything else S3."""
    bad = name + "_" + FF.decode()

    def respond(handler, req):
        if req.path.startswith("/api/v1/"):
            asset = codeocean_asset(1, bad)
            body = {"has_more": False, "results": [asset]} if CO_SEARCH.match(req.path) else asset
            return send(handler, 200, _json(body))
        if req.path.startswith("/v1/"):
            op, _, skip, _ = _docdb_query(req)
            record = dict(docdb_record(1, name), subject={"subject_id": FF.decode()})
            return send(handler, 200, _json([record] if skip == 0 and op != "count_documents" else []))
        listing = _s3_listing(req)
        if listing is None:
            return _s3_not_found(handler)
        bucket, p = listing
        prefix = p.get("prefix", "")
        send(handler, 200, _list_xml(bucket, prefix, keys=[prefix + "file" + FF.decode()],
                                     prefixes=[prefix + "dir" + FF.decode() + "/"]), "application/xml")

    with serve_http(respond) as h:
        yield h


@contextlib.contextmanager
def echo_headers_error() -> Iterator[Hostile]:
    """Answers every request HTTP 500 with a JSON ``message`` quoting every request header,
    ``Authorization`` first (so it survives any truncation of the message), and the same
    headers echoed back as ``X-Echo-<name>`` response headers: a client that quotes server
    messages or logs response headers would leak its own credentials."""
    def respond(handler, req):
        ordered = sorted(req.headers, key=lambda kv: kv[0].lower() != "authorization")
        text = "; ".join(f"{k}: {v}" for k, v in ordered)
        echo = [(f"X-Echo-{k}", v) for k, v in ordered]
        send(handler, 500, _json({"message": "request headers were " + text}), headers=echo)

    with serve_http(respond) as h:
        yield h


SCENARIOS = {f.__name__: f for f in (blackhole, plain_listener, gzip_bomb, s3_alternating_tokens, docdb_never_empty,
                                     codeocean_always_more, docdb_not_records, invalid_utf8, echo_headers_error)}
