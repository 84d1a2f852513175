"""The Neuroglancer state fixture and the seed world's annotation files (SmartSPIM-Neuropixels).

The original's NeuroglancerState examples open tests/resources/example_neuroglancer_state.json
by that path, relative to the repository root, and the ibl_data_converter/neuroglancer
examples read subject 717381's state and manifest from the scratch bucket. The fixture is
read here with json only: what the examples expect of it must hold whatever package reads it.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from aind_session.testing.catalog import generate, neuroglancer
from aind_session.testing.catalog import seed_values as V

REPO = Path(__file__).resolve().parents[3]
FIXTURE = REPO / "tests" / "resources" / "example_neuroglancer_state.json"
SCRATCH = "aind-scratch-data"
REGENERATE = ("regenerate it: python -c 'import json; from aind_session.testing.catalog import neuroglancer as n, "
              "seed_values as V; print(json.dumps(n.state(V.S_717381_STITCHED[1]), indent=2))' "
              "> tests/resources/example_neuroglancer_state.json")
# The original's probe/day pattern (IBLDataConverterExtension.get_mindscope_probe_day_from_ng_state).
PROBE_DAY = re.compile(r"(?P<probe>[A-F])[-_ ]*(?P<day>[1-9])")


@pytest.fixture(scope="module")
def state():
    return json.loads(FIXTURE.read_text())


@pytest.fixture(scope="module")
def seed():
    return generate("seed")


def _sources(state):
    return [layer["source"] if isinstance(layer["source"], str) else layer["source"]["url"]
            for layer in state["layers"] if layer["type"] == "image"]


def test_fixture_has_the_keys_of_a_saved_state(state):
    assert set(state) >= {"dimensions", "position", "crossSectionOrientation", "crossSectionScale",
                          "projectionOrientation", "projectionScale", "layers", "showSlices", "selectedLayer",
                          "layout", "selection", "layerListPanel"}
    assert state["dimensions"] == {"z": [2e-06, "m"], "y": [4e-06, "m"], "x": [4e-06, "m"], "t": [0.001, "s"]}
    assert len(state["position"]) == len(state["dimensions"])
    assert state["selectedLayer"]["layer"] in [layer["name"] for layer in state["layers"]]


def test_fixture_image_layers_name_the_session_and_come_in_both_source_forms(state):
    images = [layer for layer in state["layers"] if layer["type"] == "image"]
    assert [type(layer["source"]).__name__ for layer in images] == ["str", "dict"]
    sources = _sources(state)
    assert sources[0] == V.NG_FIRST_IMAGE_SOURCE
    assert sources[1] == V.NG_FIRST_IMAGE_SOURCE.replace("Ex_561_Em_593.ome.zarr", "Ex_639_Em_667.zarr")
    # NeuroglancerState.session and .image_data_assets read the last SmartSPIM_ part of each source.
    for source in sources:
        stitched = next(p for p in reversed(source.split("/")) if p.startswith("SmartSPIM_"))
        assert stitched == V.S_717381_STITCHED[1] and stitched.startswith(V.NG_SESSION + "_stitched_")


def test_fixture_annotation_layers_are_point_tracks_with_ids(state):
    layers = [layer for layer in state["layers"] if layer["type"] == "annotation"]
    assert tuple(layer["name"] for layer in layers) == V.NG_ANNOTATION_NAMES
    ids = set()
    for layer in layers:
        assert layer["source"] == "local://annotations" and layer["annotations"]
        for a in layer["annotations"]:
            assert a["type"] == "point" and len(a["point"]) == len(state["dimensions"])
            assert re.fullmatch(r"[0-9a-f]{40}", a["id"])
            ids.add(a["id"])
    assert len(ids) == sum(len(layer["annotations"]) for layer in layers)
    # Track IDs, not probe/day names: the partial manifest lists every track (its skipped rows[0]).
    assert not any(PROBE_DAY.search(name) for name in V.NG_ANNOTATION_NAMES)


def test_fixture_is_the_seed_world_state(state, seed):
    assert state == neuroglancer.state(V.S_717381_STITCHED[1]), REGENERATE
    key = f"{V.NG_STATES_PREFIX}/{V.S_717381_NG_STATE}/{V.S_717381_NG_STATE}.json"
    assert json.loads(seed.s3[SCRATCH][key]) == state


def test_stitched_asset_of_the_image_sources_exists(seed):
    names = [a["name"] for a in seed.data_assets]
    assert names.count(V.S_717381_STITCHED[1]) == 1
    assert V.NG_SESSION in names
    assert [n for n in names if n.startswith(V.S_717381_STITCHED[1])] == [V.S_717381_STITCHED[1]]


def test_image_sources_resolve_in_the_morphology_bucket(state, seed):
    objects = seed.s3["aind-msma-morphology-data"]
    for source in _sources(state):
        prefix = source.removeprefix("zarr://s3://aind-msma-morphology-data/")
        assert prefix + ".zattrs" in objects


def _asset(seed, name):
    (asset,) = [a for a in seed.data_assets if a["name"] == name]
    return asset


def _source_objects(seed, asset):
    sb = asset["source_bucket"]
    return {k: v for k, v in seed.s3[sb["bucket"]].items() if k.startswith(sb["prefix"] + "/")}


def test_state_asset_holds_one_state_json_in_its_own_folder(seed):
    asset = _asset(seed, V.S_717381_NG_STATE)
    assert asset["tags"] == ["neuroglancer", "ecephys", "annotation", "717381"]
    objects = _source_objects(seed, asset)
    assert [k.rsplit("/", 1)[1] for k in objects] == [V.S_717381_NG_STATE + ".json"]
    assert (asset["files"], asset["size"]) == (1, len(next(iter(objects.values()))))
    # NeuroglancerExtension.state_json_paths: rglob("*_717381_*.json") under the states dir.
    paths = [k for k in seed.s3[SCRATCH] if k.startswith(V.NG_STATES_PREFIX + "/")
             and re.fullmatch(r".*_717381_.*\.json", k.rsplit("/", 1)[1])]
    assert len(paths) == 1


def test_manifest_asset_maps_each_track_to_a_probe_of_a_sorted_recording(seed):
    asset = _asset(seed, V.S_717381_MANIFEST)
    (body,) = _source_objects(seed, asset).values()
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert [r["probe_id"] for r in rows] == list(V.NG_ANNOTATION_NAMES[:-1])
    assert all(r["probe_name"] for r in rows)  # the original refuses rows without one
    names = {a["name"] for a in seed.data_assets}
    assert all(r["sorted_recording"] in names and r["probe_file"] == V.S_717381_NG_STATE for r in rows)
    assert all(r["surface_finding"] in V.S_717381_ECEPHYS for r in rows)
