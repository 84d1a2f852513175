"""Point the *original* aind-session (PyPI 0.3.27) at the local stack's DocDB.

Only ever on the PYTHONPATH of the original's subprocesses started by
``bench/compare.py`` (never installed, never imported by our package or tests).

The original's DocDB client hard-codes ``https://api.allenneuraldynamics.org``
and has no configuration hook (docs/protocols.md §4.5). When ``AIND_DOCDB_TLS_HOST``
is set, this replaces ``aind_session.utils.docdb_utils.get_docdb_api_client`` (a
``functools.cache``'d factory; every call site looks it up as a module global) as
soon as that module has been executed, with a cached factory that builds
``MetadataDbClient(host=$AIND_DOCDB_TLS_HOST, ...)`` on a ``requests.Session``
carrying the original's own retry adapter. Trust comes from ``REQUESTS_CA_BUNDLE``
(set by the stack). Code Ocean and S3 need no patch: the original reads
``CODE_OCEAN_DOMAIN``/``CODE_OCEAN_API_TOKEN``, and the botocore it gets (1.31.64,
under aiobotocore 2.7.0 and s3fs) honours ``AWS_ENDPOINT_URL_S3``.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys

_TARGET = "aind_session.utils.docdb_utils"


def _patch(module) -> None:
    import functools

    import aind_data_access_api.document_db
    import requests
    import requests.adapters

    original = module.get_docdb_api_client

    @functools.cache
    def get_docdb_api_client(retries=module.DEFAULT_DOCDB_RETRY, **kwargs):
        kwargs["host"] = os.environ["AIND_DOCDB_TLS_HOST"]
        kwargs.setdefault("database", "metadata_index")
        kwargs.setdefault("collection", "data_assets")
        if "session" not in kwargs:
            session = requests.Session()
            session.mount(prefix="https://", adapter=requests.adapters.HTTPAdapter(max_retries=retries))
            kwargs["session"] = session
        return aind_data_access_api.document_db.MetadataDbClient(**kwargs)

    get_docdb_api_client.__wrapped_original__ = original
    module.get_docdb_api_client = get_docdb_api_client


class _Loader(importlib.abc.Loader):
    def __init__(self, inner):
        self._inner = inner

    def create_module(self, spec):
        return self._inner.create_module(spec)

    def exec_module(self, module):
        self._inner.exec_module(module)
        _patch(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname != _TARGET:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


if os.environ.get("AIND_DOCDB_TLS_HOST"):
    sys.meta_path.insert(0, _Finder())
