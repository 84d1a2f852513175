"""Requests per second of each local-stack emulator under concurrent keep-alive clients.

Not a test. Loopback only. Usage::

    PYTHONPATH=python .venv/bin/python bench/stack_throughput.py [--clients 64] [--seconds 5] [--requests 20000]
        [--catalog MODULE:CALLABLE]   # default: aind_session.testing.generate("seed")
"""
from __future__ import annotations

import argparse
import base64
import http.client
import importlib
import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from aind_session.testing import local_stack  # noqa: E402


def run(port: int, make_request, clients: int, seconds: float, max_requests: int) -> tuple[int, int, float]:
    """Drive ``clients`` threads, each on one keep-alive connection; return (ok, errors, elapsed)."""
    counter = {"ok": 0, "err": 0}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    budget = [max_requests]

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ok = err = 0
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            method, path, body, headers = make_request()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                ok += resp.status < 400
                err += resp.status >= 400
            except (OSError, http.client.HTTPException):
                err += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        with lock:
            counter["ok"] += ok
            counter["err"] += err

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter["ok"], counter["err"], time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--requests", type=int, default=20000, help="per scenario")
    ap.add_argument("--catalog", metavar="MODULE:CALLABLE")
    ap.add_argument("--profile", default="seed")
    args = ap.parse_args()
    catalog = None
    if args.catalog:
        module, _, func = args.catalog.partition(":")
        catalog = getattr(importlib.import_module(module), func)()
    with local_stack(profile=args.profile, catalog=catalog) as stack:
        cat = stack.catalog
        auth = {"Authorization": "Basic " + base64.b64encode(f"{cat.token}:".encode()).decode(),
                "Content-Type": "application/json"}
        asset = cat.data_assets[0]
        subject = str((asset.get("custom_metadata") or {}).get("subject id", "676909")).split(",")[0].strip()
        search = json.dumps({"query": f"subject id:{subject}", "limit": 100, "offset": 0}).encode()
        docdb_find = "/v1/metadata_index/data_assets/find?limit=0&skip=0&filter=" + \
            json.dumps({"subject.subject_id": subject}).replace(" ", "+").replace('"', "%22")
        bucket, objects = next(((b, o) for b, o in cat.s3.items() if o and b in cat.public_buckets),
                               next(((b, o) for b, o in cat.s3.items() if o), (None, {})))
        key = next(iter(objects), None)
        scenarios = [
            ("codeocean GET data_assets/{id}", stack.codeocean.port,
             lambda: ("GET", f"/api/v1/data_assets/{asset['id']}", None, auth)),
            ("codeocean POST data_assets/search", stack.codeocean.port,
             lambda: ("POST", "/api/v1/data_assets/search", search, auth)),
            ("docdb GET find (subject)", stack.docdb.port, lambda: ("GET", docdb_find, None, {})),
        ]
        if key is not None and bucket in cat.public_buckets:
            scenarios.append((f"s3 GET object (anonymous, {bucket})", stack.s3.port,
                              lambda: ("GET", f"/{bucket}/{key}", None, {})))
        print(f"{'scenario':45} {'clients':>7} {'ok':>7} {'errors':>6} {'seconds':>7} {'req/s':>8}")
        for name, port, make in scenarios:
            ok, err, elapsed = run(port, make, args.clients, args.seconds, args.requests)
            print(f"{name:45} {args.clients:7d} {ok:7d} {err:6d} {elapsed:7.2f} {ok / elapsed:8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
