"""DocDB emulator: the Mongo subset, find batching, aggregate, TLS with aind-data-access-api."""
from __future__ import annotations

import json
import urllib.parse

import pytest

from aind_session.testing import mongo
from conftest import RAW_ID, SESSION, SORTED_ID, http

NEW = {"_id": "1", "name": "a", "created": "2024-02", "external_links": {"Code Ocean": ["x", "y"]},
       "subject": {"subject_id": "676909"}, "qc": {"evaluations": [{"name": "Probe Alignment for 676909_A",
                                                                      "metrics": [{"value": 1}, {"value": 2}]}]}}
OLD = {"_id": "2", "name": "b", "created": "2023-01", "external_links": [{"Code Ocean": "z"}, {"Other": "w"}],
       "subject": {"subject_id": 676909}}


@pytest.mark.parametrize("flt, expected", [
    ({"external_links.Code Ocean": "y"}, ["1"]),
    ({"external_links.Code Ocean": "z"}, ["2"]),
    ({"subject.subject_id": "676909"}, ["1"]),
    ({"subject.subject_id": {"$in": ["676909", 676909]}}, ["1", "2"]),
    ({"name": {"$regex": "A", "$options": "i"}}, ["1"]),
    ({"name": {"$regex": "A"}}, []),
    ({"name": {"$not": {"$regex": "^a"}}}, ["2"]),
    ({"created": {"$gte": "2024"}}, ["1"]),
    ({"created": {"$lt": "2024", "$gt": "2022"}}, ["2"]),
    ({"qc": {"$exists": False}}, ["2"]),
    ({"qc.evaluations.name": {"$regex": "Probe Alignment for .*676909"}}, ["1"]),
    ({"qc.evaluations.metrics.value": 2}, ["1"]),
    ({"$or": [{"name": "a"}, {"name": "b"}], "name": {"$ne": "a"}}, ["2"]),
    ({"$and": [{"name": {"$nin": ["a"]}}, {"_id": {"$eq": "2"}}]}, ["2"]),
    ({"missing": None}, ["1", "2"]),
])
def test_filters_follow_mongo_semantics(flt, expected):
    assert [d["_id"] for d in (NEW, OLD) if mongo.matches(d, flt)] == expected


def test_projection_keeps_stored_order_goes_through_arrays_and_keeps_id():
    assert mongo.project(OLD, {"external_links.Code Ocean": 1, "_id": 0}) == {
        "external_links": [{"Code Ocean": "z"}, {}]}
    assert list(mongo.project(NEW, {"subject": 1, "name": 1})) == ["_id", "name", "subject"]
    assert mongo.project(NEW, {"qc.evaluations.metrics": 0, "external_links": 0, "subject": 0}) == {
        "_id": "1", "name": "a", "created": "2024-02", "qc": {"evaluations": [{"name": "Probe Alignment for 676909_A"}]}}
    with pytest.raises(mongo.QueryError):
        mongo.project(NEW, {"a": 1, "b": 0})


def test_sort_uses_bson_type_order_and_is_stable():
    docs = [{"k": "b"}, {"k": 2}, {}, {"k": "a"}, {"k": 1}, {"k": None}]
    assert [d.get("k", "missing") for d in mongo.sort(docs, {"k": 1})] == ["missing", None, 1, 2, "a", "b"]
    assert [d.get("k", "missing") for d in mongo.sort(docs, {"k": -1})][:2] == ["b", "a"]


