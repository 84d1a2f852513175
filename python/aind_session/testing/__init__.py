"""The local AIND stack: Code Ocean, DocDB and S3 emulators on 127.0.0.1.

Test infrastructure only; the library never imports it for real work::

    from aind_session.testing import local_stack, Fault
    with local_stack(profile="seed", faults=[Fault.rate_limited(count=2)]) as stack:
        ...  # CODE_OCEAN_DOMAIN, AIND_DOCDB_URL, AWS_ENDPOINT_URL_S3, ... point at it

See docs/local-stack.md.
"""
from __future__ import annotations

from .faults import Fault, FaultSet
from .stack import Stack, local_stack

__all__ = ["local_stack", "Stack", "Fault", "FaultSet", "generate", "Catalog"]


def __getattr__(name: str):
    # The catalog generator is imported lazily: it is large and not needed to serve a given catalog.
    if name in ("generate", "Catalog"):
        from . import catalog

        return getattr(catalog, name)
    raise AttributeError(f"module 'aind_session.testing' has no attribute {name!r}")
