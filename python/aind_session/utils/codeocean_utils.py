"""Code Ocean: data assets and computations, as the original's ``codeocean_utils``.

Every request goes through the C++ engine (concurrent, retried, GIL released); results
come back as the official ``codeocean`` SDK's models. Names, signatures, return types and
exceptions are the original's; its listed bugs are fixed (see CHANGELOG.md).
"""
from __future__ import annotations

import datetime
import functools
import json
import logging
import sys
import time
import uuid
from typing import TYPE_CHECKING, Any, Iterable, Literal, Sequence, Union

from aind_session import _models, _results, _store, errors
from aind_session._cache import SEARCH_TTL_SECONDS, ttl_cache
from aind_session._dates import filter_datetime
from aind_session._engine import core
from aind_session._ids import subject_text
from aind_session.utils.s3_utils import get_data_asset_source_dir  # the original's import path too

if TYPE_CHECKING:  # pragma: no cover
    import codeocean
    from codeocean.computation import Computation
    from codeocean.data_asset import DataAsset

logger = logging.getLogger(__name__)

__all__ = [
    "CodeOceanError",
    "DEFAULT_CO_RETRY",
    "get_data_asset_search_query",
    "get_codeocean_client",
    "get_codeocean_model",
    "get_data_asset_model",
    "get_data_assets",
    "get_data_asset_source_dir",
    "get_normalized_uuid",
    "get_output_text",
    "get_subject_data_assets",
    "is_computation_error",
    "is_data_asset_error",
    "is_output_error",
    "is_output_file_from_sorting_pipeline",
    "is_raw_data_asset",
    "search_computations",
    "search_data_assets",
    "sort_by_created",
    "wait_until_ready",
]

# DEFAULT_CO_RETRY and CodeOceanError are made on first use (module __getattr__ below): they
# need urllib3 and the codeocean SDK, which `import aind_session` does not load.

IdOrModel = Union[str, uuid.UUID, "DataAsset", "Computation"]


# ---- client and configuration -----------------------------------------------------------


def __getattr__(name: str) -> Any:
    if name == "DEFAULT_CO_RETRY":
        # The retries of the SDK client get_codeocean_client() returns (the engine retries its
        # own requests: 429, 5xx and resets for reads, 401 bursts).
        from urllib3.util import Retry

        value: Any = Retry(total=5, backoff_factor=0.5, status_forcelist=[429, 500, 502, 503, 504],
                           allowed_methods=["HEAD", "GET", "PUT", "POST", "DELETE", "OPTIONS", "TRACE"])
    elif name == "CodeOceanError":
        # What the SDK raises for a failed request: what users of the original catch.
        from codeocean.error import Error as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def get_data_asset_search_query(name: str | None = None, subject_id: str | int | None = None,
                                tag: str | Iterable[str] | None = None, description: str | None = None) -> str:
    """The ``query`` text of a data-asset search, ``field:value`` tokens joined by spaces. A
    ``name`` over 20 characters is cut to 20, with a warning: the search answers nothing for
    longer names.

    >>> get_data_asset_search_query(name='ecephys_676909_2023-12-13_13-43-40', tag=['raw', 'ecephys'])
    'name:ecephys_676909_2023- tag:raw tag:ecephys'
    """
    tags = [] if tag is None else [tag] if isinstance(tag, str) else [str(t) for t in tag]
    return core.assets.search_query("" if name is None else str(name), "" if subject_id is None else str(subject_id),
                                    tags, "" if description is None else str(description))


def get_codeocean_client(check_credentials: bool = True, retries: Any = None) -> "codeocean.CodeOcean":
    """The official SDK client, configured as the engine is: token from
    ``CODE_OCEAN_API_TOKEN`` (else the first variable whose value starts with ``cop_``),
    domain from ``CODE_OCEAN_DOMAIN``, ``.env`` files included.

    Raises ``KeyError`` (MissingTokenError) when no token is found and ``ValueError``
    (TokenRejectedError) when ``check_credentials`` and the server rejects it. ``retries``
    defaults to :data:`DEFAULT_CO_RETRY`.
    """
    # Read as an attribute: made on first use, and a value a user assigned is the one used.
    return _client(check_credentials, retries if retries is not None else sys.modules[__name__].DEFAULT_CO_RETRY)