def test_aggregate_stages():
    docs = [NEW, OLD, {"_id": "3", "name": "c", "subject": {"subject_id": "676909"}, "tags": ["t1", "t2"]}]
    assert mongo.aggregate(docs, [{"$match": {"subject.subject_id": "676909"}}, {"$count": "n"}]) == [{"n": 2}]
    grouped = mongo.aggregate(docs, [{"$group": {"_id": "$subject.subject_id", "n": {"$sum": 1},
                                                 "names": {"$push": "$name"}, "first": {"$first": "$name"},
                                                 "set": {"$addToSet": "$subject.subject_id"}}}])
    assert grouped == [{"_id": "676909", "n": 2, "names": ["a", "c"], "first": "a", "set": ["676909"]},
                       {"_id": 676909, "n": 1, "names": ["b"], "first": "b", "set": [676909]}]
    unwound = mongo.aggregate(docs, [{"$unwind": "$tags"}, {"$project": {"tags": 1, "_id": 0}}])
    assert unwound == [{"tags": "t1"}, {"tags": "t2"}]
    assert mongo.aggregate(docs, [{"$sort": {"name": -1}}, {"$skip": 1}, {"$limit": 1},
                                  {"$project": {"name": 1}}]) == [{"_id": "2", "name": "b"}]
    with pytest.raises(mongo.QueryError):
        mongo.aggregate(docs, [{"$lookup": {}}])


