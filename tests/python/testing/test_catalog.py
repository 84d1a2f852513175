"""The catalog generator: invariants of the generated world and the documented examples' values."""
from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CATALOG_DIR = REPO / "python" / "aind_session" / "testing" / "catalog"


def _catalog_module():
    """``aind_session.testing.catalog``; also when a stale editable install maps it as a namespace package
    (an install made before the package had its ``__init__``) so its ``__init__`` never ran."""
    import aind_session.testing.catalog as mod

    if not hasattr(mod, "generate"):
        spec = importlib.util.spec_from_file_location(mod.__name__, CATALOG_DIR / "__init__.py",
                                                      submodule_search_locations=[str(CATALOG_DIR)])
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
    return mod


catalog = _catalog_module()
from aind_session.testing.catalog import seed_values as V  # noqa: E402

SESSION_RE = re.compile(
    r"(?<![A-Za-z0-9-])(?:(?P<platform>[A-Za-z][A-Za-z0-9-]*)_)?(?P<subject>[0-9]{6,7})_"
    r"(?P<date>20[1-2][0-9]-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))_"
    r"(?P<time>(?:[01][0-9]|2[0-3])-[0-5][0-9]-[0-5][0-9])(?![0-9])")
V1 = ("metadata_index", "data_assets")


@functools.lru_cache(maxsize=None)
def gen(profile="seed", seed=0):
    return catalog.generate(profile, seed)


@pytest.fixture(scope="module")
def seed():
    return gen()


def session_of(name):
    m = SESSION_RE.search(name)
    return m and m.group(0)


def assets_named(cat, prefix):
    return sorted((a for a in cat.data_assets if a["name"].startswith(prefix) and a["id"] not in cat.archived_ids),
                  key=lambda a: a["created"])


def by_id(cat):
    return {a["id"]: a for a in cat.data_assets}


def records_named(cat, name):
    return [r for r in cat.docdb[V1] if r["name"] == name]


def s3_dirs(cat, bucket, prefix):
    """Top-level folder names under ``bucket/prefix/``."""
    return sorted({k[len(prefix) + 1:].split("/", 1)[0] for k in cat.s3[bucket]
                   if k.startswith(prefix + "/") and "/" in k[len(prefix) + 1:]})


def asset_files(cat, asset_id):
    pre = asset_id + "/"
    return {k[len(pre):]: v for k, v in cat.s3["codeocean-s3datasetsbucket-1u41qdg42ur9"].items() if k.startswith(pre)}


def sorter_name(cat, asset_id):
    """The sorter name as the original's get_sorter_name finds it: processing.json (first "Spike
    sorting" process), then spikesorted/**/si_folder.json, then params.json."""
    f = asset_files(cat, asset_id)
    if b'"sorter_name":' in f.get("processing.json", b""):
        doc = json.loads(f["processing.json"])
        procs = doc["processing_pipeline"]["data_processes"] if "processing_pipeline" in doc else doc["data_processes"]
        flat = [p for x in procs for p in (x if isinstance(x, list) else [x])]
        p = next(p for p in flat if p["name"].startswith("Spike sorting"))
        return p.get("parameters", {}).get("sorter_name") or p["code"]["parameters"]["sorter_name"]
    for k, v in sorted(f.items()):
        if k.startswith("spikesorted/") and k.endswith("si_folder.json"):
            return json.loads(v)["annotations"]["__sorting_info__"]["params"]["sorter_name"]
    if "params.json" in f:
        return json.loads(f["params.json"])["spikesorting"]["sorter_name"]
    return None


def is_output_error(text):
    return any(m in text for m in ("Essential container in task exited", "Out of memory.",
                                   "Task failed to start - DockerTimeoutError", "Traceback (most recent call last):",
                                   "Command error:", "WARN: Killing running tasks"))