@ttl_cache(None)
def _client(check_credentials: bool, retries: Any) -> "codeocean.CodeOcean":
    import codeocean

    domain, token = _credentials()
    if check_credentials:
        try:
            core.codeocean.search_data_assets(json.dumps({"query": "subject id: 366122"}), 1, 1)  # one request
        except errors.AuthError as error:
            errors.reraise_as(error, errors.TokenRejectedError,
                              "CodeOcean API token was found, but does not have permissions to read datasets")
    return _client_class()(domain=domain, token=token, retries=retries)


@functools.lru_cache(maxsize=None)
def _client_class() -> type:
    """``codeocean.CodeOcean`` whose repr masks the token: the SDK's dataclass repr prints it
    whole, and a client shown in a notebook or a log must not hand the token on. Still a
    ``codeocean.CodeOcean`` (a subclass), so ``isinstance`` checks and every method work."""
    import codeocean

    class CodeOcean(codeocean.CodeOcean):
        def __repr__(self) -> str:
            return f"CodeOcean(domain={self.domain!r}, token={core.codeocean.mask_token(self.token)!r})"

    CodeOcean.__module__ = codeocean.CodeOcean.__module__
    CodeOcean.__qualname__ = codeocean.CodeOcean.__qualname__
    return CodeOcean


def _credentials() -> tuple[str, str]:
    try:
        settings = core.codeocean.settings()
    except errors.AuthError as error:
        raise errors.MissingTokenError(str(error)) from error
    return settings["domain"], settings["token"]


# ---- IDs and models ---------------------------------------------------------------------


def get_normalized_uuid(id_or_model: IdOrModel) -> str:
    """The canonical hyphenated form of a Code Ocean ID (models: their ``id``).

    >>> get_normalized_uuid('867ed56ff9cc46498b9f97efc4dbd4cd')
    '867ed56f-f9cc-4649-8b9f-97efc4dbd4cd'
    """
    if _models.is_model(id_or_model):
        return id_or_model.id  # type: ignore[union-attr]
    if isinstance(id_or_model, uuid.UUID):
        return str(id_or_model)
    if not isinstance(id_or_model, str):
        raise TypeError(f"Cannot convert {id_or_model!r} ({type(id_or_model)}) to a UUID")
    return core.naming.normalize_uuid(id_or_model)


def get_data_asset_model(asset_id_or_model: IdOrModel) -> "DataAsset":
    """The data asset with this ID (a model is returned as is).
    Raises ``ValueError`` (DataAssetNotFoundError) when there is none."""
    if _models.is_model(asset_id_or_model):
        return asset_id_or_model  # type: ignore[return-value]
    asset_id = get_normalized_uuid(asset_id_or_model)
    try:
        return _models.data_asset(_models.fetch(core.codeocean.get_data_asset, asset_id))
    except errors.NotFoundError as error:
        errors.reraise_as(error, errors.DataAssetNotFoundError, f"No data asset found matching ID {asset_id}")


def get_codeocean_model(asset_or_computation_id: IdOrModel,
                        is_computation: Literal[True] | None = None) -> "DataAsset | Computation":
    """The data asset, or else the computation, with this ID (models are returned as is).
    Raises ``ValueError`` (DataAssetNotFoundError) when it is neither."""
    if _models.is_model(asset_or_computation_id):
        return asset_or_computation_id  # type: ignore[return-value]
    return _models_by_id([asset_or_computation_id], computations_only=bool(is_computation))[0]


