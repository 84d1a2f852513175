"""Exceptions raised by aind_session.

Every error of the C++ engine has a *kind*; each kind is a class here (which class is read
from the engine's one table of kinds, ``_core.errors.kinds()``). The classes also
inherit from the built-in exception the original package raised in the same situation, so
code written for it keeps working (``except ValueError`` still catches a bad session ID),
while new code can tell "not there" (:class:`NotFoundError`) from "could not ask"
(:class:`RequestFailedError` and its subclasses).
"""
from __future__ import annotations

import functools


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
    """The call was offline (``AIND_SESSION_CACHE=offline``, ``aind_session.cache("offline")``)
    and the store had no usable copy of an answer it needed; the message says which, and how
    old the store's copy is."""

    kind = "offline"


class CancelledError(AindSessionError):
    kind = "cancelled"


@functools.lru_cache(maxsize=None)
def _classes_by_kind() -> dict[str, type[AindSessionError]]:
    from aind_session._engine import core

    table = {}
    for name, _exit_code, class_name, _meaning in core.errors.kinds():
        cls = globals()[class_name]
        assert cls.kind == name, f"{class_name}.kind is {cls.kind!r}, the engine calls it {name!r}"
        table[name] = cls
    return table


def exception_for_kind(kind: str) -> type[AindSessionError]:
    """The exception class for an engine error kind (used by the C++ translator)."""
    return _classes_by_kind().get(kind, AindSessionError)


# ---- the original's exception contract, kept at the edges of the front -------------------
# The original raised built-ins chosen per function (KeyError for a missing token,
# ValueError for a rejected token or an unknown asset ID, AttributeError for a session
# without raw data, FileNotFoundError for a missing S3 dir). These classes are both our
# kind and that built-in, so old `except` clauses keep working.


class MissingTokenError(AuthError, KeyError):
    """No Code Ocean token was found (the original raised KeyError)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


class TokenRejectedError(AuthError, ValueError):
    """Code Ocean rejected the token (the original raised ValueError)."""


class DataAssetNotFoundError(NotFoundError, ValueError):
    """No data asset (or computation) has this ID (the original raised ValueError)."""


class NoRawDataAssetError(NotFoundError, AttributeError):
    """The session has no raw data asset (the original raised AttributeError, so that
    ``getattr(session, "raw_data_asset", None)`` works)."""


class NoRawDataDirError(NotFoundError, AttributeError):
    """No raw data directory was found anywhere (the original raised AttributeError)."""


class SourceDirNotFoundError(NotFoundError, FileNotFoundError):
    """An S3 directory that should exist does not (the original raised FileNotFoundError)."""


class SortingIncompleteError(NotFoundError, ValueError):
    """A sorted data asset's files name no sorter: the sorting run likely failed (the original
    raised ValueError)."""


class RecordingDirNotFoundError(NotFoundError, AttributeError):
    """An ecephys session's raw data hold no clipped or compressed recording dir (the original
    raised AttributeError)."""


class UnknownSorterError(InvalidInputError, AttributeError):
    """``session.ecephys.sorter.<name>`` for a sorter that neither this session's assets nor the
    known sorters have (a typo): says which exist instead of answering with nothing."""


class AnnotationsNotFoundError(NotFoundError, KeyError):
    """No IBL probe-alignment annotations for a session (the original raised KeyError)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


class AssetNotCreatedError(NotFoundError, AttributeError):
    """A data asset a workflow makes (a manifest, a Neuroglancer state) has not been made yet
    (the original raised AttributeError)."""


class LimsIdNotFoundError(NotFoundError, ValueError):
    """No LIMS session ID where one was looked for (the original raised ValueError)."""


# ---- Code Ocean's own error class ---------------------------------------------------------
# The original let the codeocean SDK's codeocean.error.Error through for failed requests, and
# its users catch it. A Code Ocean HTTP failure here is also one: a variant of its kind's class
# that derives from it too, made on first need (the SDK is imported then, not before).


@functools.lru_cache(maxsize=None)
def _codeocean_variant(cls: type) -> type:
    from codeocean.error import Error as CodeOceanError

    if issubclass(cls, CodeOceanError):
        return cls
    return type(cls.__name__, (cls, CodeOceanError), {
        "__module__": __name__, "__doc__": cls.__doc__,
        # codeocean.error.Error.__str__ needs the requests error it was made from; ours has none.
        "__str__": cls.__str__ if "__str__" in vars(cls) else Exception.__str__,
        "__init__": Exception.__init__,
    })


def codeocean_failure(kind: str, message: str, status_code: int) -> AindSessionError:
    """The exception of a Code Ocean request answered with an HTTP error (called by the
    engine's translator): its kind's class, a rejected token being TokenRejectedError (a
    ValueError, as the original raised), and also a codeocean.error.Error with its
    ``status_code``, ``message`` and ``data``."""
    cls = TokenRejectedError if kind == "auth" else exception_for_kind(kind)
    return _codeocean_error(cls, message, status_code)


def _codeocean_error(cls: type, message: str, status_code: int) -> AindSessionError:
    error = _codeocean_variant(cls)(message)
    error.status_code, error.message, error.data, error.http_err = status_code, message, None, None
    return error


def is_codeocean_failure(error: BaseException) -> bool:
    return getattr(error, "status_code", None) is not None and type(error).__module__ == __name__


def recast(error: AindSessionError, cls: type, message: str | None = None) -> AindSessionError:
    """A ``cls`` (one of the contract classes above) with the message of ``error``, or
    ``message`` plus it. A Code Ocean failure stays one (with its ``status_code``)."""
    text = str(error) if message is None else f"{message}: {error}"
    if is_codeocean_failure(error):
        return _codeocean_error(cls, text, error.status_code)
    return cls(text)


def reraise_as(error: AindSessionError, cls: type, message: str | None = None):
    """Raise :func:`recast` of ``error``, chained to it."""
    raise recast(error, cls, message) from error
