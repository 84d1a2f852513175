"""aind_session: find the paths, metadata and data assets of AIND sessions.

The heavy lifting (parsing, HTTP, JSON, concurrency, caching) is done by the C++
engine in :mod:`aind_session._core`. This package is the thin Python front.

Public names are loaded lazily (PEP 562) so that ``import aind_session`` stays
cheap and ``import aind_session.testing`` works without the compiled engine.
"""
from __future__ import annotations

import importlib
import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())

# name -> submodule that defines it
_LAZY: dict[str, str] = {
    "Session": "session",
    "AindSessionError": "errors",
    "InvalidInputError": "errors",
    "NotFoundError": "errors",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'aind_session' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"aind_session.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
