"""In-memory caching with a time-to-live, measured from when each answer was fetched.

The original keyed ``functools.cache`` on ``round(time / seconds)``: entries of one kind
all expired together at wall-clock boundaries, an entry fetched just before a boundary
expired at once, and expired entries were never freed. Here each entry carries its own
fetch time and is replaced when stale.
"""
from __future__ import annotations

import functools
import threading
import time
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

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

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            key = (args, tuple(sorted(kwargs.items())))
            now = time.monotonic()
            with lock:
                hit = entries.get(key)
            if hit is not None and (seconds is None or now - hit[0] < seconds):
                return hit[1]
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
