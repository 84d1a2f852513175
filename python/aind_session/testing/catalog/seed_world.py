"""The hand-written part of every catalog: the sessions, assets and records that the package
description's examples and the original package's documentation examples name (values in
:mod:`.seed_values`).
"""
from __future__ import annotations

import datetime as _dt
import json
import random

from . import constants as C
from . import files, neuroglancer, records
from . import seed_values as V
from .ids import epoch, parse_stamp, stable_uuid
from .world import Session, Subject, World, platform

D = _dt.datetime


def _session(name: str, subject: Subject, **kw) -> Session:
    """A :class:`Session` from its ID (platform prefix, or none for schema-v2 names)."""
    parts = name.split("_")
    prefix = parts[0] if len(parts) == 4 else None
    return Session(platform(prefix), subject, parse_stamp("_".join(parts[-2:])), **kw)


def _raw(w: World, s: Session, *, record: bool = True, s3: bool = True, **kw) -> dict:
    a = w.raw_asset(s, **kw)
    if s3:
        w.raw_s3(s)
    if record:
        w.raw_record(s, [a["id"]])
    return a


def build(w: World) -> None:
    """Add the seed world to ``w``. Uses its own RNG so the filler never shifts these values."""
    w_rng, w.rng = w.rng, random.Random("aind-catalog:seed-world")
    try:
        _subject_676909(w)
        _subject_668759(w)
        _raw_dir_cases(w)
        _smartspim_738819(w)
        _lims_747816(w)
        _sorting_733887(w)
        _subject_717381(w)
        _ibl_795555(w)
        _platformless(w)
        _computations(w)
    finally:
        w.rng = w_rng
    w.cat.absent_sessions.add(V.S_NOWHERE)


def _subject_676909(w: World) -> None:
    mouse = Subject(V.SUBJECT_676909, V.E_GENOTYPE, "Male", "2023-08-01")
    first = _session(V.S_676909_FIRST, mouse, folders=("behavior",))  # package description: modalities ('behavior',)
    w.raw_asset(first)
    w.raw_s3(first)
    w.raw_record(first, first.raw_ids)
    for name in V.S_676909_OTHERS:
        _raw(w, _session(name, mouse))

    before = _session(V.S_676909_BEFORE_E, mouse)
    raw = _raw(w, before)
    w.sorted_asset(before, raw["id"], D(2023, 12, 15, 8, 22, 11), "kilosort2_5")
    w.sorted_asset(before, raw["id"], parse_stamp(V.S_676909_BEFORE_E_SORTED[-19:]), "kilosort2_5")

    e = _session(V.E, mouse, bucket=V.E_RAW_BUCKET)
    e_raw = w.raw_asset(e, id=V.E_RAW_ID, created=V.E_RAW_CREATED, tags=V.E_RAW_TAGS)
    w.raw_s3(e, metadata_folder=True)  # original_metadata/ must not show up as a modality
    _e_derived(w, e, e_raw["id"])
    w.raw_record(e, [V.E_RAW_ID], created=epoch(D(2024, 4, 22, 18, 52, 11)), legacy=False)

    after = _session(V.S_676909_AFTER_E, mouse)
    raw = _raw(w, after)
    w.sorted_asset(after, raw["id"], D(2023, 12, 18, 2, 40, 19), "kilosort2_5")


