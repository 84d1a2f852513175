"""Start, fill, point the environment at, and stop the local AIND stack."""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from typing import Iterable, Iterator, Optional, Union

from . import s3_server
from .codeocean_server import CodeOceanServer
from .docdb_server import DocDBServer, DocDBStore
from .faults import Fault, FaultSet, RequestLog
from .tls import make_self_signed, server_context

UNSET_VARS = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL")


class Stack:
    """The running emulators of one local stack.

    Attributes: ``codeocean_url``, ``docdb_url`` (plain http), ``docdb_tls_url``,
    ``docdb_tls_host`` (``127.0.0.1:<port>``, for ``MetadataDbClient(host=...)``),
    ``s3_url``, ``ca_bundle`` (the self-signed certificate), ``token``, ``env`` (the
    variables :func:`local_stack` sets), ``catalog``, ``faults`` (a
    :class:`~aind_session.testing.faults.FaultSet`) and ``servers`` (by service name).
    """

    def __init__(self, catalog, faults: Iterable[Union[Fault, dict]] = (), latency=None, seed: int = 0,
                 verify_signatures: Optional[bool] = None):
        self.catalog = catalog
        self.token = catalog.token
        self.faults = FaultSet(seed=seed)
        if latency:
            self.faults.add(Fault.latency(tuple(latency) if isinstance(latency, (list, tuple)) else float(latency)))
        self.faults.add(*faults)
        self.log = RequestLog()
        self._tmp = tempfile.mkdtemp(prefix="aind-stack-")
        self._started: list = []
        try:
            self.ca_bundle, key = make_self_signed(self._tmp)
            self.codeocean = self._start(CodeOceanServer(catalog, self.faults, self.log))
            self.docdb_store = DocDBStore(catalog.docdb)
            self.docdb = self._start(DocDBServer(self.docdb_store, self.faults, self.log))
            self.docdb_tls = self._start(DocDBServer(self.docdb_store, self.faults, self.log,
                                                     tls=server_context(self.ca_bundle, key)))
            self.s3 = self._start(s3_server.S3Server(catalog, self.faults, self.log,
                                                     verify_signatures=verify_signatures))
        except BaseException:
            self.close()
            raise
        # A data asset made from an S3 source reports the files found there, as Code Ocean's does.
        self.codeocean.source_stats = self.s3.prefix_stats
        self.codeocean_url = self.codeocean.base_url
        self.docdb_url = self.docdb.base_url
        self.docdb_tls_url = self.docdb_tls.base_url
        self.docdb_tls_host = f"127.0.0.1:{self.docdb_tls.port}"
        self.s3_url = self.s3.base_url
        self.access_key = s3_server.ACCESS_KEY
        self.secret_key = s3_server.SECRET_KEY
        self.env = {
            "CODE_OCEAN_DOMAIN": self.codeocean_url,
            "CODE_OCEAN_API_TOKEN": self.token,
            "AIND_DOCDB_URL": self.docdb_url,
            "AIND_DOCDB_TLS_HOST": self.docdb_tls_host,
            "REQUESTS_CA_BUNDLE": self.ca_bundle,
            "CURL_CA_BUNDLE": self.ca_bundle,
            "AWS_ENDPOINT_URL_S3": self.s3_url,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": s3_server.DEFAULT_REGION,
            # The persistent store of answers, private to this stack and gone with it: answers
            # from one stack's world must never answer questions asked of another.
            "AIND_SESSION_CACHE_DIR": os.path.join(self._tmp, "store"),
        }
        self.servers = {"codeocean": self.codeocean, "docdb": self.docdb, "docdb_tls": self.docdb_tls,
                        "s3": self.s3}

    def _start(self, server):
        self._started.append(server)
        return server.start()

    def requests(self, service: Optional[str] = None, method: Optional[str] = None,
                 path_regex: Optional[str] = None) -> list[dict]:
        """Logged requests (dicts with service, method, path, query, status, start, end, time)."""
        return self.log.entries(service, method, path_regex)

    def clear_requests(self) -> None:
        self.log.clear()

    def close(self) -> None:
        """Stop every server, join their threads and delete the certificate."""
        while self._started:
            self._started.pop().close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> "Stack":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextlib.contextmanager
def local_stack(profile: str = "seed", latency=None, faults: Iterable[Union[Fault, dict]] = (),
                catalog=None, seed: int = 0, verify_signatures: Optional[bool] = None,
                set_env: bool = True) -> Iterator[Stack]:
    """Run the local AIND stack for the duration of a ``with`` block.

    ``latency`` (seconds, or a ``(lo, hi)`` range) is added to every request;
    ``faults`` are :class:`Fault` rules; ``catalog`` defaults to
    ``generate(profile, seed)``. The environment (see :attr:`Stack.env`) is set, and
    ``AWS_PROFILE``/``AWS_SESSION_TOKEN`` unset, for the block and restored after it.
    """
    if catalog is None:
        from .catalog import generate

        catalog = generate(profile, seed)
    stack = Stack(catalog, faults=faults, latency=latency, seed=seed, verify_signatures=verify_signatures)
    saved = {k: os.environ.get(k) for k in (*stack.env, *UNSET_VARS)}
    try:
        if set_env:
            for k in UNSET_VARS:
                os.environ.pop(k, None)
            os.environ.update(stack.env)
        yield stack
    finally:
        if set_env:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        stack.close()