def find_url(**params):
    return "/v1/metadata_index/data_assets/find?" + urllib.parse.urlencode(
        {k: (json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in params.items()})


def test_find_decodes_form_encoding_and_returns_projection(stack):
    # The exact URL aind-data-access-api sends (spaces as '+').
    path = ("/v1/metadata_index/data_assets/find?limit=0&skip=0&filter=%7B%22subject.subject_id%22%3A+%22676909%22%7D"
            "&projection=%7B%22external_links.Code+Ocean%22%3A+1%2C+%22_id%22%3A+0%7D&sort=%7B%22created%22%3A+1%7D")
    status, headers, body = http(stack.docdb_url, "GET", path)
    assert status == 200 and headers["content-type"] == "application/json"
    assert json.loads(body) == [{"external_links": [{"Code Ocean": SORTED_ID}, {}]},
                                {"external_links": {"Code Ocean": [RAW_ID]}}]


def test_find_batches_at_the_server_cap_then_returns_empty(stack):
    flt = {"name": {"$regex": "^behavior"}}
    total, skip, batches = [], 0, []
    while True:
        status, _, body = http(stack.docdb_url, "GET", find_url(limit=0, skip=skip, filter=flt))
        batch = json.loads(body)
        batches.append(len(batch))
        if not batch:
            break
        total += batch
        skip += len(batch)
    assert batches == [100, 100, 50, 0] and len({d["_id"] for d in total}) == 250


def test_find_documents_come_back_in_stored_key_order(stack):
    _, _, body = http(stack.docdb_url, "GET", find_url(filter={"name": SESSION}))
    assert list(json.loads(body)[0]) == ["_id", "name", "created", "location", "external_links", "subject",
                                         "data_description"]


def test_bad_parameters_are_400_and_unknown_routes_403(stack):
    assert http(stack.docdb_url, "GET", "/v1/metadata_index/data_assets/find?filter=%7Bnope")[0] == 400
    assert http(stack.docdb_url, "GET", "/v1/metadata_index/data_assets/find?limit=-1")[0] == 400
    assert http(stack.docdb_url, "GET", "/v1/nothing")[0] == 403


def test_count_documents(stack):
    _, _, body = http(stack.docdb_url, "GET", "/v1/metadata_index/data_assets/count_documents?"
                      + urllib.parse.urlencode({"filter": json.dumps({"subject.subject_id": "676909"})}))
    assert json.loads(body) == {"total_record_count": 252, "filtered_record_count": 2}


def test_aggregate_route(stack):
    status, _, body = http(stack.docdb_url, "POST", "/v1/metadata_index/data_assets/aggregate",
                           [{"$match": {"subject.subject_id": {"$in": ["700000", "700001"]}}},
                            {"$group": {"_id": "$subject.subject_id", "n": {"$sum": 1}}}, {"$sort": {"_id": 1}}],
                           {"Content-Type": "application/json"})
    assert status == 200 and json.loads(body) == [{"_id": "700000", "n": 84}, {"_id": "700001", "n": 83}]
    assert http(stack.docdb_url, "POST", "/v1/metadata_index/data_assets/aggregate", [{"$bogus": 1}])[0] == 400


def test_metadata_db_client_reads_over_tls(stack):
    from aind_data_access_api.document_db import MetadataDbClient

    client = MetadataDbClient(host=stack.docdb_tls_host, database="metadata_index", collection="data_assets")
    records = client.retrieve_docdb_records(filter_query={"subject.subject_id": "676909"}, sort={"created": 1})
    assert [r["name"] for r in records] == [SESSION + "_sorted_2024-03-01_16-02-45", SESSION]
    many = client.retrieve_docdb_records(filter_query={"subject.subject_id": "700002"}, projection={"name": 1})
    assert len(many) == 83 and set(many[0]) == {"_id", "name"}
    agg = client.aggregate_docdb_records(pipeline=[{"$match": {"name": SESSION}}, {"$project": {"location": 1, "_id": 0}}])
    assert agg == [{"location": f"s3://aind-ephys-data/{SESSION}"}]
    tls_requests = [r for r in stack.requests(service="docdb", path_regex="/find$")]
    assert tls_requests  # logged like the plain port


def test_equality_lookups_use_indexes_on_a_large_collection():
    import time

    from aind_session.testing.docdb_server import Collection

    docs = [{"_id": str(i), "name": f"n{i}", "subject": {"subject_id": str(i % 5000)},
             "external_links": {"Code Ocean": [f"id{i}"]}} for i in range(100_000)]
    coll = Collection(docs)
    t = time.perf_counter()
    for i in range(100):
        assert len(coll.find({"subject.subject_id": str(i)})) == 20
        assert coll.find({"external_links.Code Ocean": f"id{i}"})[0]["_id"] == str(i)
    assert time.perf_counter() - t < 0.5


def test_the_catalog_search_pipeline_runs_as_mongo_would():
    """The stages and operators core::CatalogSearch sends (src/core/catalog.cpp): an anchored
    name regex, $in, $or of case-insensitive regexes on dotted paths into arrays, keyset
    paging on _id, $sort, $limit, and a dotted inclusion projection."""
    def rec(_id, name, level="raw", modality=("Extracellular electrophysiology", "ecephys")):
        return {"_id": _id, "name": name, "created": "x", "subject": {"subject_id": name.split("_")[1]},
                "data_description": {"data_level": level, "project_name": "P",
                                     "modality": [{"name": modality[0], "abbreviation": modality[1]}]}}
    docs = [rec("3", "ecephys_1_a"), rec("1", "ecephys_2_b", "raw data"), rec("2", "ecephys_3_c", "derived"),
            rec("4", "behavior_4_d", modality=("Behavior", "behavior")), rec("5", "xecephys_5_e")]
    modality = {"$or": [{"data_description.modality.abbreviation": {"$regex": "^ECEPHYS$", "$options": "i"}},
                        {"data_description.modality.name": {"$regex": "^ECEPHYS$", "$options": "i"}}]}
    pipeline = [{"$match": {"name": {"$regex": "^ecephys_"},
                            "data_description.data_level": {"$in": ["raw", "raw data"]}, **modality}},
                {"$sort": {"_id": 1}}, {"$limit": 1},
                {"$project": {"name": 1, "data_description.data_level": 1, "data_description.modality": 1}}]
    first = mongo.aggregate(docs, pipeline)
    assert first == [{"_id": "1", "name": "ecephys_2_b", "data_description": {
        "data_level": "raw data", "modality": [{"name": "Extracellular electrophysiology", "abbreviation": "ecephys"}]}}]
    pipeline[0]["$match"]["_id"] = {"$gt": "1"}
    assert [d["name"] for d in mongo.aggregate(docs, pipeline)] == ["ecephys_1_a"]
    pipeline[0]["$match"]["_id"] = {"$gt": "3"}
    assert mongo.aggregate(docs, pipeline) == []
