"""The random part of a catalog: subjects and sessions on every platform, derived chains, noise.

Everything is drawn from the World's seeded RNG. Sizes come from a :class:`Profile`.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Optional

from . import constants as C
from . import files, records
from . import seed_values as V
from .ids import epoch, fast_randint, from_epoch
from .platforms import PLATFORMS, project
from .world import Session, Subject, World

LATEST_SESSION = _dt.datetime(2025, 11, 30)   # sessions stay in the past of any test machine
LATEST_DERIVED = epoch(_dt.datetime(2026, 6, 30))
WEIGHTS = [p.weight for p in PLATFORMS]
FAILURES = ("oom", "container", "docker", "traceback", "command", "killed")
NOISE_NAMES = ("Allen CCF v3 annotation volume", "kilosort2_5 test data", "SmartSPIM-template_2024-01-01",
               "ecephys_703333_2024-04-09_1", "DRPilot_366122_20220425", "Tutorial spike sorting 101",
               "HCR_788639-25_2024-02-01_10-00-00", "project_2022-10-12_23-23-11", "Neuropixels probe geometry",
               "LFP band power summaries")


@dataclass(frozen=True)
class Profile:
    """Sizes of the random part. ``s3_every``: write whole S3 dirs for one session in this many
    (the others get only the objects that make their DocDB locations exist)."""

    sessions: int
    min_assets: int
    s3_every: int
    sessions_per_subject: int = 6


def _subjects(w: World, count: int) -> list[Subject]:
    """Random LabTracks IDs (a few 7-digit) that never contain a reserved subject (one the seed world
    names) as a substring, so free-text searches for those subjects do not pick them up."""
    out, seen = [], set()
    while len(out) < count:
        sid = str(w.rng.randint(1_000_000, 1_199_999) if w.rng.random() < 0.03 else w.rng.randint(600_000, 849_999))
        if sid in seen or any(r in sid for r in V.RESERVED_SUBJECTS):
            continue
        seen.add(sid)
        dob = _dt.date(2019, 1, 1) + _dt.timedelta(days=w.rng.randint(0, 2400))
        out.append(Subject(sid, w.rng.choice(C.GENOTYPES), w.rng.choice(("Male", "Female")), dob.isoformat()))
    return out


def _session(w: World, subject: Subject, used: set, forced=None) -> Session:
    while True:
        p = forced or w.rng.choices(PLATFORMS, WEIGHTS)[0]
        start = epoch(_dt.datetime(p.years[0], 1, 1))
        end = min(epoch(_dt.datetime(p.years[1], 12, 31, 23, 59, 59)), epoch(LATEST_SESSION))
        if p.prefix is None:
            start = epoch(_dt.datetime(2025, 7, 1))
        dt = from_epoch(w.rng.randint(start, end))
        # The draw over C.PROJECTS is kept (not one over the platform's list) so the rest of the
        # random stream, hence every asset, stays what it was before projects depended on platforms.
        s = Session(p, subject, dt, project=project(p, C.PROJECTS.index(w.rng.choice(C.PROJECTS))))
        if s.id not in used:
            used.add(s.id)
            return s


def _derived_times(w: World, s: Session, n: int) -> list[int]:
    base = epoch(s.dt) + 86400
    hi = min(base + 400 * 86400, LATEST_DERIVED)
    rng = w.rng
    return sorted({fast_randint(rng, base, hi) for _ in range(n)})


def _ecephys_chain(w: World, s: Session, raw_id: str, comps: Optional[list]) -> None:
    n_sorted = w.rng.choice((0, 1, 1, 2, 2, 3, 4, 5))
    for t in _derived_times(w, s, n_sorted):
        dt = from_epoch(t)
        if dt.year < 2024:
            sorter = w.rng.choices(C.SORTERS, (90, 5, 5))[0]
        else:
            sorter = w.rng.choices(C.SORTERS, (35, 55, 10))[0]
        r = w.rng.random()
        status = files.OK if r < 0.70 else files.NO_NWB if r < 0.78 else files.CUDA if r < 0.82 \
            else w.rng.choice(FAILURES)
        style = w.rng.choices(("pipeline", "top", "code", "si", "params"), (70, 10, 10, 5, 5))[0]
        a = w.sorted_asset(s, raw_id, dt, sorter, status, style=style, source=w.rng.random() < 0.95,
                           analyzer=dt.year >= 2025 and w.rng.random() < 0.5, probes=files.PROBES[:w.rng.randint(1, 6)])
        if status == files.OK and w.rng.random() < 0.3 and t + 86400 < LATEST_DERIVED:
            w.sorted_asset(s, raw_id, from_epoch(w.rng.randint(t + 3600, min(t + 60 * 86400, LATEST_DERIVED))),
                           sorter, base_name=a["name"])
        if w.rng.random() < 0.35:
            w.derived_record(s, a)
        if comps is not None:
            comps.append((s, raw_id, a, sorter, status))
    _other_chain(w, s, raw_id, w.rng.randint(6, 24))


def _other_chain(w: World, s: Session, raw_id: str, n: int) -> None:
    labels = [lbl for lbl in s.platform.derived if lbl != "sorted"] or ["processed"]
    for t in _derived_times(w, s, n):
        label = w.rng.choice(labels)
        a = w.derived_asset(s, raw_id, label, from_epoch(t), source=w.rng.random() < 0.95,
                            error="Traceback (most recent call last):" if w.rng.random() < 0.05 else None)
        r = w.rng.random()
        if r < 0.02:  # a derived record created before the raw record (both exist)
            w.derived_record(s, a, created=epoch(s.dt) + 600)
        elif r < 0.3:
            w.derived_record(s, a)


def _add_session(w: World, s: Session, comps: Optional[list]) -> None:
    rng = w.rng
    if rng.random() < 0.005:  # only on S3: never registered in Code Ocean or DocDB
        w.raw_s3(s)
        w.cat.s3_only_sessions.add(s.id)
        return
    meta = rng.choices(("full", "tag", "name"), (80, 12, 8))[0]
    raw = w.raw_asset(s, meta=meta, source=rng.random() < 0.92)
    ids = [raw["id"]]
    r = rng.random()
    if r < 0.01:  # a re-upload: two raw assets with one name, the later sometimes archived
        dup = w.raw_asset(s, meta=meta, created=raw["created"] + rng.randint(3600, 30 * 86400),
                          archived=rng.random() < 0.5)
        if dup["id"] not in w.cat.archived_ids:
            ids.append(dup["id"])
    w.raw_s3(s, metadata_folder=rng.random() < 0.2)
    if rng.random() < 0.95:
        location = ""
        if rng.random() < 0.01 and w.write_s3:  # a stale location from a retired dev bucket
            location = f"s3://aind-ephys-data-dev-u5u0i5/{s.id}"
        if rng.random() < 0.01:  # a link to an asset deleted from Code Ocean since
            gone = w.uuid()
            w.cat.deleted_asset_ids.add(gone)
            ids.append(gone)
        rec = w.raw_record(s, ids, location=location, v2_too=s.dt.year >= 2025 and rng.random() < 0.5)
        if location:
            w.cat.missing_location_ids.add(rec["_id"])
    if s.platform.prefix == "ecephys":
        _ecephys_chain(w, s, raw["id"], comps)
    elif "stitched" in s.platform.derived:
        n = rng.randint(1, 2)
        for t in _derived_times(w, s, n):
            a = w.derived_asset(s, raw["id"], "stitched", from_epoch(t))
            if rng.random() < 0.5:
                w.derived_record(s, a)
        _other_chain(w, s, raw["id"], rng.randint(0, 4))
    else:
        _other_chain(w, s, raw["id"], rng.randint(2, 12))


def _noise(w: World, count: int) -> None:
    for i in range(count):
        name = NOISE_NAMES[i % len(NOISE_NAMES)] + (f" v{i // len(NOISE_NAMES)}" if i >= len(NOISE_NAMES) else "")
        id = w.uuid()
        created = w.rng.randint(epoch(_dt.datetime(2019, 6, 1)), epoch(_dt.datetime(2025, 12, 1)))
        w.add_asset(records.data_asset(id, name, created, tags=["misc"], source=(C.CO_BUCKET, id, False),
                                       owner=w.rng.randint(0, 3), description="Reference data"),
                    archived=w.rng.random() < 0.2, favorite=w.rng.random() < 0.3)
        w.cat.noise_asset_ids.add(id)
        w.put_dir(C.CO_BUCKET, id, {"README.md": b"reference data\n"})


def _computations(w: World, runs: list) -> None:
    """Pipeline runs behind a sample of sorted assets, plus a few in flight."""
    for s, raw_id, asset, sorter, status in runs:
        ok = status in (files.OK, files.CUDA, files.NO_NWB)
        cid = w.uuid()
        comp = records.computation(
            cid, f"Run With Parameters {w.rng.randint(4_000_000, 4_999_999)}", asset["created"] - 7200,
            state="completed", run_time=w.rng.randint(600, 200000), inputs=[(raw_id, s.id)],
            parameters=[("pipeline type", "pipeline_type", C.PIPELINE_TYPE[sorter])],
            end_status="succeeded" if ok else "failed", exit_code=0 if ok else 1, has_results=True,
            owner=w.rng.randint(0, 3))
        w.cat.computations.append(comp)
        w.cat.computation_parent[cid] = C.SORTING_PIPELINE_ID
        res = {"output": files.sorting_output(sorter, files.PROBES[:2], status, 1234.5).encode(),
               "nextflow/trace.txt": b"task_id\tname\tstatus\n"}
        if status not in files.ERROR_MARKER and status != files.NO_NWB:
            res[f"nwb/{s.id}_experiment1_recording1.nwb"] = b"\x89HDF"
        w.cat.results[cid] = res
    for i, (s, raw_id, _a, sorter, _st) in enumerate(runs[:6]):
        state = ("initializing", "running", "finalizing")[i % 3]
        cid = w.uuid()
        w.cat.computations.append(records.computation(
            cid, f"Run With Parameters {w.rng.randint(4_000_000, 4_999_999)}", epoch(_dt.datetime(2025, 12, 1)) + i,
            state=state, inputs=[(raw_id, s.id)], parameters=[("pipeline type", "pipeline_type", "ecephys_ks4")]))
        w.cat.computation_parent[cid] = C.SORTING_PIPELINE_ID


def build(w: World, profile: Profile) -> None:
    subjects = _subjects(w, max(1, profile.sessions // profile.sessions_per_subject))
    used: set = set()
    runs: list = []
    n, first = 0, len(w.cat.data_assets)
    # Count only sessions with a raw asset (S3-only ones do not reach Code Ocean or DocDB).
    sessions, counted = set(w.cat.sessions), len(w.cat.sessions)
    while len(sessions) < profile.sessions or len(w.cat.data_assets) - first < profile.min_assets:
        w.write_s3 = n % profile.s3_every == 0
        # The first sessions visit every platform once, so even a small catalog has all of them.
        forced = PLATFORMS[n] if n < len(PLATFORMS) else None
        _add_session(w, _session(w, w.rng.choice(subjects), used, forced), runs if w.write_s3 else None)
        sessions.update(w.cat.sessions[counted:])
        counted = len(w.cat.sessions)
        n += 1
    w.write_s3 = True
    _noise(w, max(10, len(w.cat.data_assets) // 500))
    _computations(w, runs[:5000])
