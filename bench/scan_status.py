"""A catalog scan: ``aind-session status - --fields FIELD`` over every session of a world.

Not a test. Starts the local stack (``--profile large``: 20,000 sessions; it takes a while to
start), feeds the command every session of the catalog on stdin, and prints how long it took
and how many requests each service received. The command's stderr goes through a
pseudo-terminal, so its progress bar shows as it would for a user. The store is off: every
answer is fetched.

Usage::

    .venv/bin/python bench/scan_status.py [--profile large] [--latency-ms 50] [--field raw_data_dir]
        [--cli build/dev/aind-session] [--out scan.parquet]
"""
from __future__ import annotations

import argparse
import json
import os
import pty
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python"))

SERVICES = ("codeocean", "docdb", "s3")


def relay(fd: int) -> None:
    """Copies the pseudo-terminal's output (the progress bar) to our stderr until it closes."""
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            return
        if not data:
            return
        sys.stderr.buffer.write(data)
        sys.stderr.flush()


def read_rows(stdout: str, parquet: Path | None) -> list[dict]:
    """The command's table: its NDJSON output, or the Parquet file it wrote (read with pyarrow)."""
    if parquet is None:
        return [json.loads(line) for line in stdout.splitlines() if line.strip()]
    import pyarrow.parquet

    return pyarrow.parquet.read_table(parquet).to_pylist()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--profile", choices=("seed", "large"), default="large")
    ap.add_argument("--latency-ms", type=float, default=50.0)
    ap.add_argument("--field", default="raw_data_dir")
    ap.add_argument("--cli", type=Path, default=Path(sys.executable).parent / "aind-session")
    ap.add_argument("--out", type=Path, default=None, help="write the table to this Parquet file (else NDJSON, dropped)")
    a = ap.parse_args(argv)

    from aind_session.testing import local_stack

    t0 = time.perf_counter()
    with local_stack(profile=a.profile, latency=a.latency_ms / 1000 or None) as stack:
        sessions = sorted(stack.catalog.sessions)
        print(f"# stack ready in {time.perf_counter() - t0:.0f} s: profile={a.profile}, latency={a.latency_ms:g} ms, "
              f"{len(sessions)} sessions; field {a.field}", flush=True)
        env = {**os.environ, **stack.env, "AIND_SESSION_CACHE": "off"}
        output = ["--parquet", str(a.out)] if a.out else ["--ndjson"]
        stack.clear_requests()
        master, slave = pty.openpty()
        relaying = threading.Thread(target=relay, args=(master,), daemon=True)
        relaying.start()
        t1 = time.perf_counter()
        p = subprocess.run([str(a.cli), "status", "-", "--fields", a.field, *output], input="\n".join(sessions) + "\n",
                           stdout=subprocess.PIPE, stderr=slave, text=True, env=env)
        seconds = time.perf_counter() - t1
        os.close(slave)
        relaying.join(timeout=2)
        os.close(master)
        counts = {s: len(stack.requests(service=s)) for s in SERVICES}
    rows = read_rows(p.stdout, a.out)
    errors = sum(1 for r in rows if r.get("error"))
    empty = sum(1 for r in rows if not r.get("error") and r.get(a.field) in (None, [], {}, "[]", "{}"))
    total = sum(counts.values())
    print(f"scan of {len(sessions)} sessions ({a.field}): exit {p.returncode}, {len(rows)} rows in {seconds:.1f} s "
          f"({len(rows) - errors - empty} with a value, {empty} none, {errors} with an error); "
          f"{total} requests ({', '.join(f'{s} {n}' for s, n in counts.items())}), "
          f"{total / max(1, len(sessions)):.2f} per session")
    for r in [r for r in rows if r.get("error")][:3]:
        print(f"  e.g. {r['session']}: {r['error'][:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
