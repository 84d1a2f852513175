"""``aind_session.limits(...)``: timeouts and bounds for the engine calls made inside a block.

The configured values come from ``AIND_SESSION_TIMEOUT``, ``AIND_SESSION_STALL_TIMEOUT``,
``AIND_SESSION_MAX_RESPONSE_BYTES`` and ``AIND_SESSION_MAX_PAGES`` (environment or ``.env``);
a ``with aind_session.limits(...)`` block overrides the ones it names, for the calls made
in it (on this thread or asyncio task only: the values live in a context variable).
"""
from __future__ import annotations

import contextlib
from typing import Iterator, Optional

from aind_session import errors
from aind_session._engine import core

__all__ = ["limits", "limits_in_force"]


def _positive(name: str, value, integer: bool):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or (
            integer and int(value) != value):
        kind = "a positive whole number" if integer else "a positive number of seconds"
        raise errors.InvalidInputError(f"limits({name}={value!r}): expected {kind}, or None for the configured value")
    return int(value) if integer else float(value)


@contextlib.contextmanager
def limits(timeout: Optional[float] = None, stall_timeout: Optional[float] = None,
           max_response_bytes: Optional[int] = None, max_pages: Optional[int] = None) -> Iterator[dict]:
    """Bounds for every engine call made inside the block; ``None`` keeps the value in force.

    - ``timeout``: seconds for one request with its retries, and for one paged listing as a
      whole (default 120, ``AIND_SESSION_TIMEOUT``);
    - ``stall_timeout``: seconds without a byte received before a transfer is abandoned
      (default 30, ``AIND_SESSION_STALL_TIMEOUT``);
    - ``max_response_bytes``: the largest response body accepted, decompressed;
    - ``max_pages``: the most pages read from one listing or search.

    Yields the limits in force inside the block (a dict). Blocks nest: an inner block
    changes only what it names.

    >>> import aind_session
    >>> with aind_session.limits(timeout=5) as in_force:
    ...     in_force["timeout"]
    5.0
    """
    new = (_positive("timeout", timeout, False), _positive("stall_timeout", stall_timeout, False),
           _positive("max_response_bytes", max_response_bytes, True), _positive("max_pages", max_pages, True))
    var = core.limits.call_limits
    outer = var.get(None) or (None, None, None, None)
    token = var.set(tuple(n if n is not None else o for n, o in zip(new, outer)))
    try:
        yield limits_in_force()
    finally:
        var.reset(token)


def limits_in_force() -> dict:
    """The limits an engine call made here would have: the configured ones, with those of
    the enclosing :func:`limits` blocks over them."""
    return core.limits.in_force()