# Invariants -------------------------------------------------------------------------------------
def test_ids_are_unique_across_assets_computations_and_records(seed):
    asset_ids = [a["id"] for a in seed.data_assets]
    comp_ids = [c["id"] for c in seed.computations]
    assert len(set(asset_ids)) == len(asset_ids)
    assert len(set(comp_ids)) == len(comp_ids)
    assert not set(asset_ids) & set(comp_ids)
    rec_ids = [r["_id"] for r in seed.docdb[V1]]
    assert len(set(rec_ids)) == len(rec_ids)


def test_every_derived_asset_belongs_to_a_raw_session(seed):
    raw_sessions = set(seed.sessions)
    for a in seed.data_assets:
        if a["id"] in seed.noise_asset_ids or a["name"] in raw_sessions:
            continue
        sid = session_of(a["name"])
        assert sid in raw_sessions, a["name"]


def test_assets_carry_the_fields_and_enums_the_sdk_requires(seed):
    for a in seed.data_assets:
        assert {"id", "created", "name", "mount", "state", "type", "last_used", "owner"} <= a.keys()
        assert isinstance(a["created"], int) and isinstance(a["last_used"], int)
        assert a["state"] in ("draft", "ready", "failed") and a["type"] in ("dataset", "result")
        if "source_bucket" in a:
            assert a["source_bucket"]["origin"] == "aws"
    for c in seed.computations:
        assert {"id", "created", "name", "run_time", "state", "owner"} <= c.keys()
        assert seed.computation_parent[c["id"]] in seed.capsule_ids


def test_docdb_links_point_at_assets_or_deliberately_deleted_ids(seed):
    ids = by_id(seed)
    for r in seed.docdb[V1]:
        links = r["external_links"]
        linked = links["Code Ocean"] if isinstance(links, dict) else [x["Code Ocean"] for x in links]
        for i in linked:
            assert i in ids or i in seed.deleted_asset_ids, (r["name"], i)
    assert not seed.deleted_asset_ids & ids.keys()


def test_docdb_locations_exist_in_s3_except_deliberate_noise(seed):
    for r in seed.docdb[V1]:
        if r["_id"] in seed.missing_location_ids or r["location"] is None:
            continue
        bucket, prefix = r["location"][len("s3://"):].split("/", 1)
        assert any(k.startswith(prefix + "/") for k in seed.s3.get(bucket, {})), r["location"]


def test_docdb_v1_records_have_the_17_keys_in_order_and_distinct_created(seed):
    recs = seed.docdb[V1]
    for r in recs:
        assert tuple(r)[:17] == V.DOCDB_V1_KEYS
    created = [r["created"] for r in recs]
    assert len(set(created)) == len(created)
    assert any(isinstance(r["external_links"], list) for r in recs)  # both link formats exist
    assert any(isinstance(r["external_links"], dict) for r in recs)


def test_every_platform_and_a_platformless_v2_name_are_present(seed):
    prefixes = {m.group("platform") for m in map(SESSION_RE.search, seed.sessions)}
    assert {"ecephys", "behavior", "SmartSPIM", "multiplane-ophys", "FIP", "MRI", "SLAP2", None} <= prefixes
    assert V.PLATFORMLESS_EXAMPLE in seed.sessions
    assert seed.docdb[("metadata_index_v2", "data_assets")]


def test_all_known_buckets_exist_and_one_is_in_another_region(seed):
    assert len(seed.s3) == 9 and "aind-scratch-data" in seed.s3
    assert seed.public_buckets == {"aind-open-data"}
    assert seed.bucket_regions == {"aind-ophys-data": "us-east-1"}
    assert seed.token == "cop_localstack0000"


def test_noise_is_planted(seed):
    assert seed.archived_ids and seed.noise_asset_ids and seed.absent_sessions == {V.S_NOWHERE}
    names = [a["name"] for a in seed.data_assets]
    assert any(names.count(n) > 1 for n in set(seed.sessions))  # a session with two raw assets
    assert not any(a["name"].startswith(V.S_NOWHERE) for a in seed.data_assets)
    assert not any(V.S_NOWHERE in k for objs in seed.s3.values() for k in objs)