def _e_derived(w: World, e: Session, raw_id: str) -> None:
    """E's 41 derived assets: 7 whose names start with ``E_sorted`` (the last one the latest), 34 others."""
    first = w.sorted_asset(e, raw_id, parse_stamp(V.E_SORTED_FIRST_NAME[-19:]), "kilosort2_5",
                           id=V.E_SORTED_FIRST_ID, created=V.E_SORTED_FIRST_CREATED, seconds=V.E_SORTED_FIRST_SECONDS)
    # Its DocDB record predates E's own record: a regex name query sorted by created lists it first.
    w.derived_record(e, first, created=V.E_SORTED_FIRST_CREATED + 3600, legacy=False)
    w.sorted_asset(e, raw_id, D(2023, 12, 20, 8, 41, 12), "kilosort2_5", "oom")
    w.sorted_asset(e, raw_id, D(2024, 1, 5, 22, 10, 3), "kilosort2_5", files.NO_NWB)
    w.sorted_asset(e, raw_id, D(2024, 1, 10, 14, 2, 33), "kilosort2_5", base_name=V.E_SORTED_FIRST_NAME)
    w.sorted_asset(e, raw_id, parse_stamp(V.E_SORTED_CODE_NAME[-19:]), "kilosort2_5", style="code")
    w.sorted_asset(e, raw_id, D(2024, 2, 14, 2, 31, 40), "kilosort2_5", "container")
    latest = w.sorted_asset(e, raw_id, parse_stamp(V.E_SORTED_LATEST_NAME[-19:]), "kilosort2_5",
                            id=stable_uuid("E latest sorted"))
    w.derived_record(e, latest, legacy=False)
    labels = ("nwb", "processed", "dlc_side", "dlc_eye", "dlc_face", "facemap", "LPFaceParts", "eye_tracking",
              "qc", "units")
    start, span = epoch(D(2023, 12, 18)), epoch(D(2025, 6, 30)) - epoch(D(2023, 12, 18))
    times = sorted(w.rng.sample(range(span), 34))
    for i, t in enumerate(times):
        label = labels[i % len(labels)]
        a = w.derived_asset(e, raw_id, label, D(1970, 1, 1) + _dt.timedelta(seconds=start + t),
                            error="Traceback (most recent call last):" if i % 11 == 5 else None)
        if label == "nwb":
            w.derived_record(e, a, legacy=False)


def _subject_668759(w: World) -> None:
    # The demo asset: not a session, returned by "subject id:" searches of two unrelated subjects.
    demo = records.data_asset(V.DEMO_ID, V.DEMO_NAME, V.DEMO_CREATED, tags=V.DEMO_TAGS,
                              custom={"subject id": V.DEMO_SUBJECT_FIELD}, source=(C.CO_BUCKET, V.DEMO_ID, False),
                              owner=3, files=2, size=35_651_584, description="Sample structural MRI scans")
    w.add_asset(demo)
    w.cat.noise_asset_ids.add(V.DEMO_ID)
    w.put_dir(C.CO_BUCKET, V.DEMO_ID, {"T1.nii.gz": b"\x1f\x8bT1", "T2.nii.gz": b"\x1f\x8bT2"})

    mouse = Subject("668759", "Sst-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt", "Female", "2023-03-02")
    legacy = _session(V.S_668759_LEGACY, mouse)
    w.raw_asset(legacy, id=V.LEGACY_LINK_ID)
    w.raw_s3(legacy)
    w.raw_record(legacy, [V.LEGACY_LINK_ID], legacy=True)

    s = _session(V.S_668759, mouse, bucket=V.S_668759_BUCKET)
    w.raw_asset(s, id=V.S_668759_RAW_ID, created=epoch(D(2023, 7, 12, 2, 15, 9)))
    w.raw_s3(s)
    w.raw_record(s, [V.S_668759_RAW_ID], legacy=False)
    w.sorted_asset(s, V.S_668759_RAW_ID, D(2023, 7, 19, 9, 12, 44), "kilosort2_5", id=V.SORTED_NOT_RAW_ID)


def _raw_dir_cases(w: World) -> None:
    # Found only by probing the buckets: no DocDB record, no source_bucket on the asset.
    for name, sid in ((V.S_721291, "721291"), (V.S_741863, "741863")):
        s = _session(name, Subject(sid, "Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt", "Male",
                                   "2024-01-10"), bucket=V.PRIVATE_BUCKET)
        raw = _raw(w, s, record=False, source=False)
        if sid == "721291":
            w.derived_asset(s, raw["id"], "processed", D(2024, 5, 10, 4, 12, 9), id=V.OUTPUT_ERROR_ID,
                            error="Traceback (most recent call last):")
    s = _session(V.S_717121, Subject("717121", "wt/wt", "Female", "2024-02-01"), bucket=V.OPEN_BUCKET)
    w.raw_asset(s, id=V.S_717121_RAW_ID)
    w.raw_s3(s)
    w.raw_record(s, [V.S_717121_RAW_ID], legacy=False)


