"""Fault injection, the request log and the HTTP server base shared by the emulators.

Every emulator is a :class:`StackServer` (a ``ThreadingHTTPServer`` speaking HTTP/1.1
with keep-alive) whose handler parses a request into a :class:`Request`, asks the
shared :class:`FaultSet` what to do with it, calls the service's ``route`` function
and writes the :class:`Response` -- possibly late, truncated, dribbled, replaced by an
error status or not at all (connection reset).

Faults are deterministic for a given seed and request order: probabilities are drawn
from one ``random.Random(seed)`` under a lock.

Each server also answers the control routes (no auth)::

    GET|POST|DELETE /_stack/faults      list | add (JSON object or list) | clear
    GET|DELETE      /_stack/requests    the request log (filters: method, path_regex) | reset
"""
from __future__ import annotations

import collections
import dataclasses
import json
import random
import re
import socket
import struct
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterable, Optional, Union

from ._connections import ConnectionTracking

KINDS = ("latency", "status", "reset", "truncate", "slow")


@dataclass
class Fault:
    """One fault rule.

    ``kind`` is one of ``latency`` (sleep ``delay`` seconds, or a uniform draw from a
    ``(lo, hi)`` range, then answer normally), ``status`` (answer ``status`` with an
    error body, plus ``Retry-After`` when ``retry_after`` is set), ``reset`` (close the
    socket without a response), ``truncate`` (announce the full Content-Length, send
    ``fraction`` of the body, close) or ``slow`` (send the body ``chunk_size`` bytes
    every ``chunk_interval`` seconds).

    A rule applies to requests whose service equals ``service`` (None: any), whose
    method equals ``method`` (None: any) and whose path matches the regex ``route``
    (``re.search``; None: any), with ``probability``; ``count`` limits it to the next N
    matching requests (None: forever). Control routes (``/_stack/...``) and emulator
    file downloads are never faulted unless ``route`` names them explicitly.
    """

    kind: str
    service: Optional[str] = None
    route: Optional[str] = None
    method: Optional[str] = None
    count: Optional[int] = None
    probability: float = 1.0
    status: int = 503
    retry_after: Optional[float] = None
    delay: Union[float, tuple, list] = 0.0
    fraction: float = 0.5
    chunk_size: int = 16
    chunk_interval: float = 0.05
    message: Optional[str] = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {KINDS}")
        if isinstance(self.delay, list):
            self.delay = tuple(self.delay)
        self._route_re = re.compile(self.route) if self.route else None

    # Convenience constructors --------------------------------------------------------
    @classmethod
    def latency(cls, seconds: Union[float, tuple], **kw) -> "Fault":
        """Delay matching requests by ``seconds`` (or a uniform draw from ``(lo, hi)``)."""
        return cls("latency", delay=seconds, **kw)

    @classmethod
    def http_status(cls, status: int, count: Optional[int] = None, **kw) -> "Fault":
        """Answer ``status`` instead of the real response (next ``count`` requests)."""
        return cls("status", status=status, count=count, **kw)

    @classmethod
    def rate_limited(cls, retry_after: float = 1, count: Optional[int] = None, **kw) -> "Fault":
        """429 with a ``Retry-After`` header."""
        return cls("status", status=429, retry_after=retry_after, count=count, **kw)

    @classmethod
    def unauthorized(cls, count: Optional[int] = None, **kw) -> "Fault":
        """401 bursts (e.g. an expiring token)."""
        return cls("status", status=401, count=count, **kw)

    @classmethod
    def reset(cls, count: Optional[int] = None, **kw) -> "Fault":
        """Close the connection without answering."""
        return cls("reset", count=count, **kw)

    @classmethod
    def truncated(cls, fraction: float = 0.5, count: Optional[int] = None, **kw) -> "Fault":
        """Send only ``fraction`` of the body after a full Content-Length, then close."""
        return cls("truncate", fraction=fraction, count=count, **kw)

    @classmethod
    def slow_body(cls, chunk_size: int = 16, chunk_interval: float = 0.05, **kw) -> "Fault":
        """Dribble the body out ``chunk_size`` bytes at a time."""
        return cls("slow", chunk_size=chunk_size, chunk_interval=chunk_interval, **kw)

    # Wire form -----------------------------------------------------------------------
    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if isinstance(d["delay"], tuple):
            d["delay"] = list(d["delay"])
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Fault":
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise ValueError(f"unknown fault fields {sorted(unknown)}")
        return cls(**d)

    def matches(self, service: str, method: str, path: str) -> bool:
        if self.service is not None and self.service != service:
            return False
        if self.method is not None and self.method.upper() != method:
            return False
        if self._route_re is not None:
            return bool(self._route_re.search(path))
        # Unscoped rules leave the harness's own routes alone.
        return not (path.startswith("/_stack") or path.startswith("/_files"))


@dataclass
class Decision:
    """What the fault set decided for one request."""

    delay: float = 0.0
    fault: Optional[Fault] = None  # the terminal fault (status/reset/truncate/slow), if any