# Determinism ------------------------------------------------------------------------------------
def test_same_profile_and_seed_give_identical_bytes():
    assert catalog.generate("seed", 3).to_json() == catalog.generate("seed", 3).to_json()


def test_different_seeds_differ_but_keep_the_seed_values():
    a, b = gen("seed", 0), gen("seed", 1)
    assert a.digest() != b.digest()
    assert by_id(b)[V.E_RAW_ID] == by_id(a)[V.E_RAW_ID]


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="unknown catalog profile"):
        catalog.generate("huge")
    assert catalog.PROFILES == ("seed", "medium", "large")


# Values of the documented examples (package description, original doctests) -----------------------
def test_E_raw_asset(seed):
    a = by_id(seed)[V.E_RAW_ID]
    assert (a["name"], a["created"], a["tags"]) == (V.E, 1702620828, ["ecephys", "raw", "676909"])
    assert a["custom_metadata"]["data level"] == "raw data"
    assert a["source_bucket"]["bucket"] == "aind-ephys-data" and a["source_bucket"]["prefix"] == V.E


def test_E_has_42_assets_the_raw_one_first(seed):
    assets = assets_named(seed, V.E)
    assert len(assets) == 42
    assert assets[0]["id"] == V.E_RAW_ID


def test_E_modalities_from_its_raw_dir(seed):
    folders = s3_dirs(seed, "aind-ephys-data", V.E)
    mods = sorted({"ecephys" if f in ("ecephys_clipped", "ecephys_compressed") else f
                   for f in folders if "metadata" not in f})
    assert tuple(mods) == ("behavior", "behavior_videos", "ecephys")
    assert "ecephys_clipped" in folders and "ecephys_compressed" in folders


def test_first_676909_session_has_only_behavior(seed):
    bucket = next(b for b, objs in seed.s3.items() if any(k.startswith(V.S_676909_FIRST + "/") for k in objs))
    assert s3_dirs(seed, bucket, V.S_676909_FIRST) == ["behavior"]


def test_E_docdb_record(seed):
    (rec,) = records_named(seed, V.E)
    assert tuple(rec) == V.DOCDB_V1_KEYS
    assert rec["location"] == "s3://aind-ephys-data/" + V.E
    assert rec["subject"]["genotype"] == V.E_GENOTYPE
    assert rec["external_links"] == {"Code Ocean": [V.E_RAW_ID]}


def test_regex_name_query_lists_the_first_sorted_asset_first(seed):
    recs = sorted((r for r in seed.docdb[V1] if V.E in r["name"]), key=lambda r: r["created"])
    assert recs[0]["external_links"]["Code Ocean"][0] == V.E_SORTED_FIRST_ID


def test_E_sorted_assets(seed):
    sorted_assets = [a for a in assets_named(seed, V.E + "_sorted")]
    first, latest = sorted_assets[0], sorted_assets[-1]
    assert (first["id"], first["name"], first["created"]) == (V.E_SORTED_FIRST_ID, V.E_SORTED_FIRST_NAME, 1702783011)
    assert latest["name"] == V.E_SORTED_LATEST_NAME
    assert sorter_name(seed, latest["id"]) == "kilosort2_5"
    assert not is_output_error(asset_files(seed, latest["id"])["output"].decode())  # is_sorted
    ks25 = [a for a in sorted_assets if sorter_name(seed, a["id"]) == "kilosort2_5"]
    assert ks25[-1]["name"] == V.E_SORTED_LATEST_NAME
    # ecephys's class example: session.ecephys.sorter.names == ('kilosort2_5',)
    assert {sorter_name(seed, a["id"]) for a in sorted_assets} == {"kilosort2_5"}
    assert V.E_SORTED_CODE_NAME in {a["name"] for a in sorted_assets}