def _smartspim_738819(w: World) -> None:
    mouse = Subject("738819", "Dbh-Cre-KI/wt", "Male", "2024-03-01")
    s = _session(V.S_738819, mouse)
    w.raw_asset(s, id=V.S_738819_FIRST_LINK)
    w.raw_s3(s)
    # A re-upload under the same name: a duplicate raw asset, linked from the same record.
    w.raw_asset(s, id=V.SEVERAL_LINKS_ID, created=w.cat.data_assets[-1]["created"] + 5 * 86400)
    w.raw_record(s, [V.S_738819_FIRST_LINK, V.SEVERAL_LINKS_ID], created=epoch(D(2024, 6, 22)), legacy=False)
    st = w.derived_asset(s, V.S_738819_FIRST_LINK, "stitched", D(2024, 6, 25, 7, 45, 12), id=V.OUTPUT_OK2_ID)
    w.derived_record(s, st, legacy=False)


def _lims_747816(w: World) -> None:
    mouse = Subject("747816", "Pvalb-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt", "Male", "2024-05-20")
    prev = _session("ecephys_747816_2024-08-13_14-01-02", mouse)
    w.raw_asset(prev)
    w.raw_s3(prev, extra={"behavior/1386537113_747816_20240813.sync": b"sync"})
    w.raw_record(prev, prev.raw_ids)
    s = _session(V.S_747816, mouse)
    raw = w.raw_asset(s)
    w.raw_s3(s, extra={V.LIMS_SYNC_FILE: b"sync"})
    w.raw_record(s, [raw["id"]])
    cases = V.SORTER_CASES
    for aid, dt in (("d50a3447-7f12-4da7-83c5-845744c4d4f9", D(2024, 8, 16, 4, 11, 52)),
                    ("01d9d159-96f0-43f1-9d14-29b5c2521d94", D(2024, 9, 2, 20, 7, 31)),
                    ("b4a7757c-6826-49eb-b3dd-d6cd871c5e7c", D(2024, 8, 15, 1, 2, 3))):
        style, sorter = cases[aid]
        w.sorted_asset(s, raw["id"], dt, sorter or "kilosort2_5", "oom" if sorter is None else files.OK,
                       id=aid, style=style)


def _sorting_733887(w: World) -> None:
    s = _session(V.S_733887, Subject("733887", "VGAT-ChR2-YFP/wt", "Female", "2024-04-11"))
    raw = _raw(w, s)
    for aid, dt in (("205fc2d0-5f00-468f-a82d-47c94afcd40c", D(2024, 8, 18, 6, 30, 1)),
                    ("82894efb-2302-4e4c-927f-e2d7d477690e", D(2024, 8, 19, 11, 2, 58))):
        style, sorter = V.SORTER_CASES[aid]
        w.sorted_asset(s, raw["id"], dt, sorter, id=aid, style=style)
    w.derived_asset(s, raw["id"], "nwb", D(2024, 8, 20, 10, 11, 12), id=V.OUTPUT_OK_ID)


def _subject_717381(w: World) -> None:
    mouse = Subject("717381", "Sst-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt", "Male", "2024-01-05")
    raws = {}
    for name in V.S_717381_ECEPHYS:
        s = _session(name, mouse)
        raws[name] = (s, _raw(w, s))
    s, raw = raws[V.S_717381_ECEPHYS[0]]
    w.sorted_asset(s, raw["id"], parse_stamp(V.S_717381_SORTED_WITH_ERROR[-19:]), "kilosort2_5", "traceback",
                   id="0eca2d35-5c8c-48bb-a921-e48cf3d871de", style="params")
    s, raw = raws[V.S_717381_ECEPHYS[2]]
    w.sorted_asset(s, raw["id"], D(2024, 4, 11, 9, 14, 27), "kilosort2_5", "docker", id=V.OUTPUT_DOCKER_ID)
    w.sorted_asset(s, raw["id"], D(2024, 4, 12, 3, 5, 44), "kilosort2_5",
                   id="bd0ad804-4a33-4613-9d6c-6281e442bade", style="si")
    for name, stitched in zip(V.S_717381_SPIM, V.S_717381_STITCHED):
        s = _session(name, mouse)
        raw = _raw(w, s)
        st = w.derived_asset(s, raw["id"], "stitched", parse_stamp(stitched[-19:]))
        w.derived_record(s, st)
    _annotation_717381(w)


