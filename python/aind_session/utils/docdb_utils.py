"""DocDB (the AIND metadata database): records of sessions and subjects, as the original's
``docdb_utils``. Reads go through the C++ engine's DocDB client (paged until the server's
empty batch, retried, GIL released); the base URL is ``AIND_DOCDB_URL`` (default
``https://api.allenneuraldynamics.org``), database ``metadata_index``, collection
``data_assets``.
"""
from __future__ import annotations

import json
import re
import logging
import sys
import uuid
from typing import Any, Mapping

from aind_session import errors
from aind_session._cache import ttl_cache
from aind_session._engine import core
from aind_session._ids import subject_text

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_DOCDB_RETRY",
    "get_docdb_api_client",
    "extract_codeocean_data_asset_ids_from_docdb_record",
    "get_codeocean_data_asset_ids_from_docdb",
    "get_docdb_record",
    "get_subject_docdb_records",
]

#: The original cached DocDB records for 12 hours.
DOCDB_TTL_SECONDS = 12 * 3600


def get_docdb_record(data_asset_name_or_id: str | uuid.UUID, ttl_hash: int | None = None) -> dict[str, Any]:
    """The latest DocDB record (by ``created``) for a data asset name, a session ID, or a
    Code Ocean data asset ID; ``{}`` when there is none. Records sharing a ``created``
    time do not raise (the original asserted): the last one stored wins."""
    return _record(str(data_asset_name_or_id), ttl_hash)


@ttl_cache(DOCDB_TTL_SECONDS)
def _record(name_or_id: str, ttl_hash: int | None) -> dict[str, Any]:
    text = core.records.record(name_or_id)
    return json.loads(text) if text else {}


def get_subject_docdb_records(subject_id: str | int, ttl_hash: int | None = None) -> tuple[dict[str, Any], ...]:
    """Every DocDB record of a subject, oldest first."""
    return _subject_records(subject_text(subject_id), ttl_hash)


@ttl_cache(DOCDB_TTL_SECONDS)
def _subject_records(subject: str, ttl_hash: int | None) -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(t) for t in core.records.subject_records(subject))


def get_codeocean_data_asset_ids_from_docdb(partial_name: "str | re.Pattern | None" = None,
                                            subject_id: str | int | None = None,
                                            ttl_hash: int | None = None) -> list[str]:
    """Code Ocean data asset IDs linked from DocDB records whose name contains
    ``partial_name`` and/or whose subject is ``subject_id``, in record creation order.

    A ``str`` is matched literally (the original passed it to the database as a regular
    expression, so a ``.`` matched any character); a compiled ``re.Pattern`` is sent as the
    regular expression it is (``re.compile('ecephys_676909_2023-12-1[34]')``)."""
    if partial_name is None and subject_id is None:
        raise errors.InvalidInputError("Either `partial_name` or `subject_id` must be provided")
    subject = subject_text(subject_id) if subject_id is not None else ""
    if isinstance(partial_name, re.Pattern):
        return list(core.records.codeocean_ids(partial_name.pattern, subject, name_is_regex=True))
    return list(core.records.codeocean_ids(partial_name or "", subject))


def extract_codeocean_data_asset_ids_from_docdb_record(record: Mapping[str, Any]) -> tuple[str, ...]:
    """Code Ocean IDs in a record's ``external_links``, in either format: ``{"Code Ocean":
    [ids]}`` (from September 2024) or ``[{"Code Ocean": id}, ...]`` (before).

    >>> extract_codeocean_data_asset_ids_from_docdb_record({'external_links': {"Code Ocean": ['id0', 'id2']}})
    ('id0', 'id2')
    >>> extract_codeocean_data_asset_ids_from_docdb_record({'external_links': [{"Code Ocean": 'id0'}, {"Code Ocean": 'id2'}]})
    ('id0', 'id2')
    """
    if not isinstance(record, Mapping):
        raise TypeError(f"Expected a DocDB record (a mapping), got {type(record).__name__}")
    if "external_links" not in record:
        raise ValueError("Expected a DocDB record containing an `external_links` key: found only "
                         f"{tuple(record.keys())}")
    return tuple(core.records.extract_codeocean_ids(json.dumps({"external_links": record["external_links"]})))


def __getattr__(name: str) -> Any:
    if name == "DEFAULT_DOCDB_RETRY":  # made on first use: urllib3 is not loaded by `import aind_session`
        from urllib3.util import Retry

        value = Retry(total=5, backoff_factor=1, status_forcelist=[429, 500, 502, 503, 504],
                      allowed_methods=["GET", "POST", "DELETE"])
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get_docdb_api_client(retries: Any = None, **kwargs):
    """The official ``aind_data_access_api`` DocDB client, for queries this package does not
    make (needs ``aind-data-access-api``; its scheme is always https). Without a ``session``,
    one with ``retries`` (default :data:`DEFAULT_DOCDB_RETRY`) on ``https://`` is made."""
    import requests
    import requests.adapters
    from aind_data_access_api.document_db import MetadataDbClient

    kwargs.setdefault("host", "api.allenneuraldynamics.org")
    kwargs.setdefault("database", "metadata_index")
    kwargs.setdefault("collection", "data_assets")
    if "session" not in kwargs:
        session = requests.Session()
        # Read as an attribute: made on first use, and a value a user assigned is the one used.
        retry = retries if retries is not None else sys.modules[__name__].DEFAULT_DOCDB_RETRY
        session.mount("https://", requests.adapters.HTTPAdapter(max_retries=retry))
        kwargs["session"] = session
    return MetadataDbClient(**kwargs)
