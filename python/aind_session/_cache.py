"""In-memory caching with a time-to-live, measured from when each answer was fetched.

The original keyed ``functools.cache`` on ``round(time / seconds)``: entries of one kind
all expired together at wall-clock boundaries, an entry fetched just before a boundary
expired at once, and expired entries were never freed. Here each entry carries its own
fetch time and is replaced when stale.

This is the process's memory, in front of the engine's persistent store (``_store``): it is
skipped in a refresh block and while ``explain`` records where answers come from. A function
with a ``ttl_hash`` parameter keeps the original's meaning of it: a value not seen before asks
for an answer fetched now (the call runs in refresh mode), the same value again is answered
from memory.
"""
from __future__ import annotations

import functools
import inspect
import threading
import time
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: How long search answers stay in memory (the original's 10 minutes; the store has its own times).
SEARCH_TTL_SECONDS = 600

_caches: list[dict] = []


def ttl_cache(seconds: float | None) -> Callable[[F], F]:
    """Memoise a function of hashable arguments for ``seconds`` (``None``: for the process).

    The wrapped function gains ``cache_clear()``, ``is_cached(*args)`` and ``prime(value,
    *args)`` (for answers fetched in a batch). Exceptions are never cached.
    """

    def decorate(fn: F) -> F:
        entries: dict[Any, tuple[float, Any]] = {}
        lock = threading.Lock()
        _caches.append(entries)
        parameters = list(inspect.signature(fn).parameters)
        ttl_hash_at = parameters.index("ttl_hash") if "ttl_hash" in parameters else None

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            from aind_session import _store

            key = (args, tuple(sorted(kwargs.items())))
            now = time.monotonic()
            with lock:
                hit = entries.get(key)
            if hit is not None and (seconds is None or now - hit[0] < seconds) and not _store.memory_bypassed():
                return hit[1]
            ttl_hash = kwargs.get("ttl_hash", args[ttl_hash_at] if ttl_hash_at is not None and ttl_hash_at < len(args)
                                  else None)
            if ttl_hash is not None and hit is None:
                with _store.cache("refresh"):  # a ttl_hash not seen before: fetched now
                    value = fn(*args, **kwargs)
            else:
                value = fn(*args, **kwargs)
            with lock:
                entries[key] = (time.monotonic(), value)
            return value

        def is_cached(*args, **kwargs) -> bool:
            hit = entries.get((args, tuple(sorted(kwargs.items()))))
            return hit is not None and (seconds is None or time.monotonic() - hit[0] < seconds)

        def prime(value, *args, **kwargs) -> None:
            """Store an answer obtained another way (e.g. in a batch) as if fn had given it."""
            with lock:
                entries[(args, tuple(sorted(kwargs.items())))] = (time.monotonic(), value)

        wrapper.cache_clear = entries.clear  # type: ignore[attr-defined]
        wrapper.is_cached = is_cached  # type: ignore[attr-defined]
        wrapper.prime = prime  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def clear_all() -> None:
    """Forget every cached answer of this process."""
    for entries in _caches:
        entries.clear()
