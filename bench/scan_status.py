"""A catalog scan: ``aind-session status - --fields FIELD`` over every session of a world.

Not a test. Starts the local stack (``--profile large``: 20,000 sessions; it takes a while to
start), feeds the command every session of the catalog on stdin, and prints how long it took
and how many requests each service received. The command's stderr goes through a
pseudo-terminal, so its progress bar shows as it would for a user. The store is off: every
answer is fetched.

Usage::

    .venv/bin/python bench/scan_status.py [--profile large] [--latency-ms 50] [--field raw_data_dir]
        [--cli build/dev/aind-session] [--out scan.parquet] [--sample N]
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


class PeakMemory:
    """The command's peak resident memory, read from /proc while it runs (VmHWM: the peak since
    its exec; ru_maxrss would count the benchmark's own memory, which the fork copied)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.kb = pid, 0
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        while True:
            try:
                with open(f"/proc/{self.pid}/status") as status:
                    fields = dict(line.split(":", 1) for line in status if ":" in line)
                if "python" not in fields["Name"] and "VmHWM" in fields:  # exec'd: the command's own
                    self.kb = max(self.kb, int(fields["VmHWM"].split()[0]))
            except (OSError, ValueError, KeyError):
                return
            time.sleep(0.1)

    @property
    def mb(self) -> float:
        return self.kb / 1024


def feed(stdin, sessions: list[str]) -> None:
    """Writes the session IDs to the command's stdin, then closes it."""
    with stdin:
        stdin.write("\n".join(sessions) + "\n")


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
    ap.add_argument("--sample", type=int, default=0, help="only this many sessions, evenly spread (0: all)")
    ap.add_argument("--out", type=Path, default=None, help="write the table to this Parquet file (else NDJSON, dropped)")
    a = ap.parse_args(argv)

    from aind_session.testing import local_stack

    t0 = time.perf_counter()
    with local_stack(profile=a.profile, latency=a.latency_ms / 1000 or None) as stack:
        sessions = sorted(stack.catalog.sessions)
        if a.sample and a.sample < len(sessions):  # evenly spread over the sorted catalog
            sessions = [sessions[i * len(sessions) // a.sample] for i in range(a.sample)]
        print(f"# stack ready in {time.perf_counter() - t0:.0f} s: profile={a.profile}, latency={a.latency_ms:g} ms, "
              f"{len(sessions)} sessions; field {a.field}", flush=True)
        env = {**os.environ, **stack.env, "AIND_SESSION_CACHE": "off"}
        output = ["--parquet", str(a.out)] if a.out else ["--ndjson"]
        stack.clear_requests()
        master, slave = pty.openpty()
        relaying = threading.Thread(target=relay, args=(master,), daemon=True)
        relaying.start()
        t1 = time.perf_counter()
        p = subprocess.Popen([str(a.cli), "status", "-", "--fields", a.field, *output], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=slave, text=True, env=env)
        feeding = threading.Thread(target=feed, args=(p.stdin, sessions), daemon=True)
        feeding.start()
        peak = PeakMemory(p.pid)
        stdout = p.stdout.read()
        p.wait()
        seconds = time.perf_counter() - t1
        os.close(slave)
        relaying.join(timeout=2)
        os.close(master)
        counts = {s: len(stack.requests(service=s)) for s in SERVICES}
    rows = read_rows(stdout, a.out)
    errors = sum(1 for r in rows if r.get("error"))
    empty = sum(1 for r in rows if not r.get("error") and r.get(a.field) in (None, [], {}, "[]", "{}"))
    total = sum(counts.values())
    print(f"scan of {len(sessions)} sessions ({a.field}): exit {p.returncode}, {len(rows)} rows in {seconds:.1f} s "
          f"({len(rows) - errors - empty} with a value, {empty} none, {errors} with an error); "
          f"{total} requests ({', '.join(f'{s} {n}' for s, n in counts.items())}), "
          f"{total / max(1, len(sessions)):.2f} per session; peak memory {peak.mb:.0f} MB")
    for r in [r for r in rows if r.get("error")][:3]:
        print(f"  e.g. {r['session']}: {r['error'][:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
