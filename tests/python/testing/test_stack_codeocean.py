"""Code Ocean emulator: search semantics, quirk models and the other routes."""
from __future__ import annotations

import json
import time

from conftest import (ARCHIVED_ID, CAPSULE_ID, COMPUTATION_ID, DEMO_ID, IDLE_CAPSULE_ID, PIPELINE_ID, RAW_ID,
                      SESSION, SORTED_ID, co, co_search, http)


def names(data):
    return [a["name"] for a in data["results"]]


def ids(data):
    return {a["id"] for a in data["results"]}


def test_name_clause_matches_partial_names_case_insensitively(stack):
    data = co_search(stack, query="name:ECEPHYS_676909_2023-")
    assert ids(data) == {RAW_ID, SORTED_ID}


def test_name_clause_longer_than_20_characters_matches_nothing(stack):
    assert co_search(stack, query="name:" + SESSION)["results"] == []
    assert co_search(stack, query="name:" + SESSION[:20])["results"]


def test_subject_id_clause_parses_with_or_without_space_after_colon(stack):
    a = co_search(stack, query="subject id:676909")
    b = co_search(stack, query="subject id: 676909")
    assert ids(a) == ids(b) == {RAW_ID, SORTED_ID, DEMO_ID}


def test_demo_asset_is_a_superset_hit_for_unrelated_subjects(stack):
    for sid in ("676909", "668759"):
        data = co_search(stack, query=f"subject id:{sid}", sort_field="created", sort_order="asc")
        assert data["results"][0]["id"] == DEMO_ID
        assert data["results"][0]["name"] == "Example T1 and T2 MRI Images"


def test_numeric_custom_metadata_matches_string_query(stack):
    data = co_search(stack, query="subject id:700001", limit=100)
    assert len(data["results"]) == 10


def test_free_text_matches_name_tags_and_custom_values(stack):
    assert DEMO_ID in ids(co_search(stack, query="mri"))
    assert ids(co_search(stack, query="676909")) >= {RAW_ID, SORTED_ID, DEMO_ID}
    assert ids(co_search(stack, query="sorted 676909")) == {SORTED_ID}


def test_tag_clause_matches_tag_prefixes_and_repeated_keys_or(stack):
    assert ids(co_search(stack, query="tag:sort")) == {SORTED_ID}
    assert ids(co_search(stack, query="tag:sorted tag:demo")) == {SORTED_ID, DEMO_ID}
    assert ids(co_search(stack, query="tag:sorted name:Example")) == set()


def test_default_order_is_created_descending_and_sort_field_applies(stack):
    created = [a["created"] for a in co_search(stack, limit=1000)["results"]]
    assert created == sorted(created, reverse=True)
    asc = co_search(stack, sort_field="created", sort_order="asc", limit=1000)["results"]
    assert [a["created"] for a in asc] == sorted(created)
    by_name = [a["name"].lower() for a in co_search(stack, sort_field="name", sort_order="asc", limit=1000)["results"]]
    assert by_name == sorted(by_name)


def test_offset_paging_reports_has_more_until_the_end(stack):
    seen, offset = [], 0
    while True:
        page = co_search(stack, offset=offset, limit=7, sort_field="created", sort_order="asc")
        seen += [a["id"] for a in page["results"]]
        offset += 7
        if not page["has_more"]:
            break
    everything = co_search(stack, limit=1000, sort_field="created", sort_order="asc")
    assert seen == [a["id"] for a in everything["results"]]
    assert len(seen) == 33  # archived asset excluded


def test_next_token_paging_walks_all_results(stack):
    seen, token = [], None
    for _ in range(20):
        page = co_search(stack, limit=10, next_token=token)
        seen += [a["id"] for a in page["results"]]
        if not page["has_more"]:
            break
        token = page["next_token"]
    assert len(seen) == len(set(seen)) == 33


def test_limit_above_1000_and_bad_token_are_400(stack):
    assert co(stack, "POST", "data_assets/search", {"limit": 1001})[0] == 400
    assert co(stack, "POST", "data_assets/search", {"next_token": "%%%"})[0] == 400


