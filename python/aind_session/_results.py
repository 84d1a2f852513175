"""Reading the engine's batch answers: a list with, per item, its value or the exception
its lookup ended in (an :class:`~aind_session.errors.AindSessionError` instance, not raised),
so that one failed item neither fails nor silently shortens the batch.
"""
from __future__ import annotations

from typing import Any

from aind_session import errors

_RAISE = object()


def unwrap(answer: Any, what: str, *, if_not_found: Any = _RAISE) -> Any:
    """The value of one batch answer. A failed one raises its error, with ``what`` (the item
    it was about) in front of the message; a NotFoundError returns ``if_not_found`` instead
    when that is given. A Code Ocean failure stays one (``status_code`` kept)."""
    if not isinstance(answer, errors.AindSessionError):
        return answer
    if if_not_found is not _RAISE and isinstance(answer, errors.NotFoundError):
        return if_not_found
    # `answer` was never raised: chaining to it would only repeat its message.
    raise errors.recast(answer, type(answer), what) from None
