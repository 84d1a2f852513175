"""The Code Ocean helpers: the original's names, return types and exceptions, its bugs
fixed, on the local stack (seed world) with faults."""
import json

import pytest

import aind_session
from aind_session import errors
from aind_session.testing import Fault
from aind_session.testing.catalog import seed_values as sv


def test_models_are_official_sdk_models(fresh_seed_stack):
    from codeocean.data_asset import DataAsset

    asset = aind_session.get_data_asset_model(sv.S_668759_RAW_ID)
    assert isinstance(asset, DataAsset) and asset.name == sv.S_668759
    assert aind_session.get_data_assets(sv.E)[0].tags == sv.E_RAW_TAGS


def test_get_codeocean_model_falls_back_to_computations(fresh_seed_stack):
    from codeocean.computation import Computation

    assert isinstance(aind_session.get_codeocean_model(sv.FAILED_COMPUTATION_ID), Computation)
    with pytest.raises(ValueError, match="No data asset or computation found matching ID"):
        aind_session.get_codeocean_model("867ed56f-f9cc-4649-8b9f-97efc4dbd4ca")


def test_unknown_asset_is_a_value_error_naming_it(fresh_seed_stack):
    with pytest.raises(ValueError, match="867ed56f-f9cc-4649-8b9f-97efc4dbd4ca") as info:
        aind_session.get_data_asset_model("867ed56f-f9cc-4649-8b9f-97efc4dbd4ca")
    assert isinstance(info.value, errors.NotFoundError)


def test_normalized_uuid(fresh_seed_stack):
    assert aind_session.get_normalized_uuid("867ed56ff9cc46498b9f97efc4dbd4cd") == sv.DEMO_ID
    with pytest.raises(ValueError):
        aind_session.get_normalized_uuid("867ed56f")
    with pytest.raises(TypeError):
        aind_session.get_normalized_uuid(867)


def test_sort_by_created_fetches_concurrently_and_sorts(fresh_seed_stack):
    ids = [a["id"] for a in fresh_seed_stack.catalog.data_assets[:50]]
    models = aind_session.sort_by_created(ids)
    assert [m.created for m in models] == sorted(m.created for m in models)
    assert {m.id for m in models} == set(ids)
    assert len(fresh_seed_stack.requests(service="codeocean")) == 50  # one GET each, nothing more


def test_sort_by_created_never_drops_assets_on_401_bursts(fresh_seed_stack):
    ids = [a["id"] for a in fresh_seed_stack.catalog.data_assets[:20]]
    fresh_seed_stack.faults.add(Fault.unauthorized(count=3, service="codeocean", route="/data_assets/"))
    assert len(aind_session.sort_by_created(ids)) == 20


def test_paging_across_many_pages_with_429_and_500(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.rate_limited(retry_after=1, count=1, service="codeocean", route="search"))
    fresh_seed_stack.faults.add(Fault.http_status(500, count=2, service="codeocean", route="search"))
    everything = aind_session.search_data_assets({"query": ""}, page_size=100)
    assert len(everything) == len(fresh_seed_stack.catalog.data_assets) - len(fresh_seed_stack.catalog.archived_ids)


def test_resets_and_truncated_bodies_are_retried(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.reset(count=1, service="codeocean"))
    fresh_seed_stack.faults.add(Fault.truncated(0.5, count=1, service="codeocean"))
    assert len(aind_session.get_data_assets(sv.E)) == 42


def test_a_search_that_keeps_failing_is_an_error_not_a_shorter_result(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.http_status(503, count=100, service="codeocean", route="search"))
    with pytest.raises(errors.RequestFailedError):
        aind_session.search_data_assets({"query": "subject id:676909"})


def test_wrong_token_says_where_it_looked(fresh_seed_stack, monkeypatch):
    monkeypatch.setenv("CODE_OCEAN_API_TOKEN", "cop_wrong")
    with pytest.raises(errors.AuthError) as info:
        aind_session.get_data_assets(sv.E)
    assert "CODE_OCEAN_API_TOKEN" in str(info.value)


def test_empty_result(fresh_seed_stack):
    assert aind_session.get_data_assets("ecephys_676909_2023-12-13_13-43-39") == ()
    assert aind_session.Session("ecephys_676909_2023-12-13_13-43-39").data_assets == ()


def test_is_raw_data_asset(fresh_seed_stack):
    assert aind_session.is_raw_data_asset(sv.S_668759_RAW_ID) is True
    assert aind_session.is_raw_data_asset(sv.SORTED_NOT_RAW_ID) is False


def test_search_computations_filters(fresh_seed_stack):
    all_runs = aind_session.search_computations(sv.SORTING_PIPELINE_ID)
    assert all_runs and [c.created for c in all_runs] == sorted(c.created for c in all_runs)
    with_results = aind_session.search_computations(sv.SORTING_PIPELINE_ID, has_results=True)
    without = aind_session.search_computations(sv.SORTING_PIPELINE_ID, has_results=False)
    assert len(with_results) + len(without) == len(all_runs)
    assert all(not c.has_results for c in without)
    assert aind_session.search_computations(sv.SORTING_PIPELINE_ID, start_date="2016-01-01") == all_runs
    with pytest.raises(ValueError, match="date range"):
        aind_session.search_computations(sv.SORTING_PIPELINE_ID, date="2024-01-01", start_date="2024-01-01")


def test_get_codeocean_client_is_the_sdk_configured_like_the_engine(fresh_seed_stack):
    client = aind_session.get_codeocean_client()
    assert client.domain == fresh_seed_stack.codeocean_url


def test_subject_data_assets_have_no_duplicates(fresh_seed_stack):
    assets = aind_session.get_subject_data_assets(676909)
    assert len({a.id for a in assets}) == len(assets)
    assert assets[0].name == sv.DEMO_NAME


def test_subject_search_fields_apply_to_every_search(fresh_seed_stack):
    everything = aind_session.get_subject_data_assets(676909)
    datasets = aind_session.get_subject_data_assets(676909, type="dataset")
    searched = [a for a in datasets if a.id not in _docdb_linked(fresh_seed_stack)]
    assert 0 < len(datasets) < len(everything)
    assert all(getattr(a.type, "value", a.type) == "dataset" for a in searched)


def _docdb_linked(stack):
    ids = set()
    for record in stack.catalog.docdb[("metadata_index", "data_assets")]:
        links = record.get("external_links")
        if isinstance(links, dict):
            ids.update(links.get("Code Ocean", []))
        elif isinstance(links, list):
            ids.update(link.get("Code Ocean") for link in links if isinstance(link, dict))
    return ids


def test_fast_model_decoder_matches_the_sdks_own(fresh_seed_stack):
    from codeocean.computation import Computation
    from codeocean.data_asset import DataAsset

    from aind_session import _models

    for record in fresh_seed_stack.catalog.data_assets:
        assert _models.data_asset(record) == DataAsset.from_dict(_models._record(record))
    for record in fresh_seed_stack.catalog.computations:
        assert _models.computation(record) == Computation.from_dict(_models._record(record))
