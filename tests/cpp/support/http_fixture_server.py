"""A tiny HTTP server for the C++ network tests (tests/cpp/net_test.cpp).

Standard library only. Started by the tests' GoogleTest Environment; prints
``READY <port>`` once it listens on 127.0.0.1 and serves until stdin closes (so it dies with
the test process, even if that one crashes).

Every route takes ``key=`` so tests running one after another do not share counters.

  GET  /delay?ms=50                     200 after a delay
  GET  /flaky?key=K&code=503&times=2    `code` for the first `times` requests, then 200
           &retry_after=1                 ... with a Retry-After header (seconds, or "date")
  GET  /reset?key=K&times=1             the connection is reset (RST) without an answer
  GET  /truncate?key=K&times=1          Content-Length 1000 but 10 bytes, then close (-1: always)
  GET  /stall?ms=3000                   headers, then silence for `ms`, then the body
  GET  /slowconc?key=K&ms=100           200 after a delay; tracks the most requests in flight
  POST /post?key=K&code=503             answers `code` and counts (the body is echoed)
  GET  /json                            {"message": "..."} with ?code= status
  GET  /peer                            {"port": <client port>}: shows connection reuse
  GET  /count?key=K                     {"count": n, "max_in_flight": m} for key K
  GET  /gzip?mb=64                      a gzip body (Content-Encoding: gzip) of `mb` MiB of zeros
  GET  /headers                         {"name": "value", ...}: the request headers as received
  GET|POST /s3/..., /docdb/..., /co/...  misbehaving services for the clients' tests (hostile_routes.py)
"""
from __future__ import annotations

import gzip
import json
import socket
import struct
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import hostile_routes  # beside this file, which is run as a script

_lock = threading.Lock()
_count: dict[str, int] = {}
_in_flight: dict[str, int] = {}
_max_in_flight: dict[str, int] = {}


def _bump(key: str) -> int:
    with _lock:
        _count[key] = _count.get(key, 0) + 1
        return _count[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, code: int, payload: dict, headers: dict | None = None):
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _params(self):
        parts = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        return parts.path, q

    def do_POST(self):
        path, q = self._params()
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        if hostile_routes.handle(self, path, q, data):
            return
        key = q.get("key", "post")
        n = _bump(key)
        code = int(q.get("code", "200"))
        self._send(code, {"n": n, "body": data.decode(errors="replace"), "method": "POST"})

    def do_PUT(self):
        self.do_POST()

    def do_GET(self):
        path, q = self._params()
        if hostile_routes.handle(self, path, q):
            return
        key = q.get("key", path)
        if path == "/delay":
            time.sleep(int(q.get("ms", "50")) / 1000)
            self._send(200, {"ok": True, "n": _bump(key)})
        elif path == "/flaky":
            n = _bump(key)
            if n <= int(q.get("times", "1")):
                headers = {}
                ra = q.get("retry_after")
                if ra == "date":
                    headers["Retry-After"] = formatdate(time.time() + 2, usegmt=True)
                elif ra is not None:
                    headers["Retry-After"] = ra
                self._send(int(q.get("code", "503")), {"message": f"flaky failure {n}"}, headers)
            else:
                self._send(200, {"ok": True, "n": n})
        elif path == "/reset":
            n = _bump(key)
            if n <= int(q.get("times", "1")):
                # SO_LINGER 0: close() sends RST instead of FIN ("connection reset by peer").
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            self._send(200, {"ok": True, "n": n})
        elif path == "/truncate":
            n = _bump(key)
            times = int(q.get("times", "1"))
            if times < 0 or n <= times:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                self.wfile.write(b'{"partial":')
                self.wfile.flush()
                self.close_connection = True
                return
            self._send(200, {"ok": True, "n": n})
        elif path == "/stall":
            _bump(key)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.flush()
            time.sleep(int(q.get("ms", "3000")) / 1000)
            try:
                self.wfile.write(b"{}")
            except OSError:
                pass
        elif path == "/slowconc":
            with _lock:
                _in_flight[key] = _in_flight.get(key, 0) + 1
                _max_in_flight[key] = max(_max_in_flight.get(key, 0), _in_flight[key])
                _count[key] = _count.get(key, 0) + 1
            time.sleep(int(q.get("ms", "100")) / 1000)
            with _lock:
                _in_flight[key] -= 1
            self._send(200, {"ok": True})
        elif path == "/peer":
            self._send(200, {"port": self.client_address[1]})
        elif path == "/json":
            self._send(int(q.get("code", "404")), {"message": q.get("message", "no such thing")})
        elif path == "/gzip":
            body = _zeros_gzip(int(q.get("mb", "64")))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/headers":
            self._send(200, {k: v for k, v in self.headers.items()})
        elif path == "/count":
            with _lock:
                self._send(200, {"count": _count.get(key, 0), "max_in_flight": _max_in_flight.get(key, 0)})
        else:
            self._send(404, {"message": f"no route {path}"})


_gzip_cache: dict[int, bytes] = {}


def _zeros_gzip(mb: int) -> bytes:
    """`mb` MiB of zeros, gzipped (about 1 KiB per MiB): a decompression bomb."""
    with _lock:
        if mb not in _gzip_cache:
            _gzip_cache[mb] = gzip.compress(bytes(mb << 20), compresslevel=9)
        return _gzip_cache[mb]


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def main() -> int:
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"READY {server.server_address[1]}", flush=True)
    sys.stdin.read()  # EOF when the test process exits
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