def test_E_first_sorted_asset_output_and_probes(seed):
    f = asset_files(seed, V.E_SORTED_FIRST_ID)
    out = f["output"].decode()
    assert out[-32:-1] == "FULL PIPELINE time:  161658.77s" and not is_output_error(out)
    probes = sorted({k.split("/")[1].split(".", 1)[1].split("_recording")[0].removesuffix("-AP")
                     for k in f if k.startswith("curated/")})
    assert tuple(probes) == V.PROBES_A_TO_F
    assert sorter_name(seed, V.E_SORTED_FIRST_ID) == "kilosort2_5"
    assert not any(re.fullmatch(r"[^/]+/[^/]+\.zarr", k.rsplit("/", 1)[0]) for k in f)


def test_676909_sessions_from_2023_12_13_are_E_and_the_next_day(seed):
    sids = {session_of(a["name"]) for a in seed.data_assets if "676909" in a["name"]}
    late = sorted(s for s in sids if s.split("_")[2] >= "2023-12-13")
    assert late == [V.E, V.S_676909_AFTER_E]
    assert min(sids, key=lambda s: s.split("_", 2)[2]) == V.S_676909_FIRST


def test_demo_asset_is_the_first_asset_of_both_subjects(seed):
    demo = by_id(seed)[V.DEMO_ID]
    assert (demo["name"], demo["created"], demo["tags"]) == (V.DEMO_NAME, 1673996872, ["T1", "T2", "MRI", "demo"])
    assert demo["custom_metadata"]["subject id"] == "668759, 676909"
    for sid in ("676909", "668759"):
        hits = [a for a in seed.data_assets if sid in a["name"] or sid in str(a.get("custom_metadata"))]
        assert min(hits, key=lambda a: a["created"])["id"] == V.DEMO_ID


def test_668759_raw_and_sorted(seed):
    ids = by_id(seed)
    raw = ids[V.S_668759_RAW_ID]
    assert raw["name"] == V.S_668759 and raw["source_bucket"]["bucket"] == "aind-ephys-data"
    assert any(k.startswith(V.S_668759 + "/") for k in seed.s3["aind-ephys-data"])
    assert ids[V.SORTED_NOT_RAW_ID]["name"].startswith(V.S_668759 + "_sorted")


def test_raw_dirs_found_by_probing_and_in_the_open_bucket(seed):
    raw = next(a for a in seed.data_assets if a["name"] == V.S_721291)
    assert "source_bucket" not in raw and not records_named(seed, V.S_721291)
    assert any(k.startswith(V.S_721291 + "/") for k in seed.s3["aind-private-data-prod-o5171v"])
    (rec,) = records_named(seed, V.S_717121)
    assert rec["location"] == "s3://aind-open-data/" + V.S_717121
    assert rec["external_links"] == {"Code Ocean": [V.S_717121_RAW_ID]}


def test_smartspim_738819_first_docdb_link(seed):
    recs = sorted((r for r in seed.docdb[V1] if r["subject"]["subject_id"] == "738819"), key=lambda r: r["created"])
    assert recs[0]["external_links"]["Code Ocean"][0] == V.S_738819_FIRST_LINK
    assert V.SEVERAL_LINKS_ID in recs[0]["external_links"]["Code Ocean"]
    assert assets_named(seed, V.S_738819[:20])


def test_legacy_link_format_record(seed):
    rec = next(r for r in seed.docdb[V1] if isinstance(r["external_links"], list)
               and {"Code Ocean": V.LEGACY_LINK_ID} in r["external_links"])
    assert rec["name"] == V.S_668759_LEGACY


def test_computations_of_the_sorting_pipeline(seed):
    comps = {c["id"]: c for c in seed.computations}
    failed = comps[V.FAILED_COMPUTATION_ID]
    assert (failed["state"], failed["end_status"], failed["has_results"]) == ("completed", "failed", True)
    assert is_output_error(seed.results[V.FAILED_COMPUTATION_ID]["output"].decode())
    assert seed.computation_parent[V.FAILED_COMPUTATION_ID] == V.SORTING_PIPELINE_ID
    running = [c for c in seed.computations if c["name"] == V.RUNNING_COMPUTATION_NAME]
    assert running[0]["state"] == "running"
    raw_733887 = next(a["id"] for a in seed.data_assets if a["name"] == V.S_733887)
    assert running[0]["data_assets"][0]["id"] == raw_733887
    assert any(seed.computation_parent[c["id"]] == V.TRIGGER_CAPSULE_ID for c in seed.computations)


