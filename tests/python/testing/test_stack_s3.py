"""S3 emulator: boto3 reads, credentials, SigV4 verification and region redirects."""
from __future__ import annotations

import boto3
import botocore
import pytest
from botocore.config import Config

from aind_session.testing import s3_server
from conftest import SESSION, http


@pytest.fixture()
def s3(stack):
    return boto3.client("s3", endpoint_url=stack.s3_url, region_name="us-west-2",
                        aws_access_key_id=stack.access_key, aws_secret_access_key=stack.secret_key)


def test_sigv4_reference_matches_the_spec_test_vector():
    sig = s3_server.sigv4_signature(
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "GET", "/",
        "list-type=2&prefix=ecephys_676909_2023-12-13_13-43-40%2F&delimiter=%2F&max-keys=1000&encoding-type=url",
        {"host": "aind-ephys-data.s3.us-west-2.amazonaws.com", "x-amz-date": "20240815T120000Z",
         "x-amz-content-sha256": s3_server.EMPTY_SHA256},
        ["host", "x-amz-content-sha256", "x-amz-date"], s3_server.EMPTY_SHA256, "20240815T120000Z",
        "20240815/us-west-2/s3/aws4_request")
    assert sig == "f4a75265626d296906d9fee4909d8cbcf48f263b386ca12a661a6cef5fe18724"


def test_list_with_delimiter_and_continuation(s3):
    top = s3.list_objects_v2(Bucket="aind-ephys-data", Prefix=SESSION + "/", Delimiter="/")
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == [SESSION + "/behavior/", SESSION + "/ecephys_clipped/"]
    assert [c["Key"] for c in top["Contents"]] == [SESSION + "/data_description.json"]
    keys, token = [], None
    while True:
        kw = {"ContinuationToken": token} if token else {}
        page = s3.list_objects_v2(Bucket="aind-open-data", Prefix="many/", MaxKeys=10, **kw)
        keys += [c["Key"] for c in page["Contents"]]
        if not page["IsTruncated"]:
            break
        token = page["NextContinuationToken"]
    assert keys == [f"many/k{i:04d}" for i in range(25)]


def test_head_and_ranged_get(s3):
    key = SESSION + "/ecephys_clipped/a.bin"
    assert s3.head_object(Bucket="aind-ephys-data", Key=key)["ContentLength"] == 1024
    part = s3.get_object(Bucket="aind-ephys-data", Key=key, Range="bytes=10-19")
    assert part["ResponseMetadata"]["HTTPStatusCode"] == 206 and part["Body"].read() == bytes(range(10, 20))
    with pytest.raises(botocore.exceptions.ClientError) as err:
        s3.head_object(Bucket="aind-ephys-data", Key="nope")
    assert err.value.response["Error"]["Code"] == "404"


def test_put_then_get_in_scratch_bucket(s3):
    s3.put_object(Bucket="aind-scratch-data", Key="aind-session/x.json", Body=b'{"a": 1}')
    assert s3.get_object(Bucket="aind-scratch-data", Key="aind-session/x.json")["Body"].read() == b'{"a": 1}'


def test_unsigned_reads_work_only_on_public_buckets(stack):
    anon = boto3.client("s3", endpoint_url=stack.s3_url, region_name="us-west-2",
                        config=Config(signature_version=botocore.UNSIGNED))
    assert anon.list_objects_v2(Bucket="aind-open-data", MaxKeys=1)["KeyCount"] == 1
    with pytest.raises(botocore.exceptions.ClientError) as err:
        anon.list_objects_v2(Bucket="aind-ephys-data")
    assert err.value.response["Error"]["Code"] == "AccessDenied"
    status, _, body = http(stack.s3_url, "GET", f"/aind-ephys-data/{SESSION}/behavior/b.txt")
    assert status == 403 and b"<Code>AccessDenied</Code>" in body
    assert http(stack.s3_url, "GET", "/aind-open-data/many/k0001")[2] == b"x"


def test_bad_signature_and_unknown_key_are_403(stack):
    wrong_secret = boto3.client("s3", endpoint_url=stack.s3_url, region_name="us-west-2",
                                aws_access_key_id=stack.access_key, aws_secret_access_key="nope")
    with pytest.raises(botocore.exceptions.ClientError) as err:
        wrong_secret.list_objects_v2(Bucket="aind-ephys-data")
    assert err.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    wrong_key = boto3.client("s3", endpoint_url=stack.s3_url, region_name="us-west-2",
                             aws_access_key_id="AKIDUNKNOWN", aws_secret_access_key=stack.secret_key)
    with pytest.raises(botocore.exceptions.ClientError) as err:
        wrong_key.list_objects_v2(Bucket="aind-ephys-data")
    assert err.value.response["Error"]["Code"] == "InvalidAccessKeyId"


def test_signature_verification_can_be_switched_off(stack):
    stack.s3.verify_signatures = False
    try:
        c = boto3.client("s3", endpoint_url=stack.s3_url, region_name="us-west-2",
                         aws_access_key_id=stack.access_key, aws_secret_access_key="nope")
        assert c.list_objects_v2(Bucket="aind-open-data", MaxKeys=1)["KeyCount"] == 1
    finally:
        stack.s3.verify_signatures = True


def test_wrong_region_gets_permanent_redirect_that_boto3_follows(stack, s3):
    stack.clear_requests()
    assert s3.get_object(Bucket="aind-east-bucket", Key="k")["Body"].read() == b"east"
    statuses = [r["status"] for r in stack.requests(service="s3", path_regex="^/aind-east-bucket")]
    assert 301 in statuses and statuses[-1] == 200
    status, headers, body = _signed_get(stack, "/aind-east-bucket/k", region="us-west-2")
    assert status == 301 and headers["x-amz-bucket-region"] == "us-east-1" and b"PermanentRedirect" in body


def test_presigned_url_is_verified(stack):
    s3 = boto3.client("s3", endpoint_url=stack.s3_url, region_name="us-west-2", config=Config(signature_version="s3v4"),
                      aws_access_key_id=stack.access_key, aws_secret_access_key=stack.secret_key)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "aind-ephys-data",
                                                          "Key": SESSION + "/behavior/b.txt"})
    path = url[len(stack.s3_url):]
    assert http(stack.s3_url, "GET", path)[2] == b"hello"
    assert http(stack.s3_url, "GET", path[:-2] + "00")[0] == 403


def _signed_get(stack, path, region):
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    req = AWSRequest("GET", stack.s3_url + path)
    S3SigV4Auth(Credentials(stack.access_key, stack.secret_key), "s3", region).add_auth(req)
    return http(stack.s3_url, "GET", path, headers=dict(req.headers))
