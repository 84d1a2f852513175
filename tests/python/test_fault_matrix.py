"""The fault matrix: every operation under every fault kind of the local stack, on each service.

Shape -- 8 operations x 3 services x 7 faults x 2 intensities = 336 cells, on the seed stack,
session ``S = ecephys_676909_2023-12-13_13-43-40``:

- operations: ``data_assets`` (``Session(S).data_assets``), ``raw_data_asset``,
  ``raw_data_dir``, ``docdb``, ``modalities``, ``get_sessions`` (``get_sessions(676909)``),
  ``is_sorted`` (``Session(S).ecephys.is_sorted``), in process; ``cli_show``
  (``aind-session show S --json``) in a child process;
- services: ``codeocean``, ``docdb``, ``s3`` -- the fault is scoped to one of them;
- faults (``aind_session.testing.Fault``): ``latency``, ``503``, ``503-retry-after``,
  ``429`` (with ``Retry-After``), ``reset``, ``truncate``, ``slow``;
- intensities: ``absorbable`` -- the next 2 matching requests only (1 for the Retry-After
  kinds, whose wait is a whole second), which the engine's retries absorb -- and
  ``always`` (probability 1, every matching request).

Each cell asserts one of:

- **same**: the answer equals the fault-free run's (computed once per module), for every
  absorbable cell and for an always-failing service the operation does not use (read from
  the fault-free run's request log);
- **<error> in <= 5 s**: for an always-failing service the operation uses, the error class
  of ``aind_session.errors`` the fault calls for (CLI: its exit code): latency beyond the
  timeout and a dribbling body -> RequestTimeoutError (7), 503 -> ServerError (9), 429 ->
  RateLimitedError (8), a reset connection -> ServerError (9, "the transfer failed"), a
  truncated body -> ProtocolError (10).

Always-failing cells run with ``AIND_SESSION_TIMEOUT=0.83`` (so a cell costs under a second,
not the default two minutes of retries; the latency is then 2 s, past it, and the dribble
16 bytes every 50 ms); absorbable ones with ``AIND_SESSION_TIMEOUT=15`` (their
latency is 0.1 s, their dribble 1 KiB every 10 ms).
The engine's in-process caches are cleared before every cell. Cells are ids like
``raw_data_dir-docdb-reset-always``. ``bench/fault_matrix.py`` runs the same cells (the
definitions below) and prints the matrix as markdown tables.
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

import pytest

from aind_session.testing import Fault
from conftest import BINARY, SESSION

SERVICES = ("codeocean", "docdb", "s3")
INTENSITIES = ("absorbable", "always")
# 0.83 s falls between the windows of the 3rd attempt (0.375-0.75 s after the first, with the
# backoff of docs/protocols.md §1.8: 250 ms doubling, jittered) and of the 4th (0.875 s on): the
# budget never runs out just as a retry is due, so a retried fault ends with its own error.
ALWAYS_TIMEOUT, ABSORBABLE_TIMEOUT = "0.83", "15"
ALWAYS_WITHIN, ABSORBABLE_WITHIN = 5.0, 15.0
EXIT_CODES = {"InvalidInputError": 3, "NotFoundError": 4, "AuthError": 5, "AccessDeniedError": 6,
              "RequestTimeoutError": 7, "RateLimitedError": 8, "ServerError": 9, "ProtocolError": 10}


@dataclass(frozen=True)
class FaultKind:
    """One row of faults: how it absorbs, how it always fails, and the error it calls for."""

    absorbable: Callable[[str], Fault]
    always: Callable[[str], Fault]
    error: str

    def make(self, intensity: str, service: str) -> Fault:
        return (self.absorbable if intensity == "absorbable" else self.always)(service)


FAULTS = {
    "latency": FaultKind(lambda s: Fault.latency(0.1, service=s, count=2),
                         lambda s: Fault.latency(2.0, service=s), "RequestTimeoutError"),
    "503": FaultKind(lambda s: Fault.http_status(503, count=2, service=s),
                     lambda s: Fault.http_status(503, service=s), "ServerError"),
    "503-retry-after": FaultKind(lambda s: Fault.http_status(503, count=1, retry_after=1, service=s),
                                 lambda s: Fault.http_status(503, retry_after=1, service=s), "ServerError"),
    "429": FaultKind(lambda s: Fault.rate_limited(retry_after=1, count=1, service=s),
                     lambda s: Fault.rate_limited(retry_after=1, service=s), "RateLimitedError"),
    "reset": FaultKind(lambda s: Fault.reset(count=2, service=s), lambda s: Fault.reset(service=s), "ServerError"),
    "truncate": FaultKind(lambda s: Fault.truncated(0.5, count=2, service=s),
                          lambda s: Fault.truncated(0.5, service=s), "ProtocolError"),
    "slow": FaultKind(lambda s: Fault.slow_body(1024, 0.01, count=2, service=s),
                      lambda s: Fault.slow_body(16, 0.05, service=s), "RequestTimeoutError"),
}


def _cli_show() -> tuple:
    """``aind-session show S --json`` in a child process (its environment: this one's)."""
    run = subprocess.run([BINARY, "show", SESSION, "--json"], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ))
    try:
        doc = json.loads(run.stdout)
    except ValueError:
        doc = run.stdout
    return run.returncode, doc


