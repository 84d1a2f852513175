"""The compiled engine, loaded once, with its log records forwarded to :mod:`logging`.

Every module of the front imports the engine from here, never ``_core`` directly, so the
log sink is installed before the first request. ``core.<area>`` mirrors the engine's areas
(``core.naming``, ``core.session``, ``core.records``, ...): one submodule per binding file.
"""
from __future__ import annotations

import logging

from aind_session import _core as core


def _forward(level: int, logger: str, message: str) -> None:
    # The engine uses logging's level numbers (10 debug ... 40 error).
    logging.getLogger(logger or "aind_session").log(int(level), "%s", message)


core.log.set_sink(_forward)


__all__ = ["core"]