def _annotation_717381(w: World) -> None:
    """The SmartSPIM-Neuropixels annotation of 717381: a saved Neuroglancer state and a completed
    converter manifest in the scratch bucket, each with its asset, and the stitched volume's test copy."""
    stitched = V.S_717381_STITCHED[1]
    w.put_dir(C.MORPHOLOGY_BUCKET, *neuroglancer.zarr_dir(stitched))
    custom = {"experiment type": "SmartSPIM", "subject id": "717381"}
    # One file per folder, as NeuroglancerState.write() lays them out to make one asset each.
    body = neuroglancer.state_json(stitched)
    prefix = f"{V.NG_STATES_PREFIX}/{V.S_717381_NG_STATE}"
    w.add_asset(records.data_asset(
        stable_uuid("717381 neuroglancer state"), V.S_717381_NG_STATE, epoch(parse_stamp(V.S_717381_NG_STATE[-19:])),
        tags=["neuroglancer", "ecephys", "annotation", "717381"], custom=custom,
        source=(C.SCRATCH_BUCKET, prefix, False), owner=1, files=1, size=len(body)))
    w.put_dir(C.SCRATCH_BUCKET, prefix, {V.S_717381_NG_STATE + ".json": body})
    day2, surface = V.S_717381_ECEPHYS[2], V.S_717381_ECEPHYS[3]
    sorted_day2 = next(a["name"] for a in w.cat.data_assets if a["name"].startswith(day2 + "_sorted_2024-04-12"))
    csv = neuroglancer.manifest_csv("717381", sorted_day2, V.S_717381_NG_STATE, surface, files.PROBES)
    manifest = w.add_asset(records.data_asset(
        stable_uuid("717381 converter manifest"), V.S_717381_MANIFEST, epoch(D(2024, 12, 9, 17, 2, 41)),
        tags=["ibl", "annotation", "manifest", "717381"], custom=custom,
        source=(C.SCRATCH_BUCKET, V.MANIFESTS_PREFIX, False), owner=1, files=1, size=len(csv)))
    w.cat.noise_asset_ids.add(manifest["id"])  # its name is not a session's
    w.put_dir(C.SCRATCH_BUCKET, V.MANIFESTS_PREFIX, {V.S_717381_MANIFEST + ".csv": csv})


def _ibl_payload(probe_index: int) -> dict:
    """Channel results of one probe; ProbeA channel 0 carries the documented example's exact values."""
    chans, ccf = {}, {}
    for ch in range(4):
        if probe_index == 0 and ch == 0:
            chans["channel_0"], ccf["channel_0"] = dict(V.IBL_CHANNEL_0), dict(V.IBL_CCF_CHANNEL_0)
            continue
        d = probe_index * 0.25 + ch * 0.02
        chans[f"channel_{ch}"] = {"x": -7933.25 + d * 100, "y": 8776.5 - d * 100, "z": -3895.5 + ch * 20.0,
                                  "axial": float(ch * 20), "lateral": 16.0 if ch % 2 == 0 else 48.0,
                                  "brain_region_id": 56, "brain_region": "ACB"}
        ccf[f"channel_{ch}"] = {"x": -4.25 + d, "y": 3.75 + d, "z": -5.75 + ch * 0.02,
                                "axial": float(ch * 20), "lateral": 16.0 if ch % 2 == 0 else 48.0,
                                "brain_region_id": 56, "brain_region": "ACB"}
    return {"channel_results": chans, "ccf_channel_results": ccf}


