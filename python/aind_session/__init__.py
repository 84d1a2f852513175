"""aind_session: find the paths, metadata and data assets of AIND sessions.

The heavy lifting (parsing, HTTP, JSON, concurrency, caching) is done by the C++
engine in :mod:`aind_session._core`. This package is the thin Python front.

Public names are loaded lazily (PEP 562) so that ``import aind_session`` stays
cheap and ``import aind_session.testing`` works without the compiled engine.
"""
from __future__ import annotations

import importlib
import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())

# name -> submodule that defines it ("submodule:attribute" when the names differ)
_LAZY: dict[str, str] = {
    "Session": "session",
    "Subject": "subject",
    "get_sessions": "session",
    "search_sessions": "catalog",
    "SearchResults": "catalog",
    "SearchTable": "catalog",
    "register_namespace": "extension",
    "ExtensionBaseClass": "extension",
    # the namespaces' classes, for their static methods (aind_session.ecephys.get_sorter_name(...))
    "ecephys": "extensions.ecephys:EcephysExtension",
    "lims": "extensions.lims:LimsExtension",
    "get_raw_data_assets": "utils.session_utils",
    "status": "status",
    "Table": "_table",
    "get_ttl_hash": "utils.misc_utils",
    "testmod": "_doctest",
    "limits": "_limits",
    "limits_in_force": "_limits",
    **{name: "_store" for name in ("cache", "cache_settings", "cache_info", "cache_clear", "provenance",
                                   "explain", "Provenance")},
    **{name: "errors" for name in ("AindSessionError", "InvalidInputError", "NotFoundError", "AuthError",
                                   "AccessDeniedError", "RequestFailedError", "OfflineError")},
    **{name: "utils.codeocean_utils" for name in (
        "CodeOceanError", "DEFAULT_CO_RETRY", "get_data_asset_search_query", "get_data_asset_source_dir",
        "get_codeocean_client", "get_codeocean_model", "get_data_asset_model",
        "get_data_assets", "get_normalized_uuid", "get_output_text", "get_subject_data_assets",
        "is_computation_error", "is_data_asset_error", "is_output_error", "is_output_file_from_sorting_pipeline",
        "is_raw_data_asset", "search_computations", "search_data_assets", "sort_by_created", "wait_until_ready")},
    **{name: "utils.docdb_utils" for name in (
        "DEFAULT_DOCDB_RETRY", "extract_codeocean_data_asset_ids_from_docdb_record", "get_codeocean_data_asset_ids_from_docdb",
        "get_docdb_api_client", "get_docdb_record", "get_subject_docdb_records")},
    **{name: "utils.s3_utils" for name in (
        "S3_DATA_BUCKET_NAMES", "get_bucket_and_prefix", "get_source_dir_by_name")},
}


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import version

        return version("aind-session")
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'aind_session' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    value = getattr(importlib.import_module(f"aind_session.{module}"), attribute or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
