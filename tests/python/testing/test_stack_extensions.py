"""What the extension layer's writes and runs need of the seed stack.

NeuroglancerState.write() and create_manifest_asset() PUT a file into the scratch bucket
(s3fs in the original; our S3 client's path-style, SigV4-signed PUT here), make a data asset
from its folder, wait until it is ready with files, and find it again by a ``name:`` search;
run_data_converter_capsule() runs the pipeline monitor capsule with one JSON parameter.
"""
from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from aind_session.testing import local_stack
from aind_session.testing.catalog import constants as C
from aind_session.testing.catalog import seed_values as V
from conftest import co, co_search, http

SCRATCH = "aind-scratch-data"


@pytest.fixture(scope="module")
def stack():
    with local_stack(profile="seed") as s:
        yield s


def signed(stack, method, path, query="", body=b"", headers=None, sign_payload=True):
    """A path-style request signed with SigV4 (botocore's signer, as test_stack_s3 does); the
    body's SHA-256 is signed unless ``sign_payload`` is False (then ``UNSIGNED-PAYLOAD``)."""
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.config import Config
    from botocore.credentials import Credentials

    url = stack.s3_url + path + ("?" + query if query else "")
    req = AWSRequest(method, url, data=body, headers=dict(headers or {}))
    req.context["client_config"] = Config(s3={"payload_signing_enabled": sign_payload})
    S3SigV4Auth(Credentials(stack.access_key, stack.secret_key), "s3", "us-west-2").add_auth(req)
    return http(stack.s3_url, method, path + ("?" + query if query else ""), body=body or None,
                headers=dict(req.headers))


def listed_keys(stack, bucket, prefix):
    status, _, body = signed(stack, "GET", f"/{bucket}", urllib.parse.urlencode({"list-type": 2, "prefix": prefix}))
    assert status == 200, body
    return re.findall(r"<Key>([^<]+)</Key>", body.decode())


def put(stack, key, body, bucket=SCRATCH):
    path = f"/{bucket}/" + urllib.parse.quote(key)
    status, _, data = signed(stack, "PUT", path, body=body, headers={"Content-Type": "application/json"})
    assert status == 200, data
    return path


def test_signed_put_into_scratch_is_listed_and_readable(stack):
    key = "aind-session/neuroglancer_states/put-test/put-test state.json"  # a space: encoded in the path
    path = put(stack, key, b'{"layers": []}')
    assert key in listed_keys(stack, SCRATCH, "aind-session/neuroglancer_states/put-test/")
    status, headers, body = signed(stack, "GET", path)
    assert (status, body) == (200, b'{"layers": []}')
    assert signed(stack, "HEAD", path)[0] == 200


def test_put_with_an_unsigned_payload_is_accepted(stack):
    # Clients may sign with UNSIGNED-PAYLOAD instead of the body's hash (as presigned PUTs do).
    key = "aind-session/manifests/unsigned-test/x.csv"
    status, _, data = signed(stack, "PUT", f"/{SCRATCH}/{key}", body=b"a,b\n1,2\n", sign_payload=False)
    assert status == 200, data
    assert signed(stack, "GET", f"/{SCRATCH}/{key}")[2] == b"a,b\n1,2\n"


def test_anonymous_writes_are_refused(stack):
    for bucket in (SCRATCH, "aind-open-data"):  # public buckets are public to read only
        status, _, body = http(stack.s3_url, "PUT", f"/{bucket}/aind-session/anon.json", body=b"{}")
        assert status == 403 and b"<Code>AccessDenied</Code>" in body
    assert "aind-session/anon.json" not in listed_keys(stack, SCRATCH, "aind-session/anon")


def test_a_put_whose_body_does_not_match_its_signed_hash_is_refused(stack):
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    path = f"/{SCRATCH}/aind-session/tampered.json"
    req = AWSRequest("PUT", stack.s3_url + path, data=b"original")
    S3SigV4Auth(Credentials(stack.access_key, stack.secret_key), "s3", "us-west-2").add_auth(req)
    status, _, body = http(stack.s3_url, "PUT", path, body=b"tampered", headers=dict(req.headers))
    assert status == 400 and b"XAmzContentSHA256Mismatch" in body