def test_archived_and_favorite_flags(stack):
    assert ids(co_search(stack, archived=True)) == {ARCHIVED_ID}
    assert ids(co_search(stack, favorite=True)) == {RAW_ID}


def test_filters_value_values_range_and_exclude(stack):
    f = lambda *flt: ids(co_search(stack, limit=1000, filters=list(flt)))  # noqa: E731
    assert f({"key": "subject id", "value": "676909"}) == {RAW_ID, SORTED_ID}
    assert len(f({"key": "subject id", "values": [700000, 700001]})) == 20
    assert len(f({"key": "subject id", "range": {"min": 700001, "max": 700002}})) == 20
    assert RAW_ID not in f({"key": "tags", "value": "RAW", "exclude": True})
    assert f({"key": "name", "value": "example t1 and t2 mri images"}) == {DEMO_ID}


def test_type_filter(stack):
    assert ids(co_search(stack, type="result")) == {SORTED_ID}


def test_missing_or_wrong_token_is_401_with_message(stack):
    status, body = co(stack, "GET", f"data_assets/{RAW_ID}", token="cop_wrong")
    assert status == 401 and body == {"message": "No valid access token provided"}
    status, _, data = http(stack.codeocean_url, "GET", f"/api/v1/data_assets/{RAW_ID}")
    assert status == 401 and json.loads(data)["message"] == "No valid access token provided"


def test_get_data_asset_and_404_for_unknown_or_computation_ids(stack):
    status, body = co(stack, "GET", f"data_assets/{RAW_ID}")
    assert status == 200 and body["name"] == SESSION and "owner" in body
    assert co(stack, "GET", "data_assets/867ed56f-f9cc-4649-8b9f-97efc4dbd4ca")[0] == 404
    status, body = co(stack, "GET", f"data_assets/{COMPUTATION_ID}")
    assert status == 404 and "message" in body


def test_computations_get_and_capsule_and_pipeline_listing(stack):
    status, body = co(stack, "GET", f"computations/{COMPUTATION_ID}")
    assert status == 200 and body["state"] == "completed"
    assert co(stack, "GET", f"computations/{RAW_ID}")[0] == 404
    status, body = co(stack, "GET", f"capsules/{CAPSULE_ID}/computations")
    assert status == 200 and isinstance(body, list) and COMPUTATION_ID in {c["id"] for c in body}
    assert co(stack, "GET", f"pipelines/{IDLE_CAPSULE_ID}/computations") == (200, [])
    assert co(stack, "GET", "capsules/00000000-0000-0000-0000-000000000000/computations")[0] == 404


def test_results_listing_and_download_urls_served_without_auth(stack):
    status, body = co(stack, "POST", f"computations/{COMPUTATION_ID}/results", {"path": ""})
    assert status == 200
    assert body["items"] == [
        {"name": "nextflow", "path": "nextflow", "type": "folder"},
        {"name": "nwb", "path": "nwb", "type": "folder"},
        {"name": "output", "path": "output", "size": 30, "type": "file"},
    ]
    status, body = co(stack, "POST", f"computations/{COMPUTATION_ID}/results", {"path": "nwb"})
    assert [i["path"] for i in body["items"]] == ["nwb/x.nwb"]
    status, body = co(stack, "GET", f"computations/{COMPUTATION_ID}/results/download_url?path=output")
    url = body["url"]
    assert url.startswith(stack.codeocean_url + "/_files/")
    status, _, data = http(stack.codeocean_url, "GET", url[len(stack.codeocean_url):])
    assert status == 200 and data.startswith(b"Traceback")
    status, body = co(stack, "GET", f"computations/{COMPUTATION_ID}/results/urls?path=nwb/x.nwb")
    assert status == 200 and set(body) == {"download_url", "view_url"}
    assert co(stack, "GET", f"computations/{COMPUTATION_ID}/results/download_url?path=nope")[0] == 404


