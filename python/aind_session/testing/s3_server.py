"""S3 emulator: moto's S3 WSGI app behind our own checks, in the same process.

moto implements the S3 wire protocol; this module adds what moto does not enforce:

* credentials: an unsigned request may only read a bucket in ``public_buckets``
  (else 403 ``AccessDenied``); a signed request must use the known access key
  (else 403 ``InvalidAccessKeyId``);
* SigV4: the ``Authorization`` header (or a presigned URL) is verified with a
  standard-library reference implementation (403 ``SignatureDoesNotMatch``); turn it
  off with ``verify_signatures=False`` or ``AIND_STACK_S3_VERIFY_SIGV4=0``;
* regions: a signature scoped to a region other than the bucket's gets
  301 ``PermanentRedirect`` with ``x-amz-bucket-region``, as S3 does;
* faults and the request log, via :class:`~aind_session.testing.faults.StackServer`.

moto keeps its state in process-global backends, so one S3 emulator per process at a
time; it is emptied on start and on close.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import os
import sys
import threading
import urllib.parse
from typing import Optional

from .faults import FaultSet, Request, RequestLog, Response, StackServer

ACCESS_KEY = "localstack-test-key"
SECRET_KEY = "localstack-test-secret"
DEFAULT_REGION = "us-west-2"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_moto_lock = threading.Lock()


def error_xml(code: str, message: str, **extra) -> bytes:
    fields = "".join(f"<{k}>{_xml_escape(str(v))}</{k}>" for k, v in extra.items())
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{_xml_escape(message)}</Message>{fields}<RequestId>aind-local-stack</RequestId></Error>").encode()


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# SigV4 reference (docs/protocols.md §3.4) ----------------------------------------------


def _uri_encode(s: str, safe: str = "-_.~") -> str:
    return urllib.parse.quote(s, safe=safe)


def canonical_query(query: str, drop: tuple = ()) -> str:
    pairs = []
    for part in query.split("&") if query else []:
        if not part:
            continue
        k, _, v = part.partition("=")
        k, v = urllib.parse.unquote(k), urllib.parse.unquote(v)
        if k in drop:
            continue
        pairs.append((_uri_encode(k), _uri_encode(v)))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def signing_key(secret: str, date: str, region: str, service: str = "s3") -> bytes:
    k = hmac.new(("AWS4" + secret).encode(), date.encode(), hashlib.sha256).digest()
    for part in (region, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return k


def sigv4_signature(secret: str, method: str, raw_path: str, query: str, headers: dict,
                    signed_headers: list[str], payload_hash: str, amz_date: str, scope: str,
                    drop_query: tuple = ()) -> str:
    """The hex SigV4 signature of a request (S3 rules: the path is not double-encoded)."""
    canonical_uri = _uri_encode(urllib.parse.unquote(raw_path) or "/", safe="/-_.~")
    canon_headers = "".join(f"{h}:{' '.join(str(headers.get(h, '')).split())}\n" for h in signed_headers)
    creq = "\n".join([method, canonical_uri, canonical_query(query, drop_query), canon_headers,
                      ";".join(signed_headers), payload_hash])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(creq.encode()).hexdigest()])
    date, region, service = scope.split("/")[:3]
    return hmac.new(signing_key(secret, date, region, service), sts.encode(), hashlib.sha256).hexdigest()


def _parse_authorization(value: str) -> Optional[dict]:
    if not value.startswith("AWS4-HMAC-SHA256 "):
        return None
    out = {}
    for item in value[len("AWS4-HMAC-SHA256 "):].split(","):
        k, _, v = item.strip().partition("=")
        out[k] = v
    if not {"Credential", "SignedHeaders", "Signature"} <= set(out):
        return None
    return out


# The server -----------------------------------------------------------------------------


class S3Server(StackServer):
    """moto's S3 app served by a :class:`StackServer`, with credential and SigV4 checks."""

    service = "s3"

    def __init__(self, catalog, faults: FaultSet, log: RequestLog, port: int = 0,
                 verify_signatures: Optional[bool] = None,
                 access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY):
        if verify_signatures is None:
            verify_signatures = os.environ.get("AIND_STACK_S3_VERIFY_SIGV4", "1") not in ("0", "false", "no")
        self.verify_signatures = verify_signatures
        self.access_key = access_key
        self.secret_key = secret_key
        self.public_buckets = set(catalog.public_buckets)
        self.bucket_regions = {b: catalog.bucket_regions.get(b, DEFAULT_REGION) for b in catalog.s3}
        self._fill_moto(catalog)
        from moto.moto_server.werkzeug_app import create_backend_app

        self.app = create_backend_app("s3")
        super().__init__(faults, log, port=port)
        self.base_url = f"http://127.0.0.1:{self.port}"

    # moto's backend ------------------------------------------------------------------
    @staticmethod
    def _backend():
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.s3.models import s3_backends

        return s3_backends[DEFAULT_ACCOUNT_ID]["aws"]

    def _fill_moto(self, catalog) -> None:
        if not _moto_lock.acquire(blocking=False):
            raise RuntimeError("one S3 emulator per process: moto's state is global")
        self._holds_moto = True
        self._reset_moto()
        backend = self._backend()
        for bucket, objects in catalog.s3.items():
            backend.create_bucket(bucket, self.bucket_regions[bucket])
            for key, data in objects.items():
                backend.put_object(bucket, key, data, disable_notification=True)

    @classmethod
    def _reset_moto(cls) -> None:
        from moto.s3.models import s3_backends

        for account in list(s3_backends.keys()):
            s3_backends[account].reset()
        s3_backends.bucket_accounts.clear()

    def prefix_stats(self, bucket: str, prefix: str) -> Optional[tuple[int, int]]:
        """(objects, bytes) under the folder ``prefix`` of ``bucket`` (None: no such bucket): what
        Code Ocean counts when it makes a data asset from an S3 source."""
        from moto.s3.exceptions import MissingBucket

        try:
            keys = self._backend().get_bucket(bucket).keys
        except MissingBucket:
            return None
        folder = prefix.strip("/") + "/" if prefix.strip("/") else ""
        sizes = [key.size for name, key in list(keys.items()) if name.startswith(folder)]
        return len(sizes), sum(sizes)

    def close(self) -> None:
        super().close()
        if getattr(self, "_holds_moto", False):
            self._reset_moto()
            self._holds_moto = False
            _moto_lock.release()

    def error_response(self, status: int, message: str) -> Response:
        code = {429: "SlowDown", 500: "InternalError", 503: "SlowDown", 401: "AccessDenied",
                403: "AccessDenied", 404: "NoSuchKey"}.get(status, "InternalError")
        return Response(status, error_xml(code, message), content_type="application/xml")

    # Checks --------------------------------------------------------------------------
    def _deny(self, status: int, code: str, message: str, headers=(), **extra) -> Response:
        return Response(status, error_xml(code, message, **extra), list(headers), content_type="application/xml")

    def _check(self, req: Request) -> Optional[Response]:
        bucket = req.path.lstrip("/").split("/", 1)[0]
        params = dict(urllib.parse.parse_qsl(req.query, keep_blank_values=True))
        auth = req.headers.get("authorization")
        presigned = "X-Amz-Signature" in params
        if not auth and not presigned:
            if bucket and bucket in self.public_buckets and req.method in ("GET", "HEAD"):
                return None
            return self._deny(403, "AccessDenied", "Access Denied")
        if presigned:
            credential = params.get("X-Amz-Credential", "")
            signed_headers = params.get("X-Amz-SignedHeaders", "host").split(";")
            signature = params["X-Amz-Signature"]
            amz_date = params.get("X-Amz-Date", "")
            payload_hash = "UNSIGNED-PAYLOAD"
        else:
            parsed = _parse_authorization(auth)
            if parsed is None:
                return self._deny(400, "AuthorizationHeaderMalformed", "The authorization header is malformed")
            credential = parsed["Credential"]
            signed_headers = parsed["SignedHeaders"].split(";")
            signature = parsed["Signature"]
            amz_date = req.headers.get("x-amz-date", "")
            payload_hash = req.headers.get("x-amz-content-sha256", EMPTY_SHA256)
        akid, _, scope = credential.partition("/")
        if akid != self.access_key:
            return self._deny(403, "InvalidAccessKeyId",
                              "The AWS Access Key Id you provided does not exist in our records.", AWSAccessKeyId=akid)
        scope_parts = scope.split("/")
        if len(scope_parts) != 4:
            return self._deny(400, "AuthorizationHeaderMalformed", "The credential scope is malformed")
        region = scope_parts[1]
        if self.verify_signatures:
            expected = sigv4_signature(self.secret_key, req.method, req.raw_path, req.query, req.headers,
                                       signed_headers, payload_hash, amz_date, scope,
                                       drop_query=("X-Amz-Signature",) if presigned else ())
            if not hmac.compare_digest(expected, signature):
                return self._deny(403, "SignatureDoesNotMatch",
                                  "The request signature we calculated does not match the signature you provided.",
                                  AWSAccessKeyId=akid)
            if not presigned and payload_hash not in ("UNSIGNED-PAYLOAD",) and not payload_hash.startswith("STREAMING-"):
                if hashlib.sha256(req.body).hexdigest() != payload_hash:
                    return self._deny(400, "XAmzContentSHA256Mismatch",
                                      "The provided 'x-amz-content-sha256' header does not match what was computed.")
        bucket_region = self.bucket_regions.get(bucket)
        if bucket_region and region != bucket_region:
            return self._deny(301, "PermanentRedirect",
                              "The bucket you are attempting to access must be addressed using the specified endpoint.",
                              [("x-amz-bucket-region", bucket_region)], Bucket=bucket,
                              Endpoint=f"{bucket}.s3.{bucket_region}.amazonaws.com")
        return None

    def route(self, req: Request) -> Response:
        denied = self._check(req)
        if denied is not None:
            return denied
        resp = self._call_moto(req)
        # Keep our region table in step with buckets created through the API.
        if req.method == "PUT" and resp.status == 200 and req.path.count("/") == 1 and not req.query:
            bucket = req.path.strip("/")
            self.bucket_regions.setdefault(bucket, DEFAULT_REGION)
        return resp

    def _call_moto(self, req: Request) -> Response:
        host = req.headers.get("host", f"127.0.0.1:{self.port}")
        environ = {
            "REQUEST_METHOD": req.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": req.path.encode("utf-8").decode("latin-1"),
            "RAW_URI": req.raw_path + ("?" + req.query if req.query else ""),
            "REQUEST_URI": req.raw_path + ("?" + req.query if req.query else ""),
            "QUERY_STRING": req.query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": str(self.port),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(req.body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "CONTENT_LENGTH": str(len(req.body)),
        }
        if "content-type" in req.headers:
            environ["CONTENT_TYPE"] = req.headers["content-type"]
        for name, value in req.headers.items():
            if name in ("content-type", "content-length", "transfer-encoding"):
                continue
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        environ["HTTP_HOST"] = host
        if "HTTP_AUTHORIZATION" not in environ and "X-Amz-Signature" not in req.query:
            # We already allowed this anonymous read; moto would apply object ACLs and refuse it.
            environ["HTTP_AUTHORIZATION"] = (f"AWS4-HMAC-SHA256 Credential={self.access_key}/20240101/"
                                             f"{DEFAULT_REGION}/s3/aws4_request, SignedHeaders=host, Signature=0")
        status_holder = {}

        def start_response(status, headers, exc_info=None):
            status_holder["status"] = int(status.split(" ", 1)[0])
            status_holder["headers"] = headers

        chunks = self.app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        headers = [(k, v) for k, v in status_holder["headers"]
                   if k.lower() not in ("connection", "transfer-encoding", "server", "date")]
        if req.method != "HEAD":
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        return Response(status_holder["status"], body, headers, content_type=None)