def _models_by_id(ids: Sequence[IdOrModel], computations_only: bool = False) -> list:
    """Models for many IDs at once: data assets fetched concurrently, then computations for
    the IDs that are not data assets. An ID that is neither is an error naming it."""
    normalized = [get_normalized_uuid(i) for i in ids]
    results: list = [value if _models.is_model(value) else None for value in ids]
    pending = [k for k, value in enumerate(results) if value is None]
    if not computations_only and pending:
        pending = _fill(results, pending, normalized, core.codeocean.get_data_assets, _models.data_asset, "data asset")
    if pending:
        pending = _fill(results, pending, normalized, core.codeocean.get_computations, _models.computation,
                        "computation")
    if pending:
        raise errors.DataAssetNotFoundError(
            f"No data asset or computation found matching ID {', '.join(normalized[k] for k in pending)}: "
            "check the ID, and that your token can read it")
    return results


def _fill(results: list, pending: list[int], ids: list[str], fetch, convert, what: str) -> list[int]:
    """Fetch ``ids[k]`` for every pending k at once; fill ``results``; return the ks that
    were not found. Any other failure raises the engine's error for it."""
    still = []
    for k, answer in zip(pending, _models.fetch(fetch, [ids[k] for k in pending])):
        text = _results.unwrap(answer, f"fetching {what} {ids[k]}", if_not_found=None)
        if text is None:
            still.append(k)
        else:
            results[k] = convert(text)
    return still


def sort_by_created(ids_or_models: Iterable[IdOrModel]) -> tuple["DataAsset | Computation", ...]:
    """Data assets or computations sorted by creation time (oldest first).

    IDs are fetched concurrently. Unlike the original, an ID that cannot be fetched is an
    error naming it, never silently left out of the result.
    """
    models = _models_by_id(list(ids_or_models))
    return tuple(sorted(models, key=lambda m: m.created))


# ---- searching ----------------------------------------------------------------------------

#: The API's largest page: fewer round trips than the original's 100.
MAX_PAGE_SIZE = 1000


def search_data_assets(search_params: "dict | Any", as_dict: bool = False, page_size: int | None = None,
                       max_pages: int = 1000, raise_on_page_limit: bool = True) -> tuple:
    """Every data asset matching ``search_params`` (a dict or ``DataAssetSearchParams``),
    all pages, in the server's order. ``as_dict=True`` returns plain dicts.

    ``limit``/``offset`` in the parameters are ignored (paging is ours), ``None`` values are
    left out, and archived and favorite assets are left out unless asked for; a failed page
    is an error, never a shorter result. At most ``max_pages`` pages are fetched: when the
    server has more, ``ValueError`` (or, with ``raise_on_page_limit=False``, a warning and
    the assets fetched).
    """
    size = min(page_size or MAX_PAGE_SIZE, MAX_PAGE_SIZE)
    texts, more = _models.fetch(core.codeocean.search_data_assets, json.dumps(_models.to_dict(search_params)), size,
                                max_pages)
    if more:  # the server still had results after max_pages pages
        message = ("Reached page limit fetching data asset search results: try increasing parameters "
                   f"(max_pages={max_pages}, page_size={size}), narrowing the search, or setting "
                   "`raise_on_page_limit=False`")
        if raise_on_page_limit:
            raise errors.InvalidInputError(message)
        logger.warning("%s; returning the first %d assets", message, len(texts))
    if as_dict:
        return tuple(json.loads(t) for t in texts)
    return _models.data_assets(texts)


def get_data_assets(name_startswith: str, ttl_hash: int | None = None, **search_params) -> tuple["DataAsset", ...]:
    """Every data asset whose name starts with ``name_startswith``, oldest first.

    Answers are kept for ten minutes; a new ``ttl_hash`` (``get_ttl_hash(seconds)``) asks
    again. The server's ``name:`` search breaks above 20 characters, so the engine searches for
    the first 20 and keeps the names that start with the whole prefix (the server's answer
    is a superset anyway). Extra search fields (e.g. ``type="dataset"``) narrow the search.
    """
    if "query" in search_params:
        raise ValueError("Cannot provide 'query' as a search parameter: a new query will be created using "
                         "the 'name' field to search for assets")
    return _data_assets_with_prefix(name_startswith, json.dumps(search_params, sort_keys=True), ttl_hash)


