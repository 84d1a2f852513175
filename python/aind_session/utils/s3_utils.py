"""S3: source directories of data assets and sessions, as the original's ``s3_utils``.
Requests go through the C++ engine's S3 client (our own SigV4 signer, the standard AWS
credential chain, anonymous access for public buckets, ``AWS_ENDPOINT_URL_S3``); paths
come back as ``upath.UPath``.
"""
from __future__ import annotations

import logging
import os
import uuid
from typing import TYPE_CHECKING, Iterable

from aind_session import errors
from aind_session._cache import ttl_cache
from aind_session._engine import core

if TYPE_CHECKING:  # pragma: no cover
    import upath

logger = logging.getLogger(__name__)

__all__ = [
    "S3_DATA_BUCKET_NAMES",
    "get_bucket_and_prefix",
    "get_data_asset_source_dir",
    "get_source_dir_by_name",
]

#: The buckets probed for a directory named after an asset or session, in priority order.
S3_DATA_BUCKET_NAMES: tuple[str, ...] = tuple(core.locations.known_buckets())

TTL_SECONDS = 600


def as_upath(uri: str) -> "upath.UPath":
    """A URI from the engine as the ``upath.UPath`` users get, opening S3 (through s3fs) with
    what the engine uses: the same endpoint, region and credentials, read anonymously when the
    engine has no credentials, and settings from ``.env`` files passed on (s3fs reads only the
    environment and AWS's own files)."""
    return as_upaths([uri])[0]


def as_upaths(uris: "Iterable[str]") -> "list[upath.UPath]":
    """:func:`as_upath` of many URIs, the engine's S3 settings looked up once."""
    import upath

    uris = list(uris)
    s3_options = _s3_storage_options() if any(u.startswith("s3://") for u in uris) else {}
    return [upath.UPath(u, **(s3_options if u.startswith("s3://") else {})) for u in uris]


def _s3_storage_options() -> dict:
    """s3fs options when s3fs would not find the engine's settings by itself; {} otherwise, so
    that a path equals ``upath.UPath(uri)`` in the usual case."""
    access = core.locations.s3_access()
    if access["anonymous"]:
        return {"anon": True, **({"endpoint_url": access["endpoint_url"]} if access["endpoint_url"] else {})}
    if not access["from_dotenv"]:
        return {}
    options = {"key": access["key"], "secret": access["secret"], "client_kwargs": {"region_name": access["region"]}}
    if access["token"]:
        options["token"] = access["token"]
    if access["endpoint_url"]:
        options["endpoint_url"] = access["endpoint_url"]
    return options


def get_data_asset_source_dir(asset_id: str | uuid.UUID, ttl_hash: int | None = None) -> "upath.UPath":
    """Where a data asset's files are: its ``source_bucket`` (checked to exist), else the
    first known bucket holding a directory named after its ID, then its name.
    Raises ``FileNotFoundError`` (SourceDirNotFoundError) naming every place tried."""
    return _asset_source_dir(core.naming.normalize_uuid(str(asset_id)), ttl_hash)


def _source_dir(lookup, key: str) -> "upath.UPath":
    """``lookup(key)`` as a UPath. Not found is the original's FileNotFoundError, except an
    asset ID Code Ocean does not know: its ValueError."""
    try:
        return as_upath(lookup(key))
    except errors.NotFoundError as error:
        if errors.is_codeocean_failure(error):
            errors.reraise_as(error, errors.DataAssetNotFoundError, f"No data asset found matching ID {key}")
        errors.reraise_as(error, errors.SourceDirNotFoundError)


@ttl_cache(TTL_SECONDS)
def _asset_source_dir(asset_id: str, ttl_hash: int | None) -> "upath.UPath":
    return _source_dir(core.locations.data_asset_source_dir, asset_id)


def get_source_dir_by_name(name: str, ttl_hash: int | None = None) -> "upath.UPath":
    """``s3://<bucket>/<name>`` for the first known bucket (priority order) where it exists;
    the buckets are probed concurrently. Raises ``FileNotFoundError``
    (SourceDirNotFoundError) naming every bucket and what each answered."""
    return _source_dir_by_name(name, ttl_hash)


@ttl_cache(TTL_SECONDS)
def _source_dir_by_name(name: str, ttl_hash: int | None) -> "upath.UPath":
    return _source_dir(core.locations.source_dir_by_name, name)


def get_bucket_and_prefix(path: str | os.PathLike) -> tuple[str, str]:
    """The bucket and the parent folder of an S3 path.

    >>> get_bucket_and_prefix("s3://aind-scratch-data/ibl_annotation_temp/manifests/717381/717381_data_converter_manifest.csv")
    ('aind-scratch-data', 'ibl_annotation_temp/manifests/717381')
    """
    text = os.fspath(path) if not hasattr(path, "as_posix") else path.as_posix()
    if not str(text).startswith("s3://"):
        raise ValueError(f"Expected S3 path, got {path}")
    bucket, _, key = str(text)[len("s3://"):].partition("/")
    return bucket, key.rstrip("/").rpartition("/")[0]


def dir_has_files(path: "str | upath.UPath") -> bool:
    """True when at least one object lies under the directory."""
    uri = path.as_posix() if hasattr(path, "as_posix") else str(path)
    return core.locations.dir_has_files(uri)
