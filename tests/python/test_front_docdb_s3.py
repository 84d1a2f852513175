"""DocDB and S3 through the front: a session's record, raw data directory and
modalities, on the local stack (seed world), with the faults of issue 5."""
import os

import pytest

import aind_session
from aind_session import errors
from aind_session.testing import Fault
from aind_session.testing.catalog import seed_values as sv


def test_external_links_in_both_formats(fresh_seed_stack):
    new = aind_session.extract_codeocean_data_asset_ids_from_docdb_record({"external_links": {"Code Ocean": ["a", "b"]}})
    old = aind_session.extract_codeocean_data_asset_ids_from_docdb_record(
        {"external_links": [{"Code Ocean": "a"}, {"Code Ocean": "b"}]})
    assert new == old == ("a", "b")
    assert aind_session.get_docdb_record(sv.LEGACY_LINK_ID)  # found through a legacy-format link


def test_docdb_record_by_name_by_asset_id_and_missing(fresh_seed_stack):
    assert aind_session.get_docdb_record(sv.E)["name"] == sv.E
    assert aind_session.get_docdb_record(sv.E_RAW_ID)["name"] == sv.E
    assert aind_session.get_docdb_record(sv.S_NOWHERE) == {}
    assert aind_session.Session(sv.S_NOWHERE).docdb == {}


def test_docdb_ids_in_record_creation_order(fresh_seed_stack):
    assert aind_session.get_codeocean_data_asset_ids_from_docdb(sv.E)[0] == sv.E_SORTED_FIRST_ID
    assert aind_session.get_codeocean_data_asset_ids_from_docdb("SmartSPIM_738819")[0] == sv.S_738819_FIRST_LINK
    assert aind_session.get_codeocean_data_asset_ids_from_docdb(subject_id=738819)[0] == sv.S_738819_FIRST_LINK


def test_subject_records_are_read_to_the_short_last_page(fresh_seed_stack):
    records = aind_session.get_subject_docdb_records(676909)
    assert len(records) > 0 and all(r["subject"]["subject_id"] == "676909" for r in records)
    assert [r["created"] for r in records] == sorted(r["created"] for r in records)
    finds = fresh_seed_stack.requests(service="docdb", path_regex="/find$")
    # pages of 100 asked; full ones are followed by the next, the short (or empty) last one ends it
    assert len(finds) == len(records) // 100 + 1
    assert all(f["query"].startswith("limit=100&") for f in finds)


def test_raw_data_dir_found_only_by_probing_buckets(fresh_seed_stack):
    session = aind_session.Session(sv.S_721291)
    assert session.raw_data_dir.as_posix() == f"s3://{sv.PRIVATE_BUCKET}/{sv.S_721291}"


