"""What a session's ID leads to across the three services: its raw data asset, its raw
data directory, its modalities. The rules (precedence, bucket order, modality names) live
in the C++ core; this module converts its answers into the types the original returned.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Iterable

from aind_session import _models, _results, errors
from aind_session._cache import ttl_cache
from aind_session._engine import core

if TYPE_CHECKING:  # pragma: no cover
    import upath
    from codeocean.data_asset import DataAsset

    from aind_session.session import Session

logger = logging.getLogger(__name__)

#: The original cached S3 probes for 10 minutes; raw-asset lookups are cached as long.
TTL_SECONDS = 600


@ttl_cache(TTL_SECONDS)
def get_raw_data_asset(session_id: str) -> "DataAsset":
    """The latest raw data asset of a session (DocDB links first, then Code Ocean names).
    Raises ``AttributeError`` (NoRawDataAssetError) with every place that was tried."""
    try:
        return _models.data_asset(_models.fetch(core.session.raw_data_asset, session_id))
    except errors.NotFoundError as error:
        errors.reraise_as(error, errors.NoRawDataAssetError)


@ttl_cache(TTL_SECONDS)
def get_raw_data_dir(session_id: str) -> "upath.UPath":
    """The session's raw data directory as ``upath.UPath``.
    Raises ``AttributeError`` (NoRawDataDirError) with every place that was tried."""
    from aind_session.utils.s3_utils import as_upath

    try:
        return as_upath(core.session.raw_data_dir(session_id))
    except errors.NotFoundError as error:
        errors.reraise_as(error, errors.NoRawDataDirError)


@ttl_cache(TTL_SECONDS)
def is_uploaded(session_id: str) -> bool:
    """True when the session has a raw data asset or a raw data directory on S3."""
    return core.session.is_uploaded(session_id)


@ttl_cache(TTL_SECONDS)
def get_modalities(session_id: str) -> tuple[str, ...]:
    """Modality folder names of the raw data directory, ``()`` when not uploaded."""
    return tuple(core.session.modalities(session_id))


def get_raw_data_assets(sessions: "Iterable[str | Session]") -> dict[str, "DataAsset | None"]:
    """The raw data asset of many sessions at once (the lookups run concurrently in the
    engine), by session ID; ``None`` for a session that has none. A lookup that could not be
    made raises (naming the session) rather than passing for "no asset".

    >>> assets = get_raw_data_assets(['ecephys_676909_2023-12-13_13-43-40'])   # doctest: +SKIP
    """
    ids = list(dict.fromkeys(_session_id(s) for s in sessions))
    answers = _models.fetch(core.session.raw_data_assets, ids)
    out: dict[str, "DataAsset | None"] = {}
    for session_id, answer in zip(ids, answers):
        text = _results.unwrap(answer, f"raw data asset of {session_id}", if_not_found=None)
        out[session_id] = None if text is None else _models.data_asset(text)
    return out


def _session_id(session: "str | Session") -> str:
    """The normalised ID of a Session or of any text holding one (without importing Session,
    which depends on this module)."""
    return session.id if hasattr(session, "subject_id") else core.naming.parse_session_id(str(session))[0]
