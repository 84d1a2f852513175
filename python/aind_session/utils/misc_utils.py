"""Small helpers of the original's ``misc_utils``."""
from __future__ import annotations

import time

__all__ = ["get_ttl_hash"]


def get_ttl_hash(seconds: float = 10 * 60) -> int:
    """A value that stays the same for ``seconds``: passed as ``ttl_hash`` to a cached helper,
    a new value asks for a fresh answer.

    >>> get_ttl_hash(10**9) == get_ttl_hash(10**9)
    True
    """
    return round(time.time() / seconds)
