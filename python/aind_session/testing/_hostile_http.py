"""Plumbing of the hostile servers (:mod:`aind_session.testing.hostile`): a request log that
keeps headers and raw bytes, a threaded HTTP server that hands every request to a scenario's
``respond`` function, a threaded raw TCP server, and a listener that never accepts.

Standard library only. Every server binds 127.0.0.1 on a free port and, on exit, stops
accepting, shuts its open connections and joins its handler threads.
"""
from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator, Optional

from ._connections import ConnectionTracking

__all__ = ["Hostile", "Received", "RequestLog", "never_accepting", "send", "serve_http", "serve_tcp"]


@dataclass
class Received:
    """One request as it arrived: ``headers`` keeps names and order as sent."""

    method: str
    path: str  # without the query, as sent (percent-encoded)
    query: str
    headers: list = field(default_factory=list)  # [(name, value)]
    body: bytes = b""

    def header(self, name: str) -> Optional[str]:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def params(self) -> dict:
        return dict(urllib.parse.parse_qsl(self.query, keep_blank_values=True))


class RequestLog:
    """Thread-safe record of what a hostile server received: parsed requests (HTTP
    scenarios) and every raw byte of every connection (TCP scenarios)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: list[Received] = []
        self._raw: list[bytearray] = []
        self.connections = 0

    def add(self, entry: Received) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[Received]:
        with self._lock:
            return list(self._entries)

    def new_connection(self) -> bytearray:
        buf = bytearray()
        with self._lock:
            self._raw.append(buf)
            self.connections += 1
        return buf

    def raw(self) -> bytes:
        """Every byte received on every connection (TCP scenarios), concatenated."""
        with self._lock:
            return b"".join(bytes(b) for b in self._raw)

    def raw_by_connection(self) -> list[bytes]:
        with self._lock:
            return [bytes(b) for b in self._raw]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


@dataclass
class Hostile:
    """A running hostile server: ``url`` (``http://127.0.0.1:<port>``), ``port``, ``log``."""

    url: str
    port: int
    log: RequestLog

    def __iter__(self):
        return iter((self.url, self.log))


# ---- HTTP plumbing ----------------------------------------------------------------------------

Respond = Callable[["_Handler", Received], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: "_HTTPServer"

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def _dispatch(self):
        raw_path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        req = Received(self.command, raw_path, query, list(self.headers.items()), body)
        self.server.log.add(req)
        self.server.respond(self, req)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"",
         content_type: Optional[str] = "application/json", headers=(), close: bool = False) -> None:
    """Write one complete response (no body on HEAD); ``close`` ends the connection after it."""
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    if close:
        handler.send_header("Connection", "close")
        handler.close_connection = True
    handler.end_headers()
    if handler.command != "HEAD" and body:
        try:
            handler.wfile.write(body)
            handler.wfile.flush()
        except OSError:  # the client gave up: that is often the point
            handler.close_connection = True


class _Tracking(ConnectionTracking):
    """The hostile servers' share of the stack's connection bookkeeping, plus a ``stop`` event
    that handlers holding a connection open watch, so that ``close_all()`` ends them."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def _init_tracking(self, log: RequestLog):
        self.log = log
        self.stop = threading.Event()  # set on exit: handlers that hold a connection return
        self._init_connection_tracking()

    def _connection_thread_name(self) -> str:
        return f"hostile-{self.server_address[1]}-conn"

    def handle_error(self, request, client_address):
        pass  # resets, broken pipes and half-read requests are what these servers are for

    def close_all(self) -> None:
        self.stop.set()
        self.close_connections()


class _HTTPServer(_Tracking, ThreadingHTTPServer):
    def __init__(self, respond: Respond, log: RequestLog):
        self.respond = respond
        self._init_tracking(log)
        super().__init__(("127.0.0.1", 0), _Handler)


class _TCPServer(_Tracking, socketserver.ThreadingTCPServer):
    def __init__(self, handle: Callable[[socket.socket, bytearray, threading.Event], None], log: RequestLog):
        self._init_tracking(log)
        outer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                handle(self.request, outer.log.new_connection(), outer.stop)

        super().__init__(("127.0.0.1", 0), Handler)


@contextlib.contextmanager
def _running(server) -> Iterator[Hostile]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
                              name=f"hostile-{server.server_address[1]}")
    thread.start()
    try:
        port = server.server_address[1]
        yield Hostile(f"http://127.0.0.1:{port}", port, server.log)
    finally:
        server.shutdown()
        thread.join()
        server.close_all()
        server.server_close()


@contextlib.contextmanager
def serve_http(respond: Respond) -> Iterator[Hostile]:
    """An HTTP/1.1 server whose every request, once logged, goes to ``respond(handler, req)``."""
    with _running(_HTTPServer(respond, RequestLog())) as hostile:
        yield hostile


@contextlib.contextmanager
def serve_tcp(handle: Callable[[socket.socket, bytearray, threading.Event], None]) -> Iterator[Hostile]:
    """A raw TCP server: ``handle(sock, received_buffer, stop_event)`` per connection."""
    with _running(_TCPServer(handle, RequestLog())) as hostile:
        yield hostile


@contextlib.contextmanager
def never_accepting() -> Iterator[Hostile]:
    """A socket that listens and never calls ``accept()``: the kernel completes the handshake
    (up to the backlog), then nothing ever reads or answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        port = sock.getsockname()[1]
        yield Hostile(f"http://127.0.0.1:{port}", port, RequestLog())
    finally:
        sock.close()

