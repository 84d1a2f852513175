"""Exceptions raised by aind_session.

Every error of the C++ engine has a *kind*; each kind is a class here. The classes also
inherit from the built-in exception the original package raised in the same situation, so
code written for it keeps working (``except ValueError`` still catches a bad session ID),
while new code can tell "not there" (:class:`NotFoundError`) from "could not ask"
(:class:`RequestFailedError` and its subclasses).
"""
from __future__ import annotations


class AindSessionError(Exception):
    """Root of every error raised by the aind_session engine."""

    kind = "unknown"


class InvalidInputError(AindSessionError, ValueError):
    """The input cannot be used: a malformed session ID, date, subject or asset ID."""

    kind = "invalid_input"


class NotFoundError(AindSessionError, LookupError):
    """The services were asked and answered: the thing does not exist."""

    kind = "not_found"


class AuthError(AindSessionError, PermissionError):
    """Credentials are missing or were rejected."""

    kind = "auth"


class AccessDeniedError(AindSessionError, PermissionError):
    """Credentials were accepted but do not give access."""

    kind = "permission"


class RequestFailedError(AindSessionError, ConnectionError):
    """A service could not be asked or did not give a usable answer (after retries)."""

    kind = "request_failed"


class RequestTimeoutError(RequestFailedError, TimeoutError):
    kind = "timeout"


class RateLimitedError(RequestFailedError):
    kind = "rate_limited"


class ServerError(RequestFailedError):
    kind = "server"


class ProtocolError(RequestFailedError):
    kind = "protocol"


class OfflineError(RequestFailedError):
    """Offline mode is on and the answer is not in the cache."""

    kind = "offline"


class CancelledError(AindSessionError):
    kind = "cancelled"


_BY_KIND = {
    cls.kind: cls
    for cls in (
        InvalidInputError,
        NotFoundError,
        AuthError,
        AccessDeniedError,
        RequestTimeoutError,
        RateLimitedError,
        ServerError,
        ProtocolError,
        OfflineError,
        CancelledError,
    )
}


def exception_for_kind(kind: str) -> type[AindSessionError]:
    """The exception class for an engine error kind (used by the C++ translator)."""
    return _BY_KIND.get(kind, AindSessionError)