@ttl_cache(SEARCH_TTL_SECONDS)
def _data_assets_with_prefix(prefix: str, extra_params_json: str, ttl_hash: int | None) -> tuple["DataAsset", ...]:
    extra = "" if extra_params_json == "{}" else extra_params_json
    return _models.data_assets(_models.fetch(core.assets.with_name_prefix, prefix, extra))


def get_subject_data_assets(subject_id: str | int, ttl_hash: int | None = None,
                            **search_params) -> tuple["DataAsset", ...]:
    """Every data asset of a subject, oldest first, without duplicates: the Code Ocean
    ``subject id`` field search and a free-text search (run concurrently), plus the assets
    DocDB links to the subject. Assets of other subjects (the server's search is a
    superset) are kept only when their name or metadata names this subject."""
    if "query" in search_params:
        raise ValueError("Cannot provide 'query' as a search parameter: a new query will be created using "
                         "'subject id' field to search for assets")
    subject = subject_text(subject_id)
    return _subject_assets(subject, json.dumps(search_params, sort_keys=True), ttl_hash)


@ttl_cache(SEARCH_TTL_SECONDS)
def _subject_assets(subject: str, extra_params_json: str, ttl_hash: int | None) -> tuple["DataAsset", ...]:
    return _models.data_assets(_models.fetch(core.subject.data_assets, subject, extra_params_json))


def is_raw_data_asset(asset_id_or_model: IdOrModel) -> bool:
    """True for a raw data asset: custom metadata "data level" is "raw data", else a tag
    contains "raw", else the name is exactly a session ID."""
    asset = get_data_asset_model(asset_id_or_model)
    return core.assets.is_raw_data_asset(asset.to_json())


def wait_until_ready(data_asset: str | "DataAsset", check_files: bool = True, timeout: float | None = 60,
                     **kwargs) -> "DataAsset":
    """Poll a new data asset until it is ready (or failed), then, with ``check_files``,
    until its source directory holds at least one file. Returns the refreshed model.
    Raises ``TimeoutError`` naming what was still missing."""
    unknown = set(kwargs) - {"polling_interval"}
    if unknown:  # what the SDK's wait_until_ready would refuse too
        raise TypeError(f"wait_until_ready() got unexpected keyword argument(s): {', '.join(sorted(unknown))}")
    polling_interval = float(kwargs.get("polling_interval", 5))
    if polling_interval < 5:  # as the SDK: Code Ocean asks clients not to poll faster
        raise errors.InvalidInputError(f"wait_until_ready: polling_interval must be at least 5 seconds, got "
                                       f"{polling_interval}")
    asset_id = get_normalized_uuid(data_asset)
    deadline = None if timeout is None else time.monotonic() + timeout
    with _store.fresh_answers():  # a poll wants the state now, never a stored one
        return _poll_until_ready(asset_id, check_files, deadline, timeout, polling_interval)


def _poll_until_ready(asset_id: str, check_files: bool, deadline: float | None, timeout: float | None,
                      polling_interval: float) -> "DataAsset":
    while True:
        asset = get_data_asset_model(asset_id)
        state = getattr(asset.state, "value", asset.state)
        if state in ("ready", "failed"):
            break
        if deadline is not None and time.monotonic() + polling_interval > deadline:
            raise TimeoutError(f"Data asset {asset_id} is still {state} after {timeout} s")
        time.sleep(polling_interval)
    if check_files and state == "ready":
        from aind_session.utils import s3_utils

        while not s3_utils.dir_has_files(s3_utils.get_data_asset_source_dir(asset_id)):
            if deadline is not None and time.monotonic() + 1 > deadline:
                raise TimeoutError(f"Failed to find any files in the source dir of {asset_id} after {timeout} s")
            time.sleep(1)
    return asset


# ---- computations -------------------------------------------------------------------------

_IN_PROGRESS = {"initializing", "running", "finalizing"}
_DONE = {"completed", "failed"}