def test_raw_data_dir_in_the_anonymous_public_bucket(fresh_seed_stack, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    assert aind_session.get_source_dir_by_name(sv.S_717121).as_posix() == f"s3://{sv.OPEN_BUCKET}/{sv.S_717121}"


def test_private_bucket_without_credentials_says_so(fresh_seed_stack, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    with pytest.raises(errors.AindSessionError) as info:
        aind_session.get_source_dir_by_name(sv.S_721291)
    assert "credentials" in str(info.value).lower() or "denied" in str(info.value).lower()


def test_unreadable_buckets_do_not_stop_the_probe_and_are_named_when_nothing_is_found(fresh_seed_stack):
    for bucket in (sv.PRIVATE_BUCKET, "aind-ophys-data"):
        fresh_seed_stack.faults.add(Fault.http_status(403, count=1000, service="s3", route=bucket))
    session = aind_session.Session(sv.S_NOWHERE)
    with pytest.raises(AttributeError) as info:
        session.raw_data_dir
    for bucket in (sv.PRIVATE_BUCKET, "aind-ophys-data"):
        assert f"s3://{bucket}/{sv.S_NOWHERE}: could not check" in str(info.value)
    assert session.is_uploaded is False
    assert session.modalities == ()


def test_a_403_on_one_bucket_while_another_has_the_data(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.http_status(403, count=1000, service="s3", route="codeocean-s3datasetsbucket"))
    assert aind_session.get_source_dir_by_name(sv.E).as_posix() == f"s3://aind-ephys-data/{sv.E}"


def test_session_nowhere_lists_every_place_tried(fresh_seed_stack):
    session = aind_session.Session(sv.S_NOWHERE)
    with pytest.raises(AttributeError) as info:
        session.raw_data_dir
    message = str(info.value)
    assert "DocDB" in message and "aind-ephys-data" in message and "aind-open-data" in message
    assert session.is_uploaded is False
    assert session.modalities == ()
    with pytest.raises(AttributeError):
        session.raw_data_asset


def test_a_docdb_location_in_a_bucket_that_no_longer_exists_is_passed_over(fresh_seed_stack):
    # A record written when the data lived in a since-retired bucket: the location does not
    # exist (404 NoSuchBucket), so the raw data dir comes from the next place the rule names.
    catalog = fresh_seed_stack.catalog
    names = sorted(r["name"] for docs in catalog.docdb.values() for r in docs
                   if r["_id"] in catalog.missing_location_ids and r["data_description"]["data_level"] == "raw")
    assert names, "the seed world has records whose location is in a retired bucket"
    for name in names:
        dir_ = str(aind_session.Session(name).raw_data_dir)
        assert dir_.endswith("/" + name) and "dev-u5u0i5" not in dir_
        row = aind_session.status([name], fields=["raw_data_dir", "modalities"])[0]
        assert row["error"] is None and row["raw_data_dir"] == dir_ and row["modalities"]


def test_a_docdb_link_to_a_deleted_asset_is_skipped_with_a_warning(fresh_seed_stack, caplog):
    linked = [r for r in fresh_seed_stack.catalog.docdb[("metadata_index", "data_assets")]
              if isinstance(r.get("external_links"), dict)]
    known = {a["id"] for a in fresh_seed_stack.catalog.data_assets}
    stale = [r for r in linked if any(i not in known for i in r["external_links"].get("Code Ocean", []))
             and any(i in known for i in r["external_links"].get("Code Ocean", []))]
    if not stale:
        pytest.skip("the seed world has no record mixing live and deleted links")
    session = aind_session.Session(stale[0]["name"])
    assert session.raw_data_asset.id in known


def test_modalities_of_a_behavior_only_session(fresh_seed_stack):
    assert aind_session.Session(sv.S_676909_FIRST).modalities == ("behavior",)


def test_output_text_and_error_heuristics(fresh_seed_stack):
    assert aind_session.is_data_asset_error(sv.OUTPUT_ERROR_ID) is True
    assert aind_session.is_data_asset_error(sv.OUTPUT_OK_ID) is False
    assert aind_session.is_output_error(aind_session.get_output_text(sv.OUTPUT_DOCKER_ID)) is True
    assert aind_session.is_output_error(aind_session.get_output_text(sv.OUTPUT_OK2_ID)) is False
    assert aind_session.is_computation_error(sv.FAILED_COMPUTATION_ID) is True
    text = aind_session.get_output_text(sv.E_SORTED_FIRST_ID)
    assert text[-32:-1] == "FULL PIPELINE time:  161658.77s"


def test_data_asset_source_dir(fresh_seed_stack):
    assert aind_session.get_data_asset_source_dir(sv.S_668759_RAW_ID).as_posix() == f"s3://aind-ephys-data/{sv.S_668759}"
    assert aind_session.get_data_asset_source_dir(sv.E_SORTED_FIRST_ID).as_posix() == (
        f"s3://codeocean-s3datasetsbucket-1u41qdg42ur9/{sv.E_SORTED_FIRST_ID}")


def _put(stack, bucket, key, body=b"x"):
    import boto3

    s3 = boto3.client("s3", endpoint_url=stack.s3_url, region_name="us-west-2",
                      aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                      aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])
    s3.put_object(Bucket=bucket, Key=key, Body=body)


def test_a_session_only_on_s3(fresh_seed_stack):
    name = "ecephys_600001_2024-01-02_03-04-05"
    _put(fresh_seed_stack, "aind-ephys-data", f"{name}/behavior/trials.csv")
    session = aind_session.Session(name)
    assert session.raw_data_dir.as_posix() == f"s3://aind-ephys-data/{name}"
    assert session.is_uploaded is True
    assert session.modalities == ("behavior",)
    with pytest.raises(AttributeError, match=f"Raw data found in s3://aind-ephys-data/{name}"):
        session.raw_data_asset


def test_wait_until_ready_returns_the_ready_asset_once_files_are_there(fresh_seed_stack):
    client = aind_session.get_codeocean_client()
    from codeocean.data_asset import AWSS3Source, DataAssetParams, Source

    asset = client.data_assets.create_data_asset(DataAssetParams(
        name="new-asset", mount="new-asset", tags=["test"],
        source=Source(aws=AWSS3Source(bucket="aind-ephys-data", prefix=sv.E, keep_on_external_storage=True))))
    ready = aind_session.wait_until_ready(asset.id, check_files=True, timeout=60)
    assert ready.id == asset.id and getattr(ready.state, "value", ready.state) == "ready"


def test_raw_data_assets_of_many_sessions_at_once(fresh_seed_stack):
    names = [sv.E, sv.S_668759, sv.S_NOWHERE, sv.E + "_sorted_2024-03-01_16-02-45"]
    assets = aind_session.get_raw_data_assets(names)
    assert list(assets) == [sv.E, sv.S_668759, sv.S_NOWHERE]  # one entry per session
    assert assets[sv.E].id == sv.E_RAW_ID and assets[sv.S_668759].id == sv.S_668759_RAW_ID
    assert assets[sv.S_NOWHERE] is None
    for name in (sv.E, sv.S_668759):
        assert assets[name] == aind_session.Session(name).raw_data_asset