class FaultSet:
    """Thread-safe, seeded collection of :class:`Fault` rules shared by the servers."""

    def __init__(self, faults: Iterable[Fault] = (), seed: int = 0):
        self._lock = threading.Lock()
        self._rules: list[list] = []  # [fault, remaining count or None]
        self._rng = random.Random(seed)
        for f in faults:
            self.add(f)

    def add(self, *faults: Union[Fault, dict]) -> None:
        """Add rules (``Fault`` objects or their dict form)."""
        with self._lock:
            for f in faults:
                if isinstance(f, dict):
                    f = Fault.from_dict(f)
                self._rules.append([f, f.count])

    def clear(self, service: Optional[str] = None) -> None:
        """Remove all rules, or only those scoped to ``service``."""
        with self._lock:
            if service is None:
                self._rules.clear()
            else:
                self._rules = [r for r in self._rules if r[0].service != service]

    def list(self) -> list[Fault]:
        with self._lock:
            return [r[0] for r in self._rules]

    def decide(self, service: str, method: str, path: str) -> Decision:
        decision = Decision()
        with self._lock:
            if not self._rules:
                return decision
            keep = []
            for rule in self._rules:
                fault, remaining = rule
                applies = fault.matches(service, method, path) and (
                    fault.probability >= 1.0 or self._rng.random() < fault.probability
                )
                if applies and fault.kind != "latency" and decision.fault is not None:
                    applies = False  # one terminal fault per request; later rules wait
                if applies:
                    if fault.kind == "latency":
                        d = fault.delay
                        decision.delay += self._rng.uniform(*d) if isinstance(d, tuple) else float(d)
                    else:
                        decision.fault = fault
                    if remaining is not None:
                        rule[1] = remaining - 1
                if rule[1] is None or rule[1] > 0:
                    keep.append(rule)
            self._rules = keep
        return decision


class RequestLog:
    """Bounded log of the requests the servers answered (method, path, query, status), each
    with ``start`` (the request was read) and ``end`` (its answer was decided, just before
    it is sent; also ``time``), both ``time.time()``: a request that starts after another
    ended may have waited for it, which is how a benchmark finds the dependent round trips."""

    def __init__(self, maxlen: int = 1_000_000):
        self._lock = threading.Lock()
        self._entries: collections.deque = collections.deque(maxlen=maxlen)

    def record(self, service: str, method: str, path: str, query: str, status: int,
               start: Optional[float] = None) -> None:
        end = time.time()
        with self._lock:
            self._entries.append(
                {"service": service, "method": method, "path": path, "query": query,
                 "status": status, "time": end, "start": end if start is None else start, "end": end}
            )

    def entries(self, service=None, method=None, path_regex=None) -> list[dict]:
        rx = re.compile(path_regex) if path_regex else None
        with self._lock:
            items = list(self._entries)
        return [
            e for e in items
            if (service is None or e["service"] == service)
            and (method is None or e["method"] == method.upper())
            and (rx is None or rx.search(e["path"]))
        ]

    def clear(self, service: Optional[str] = None) -> None:
        with self._lock:
            if service is None:
                self._entries.clear()
            else:
                self._entries = collections.deque(
                    (e for e in self._entries if e["service"] != service), maxlen=self._entries.maxlen
                )


# HTTP plumbing ---------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    raw_path: str  # as sent, percent-encoded, without the query
    path: str  # percent-decoded
    query: str  # raw query string
    headers: dict  # lower-case names
    body: bytes
    handler: "StackHandler" = field(repr=False, default=None)

    def params(self) -> dict[str, str]:
        """Form-decoded query parameters (``+`` is a space); last value wins."""
        return dict(urllib.parse.parse_qsl(self.query, keep_blank_values=True))

    def json(self):
        return json.loads(self.body.decode("utf-8")) if self.body else None


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: list = field(default_factory=list)  # [(name, value)]
    content_type: Optional[str] = "application/json"


def json_response(obj, status: int = 200) -> Response:
    return Response(status, json.dumps(obj).encode(), content_type="application/json")


def message_response(status: int, message: str) -> Response:
    return json_response({"message": message}, status)