def test_create_update_archive_round_trip(stack):
    params = {"name": "ng_state_1", "mount": "ng_state_1", "tags": ["neuroglancer"], "description": None,
              "source": {"aws": {"bucket": "aind-scratch-data", "prefix": "aind-session/ng/1",
                                 "keep_on_external_storage": False, "public": False}},
              "custom_metadata": {"subject id": "717381"}}
    status, asset = co(stack, "POST", "data_assets", params)
    assert status == 200 and asset["state"] == "draft" and asset["source_bucket"]["bucket"] == "aind-scratch-data"
    assert co(stack, "GET", f"data_assets/{asset['id']}")[1]["state"] == "ready"
    assert asset["id"] in ids(co_search(stack, query="subject id:717381"))
    status, updated = co(stack, "PUT", f"data_assets/{asset['id']}", {"name": "ng_state_renamed", "tags": None})
    assert status == 200 and updated["name"] == "ng_state_renamed" and updated["tags"] == ["neuroglancer"]
    assert co(stack, "PATCH", f"data_assets/{asset['id']}/archive?archive=true")[0] == 204
    assert asset["id"] not in ids(co_search(stack, query="subject id:717381"))
    assert asset["id"] in ids(co_search(stack, query="subject id:717381", archived=True))
    assert co(stack, "POST", "data_assets", {"name": "x", "mount": "x", "tags": []})[0] == 400


def test_run_capsule_starts_initializing_then_completes(stack):
    status, comp = co(stack, "POST", "computations", {"capsule_id": CAPSULE_ID, "parameters": ["a"],
                                                       "data_assets": [{"id": RAW_ID, "mount": "raw"}]})
    assert status == 200 and comp["state"] == "initializing" and comp["run_time"] == 0
    assert comp["has_results"] is False  # present from the start, as on the real server
    stack.codeocean.run_seconds = 0.2
    time.sleep(0.25)
    _, later = co(stack, "GET", f"computations/{comp['id']}")
    assert later["state"] == "completed" and later["has_results"] is True
    assert comp["id"] in {c["id"] for c in co(stack, "GET", f"capsules/{CAPSULE_ID}/computations")[1]}
    assert co(stack, "POST", "computations", {"pipeline_id": "nope"})[0] == 404
    assert co(stack, "POST", "computations", {})[0] == 400


def test_attach_returns_one_result_per_asset_and_404s_unknown_capsule(stack):
    status, body = co(stack, "POST", f"capsules/{PIPELINE_ID}/data_assets", [{"id": RAW_ID, "mount": "raw"}])
    assert status == 200 and body[0]["id"] == RAW_ID and body[0]["ready"] is True
    assert co(stack, "POST", "capsules/unknown/data_assets", [{"id": RAW_ID}])[0] == 404


def test_search_uses_indexes_not_a_linear_scan():
    from aind_session.testing.codeocean_server import AssetIndex, CodeOceanServer
    from aind_session.testing.faults import FaultSet, Request, RequestLog
    from conftest import _asset, mini_catalog

    cat = mini_catalog()
    cat.data_assets = [
        _asset(f"{i:08d}-0000-4000-8000-000000000000", f"ecephys_{600000 + i % 5000}_2024-01-01_10-00-{i % 60:02d}",
               1600000000 + i, tags=["ecephys", "raw"], custom={"subject id": str(600000 + i % 5000)})
        for i in range(50_000)
    ]
    srv = CodeOceanServer(cat, FaultSet(), RequestLog())
    try:
        srv.index()
        for query in ("subject id:601234", "name:ecephys_601234_2024", "601234"):
            body = json.dumps({"query": query, "sort_field": "created", "sort_order": "asc"}).encode()
            t = time.perf_counter()
            resp = srv.search(Request("POST", "/", "/", "", {}, body))
            assert time.perf_counter() - t < 0.05, query
            assert len(json.loads(resp.body)["results"]) == 10
    finally:
        srv.server_close()