def _ibl_795555(w: World) -> None:
    s = _session(V.S_795555, Subject("795555", "wt/wt", "Male", "2025-04-02"))
    raw = _raw(w, s)
    analyzer = w.sorted_asset(s, raw["id"], D(2025, 8, 27, 2, 10, 33), "kilosort4", id=V.ANALYZER_ID, analyzer=True)
    evaluations = []
    for i, probe in enumerate(files.PROBES):
        payload = json.dumps(_ibl_payload(i))
        evaluations.append({
            "name": f"Probe Alignment for {V.S_795555}_{probe}_0", "created": f"2025-08-29T0{i}:23:45Z",
            "latest_status": "Pass", "modality": {"name": "Extracellular electrophysiology", "abbreviation": "ecephys"},
            "metrics": [{"name": "IBL alignment", "status_history": [{"status": "Pass"}],
                         "value": {"curations": [payload], "curation_history": [{"curator": "annotator"}]}}]})
    w.derived_record(s, analyzer, legacy=False, quality_control={"evaluations": evaluations})


def _platformless(w: World) -> None:
    s = _session(V.PLATFORMLESS_EXAMPLE, Subject("804430", "wt/wt", "Male", "2025-07-29"))
    _raw(w, s)


def _computations(w: World) -> None:
    cat = w.cat

    def add(parent: str, comp: dict, results: dict | None = None) -> None:
        cat.computations.append(comp)
        cat.computation_parent[comp["id"]] = parent
        if results is not None:
            cat.results[comp["id"]] = results

    ks25 = [("pipeline type", "pipeline_type", "ecephys_ks25")]
    failed_output = files.sorting_output("kilosort2_5", files.PROBES, "container", 0).encode()
    add(C.SORTING_PIPELINE_ID, records.computation(
        V.FAILED_COMPUTATION_ID, V.FAILED_COMPUTATION_NAME, 1725052800, state="completed", run_time=5400,
        inputs=[(V.S_668759_RAW_ID, V.S_668759)], parameters=ks25, end_status="failed", exit_code=1,
        has_results=True), {"nextflow/trace.txt": b"task_id\tname\tstatus\n1\tjob_dispatch\tCOMPLETED\n",
                            "output": failed_output})
    e_raw = V.E_RAW_ID
    ok_output = files.sorting_output("kilosort2_5", files.PROBES, files.OK, 98765.4).encode()
    add(C.SORTING_PIPELINE_ID, records.computation(
        stable_uuid("E pipeline run"), "Run With Parameters 4511230", 1709251200, state="completed",
        run_time=160000, inputs=[(e_raw, V.E)], parameters=ks25, end_status="succeeded", exit_code=0,
        has_results=True), {"nextflow/trace.txt": b"task_id\tname\tstatus\n", "output": ok_output,
                            f"nwb/{V.E}_experiment1_recording1.nwb": b"\x89HDF"})
    raw_733887 = next(a["id"] for a in cat.data_assets if a["name"] == V.S_733887)
    add(C.SORTING_PIPELINE_ID, records.computation(
        stable_uuid("733887 running"), V.RUNNING_COMPUTATION_NAME, epoch(D(2024, 8, 17, 9, 0, 0)),
        state="running", run_time=3600, inputs=[(raw_733887, V.S_733887)], parameters=ks25))
    raw_747816 = next(a["id"] for a in cat.data_assets if a["name"] == V.S_747816)
    add(C.SORTING_PIPELINE_ID, records.computation(
        stable_uuid("747816 failed"), "Run With Parameters 4690001", epoch(D(2024, 8, 15, 0, 0, 5)),
        state="failed", run_time=12, inputs=[(raw_747816, V.S_747816)], parameters=ks25, end_status="failed",
        exit_code=1, has_results=False))
    for i, (raw_id, name) in enumerate(((e_raw, V.E), (V.S_668759_RAW_ID, V.S_668759), (raw_733887, V.S_733887))):
        add(C.TRIGGER_CAPSULE_ID, records.computation(
            stable_uuid(f"trigger {i}"), f"Run With Parameters {4400000 + i}", 1709000000 + i * 86400 * 30,
            state="completed", run_time=95, parameters=[("", "", "ecephys_ks25"), ("", "", raw_id)],
            end_status="succeeded", exit_code=0, has_results=True),
            {"output": f"Triggered sorting pipeline {C.SORTING_PIPELINE_ID} for {name}\n".encode()})
