"""The persistent store from Python: ``aind_session.cache(...)``, ``provenance()``, ``explain``.

Answers the engine fetched are kept in one SQLite file shared by every process of the user
(notebooks, the ``aind-session`` command, batch jobs), each with the time it was fetched and
a time to live per kind. How a call uses the store is its *mode*:

- ``"online"`` (default): answers within their time to live come from the store, the rest
  are fetched and kept;
- ``"offline"``: only the store answers; what it lacks raises :class:`~aind_session.errors.OfflineError`
  saying what is missing and how old the newest copy is;
- ``"refresh"``: the store is not read; everything is fetched again, and kept;
- ``"off"``: the store is neither read nor written.

The mode comes from ``AIND_SESSION_CACHE`` (environment or ``.env``), and for the calls made
inside a ``with aind_session.cache(mode)`` block (or a function decorated with it) from
that block. The original's ``ttl_hash`` arguments map onto it: a ``ttl_hash`` not seen before
asks for answers fetched now (``"refresh"``), the same one again is answered from memory.
"""
from __future__ import annotations

import contextlib
import dataclasses
import time
from typing import Any, Callable, Iterator, Optional

from aind_session import errors
from aind_session._engine import core

__all__ = ["cache", "cache_settings", "cache_info", "cache_clear", "Provenance", "provenance", "explain",
           "memory_bypassed"]


class _CacheBlock(contextlib.ContextDecorator):
    def __init__(self, mode: Optional[str], allow_stale: Optional[bool]) -> None:
        if mode is not None and mode not in core.cache.modes():
            raise errors.InvalidInputError(
                f"cache(mode={mode!r}): expected one of {', '.join(core.cache.modes())}, or None for the configured mode")
        if allow_stale is not None and not isinstance(allow_stale, bool):
            raise errors.InvalidInputError(f"cache(allow_stale={allow_stale!r}): expected True, False or None")
        self._new = (mode, allow_stale)
        self._tokens: list = []

    def __enter__(self) -> dict:
        var = core.cache.call_cache
        outer = var.get(None) or (None, None)
        self._tokens.append(var.set(tuple(n if n is not None else o for n, o in zip(self._new, outer))))
        return cache_settings()

    def __exit__(self, *exc) -> None:
        core.cache.call_cache.reset(self._tokens.pop())


def cache(mode: Optional[str] = None, allow_stale: Optional[bool] = None) -> _CacheBlock:
    """How the engine calls made inside the block use the persistent store.

    ``mode``: ``"online"``, ``"offline"``, ``"refresh"`` or ``"off"`` (``None``: as configured,
    ``AIND_SESSION_CACHE``, default online). ``allow_stale``: serve an answer past its time to
    live when the network fails (online), or at all (offline; the default there). A stale
    answer says so in :func:`provenance`. Usable as a context manager (yielding the settings
    in force) or as a decorator; blocks nest, an inner one changing only what it names.

    >>> import aind_session
    >>> with aind_session.cache("offline") as settings:
    ...     settings["mode"], settings["allow_stale"]
    ('offline', True)
    """
    return _CacheBlock(mode, allow_stale)


def cache_settings() -> dict:
    """The store settings a call made here would have: mode, allow_stale, dir, max_bytes and
    the time to live of each kind in seconds (-1: never stale)."""
    return core.cache.in_force()


def cache_info() -> dict:
    """The store in force: its path, size on disk, schema version, and entries per kind."""
    return core.cache.info()


def cache_clear(kind: Optional[str] = None) -> int:
    """Removes every stored answer (or those of one kind, e.g. ``"codeocean.search"``) from
    the store in force; returns how many were removed. The process's memory is cleared too."""
    from aind_session import _cache

    _cache.clear_all()
    return core.cache.clear(kind or "")


def fresh_answers() -> _CacheBlock:
    """A block for questions that need the present state (a poll for an asset becoming
    ready): stored answers are not read, new ones are kept. An offline call stays offline."""
    return cache(None if cache_settings()["mode"] in ("offline", "off") else "refresh")


def memory_bypassed() -> bool:
    """True in a refresh block, or while :func:`explain` works: the process's own memory of
    answers must not stand in for the engine."""
    settings = core.cache.call_cache.get(None)
    return (settings is not None and settings[0] == "refresh") or core.cache.collector.get(None) is not None


@dataclasses.dataclass
class Provenance:
    """Where the answers of the calls made in a :func:`provenance` block came from.

    ``sources``: one dict per request or stored answer (``service``, ``request``, ``origin``
    = ``"network"`` / ``"store"`` / ``"store (stale)"``, ``fetched_at`` (Unix seconds),
    ``age_s``, ``status``, ``note``). ``choices``: one dict per choice among candidates
    (``item``, ``chosen``, ``why``, ``considered``).
    """

    sources: list = dataclasses.field(default_factory=list)
    choices: list = dataclasses.field(default_factory=list)

    def _add(self, sources: list, choices: list) -> None:
        self.sources.extend(sources)
        self.choices.extend(choices)

    @property
    def from_store(self) -> bool:
        """True when no request reached the network (and at least one answer was needed)."""
        return bool(self.sources) and all(s["origin"] != "network" for s in self.sources)

    @property
    def age_s(self) -> float:
        """How old the oldest answer used is, in seconds (0 when all were fetched now)."""
        return max((s["age_s"] for s in self.sources), default=0.0)

    @property
    def stale(self) -> bool:
        return any(s["origin"] == "store (stale)" for s in self.sources)

    def __str__(self) -> str:
        lines = []
        for c in self.choices:
            lines.append(f"{c['item']}: {c['chosen'] or '(none)'} ({c['why']})")
            lines.extend(f"    considered {x}" for x in c["considered"])
        for s in self.sources:
            age = "" if s["origin"] == "network" else f", {_age(s['age_s'])} old"
            note = f" [{s['note']}]" if s["note"] else ""
            lines.append(f"{s['origin']}{age}: {s['service']} {s['request']}{note}")
        return "\n".join(lines) or "no request was needed"


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h" if seconds < 172800 else f"{seconds / 86400:.1f} days"


@contextlib.contextmanager
def provenance() -> Iterator[Provenance]:
    """Records where the answers of the calls made inside the block came from.

    Inside it the process's memory is not used (every answer comes from the engine, which
    says whether it came from the network or the store, and how old it is).
    """
    record = Provenance()
    token = core.cache.collector.set(record)
    try:
        yield record
    finally:
        core.cache.collector.reset(token)


@dataclasses.dataclass
class Explanation:
    """An answer with where it came from (:class:`Provenance`) and, for chosen items, why."""

    value: Any
    provenance: Provenance
    error: Optional[BaseException] = None
    seconds: float = 0.0

    def __str__(self) -> str:
        head = f"error: {self.error}" if self.error is not None else f"value: {self.value!r}"
        return f"{head}\n{self.provenance}"


def explain(question: Callable[[], Any]) -> Explanation:
    """Runs ``question()`` recording where its answer came from and why it was chosen.

    >>> import aind_session
    >>> aind_session.explain(lambda: 42).value
    42
    """
    with provenance() as record:
        t0 = time.perf_counter()
        try:
            value, error = question(), None
        except Exception as e:  # the explanation of a failure is still an explanation
            value, error = None, e
    return Explanation(value, record, error, time.perf_counter() - t0)
