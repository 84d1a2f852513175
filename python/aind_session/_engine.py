"""The compiled engine, loaded once, with its log records forwarded to :mod:`logging`.

Every module of the front imports the engine from here, never ``_core`` directly, so the
log sink is installed before the first request.
"""
from __future__ import annotations

import logging

from aind_session import _core as core

_LEVELS = {0: logging.DEBUG, 1: logging.INFO, 2: logging.WARNING, 3: logging.ERROR}


def _forward(level: int, logger: str, message: str) -> None:
    logging.getLogger(logger or "aind_session").log(_LEVELS.get(level, logging.INFO), "%s", message)


if hasattr(core, "set_log_sink"):
    core.set_log_sink(_forward)

__all__ = ["core"]
