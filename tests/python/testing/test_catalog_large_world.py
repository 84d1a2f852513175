"""The fields that catalog-wide searches push down to DocDB, and the S3 objects DocDB locations point at.

Every raw record (schema v1 and v2) must carry the project, the modalities, the platform (v1),
the subject and the start and creation times, agreeing with the session's name and its Code
Ocean assets; every record's location must exist in S3 except the catalog's listed
irregularities. Checked on every profile: the large one is generated in ~7 s (its checks take
a few more), well inside a CI run, so it is tested whole rather than through a sample.
"""
from __future__ import annotations

import bisect
import datetime
import functools
import re

import pytest

from aind_session.testing import catalog
from aind_session.testing.catalog import platforms as P
from aind_session.testing.catalog.constants import CO_BUCKET

V1 = ("metadata_index", "data_assets")
V2 = ("metadata_index_v2", "data_assets")
NAME_RE = re.compile(r"^(?:(?P<prefix>[A-Za-z][A-Za-z0-9-]*)_)?(?P<subject>[0-9]{6,7})_"
                     r"(?P<date>\d{4}-\d{2}-\d{2})_(?P<time>\d{2}-\d{2}-\d{2})$")
# Raw folders with a modality of their own; any other (non-metadata) folder holds the platform's.
FOLDER_ABBREVIATIONS = {"behavior": "behavior", "behavior_videos": "behavior-videos",
                        "behavior-videos": "behavior-videos", "EMG": "EMG", "fib": "fib"}
PROFILES = ["seed", "medium", pytest.param("large", marks=pytest.mark.large)]


@functools.lru_cache(maxsize=1)
def world(profile):
    """One catalog at a time: the large one holds ~700 MB (the module-scoped ``profile`` fixture
    makes pytest run every test of one profile before the next, so each is generated once)."""
    return catalog.generate(profile)


@pytest.fixture(scope="module", params=PROFILES)
def profile(request):
    return request.param


class S3Index:
    """Sorted keys per bucket: does any object live under a folder, which top-level folders it has."""

    def __init__(self, s3):
        self.keys = {bucket: sorted(objs) for bucket, objs in s3.items()}

    def under(self, location):
        bucket, _, prefix = location[len("s3://"):].partition("/")
        keys, start = self.keys.get(bucket, []), prefix.rstrip("/") + "/"
        i = bisect.bisect_left(keys, start)
        while i < len(keys) and keys[i].startswith(start):
            yield keys[i][len(start):]
            i += 1

    def exists(self, location):
        return next(self.under(location), None) is not None

    def has(self, location, rel):
        bucket, _, prefix = location[len("s3://"):].partition("/")
        keys, key = self.keys.get(bucket, []), f"{prefix}/{rel}"
        i = bisect.bisect_left(keys, key)
        return i < len(keys) and keys[i] == key

    def folders(self, location):
        return {rel.split("/", 1)[0] for rel in self.under(location) if "/" in rel}


@functools.lru_cache(maxsize=1)
def s3_index(profile):
    return S3Index(world(profile).s3)


def raw_records(cat, coll=V1):
    level = (lambda r: r["data_description"]["data_level"])
    return [r for r in cat.docdb[coll] if level(r) == "raw"]


def start_time(rec):
    """The acquisition start a v1 record gives: session.json's, or acquisition.json's (imaging)."""
    block = rec["session"] or rec["acquisition"]
    return block["session_start_time"]


def platform_of(name):
    return P.BY_PREFIX[NAME_RE.match(name).group("prefix")]


def stamp_of(name):
    m = NAME_RE.match(name)
    return datetime.datetime.strptime(f"{m.group('date')}_{m.group('time')}", "%Y-%m-%d_%H-%M-%S")


def test_v1_raw_records_carry_project_modalities_platform_subject_and_times(profile):
    recs = raw_records(world(profile))
    assert len(recs) >= {"seed": 100, "medium": 1_800, "large": 18_000}[profile]
    for r in recs:
        dd, m, p = r["data_description"], NAME_RE.match(r["name"]), platform_of(r["name"])
        assert dd["project_name"] in P.PROJECTS[p.prefix], r["name"]
        abbreviations = [x["abbreviation"] for x in dd["modality"]]
        assert abbreviations[0] == p.modality[1] and len(set(abbreviations)) == len(abbreviations), r["name"]
        assert all(set(x) == {"name", "abbreviation"} and x["name"] for x in dd["modality"]), r["name"]
        if p.prefix is None:
            assert dd["platform"] is None, r["name"]
        else:
            assert dd["platform"]["abbreviation"] == P.CANONICAL_ABBREVIATION.get(p.prefix, p.prefix), r["name"]
            assert dd["platform"]["name"].endswith("platform"), r["name"]
        assert dd["subject_id"] == r["subject"]["subject_id"] == m.group("subject"), r["name"]
        when = stamp_of(r["name"]).isoformat() + "Z"
        assert dd["creation_time"] == start_time(r) == when, r["name"]
        assert r["created"] and r["created"][:10] >= m.group("date"), r["name"]