def _asset_params(name, prefix, tags):
    # What the original's create_data_asset / create_manifest_asset send (DataAssetParams).
    return {"name": name, "mount": name, "tags": tags,
            "custom_metadata": {"experiment type": "SmartSPIM", "subject id": "717381"},
            "source": {"aws": {"bucket": SCRATCH, "prefix": prefix, "keep_on_external_storage": False,
                               "public": False}}}


def test_asset_from_a_written_state_is_ready_with_its_file(stack):
    name = V.NG_SESSION + "_neuroglancer-state_2025-01-07_09-30-00"
    prefix = f"{V.NG_STATES_PREFIX}/{name}"
    body = json.dumps({"layers": [], "position": [0, 0, 0, 0]}, indent=2).encode()
    put(stack, f"{prefix}/{name}.json", body)
    status, asset = co(stack, "POST", "data_assets",
                       _asset_params(name, prefix, ["neuroglancer", "ecephys", "annotation", "717381"]))
    assert status == 200, asset
    status, ready = co(stack, "GET", f"data_assets/{asset['id']}")
    assert ready["state"] == "ready" and (ready["files"], ready["size"]) == (1, len(body))
    sb = ready["source_bucket"]
    # wait_until_ready(check_files=True) globs the source dir: the file is there.
    assert listed_keys(stack, sb["bucket"], sb["prefix"] + "/") == [f"{prefix}/{name}.json"]


def test_a_new_asset_is_found_by_a_name_search_at_once(stack):
    # manifest_data_asset searches name:<first 20 characters> right after create_manifest_asset.
    put(stack, f"{V.MANIFESTS_PREFIX}/{V.S_717381_MANIFEST}.csv", b"mouseid,probe_name\n717381,ProbeA\n")
    status, asset = co(stack, "POST", "data_assets",
                       _asset_params(V.S_717381_MANIFEST, V.MANIFESTS_PREFIX, ["ibl", "annotation", "manifest",
                                                                                "717381"]))
    assert status == 200
    found = co_search(stack, query="name:" + V.S_717381_MANIFEST[:20], sort_field="created", sort_order="asc")
    names = [a["name"] for a in found["results"]]
    assert names == [V.S_717381_MANIFEST, V.S_717381_MANIFEST]  # the seed world's, then the new one
    assert found["results"][-1]["id"] == asset["id"]
    assert asset["id"] in {a["id"] for a in co_search(stack, query="subject id:717381", limit=1000)["results"]}


def test_the_converter_runs_through_the_pipeline_monitor_once(stack):
    inputs = [a for a in co_search(stack, query="subject id:717381", limit=1000)["results"]
              if a["name"] in (V.S_717381_STITCHED[1], V.S_717381_NG_STATE, V.S_717381_MANIFEST)]
    attached = [{"id": a["id"], "mount": a["name"]} for a in inputs]
    settings = json.dumps({"run_params": {"capsule_id": C.DATA_CONVERTER_CAPSULE_ID, "data_assets": attached},
                           "computation_polling_interval": 60, "computation_timeout": 172800})
    stack.clear_requests()
    status, comp = co(stack, "POST", "computations", {"capsule_id": C.PIPELINE_MONITOR_CAPSULE_ID,
                                                      "parameters": [settings], "data_assets": attached})
    assert status == 200, comp
    assert comp["parameters"] == [{"value": settings}] and comp["data_assets"] == attached
    assert len(stack.requests(service="codeocean", method="POST", path_regex=r"/computations$")) == 1
    status, runs = co(stack, "GET", f"capsules/{C.PIPELINE_MONITOR_CAPSULE_ID}/computations")
    assert status == 200 and [r["id"] for r in runs] == [comp["id"]]
    assert co(stack, "GET", f"capsules/{C.DATA_CONVERTER_CAPSULE_ID}/computations") == (200, [])


def test_computations_listed_by_the_stack_all_say_whether_they_have_results(stack):
    status, runs = co(stack, "GET", f"pipelines/{C.SORTING_PIPELINE_ID}/computations")
    assert status == 200 and runs
    assert all(isinstance(r["has_results"], bool) for r in runs)