def _operations() -> dict[str, Callable[[], Any]]:
    import aind_session
    from aind_session import Session

    return {
        "data_assets": lambda: tuple(Session(SESSION).data_assets),
        "raw_data_asset": lambda: Session(SESSION).raw_data_asset,
        "raw_data_dir": lambda: Session(SESSION).raw_data_dir.as_posix(),
        "docdb": lambda: Session(SESSION).docdb,
        "modalities": lambda: Session(SESSION).modalities,
        "get_sessions": lambda: aind_session.get_sessions(676909),
        "is_sorted": lambda: Session(SESSION).ecephys.is_sorted,
        "cli_show": _cli_show,
    }


OPERATIONS = ("data_assets", "raw_data_asset", "raw_data_dir", "docdb", "modalities", "get_sessions", "is_sorted",
              "cli_show")


@dataclass(frozen=True)
class Cell:
    operation: str
    service: str
    fault: str
    intensity: str

    @property
    def id(self) -> str:
        return f"{self.operation}-{self.service}-{self.fault}-{self.intensity}"


CELLS = [Cell(o, s, f, i) for o in OPERATIONS for s in SERVICES for f in FAULTS for i in INTENSITIES]


@dataclass
class Outcome:
    """What a cell did: its answer, or the error class name (CLI: from the exit code)."""

    value: Any = None
    error: Optional[str] = None
    message: str = ""
    elapsed: float = 0.0
    classes: tuple = ()  # the error's class and its bases, by name

    def raised(self, name: str) -> bool:
        return name in self.classes


@dataclass
class Baseline:
    """The fault-free answer of an operation and the services it sent requests to."""

    value: Any
    services: frozenset


@contextlib.contextmanager
def _environ(name: str, value: str) -> Iterator[None]:
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved


def _cli_error(value) -> Optional[str]:
    code = value[0]
    if code == 0:
        return None
    return next((name for name, c in EXIT_CODES.items() if c == code), f"exit {code}")


def run_operation(operation: str, timeout: str) -> Outcome:
    """One operation with cold caches and ``AIND_SESSION_TIMEOUT=timeout``."""
    from aind_session import _cache
    from aind_session.errors import AindSessionError

    _cache.clear_all()
    start = time.monotonic()
    with _environ("AIND_SESSION_TIMEOUT", timeout):
        try:
            value = _operations()[operation]()
        except AindSessionError as error:
            return Outcome(error=type(error).__name__, message=str(error), elapsed=time.monotonic() - start,
                           classes=tuple(c.__name__ for c in type(error).__mro__))
    elapsed = time.monotonic() - start
    if operation == "cli_show" and _cli_error(value):
        doc = value[1]
        message = json.dumps(doc.get("errors") if isinstance(doc, dict) else doc)
        return Outcome(value, _cli_error(value), message, elapsed, (_cli_error(value),))
    return Outcome(value, elapsed=elapsed)


def baseline(stack, operation: str) -> Baseline:
    """The fault-free run of ``operation`` and the services it used."""
    stack.faults.clear()
    stack.clear_requests()
    out = run_operation(operation, ABSORBABLE_TIMEOUT)
    assert out.error is None, f"{operation} fails without faults: {out.error}: {out.message}"
    return Baseline(out.value, frozenset(e["service"] for e in stack.requests()))


def run_cell(stack, cell: Cell) -> Outcome:
    """Run one cell: its fault on its service, the operation, then no fault again."""
    stack.faults.clear()
    stack.faults.add(FAULTS[cell.fault].make(cell.intensity, cell.service))
    try:
        return run_operation(cell.operation, ALWAYS_TIMEOUT if cell.intensity == "always" else ABSORBABLE_TIMEOUT)
    finally:
        stack.faults.clear()


def expected(cell: Cell, base: Baseline) -> tuple[Optional[str], float]:
    """``(error class or None for the fault-free answer, seconds allowed)``."""
    if cell.intensity == "always" and cell.service in base.services:
        return FAULTS[cell.fault].error, ALWAYS_WITHIN
    return None, ABSORBABLE_WITHIN if cell.intensity == "absorbable" else ALWAYS_WITHIN


def verdict(out: Outcome, base: Baseline) -> str:
    """What a cell did, in a few words: "same", "different answer" or "<Error> in <s> s"."""
    if out.error is None:
        return "same" if out.value == base.value else "different answer"
    return f"{out.error} in {out.elapsed:.1f} s"


def problem(cell: Cell, base: Baseline, out: Outcome) -> Optional[str]:
    """Why the outcome breaks the cell's expectation (None when it meets it)."""
    error, within = expected(cell, base)
    if error is None and out.error is not None:
        return f"expected the fault-free answer, got {out.error}: {out.message[:600]}"
    if error is None and out.value != base.value:
        return "a different answer than the fault-free run"
    if error is not None and not out.raised(error):
        return f"expected {error}, got {out.error or 'an answer'}: {out.message[:600] or repr(out.value)[:300]}"
    if out.elapsed > within:
        return f"took {out.elapsed:.2f} s, expected <= {within} s"
    return None


# ---- the tests -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def baselines(seed_stack):
    return {op: baseline(seed_stack, op) for op in OPERATIONS}


@pytest.mark.parametrize("cell", CELLS, ids=[c.id for c in CELLS])
def test_fault_cell(cell, seed_stack, baselines):
    """One cell: an absorbable fault changes nothing; an always-failing service the
    operation uses gives the fault's error class within the bound; one it does not use
    changes nothing."""
    reason = problem(cell, baselines[cell.operation], run_cell(seed_stack, cell))
    assert reason is None, reason