def test_capsules_of_the_extensions_exist(seed):
    # ecephys defaults, and ibl_data_converter's converter and the pipeline monitor that runs it.
    assert {"eb5a26e4-a391-4d79-9da5-1ab65b71253f", "1f8f159a-7670-47a9-baf1-078905fc9c2e",
            "9fe42995-ffff-40ff-9c4c-c8206b8aacb5", "567b5b98-8d41-413b-9375-9ca610ca2fd3"} <= seed.capsule_ids


@pytest.mark.parametrize("profile", ["seed", "medium"])
def test_every_computation_says_whether_it_has_results(profile):
    # The real API sends has_results on every computation; the original indexes it without a default.
    comps = gen(profile).computations
    assert all(isinstance(c["has_results"], bool) for c in comps)
    in_flight = [c for c in comps if c["state"] in ("initializing", "running", "finalizing")]
    assert in_flight and not any(c["has_results"] for c in in_flight)


def test_output_text_assets(seed):
    def out(i):
        return asset_files(seed, i)["output"].decode()
    assert not is_output_error(out(V.OUTPUT_OK_ID)) and not is_output_error(out(V.OUTPUT_OK2_ID))
    assert is_output_error(out(V.OUTPUT_ERROR_ID))
    assert "Task failed to start - DockerTimeoutError" in out(V.OUTPUT_DOCKER_ID)


@pytest.mark.parametrize("asset_id", sorted(V.SORTER_CASES))
def test_sorter_name_layouts(seed, asset_id):
    assert sorter_name(seed, asset_id) == V.SORTER_CASES[asset_id][1]


def test_sorting_analyzer_asset(seed):
    keys = asset_files(seed, V.ANALYZER_ID)
    assert any(re.fullmatch(r"[^/]+/[^/]+\.zarr", k.rsplit("/", 1)[0]) for k in keys)


def test_lims_sync_file_under_a_modality_dir(seed):
    bucket = next(b for b, objs in seed.s3.items() if f"{V.S_747816}/{V.LIMS_SYNC_FILE}" in objs)
    assert bucket == "aind-private-data-prod-o5171v"


def test_ibl_annotations_record(seed):
    rec = next(r for r in seed.docdb[V1] if r.get("quality_control") and V.S_795555 in r["name"])
    assert rec["data_description"]["data_level"] == "derived"
    evals = rec["quality_control"]["evaluations"]
    assert [e["name"].rsplit("_", 2)[-2] + "_0" for e in evals] == [p + "_0" for p in V.PROBES_A_TO_F]
    payload = json.loads(evals[0]["metrics"][0]["value"]["curations"][-1])
    assert payload["channel_results"]["channel_0"] == V.IBL_CHANNEL_0
    assert payload["ccf_channel_results"]["channel_0"] == V.IBL_CCF_CHANNEL_0


def test_capsule_tree_fixture():
    data = REPO / "tests" / "resources" / "capsule_tree" / "data"
    assert sorted(d.name for d in data.iterdir()) == list(V.CAPSULE_TREE_DIRS)
    assert all((data / d / "blank.txt").read_bytes() == b"" for d in V.CAPSULE_TREE_DIRS)


def test_capsule_example_latest_sorted_asset_of_the_12_11_session(seed):
    assert assets_named(seed, V.S_676909_BEFORE_E + "_sorted")[-1]["name"] == V.S_676909_BEFORE_E_SORTED


# Size ------------------------------------------------------------------------------------------
@pytest.mark.large
def test_large_profile_size_and_speed():
    t = time.perf_counter()
    cat = catalog.generate("large")
    elapsed = time.perf_counter() - t
    s = cat.summary()
    assert s["data_assets"] >= 200_000 and s["sessions"] >= 20_000
    assert s["docdb_records"]["metadata_index/data_assets"] >= 20_000
    assert elapsed < 60, f"large profile took {elapsed:.1f}s"
