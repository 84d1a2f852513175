"""Drop-in parity with the original package: its import paths, exception contract and
parameters, on the local stack."""
from __future__ import annotations

import json
import logging
import re

import pytest

import aind_session
from aind_session import errors
from aind_session.testing.catalog import seed_values as sv

UNKNOWN_ID = "00000000-0000-4000-8000-00000000dead"


def test_the_originals_import_paths_exist():
    import aind_session.session
    import aind_session.utils
    import aind_session.utils.codeocean_utils
    import aind_session.utils.misc_utils
    from urllib3.util import Retry

    assert aind_session.session.get_sessions is aind_session.get_sessions
    assert aind_session.utils.codeocean_utils.get_data_asset_source_dir is aind_session.get_data_asset_source_dir
    assert aind_session.utils.get_docdb_api_client is aind_session.get_docdb_api_client
    assert aind_session.utils.misc_utils.get_ttl_hash is aind_session.get_ttl_hash
    assert isinstance(aind_session.DEFAULT_CO_RETRY, Retry) and aind_session.DEFAULT_CO_RETRY.total == 5
    assert isinstance(aind_session.DEFAULT_DOCDB_RETRY, Retry) and aind_session.DEFAULT_DOCDB_RETRY.backoff_factor == 1
    import codeocean.error

    assert aind_session.CodeOceanError is codeocean.error.Error
    assert callable(aind_session.testmod)


def test_search_query_cuts_long_names_and_writes_each_tag_once(caplog):
    with caplog.at_level(logging.WARNING):
        query = aind_session.get_data_asset_search_query(name=sv.E, subject_id=676909, tag=["raw", "ecephys"])
    assert query == "name:ecephys_676909_2023- subject id:676909 tag:raw tag:ecephys"
    assert "truncating" in caplog.text


def test_a_code_ocean_http_failure_is_also_the_sdks_error(fresh_seed_stack):
    import codeocean.error

    with pytest.raises(codeocean.error.Error) as info:
        aind_session.get_data_asset_model(UNKNOWN_ID)
    assert isinstance(info.value, errors.DataAssetNotFoundError) and isinstance(info.value, ValueError)
    assert info.value.status_code == 404 and UNKNOWN_ID in str(info.value)


def test_a_failed_item_of_a_batch_is_still_the_sdks_error(fresh_seed_stack):
    import codeocean.error

    from aind_session.testing.faults import Fault

    fresh_seed_stack.faults.add(Fault.http_status(403, count=1000, service="codeocean", route="/data_assets/"))
    with pytest.raises(codeocean.error.Error) as info:
        aind_session.get_codeocean_model(sv.E_RAW_ID)  # fetched as a batch of one
    assert isinstance(info.value, errors.AindSessionError)
    assert info.value.status_code == 403 and sv.E_RAW_ID in str(info.value)


def test_a_rejected_token_is_a_value_error_on_every_call(fresh_seed_stack, monkeypatch):
    import codeocean.error

    monkeypatch.setenv("CODE_OCEAN_API_TOKEN", "cop_rejected_0000")
    for call in (lambda: aind_session.Session(sv.E).data_assets, lambda: aind_session.get_data_asset_model(sv.E_RAW_ID),
                 lambda: aind_session.get_codeocean_client()):
        with pytest.raises(ValueError) as info:
            call()
        assert isinstance(info.value, errors.TokenRejectedError)
    with pytest.raises(codeocean.error.Error):
        aind_session.search_data_assets({"query": "subject id:676909"})


def test_the_source_dir_of_an_unknown_asset_is_a_value_error(fresh_seed_stack):
    with pytest.raises(ValueError) as info:
        aind_session.get_data_asset_source_dir(UNKNOWN_ID)
    assert isinstance(info.value, errors.DataAssetNotFoundError)


def test_a_subject_that_is_not_a_labtracks_mouse_has_no_sessions(fresh_seed_stack):
    assert aind_session.get_sessions("not-a-mouse") == ()
    assert aind_session.Subject("not-a-mouse").sessions == ()
    assert aind_session.get_subject_docdb_records("not-a-mouse") == ()


def test_linked_ids_take_a_compiled_regex_and_match_text_literally(fresh_seed_stack):
    assert aind_session.get_codeocean_data_asset_ids_from_docdb(re.compile(r"ecephys_676909_2023-12-1[34]"))
    assert aind_session.get_codeocean_data_asset_ids_from_docdb(re.compile(r"ecephys.676909"))
    assert aind_session.get_codeocean_data_asset_ids_from_docdb("ecephys.676909") == []


def test_search_stops_at_max_pages(fresh_seed_stack, caplog):
    params = {"query": "subject id:676909"}
    total = len(aind_session.search_data_assets(params))
    assert total > 4
    fresh_seed_stack.clear_requests()
    with pytest.raises(ValueError, match="page limit"):
        aind_session.search_data_assets(params, page_size=2, max_pages=2)
    assert len(fresh_seed_stack.requests(service="codeocean", path_regex="search")) == 2
    with caplog.at_level(logging.WARNING):
        first = aind_session.search_data_assets(params, page_size=2, max_pages=2, raise_on_page_limit=False)
    assert len(first) == 4 and "page limit" in caplog.text
    # A page size that equals the total is not a page limit.
    assert len(aind_session.search_data_assets(params, page_size=total, max_pages=1)) == total


def test_wait_until_ready_takes_the_sdks_keywords(fresh_seed_stack):
    asset = aind_session.wait_until_ready(sv.E_RAW_ID, check_files=False, polling_interval=5)
    assert asset.id == sv.E_RAW_ID
    with pytest.raises(TypeError, match="bogus"):
        aind_session.wait_until_ready(sv.E_RAW_ID, bogus=1)
    with pytest.raises(ValueError):
        aind_session.wait_until_ready(sv.E_RAW_ID, polling_interval=1)


def test_a_new_ttl_hash_gives_a_fresh_answer(fresh_seed_stack):
    from aind_session._engine import core

    before = aind_session.get_data_assets(sv.E, ttl_hash=1)
    params = {"name": sv.E + "_extra_2030-01-01_00-00-00", "mount": "extra", "tags": ["test"],
              "source": {"aws": {"bucket": "aind-scratch-data", "prefix": "extra", "keep_on_external_storage": False,
                                 "public": False}}}
    core.codeocean.create_data_asset(json.dumps(params))
    assert len(aind_session.get_data_assets(sv.E, ttl_hash=1)) == len(before)  # the same hash: kept
    assert len(aind_session.get_data_assets(sv.E, ttl_hash=2)) == len(before) + 1  # a new one: asked again


def test_docdb_api_client_takes_retries():
    client = aind_session.get_docdb_api_client(retries=3)
    assert client.session.get_adapter("https://x").max_retries.total == 3