def test_v2_records_carry_the_same_values_in_the_schema_2_places(profile):
    cat = world(profile)
    v1 = {r["_id"]: r for r in cat.docdb[V1]}
    recs = cat.docdb[V2]
    assert recs
    for r in recs:
        dd, twin = r["data_description"], v1[r["_id"]]
        assert dd["project_name"] == twin["data_description"]["project_name"], r["name"]
        assert dd["modalities"] == twin["data_description"]["modality"], r["name"]
        assert "platform" not in dd, r["name"]  # schema 2 dropped it: the modalities say what was acquired
        assert dd["subject_id"] == r["subject"]["subject_id"] == twin["subject"]["subject_id"], r["name"]
        assert dd["creation_time"] == r["acquisition"]["acquisition_start_time"] == start_time(twin), r["name"]
        assert r["_created"] == twin["created"], r["name"]


def test_records_agree_with_the_code_ocean_assets_they_link(profile):
    cat = world(profile)
    assets = {a["id"]: a for a in cat.data_assets}
    checked = 0
    for r in raw_records(cat):
        links = r["external_links"]
        ids = links["Code Ocean"] if isinstance(links, dict) else [x["Code Ocean"] for x in links]
        p = platform_of(r["name"])
        for asset in (assets[i] for i in ids if i not in cat.deleted_asset_ids):
            custom, tags = asset.get("custom_metadata", {}), asset["tags"]
            assert asset["name"] == r["name"]
            assert custom.get("subject id", r["subject"]["subject_id"]) == r["subject"]["subject_id"], r["name"]
            assert custom.get("experiment type", p.experiment_type) == p.experiment_type == tags[0], r["name"]
            assert "raw" not in tags or r["subject"]["subject_id"] in tags, r["name"]
            checked += 1
    assert checked >= len(raw_records(cat))


def test_derived_records_say_what_their_session_s_raw_record_says(profile):
    cat = world(profile)
    raw = {r["name"]: r["data_description"] for r in raw_records(cat)}
    derived = [r for r in cat.docdb[V1] if r["data_description"]["data_level"] == "derived"]
    assert derived
    for r in derived:
        dd, of = r["data_description"], raw.get(r["data_description"]["input_data_name"])
        if of is None:  # a session whose raw upload has no record (one in twenty)
            continue
        assert (dd["project_name"], dd["modality"], dd["platform"]) == \
            (of["project_name"], of["modality"], of["platform"]), r["name"]


def test_every_record_location_exists_in_s3_except_the_listed_ones(profile):
    cat, s3 = world(profile), s3_index(profile)
    missing = [r for coll in (V1, V2) for r in cat.docdb[coll]
               if r["location"] and not s3.exists(r["location"])]
    assert {r["_id"] for r in missing} <= cat.missing_location_ids
    assert all(r["location"].startswith("s3://aind-ephys-data-dev-") for r in missing)
    for sid in cat.s3_only_sessions:
        assert any(s3.exists(f"s3://{b}/{sid}") for b in cat.s3), sid
    for sid in cat.absent_sessions:
        assert not any(s3.exists(f"s3://{b}/{sid}") for b in cat.s3), sid


def test_raw_locations_list_the_modalities_their_records_name(profile):
    cat, s3 = world(profile), s3_index(profile)
    for r in raw_records(cat):
        if r["_id"] in cat.missing_location_ids:
            continue
        platform_modality = platform_of(r["name"]).modality[1]
        listed = {FOLDER_ABBREVIATIONS.get(f, platform_modality) for f in s3.folders(r["location"])
                  if "metadata" not in f and f != "derivatives"}
        assert listed == {x["abbreviation"] for x in r["data_description"]["modality"]}, r["name"]


@pytest.mark.large
def test_large_world_samples_s3_but_every_location_has_its_upload_markers():
    cat, s3 = world("large"), s3_index("large")
    records = raw_records(cat)
    full = sum(s3.has(r["location"], "session.json") for r in records)
    assert 0.05 < full / len(records) < 0.2  # whole dirs for one session in ten (s3_every)
    marked = [r for r in records if r["_id"] not in cat.missing_location_ids]
    assert all(s3.has(r["location"], "data_description.json") for r in marked)
    derived = [r for r in cat.docdb[V1] if r["location"].startswith(f"s3://{CO_BUCKET}/")]
    assert all(s3.exists(r["location"]) for r in derived)
    assert cat.summary()["s3_objects"] < 300_000  # the stack loads every object into moto at start


def test_projects_vary_within_a_platform_and_follow_the_seed():
    a, b = catalog.generate("seed", 0), catalog.generate("seed", 1)
    projects = {r["data_description"]["project_name"] for r in raw_records(a)
                if r["name"].startswith("ecephys_")}
    assert len(projects) >= 3
    assert [r["data_description"]["project_name"] for r in raw_records(a)] != \
        [r["data_description"]["project_name"] for r in raw_records(b)]
