"""Misbehaving Code Ocean, DocDB and S3 servers, for the C++ clients' tests.

Routes of the fixture server (http_fixture_server.py), standard library only. The clients
are pointed at a prefix that names the misbehaviour, and add their own paths after it:

  S3 endpoint ``<base>/s3``, bucket = the mode: GET /s3/<mode>?list-type=2&...
    alternating     always truncated, continuation tokens A, B, A, B...
    endless         always truncated, a new token (and a new key) every page
    slow            endless, 300 ms per page
    bad-utf8        a key with a raw 0xFF byte
    bad-utf8-url    EncodingType=url and a key whose %FF decodes to a byte that is not UTF-8
    denied-bad-utf8 403 with an <Error> whose <Message> is not UTF-8

  DocDB base URL ``<base>/docdb/<mode>``: GET /docdb/<mode>/v1/<db>/<coll>/find?skip=...
    never-empty     the same full page of records (as many as asked) for every skip
    endless         a full page of new records for every skip
    cut-short       12 records of 300 kB, at most 5 a page (as a payload budget would cut them)
    slow            endless, 300 ms per page
    not-records     [1, 2, 3]
    mixed           [{"_id": "a"}, 1]
    object          {}
    bad-utf8        a record with a 0xFF byte in a string
    bad-location    the record named in the filter, with location "s3://" (then [])

  Code Ocean domain ``<base>/co/<mode>``: POST /co/<mode>/api/v1/data_assets/search
    always-more     has_more, and the same two assets on every page
    endless         has_more, and one new asset on every page
    slow            endless, 300 ms per page
    bad-utf8        one asset whose name has a 0xFF byte
"""
from __future__ import annotations

import json
import time


def _send(handler, code: int, body: bytes, content_type: str) -> None:
    handler.send_response(code)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _listing(keys: list[str], token: str | None, encoded: bool = False) -> bytes:
    contents = "".join(f"<Contents><Key>{k}</Key><Size>1</Size></Contents>" for k in keys)
    more = f"<IsTruncated>true</IsTruncated><NextContinuationToken>{token}</NextContinuationToken>" if token else \
        "<IsTruncated>false</IsTruncated>"
    encoding = "<EncodingType>url</EncodingType>" if encoded else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult>{encoding}<KeyCount>{len(keys)}</KeyCount>'
            f"{more}{contents}</ListBucketResult>").encode()


def _s3(handler, mode: str, q: dict) -> None:
    token = q.get("continuation-token", "")
    xml = "application/xml"
    if mode == "alternating":
        _send(handler, 200, _listing([f"key-after-{token or 'start'}"], "B" if token == "A" else "A"), xml)
    elif mode in ("endless", "slow"):
        if mode == "slow":
            time.sleep(0.3)
        n = int(token or 0) + 1
        _send(handler, 200, _listing([f"key-{n}"], str(n)), xml)
    elif mode == "bad-utf8":
        _send(handler, 200, _listing(["good"], None).replace(b"good", b"bad\xffkey"), xml)
    elif mode == "bad-utf8-url":
        _send(handler, 200, _listing(["bad%FFkey"], None, encoded=True), xml)
    elif mode == "denied-bad-utf8":
        _send(handler, 403, b"<Error><Code>AccessDenied</Code><Message>no \xff access</Message></Error>", xml)
    else:
        _send(handler, 404, b"<Error><Code>NoSuchBucket</Code></Error>", xml)


def _docdb(handler, mode: str, q: dict) -> None:
    skip = int(q.get("skip", "0"))
    # Full pages (as many records as asked): a short page would end the client's listing.
    size = int(q.get("limit", "0") or "0") or 2
    records: object
    if mode == "never-empty":
        records = [{"_id": f"a{i}"} for i in range(size)]
    elif mode in ("endless", "slow"):
        if mode == "slow":
            time.sleep(0.3)
        records = [{"_id": f"record-{skip + i}"} for i in range(size)]
    elif mode == "cut-short":
        # Pages cut short of the limit by a payload budget (big records, 5 per page), 12 records in all.
        records = [{"_id": f"big-{i}", "pad": "x" * 300_000} for i in range(skip, min(skip + 5, 12))]
    elif mode == "not-records":
        records = [1, 2, 3]
    elif mode == "mixed":
        records = [{"_id": "a"}, 1]
    elif mode == "object":
        records = {}
    elif mode == "bad-utf8":
        body = b'[{"_id": "a", "name": "bad \xff name"}]'
        return _send(handler, 200, body, "application/json")
    elif mode == "bad-location":
        name = json.loads(q.get("filter", "{}")).get("name")
        records = [] if skip or not isinstance(name, str) else [
            {"_id": "bad-location-record", "name": name, "created": "2024-01-01T00:00:00", "location": "s3://"}]
    else:
        return _send(handler, 404, b'{"message": "no such mode"}', "application/json")
    _send(handler, 200, json.dumps(records).encode(), "application/json")


def _asset(asset_id: str, name: str = "asset") -> dict:
    return {"id": asset_id, "name": name, "created": 1700000000, "state": "ready", "type": "dataset"}


def _codeocean(handler, mode: str, body: bytes) -> None:
    offset = json.loads(body or b"{}").get("offset", 0)
    if mode == "always-more":
        page = {"has_more": True, "results": [_asset("same-1"), _asset("same-2")]}
    elif mode in ("endless", "slow"):
        if mode == "slow":
            time.sleep(0.3)
        page = {"has_more": True, "results": [_asset(f"asset-{offset}")]}
    elif mode == "bad-utf8":
        answer = json.dumps({"has_more": False, "results": [_asset("x", "NAME")]}).encode()
        return _send(handler, 200, answer.replace(b"NAME", b"bad \xff name"), "application/json")
    else:
        return _send(handler, 404, b'{"message": "no such mode"}', "application/json")
    _send(handler, 200, json.dumps(page).encode(), "application/json")


def handle(handler, path: str, q: dict, body: bytes = b"") -> bool:
    """Answers a request for one of the routes above; False when `path` is not one of them."""
    parts = path.split("/")  # "", service, mode, ...
    if len(parts) < 3 or parts[1] not in ("s3", "docdb", "co"):
        return False
    service, mode = parts[1], parts[2]
    if service == "s3":
        _s3(handler, mode, q)
    elif service == "docdb":
        _docdb(handler, mode, q)
    else:
        _codeocean(handler, mode, body)
    return True