def search_computations(capsule_or_pipeline_id: str, name: str | None = None,
                        attached_data_asset_id: str | None = None, has_results: bool | None = None,
                        in_progress: bool | None = None, computation_state: str | None = None,
                        ttl_hash: int | None = None, date: Any = None, start_date: Any = None,
                        end_date: Any = None) -> tuple["Computation", ...]:
    """The computations of a capsule or pipeline, filtered, oldest first.

    ``date`` compares the local date of ``created``; ``start_date``/``end_date`` are
    inclusive and either may be left open. ``has_results=False`` keeps computations
    without results (the original ignored the value).
    """
    if date is not None and (start_date is not None or end_date is not None):
        raise ValueError("Cannot filter by specific date and date range at the same time: "
                         f"{date=}, {start_date=}, {end_date=}")
    capsule_id = get_normalized_uuid(capsule_or_pipeline_id)
    records = [json.loads(t) for t in _models.fetch(core.codeocean.list_computations, capsule_id)]
    day = filter_datetime(date).date() if date is not None else None
    start = filter_datetime(start_date) if start_date is not None else None
    end = filter_datetime(end_date, end_of_day=True) if end_date is not None else None
    attached = get_normalized_uuid(attached_data_asset_id) if attached_data_asset_id else None
    kept = []
    for record in records:
        created = datetime.datetime.fromtimestamp(record["created"])
        if name is not None and record.get("name") != name:
            continue
        if day is not None and created.date() != day:
            continue
        if (start is not None and created < start) or (end is not None and created > end):
            continue
        if attached and attached not in {a.get("id") for a in record.get("data_assets") or []}:
            continue
        if has_results is not None and bool(record.get("has_results")) != has_results:
            continue
        if in_progress is not None and record.get("state") not in (_IN_PROGRESS if in_progress else _DONE):
            continue
        if computation_state is not None and record.get("state") != getattr(computation_state, "value",
                                                                            computation_state):
            continue
        kept.append(record)
    kept.sort(key=lambda r: r["created"])
    return tuple(_models.computation(r) for r in kept)



# ---- outputs of runs ----------------------------------------------------------------------


def get_output_text(asset_or_computation_id: IdOrModel) -> str:
    """The text of the ``output`` file of a data asset (from its source directory) or of a
    computation (from its results). Unlike the original, a computation given by ID string
    works. Raises ``FileNotFoundError`` when there is no output file."""
    model = get_codeocean_model(asset_or_computation_id)
    try:
        if _models.is_computation(model):
            return core.outputs.computation_output(model.id)
        return core.outputs.data_asset_output(model.to_json())
    except errors.NotFoundError as error:
        errors.reraise_as(error, errors.SourceDirNotFoundError)


def is_output_file_from_sorting_pipeline(output: str) -> bool:
    """True when an ``output`` text comes from the ecephys sorting pipeline."""
    return core.outputs.is_sorting_pipeline_output(output)


def is_output_error(output_text: str) -> bool:
    """True when an ``output`` text carries a marker of a failed run (CUDA errors are
    tolerated in sorting-pipeline outputs: some probes may still be usable)."""
    return core.outputs.is_output_error(output_text)


def is_data_asset_error(asset_id_or_model: IdOrModel) -> bool:
    """True when a data asset's run failed: no ``output`` file, an error marker in it, or a
    sorting-pipeline output without ``nwb/*.nwb*`` files."""
    return core.outputs.is_data_asset_error(get_data_asset_model(asset_id_or_model).to_json())


def is_computation_error(computation_id_or_model: IdOrModel) -> bool:
    """True when a computation failed: state ``failed``, ``end_status`` other than
    ``succeeded``, no results, only ``output`` (and ``nextflow``) in its results, an error
    marker in its output, or a sorting-pipeline run without ``nwb`` results. Raises
    ``ValueError`` while the computation is still running (the original also raised for
    failed computations; they are errors here)."""
    model = get_codeocean_model(computation_id_or_model, is_computation=True)
    return core.outputs.is_computation_error(model.to_json())
