"""Faults: every kind is observable by a plain http.client request; in-process and HTTP control."""
from __future__ import annotations

import http.client as hc
import json
import time

import pytest

from aind_session.testing import Fault, FaultSet
from conftest import RAW_ID, co, http

COUNT = "/v1/metadata_index/data_assets/count_documents"


@pytest.fixture(autouse=True)
def _clean(stack):
    stack.faults.clear()
    yield
    stack.faults.clear()


def test_latency_delays_the_response(stack):
    stack.faults.add(Fault.latency(0.2, service="docdb", route="count_documents"))
    t = time.perf_counter()
    assert http(stack.docdb_url, "GET", COUNT)[0] == 200
    assert time.perf_counter() - t >= 0.2


def test_rate_limit_sends_429_with_retry_after(stack):
    stack.faults.add(Fault.rate_limited(retry_after=3, count=1, service="codeocean"))
    status, body = co(stack, "GET", f"data_assets/{RAW_ID}")
    assert status == 429 and "message" in body
    status, headers, _ = http(stack.codeocean_url, "GET", "/api/v1/data_assets/x")
    assert status == 401  # the burst is spent


def test_server_error_burst_lasts_exactly_n_requests(stack):
    stack.faults.add(Fault.http_status(503, count=2, service="docdb"))
    assert [http(stack.docdb_url, "GET", COUNT)[0] for _ in range(3)] == [503, 503, 200]


def test_unauthorized_burst_on_code_ocean(stack):
    stack.faults.add(Fault.unauthorized(count=1, service="codeocean", route="/data_assets/"))
    assert co(stack, "GET", f"data_assets/{RAW_ID}")[0] == 401
    assert co(stack, "GET", f"data_assets/{RAW_ID}")[0] == 200


def test_probabilistic_faults_are_deterministic_for_a_seed():
    def draws(seed):
        fs = FaultSet([Fault.http_status(500, probability=0.5)], seed=seed)
        return [fs.decide("docdb", "GET", "/v1/x").fault is not None for _ in range(50)]

    assert draws(7) == draws(7) and draws(7) != draws(8)
    assert 10 < sum(draws(7)) < 40


def test_connection_reset_closes_without_response(stack):
    stack.faults.add(Fault.reset(count=1, service="docdb"))
    with pytest.raises((ConnectionError, hc.RemoteDisconnected)):
        http(stack.docdb_url, "GET", COUNT)
    assert http(stack.docdb_url, "GET", COUNT)[0] == 200


def test_truncated_body_raises_incomplete_read(stack):
    stack.faults.add(Fault.truncated(fraction=0.5, count=1, service="docdb"))
    conn = hc.HTTPConnection("127.0.0.1", stack.docdb.port, timeout=5)
    conn.request("GET", COUNT)
    resp = conn.getresponse()
    with pytest.raises(hc.IncompleteRead):
        resp.read()
    conn.close()


def test_slow_body_dribbles_but_arrives_whole(stack):
    stack.faults.add(Fault.slow_body(chunk_size=8, chunk_interval=0.02, service="docdb", count=1))
    t = time.perf_counter()
    status, _, body = http(stack.docdb_url, "GET", COUNT)
    assert status == 200 and json.loads(body)["total_record_count"] > 0
    assert time.perf_counter() - t >= 0.02 * (len(body) // 8)


def test_s3_503_fault_is_slowdown_xml(stack):
    stack.faults.add(Fault.http_status(503, count=1, service="s3"))
    status, _, body = http(stack.s3_url, "GET", "/aind-open-data/many/k0001")
    assert status == 503 and b"<Code>SlowDown</Code>" in body


def test_faults_and_request_log_over_http(stack):
    url = stack.docdb_url
    assert http(url, "DELETE", "/_stack/requests")[0] == 200
    status, _, body = http(url, "POST", "/_stack/faults", [{"kind": "status", "status": 500, "count": 1}])
    assert status == 200 and json.loads(body) == {"added": 1}
    assert json.loads(http(url, "GET", "/_stack/faults")[2])[0]["service"] == "docdb"
    assert http(stack.codeocean_url, "POST", "/_stack/faults", {"kind": "nope"})[0] == 400
    assert http(url, "GET", COUNT)[0] == 500
    http(url, "POST", "/_stack/faults", {"kind": "status", "status": 502})
    assert http(url, "DELETE", "/_stack/faults")[0] == 200
    assert http(url, "GET", COUNT + "?filter=%7B%7D")[0] == 200
    log = json.loads(http(url, "GET", "/_stack/requests?method=GET&path_regex=count_documents")[2])
    assert [(e["status"], e["query"]) for e in log] == [(500, ""), (200, "filter=%7B%7D")]
    assert len(stack.requests(service="docdb", method="GET", path_regex="count_documents")) == 2
