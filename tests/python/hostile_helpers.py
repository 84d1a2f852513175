"""Helpers of the hardening tests (test_hostile_servers.py): fresh child processes with a
controlled environment, their outcome, time and peak memory.

A child runs either the CLI (``BINARY``) or ``sys.executable -c <PRELUDE + code>``; the
Python code ends with ``report(lambda: ...)``, which prints one ``RESULT {json}`` line: the
value's repr, or the exception's class name, its MRO names and message, and the seconds
the call took (measured in the child with ``time.monotonic``, so interpreter start-up is
not counted).

Every child environment is hermetic: ``HOME`` is an empty directory (no ``~/.env``, no
``~/.aws``), the working directory is that directory too (no ``.env`` found upwards), the
``AIND_SESSION_*`` limits are unset unless a test sets them, and every proxy variable
points at a local trap listener with ``NO_PROXY=127.0.0.1,localhost``: a request for any
host but 127.0.0.1 (a default service domain, say) lands in the trap instead of leaving the
machine, and the trap's log shows it.
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Union

PRELUDE = r'''
import json, resource, sys, time
import aind_session
from aind_session import errors
S = "ecephys_676909_2023-12-13_13-43-40"

def report(fn):
    t = time.monotonic()
    try:
        out = {"ok": True, "value": repr(fn())[:500]}
    except BaseException as e:
        out = {"ok": False, "error": type(e).__name__, "mro": [c.__name__ for c in type(e).__mro__],
               "module": type(e).__module__, "message": str(e), "repr": repr(e)}
    out["elapsed"] = time.monotonic() - t
    out["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("RESULT " + json.dumps(out), flush=True)
'''

PROXY_VARS = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
CLEARED_PREFIXES = ("AIND_SESSION_",)


@dataclass
class ChildRun:
    """What a child did: exit code (negative: killed by that signal), output, wall time,
    peak RSS (KiB, from its own rusage) and whether it had to be killed."""

    returncode: int
    stdout: str
    stderr: str
    elapsed: float
    maxrss_kib: int
    killed: bool = False
    ended: float = 0.0  # time.monotonic() when it was reaped


    def results(self) -> list[dict]:
        """Every ``RESULT`` line a Python child printed, in order."""
        return [json.loads(line[len("RESULT "):]) for line in self.stdout.splitlines() if line.startswith("RESULT ")]

    def result(self) -> dict:
        """The first ``RESULT`` line a Python child printed (``{}`` when it printed none)."""
        found = self.results()
        return found[0] if found else {}

    def describe(self) -> str:
        return (f"exit {self.returncode} after {self.elapsed:.2f} s{' (killed)' if self.killed else ''}\n"
                f"stdout: {self.stdout[-1500:]}\nstderr: {self.stderr[-1500:]}")


_HOME: Optional[str] = None


def empty_home() -> str:
    """An empty directory used as HOME and working directory of every child (one per test
    process, deleted when it exits)."""
    global _HOME
    if _HOME is None:
        _HOME = tempfile.mkdtemp(prefix="aind-hostile-home-")
        atexit.register(shutil.rmtree, _HOME, True)
    return _HOME


def child_env(overrides: Mapping[str, Optional[str]] = (), trap_url: Optional[str] = None,
              base: Optional[Mapping[str, str]] = None) -> dict:
    """The environment of a child: ``base`` (default ``os.environ``) without the limits and
    with the proxies set to ``trap_url`` (or removed), then ``overrides`` (None unsets)."""
    env = {k: v for k, v in (os.environ if base is None else base).items()
           if not k.startswith(CLEARED_PREFIXES) and k not in PROXY_VARS and k.upper() != "NO_PROXY"}
    home = empty_home()
    env.update(HOME=home, PYTHONDONTWRITEBYTECODE="1", NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    if trap_url:
        env.update({k: trap_url for k in PROXY_VARS})
    for k, v in dict(overrides).items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


def _reader(stream, sink: list, on_line: Optional[Callable[[str], None]]):
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace")
        sink.append(line)
        if on_line:
            on_line(line)
    stream.close()


def run_child(argv: list, env: Mapping, timeout: float = 20, on_line: Optional[Callable[[str], None]] = None,
              on_start: Optional[Callable[[subprocess.Popen], None]] = None) -> ChildRun:
    """Run ``argv`` with ``env`` (str or bytes values), in the empty HOME directory; kill it
    after ``timeout`` seconds. ``on_line(line)`` sees each stdout line as it arrives and
    ``on_start(proc)`` runs once the child has started (e.g. to signal it later). The peak
    RSS is read with ``os.wait4`` (this child's own rusage, not the maximum over children)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=empty_home())
    out, err = [], []
    readers = [threading.Thread(target=_reader, args=(proc.stdout, out, on_line), daemon=True),
               threading.Thread(target=_reader, args=(proc.stderr, err, None), daemon=True)]
    for r in readers:
        r.start()
    killed = threading.Event()

    def kill():  # os.kill, not proc.kill(): its poll() could reap the child before wait4 does
        killed.set()
        _signal(proc, signal.SIGKILL)

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        if on_start:
            on_start(proc)
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    elapsed = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    for r in readers:
        r.join(timeout=5)
    return ChildRun(proc.returncode, "".join(out), "".join(err), elapsed, usage.ru_maxrss, killed.is_set(),
                    start + elapsed)


def run_python(code: str, env: Mapping, timeout: float = 20, prefix: tuple = (), **kw) -> ChildRun:
    """``sys.executable -c PRELUDE+code`` (after ``prefix``, e.g. a prlimit command)."""
    return run_child([*prefix, sys.executable, "-c", PRELUDE + code], env, timeout, **kw)


def run_cli(args: list, env: Mapping, timeout: float = 20, **kw) -> ChildRun:
    from conftest import BINARY

    return run_child([BINARY, *args], env, timeout, **kw)


def assert_raised(run: ChildRun, cls: Union[str, tuple], within: Optional[float] = None,
                  res: Optional[dict] = None) -> dict:
    """The child's call raised ``cls`` (a class name of aind_session.errors, or several), in
    at most ``within`` seconds; returns its RESULT (``res``: one of several RESULTs)."""
    res = run.result() if res is None else res
    names = (cls,) if isinstance(cls, str) else cls
    assert res, f"the child printed no result:\n{run.describe()}"
    assert not res["ok"], f"expected {'/'.join(names)}, got the value {res['value']}"
    assert any(n in res["mro"] for n in names), (
        f"expected {'/'.join(names)}, got {res['error']} ({res['module']}): {res['message'][:800]}")
    if within is not None:
        assert res["elapsed"] <= within, f"{res['error']} after {res['elapsed']:.2f} s, expected <= {within} s"
    return res


def interrupt_after(proc: subprocess.Popen, ready: threading.Event, delay: float, sent: list,
                    ready_timeout: float = 15) -> None:
    """Once ``ready`` is set (or after ``ready_timeout``), wait ``delay`` s and send SIGINT;
    the time of sending goes into ``sent``."""
    ready.wait(ready_timeout)
    time.sleep(delay)
    sent.append(time.monotonic())
    _signal(proc, signal.SIGINT)


def _signal(proc: subprocess.Popen, sig: int) -> None:
    if proc.returncode is None:  # set only once run_child has reaped it
        try:
            os.kill(proc.pid, sig)
        except ProcessLookupError:
            pass


def wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    """Poll ``predicate`` every 20 ms for up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