class StackHandler(BaseHTTPRequestHandler):
    """Parses requests, applies faults, calls the server's route, writes the response."""

    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes: with Nagle's algorithm the body then waits
    # for the client's delayed ACK (~40 ms a response), which would swamp injected latency.
    disable_nagle_algorithm = True
    timeout = 120  # an idle keep-alive connection eventually frees its thread
    server: "StackServer"

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def _dispatch(self):
        start = time.time()
        srv = self.server
        raw = self.path
        raw_path, _, query = raw.partition("?")
        if raw_path.startswith(("http://", "https://")):  # absolute-form request target
            raw_path = "/" + raw_path.split("/", 3)[-1] if raw_path.count("/") >= 3 else "/"
        headers = {k.lower(): v for k, v in self.headers.items()}
        length = int(headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = self._read_chunked()
        req = Request(self.command, raw_path, urllib.parse.unquote(raw_path), query, headers, body, self)

        if req.path.startswith("/_stack/"):
            resp = srv.control(req)
            self._send(resp)
            return
        decision = srv.faults.decide(srv.service, req.method, req.path)
        if decision.delay:
            time.sleep(decision.delay)
        fault = decision.fault
        if fault is not None and fault.kind == "reset":
            srv.log.record(srv.service, req.method, req.path, req.query, 0, start)
            self._reset()
            return
        if fault is not None and fault.kind == "status":
            resp = srv.error_response(fault.status, fault.message or f"injected fault: {fault.status}")
            if fault.retry_after is not None:
                ra = fault.retry_after
                resp.headers.append(("Retry-After", str(int(ra)) if float(ra).is_integer() else str(ra)))
        else:
            try:
                resp = srv.route(req)
            except Exception as exc:  # an emulator bug must not kill the connection silently
                import traceback

                traceback.print_exc()
                resp = srv.error_response(500, f"emulator error: {exc!r}")
        srv.log.record(srv.service, req.method, req.path, req.query, resp.status, start)
        self._send(resp, fault if fault is not None and fault.kind in ("truncate", "slow") else None)

    def _read_chunked(self) -> bytes:
        out = bytearray()
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return bytes(out)
            out += self.rfile.read(size)
            self.rfile.readline()

    def _reset(self):
        # SO_LINGER 0 turns close() into a TCP RST: the client sees "connection reset".
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True

    def _send(self, resp: Response, fault: Optional[Fault] = None):
        self.send_response(resp.status)
        names = {n.lower() for n, _ in resp.headers}
        if resp.content_type and "content-type" not in names:
            self.send_header("Content-Type", resp.content_type)
        for name, value in resp.headers:
            self.send_header(name, value)
        if "content-length" not in names:
            self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        body = resp.body if self.command != "HEAD" else b""
        if fault is not None and fault.kind == "truncate":
            self.wfile.write(body[: int(len(body) * fault.fraction)])
            self.wfile.flush()
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.close_connection = True
            return
        if fault is not None and fault.kind == "slow":
            step = max(1, fault.chunk_size)
            for i in range(0, len(body), step):
                self.wfile.write(body[i : i + step])
                self.wfile.flush()
                time.sleep(fault.chunk_interval)
            return
        if body:
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch


class StackServer(ConnectionTracking, ThreadingHTTPServer):
    """A threaded HTTP/1.1 server for one emulated service.

    Subclasses implement :meth:`route` and :meth:`error_response`. ``close()`` stops the
    accept loop, shuts idle keep-alive connections down and joins every handler thread,
    so nothing is left running.
    """

    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True
    service = "base"

    def __init__(self, faults: FaultSet, log: RequestLog, host: str = "127.0.0.1", port: int = 0,
                 handler=StackHandler):
        self.faults = faults
        self.log = log
        self._init_connection_tracking()
        self._serve_thread: Optional[threading.Thread] = None
        super().__init__((host, port), handler)

    # Subclass API ----------------------------------------------------------------------
    def route(self, req: Request) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def error_response(self, status: int, message: str) -> Response:
        return message_response(status, message)

    # Lifecycle -------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self.server_address[1]

    def start(self) -> "StackServer":
        self._serve_thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"aind-stack-{self.service}-{self.port}", daemon=True,
        )
        self._serve_thread.start()
        return self

    def close(self) -> None:
        if self._serve_thread is not None:
            self.shutdown()
            self._serve_thread.join()
            self._serve_thread = None
        self.server_close()
        self.close_connections()

    def _connection_thread_name(self) -> str:
        return f"aind-stack-{self.service}-conn"

    def handle_error(self, request, client_address):
        pass  # client hang-ups and TLS noise are expected in fault tests

    # Control routes --------------------------------------------------------------------
    def control(self, req: Request) -> Response:
        what = req.path[len("/_stack/"):].strip("/")
        if what == "faults":
            if req.method == "GET":
                return json_response([f.to_dict() for f in self.faults.list() if f.service in (None, self.service)])
            if req.method == "POST":
                try:
                    data = req.json()
                    items = data if isinstance(data, list) else [data]
                    faults = []
                    for d in items:
                        d = dict(d)
                        d.setdefault("service", self.service)
                        faults.append(Fault.from_dict(d))
                except (ValueError, TypeError) as exc:
                    return message_response(400, f"bad fault: {exc}")
                self.faults.add(*faults)
                return json_response({"added": len(faults)})
            if req.method == "DELETE":
                self.faults.clear(self.service)
                return json_response({"cleared": True})
        if what == "requests":
            if req.method == "GET":
                p = req.params()
                return json_response(self.log.entries(self.service, p.get("method"), p.get("path_regex")))
            if req.method == "DELETE":
                self.log.clear(self.service)
                return json_response({"cleared": True})
        if what == "health":
            return json_response({"service": self.service, "ok": True})
        return message_response(404, f"unknown control route {req.path}")


RouteFn = Callable[[Request], Response]
