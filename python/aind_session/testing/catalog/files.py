"""Bodies of the S3 objects and computation results: raw session dirs, sorted and derived asset dirs.

Bodies stay tiny (a few hundred bytes; NWB files a few bytes): the emulators must load
tens of thousands of them at start-up. Their *names* and the few fields that
aind-session reads (sorter names, probe folders, output markers) are what matters.
"""
from __future__ import annotations

import json
from typing import Optional, Sequence

PROBES = ("ProbeA", "ProbeB", "ProbeC", "ProbeD", "ProbeE", "ProbeF")
OK = "ok"              # pipeline finished, NWB written
NO_NWB = "no_nwb"      # output looks fine but no nwb/ folder: the sorting pipeline silently failed
CUDA = "cuda"          # a CUDA error on one probe: tolerated for sorting-pipeline output, NWB present
ERROR_MARKER = {       # failed runs: status -> marker in their output (constants.ERROR_MARKERS)
    "oom": "Out of memory.",
    "container": "Essential container in task exited",
    "docker": "Task failed to start - DockerTimeoutError",
    "traceback": "Traceback (most recent call last):",
    "command": "Command error:",
    "killed": "WARN: Killing running tasks",
}


def _json(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def recording_name(probe: str, node: int = 101) -> str:
    """Open Ephys recording folder name of one probe, as the sorting pipeline names its outputs."""
    return f"experiment1_Record Node {node}#Neuropix-PXI-100.{probe}-AP_recording1"


# Raw session directories -------------------------------------------------------------------
def raw_dir(session_id: str, subject_id: str, folders: Sequence[str], *, modern_ecephys: bool,
            metadata_folder: bool, data_level: str = "raw", extra: Optional[dict] = None) -> dict[str, bytes]:
    """Objects of a raw data dir, keys relative to ``<bucket>/<session_id>/``.

    ``modern_ecephys`` puts ``ecephys_clipped``/``ecephys_compressed`` under ``ecephys/``
    (2024+ uploads) instead of at the top level (older uploads). ``metadata_folder`` adds
    an ``original_metadata/`` folder, which the modality list must ignore.
    """
    objs = {
        "data_description.json": _json({"name": session_id, "data_level": data_level, "subject_id": subject_id}),
        "subject.json": _json({"subject_id": subject_id, "species": {"name": "Mus musculus"}}),
        "session.json": _json({"session_start_time": session_id[-19:], "rig_id": "rig"}),
    }
    for folder in folders:
        if folder == "ecephys":
            base = "ecephys/" if modern_ecephys else ""
            objs[f"{base}ecephys_clipped/Record Node 101/settings.xml"] = b"<SETTINGS/>"
            objs[f"{base}ecephys_compressed/experiment1_Record Node 101#Neuropix-PXI-100.ProbeA-AP.zarr/.zattrs"] = b"{}"
        elif folder == "behavior_videos":
            objs["behavior_videos/Behavior.mp4"] = b"\x00\x00\x00\x18ftyp"
        elif folder == "behavior":
            objs["behavior/Behavior.h5"] = b"\x89HDF\r\n"
        else:
            objs[f"{folder}/{folder}_data.bin"] = b"\x01\x02\x03"
    if metadata_folder:
        objs["original_metadata/metadata.nd.json"] = b"{}"
    objs.update(extra or {})
    return objs


def upload_markers(objs: dict[str, bytes]) -> dict[str, bytes]:
    """The few objects of a raw dir that show it exists and what it holds: its
    data_description.json and the first object of each modality folder (so the modalities
    read from a listing are the full dir's). Sessions outside the large profile's S3 sample get
    only these: the stack loads every object at start (~4 KB and tens of microseconds each), so subject.json,
    session.json and metadata folders are left out."""
    out, seen = {}, set()
    for key, body in objs.items():
        folder, sep, _ = key.partition("/")
        if key == "data_description.json" or (sep and folder not in seen and "metadata" not in folder):
            seen.add(folder)
            out[key] = body
    return out


def derived_markers(name: str, sorter: Optional[str]) -> dict[str, bytes]:
    """A derived asset dir outside the S3 sample: its data description and, for a sorted asset,
    the processing.json naming its sorter (where a sorter lookup reads first)."""
    objs = {"data_description.json": f'{{"name":"{name}","data_level":"derived"}}'.encode()}
    if sorter is not None:
        objs["processing.json"] = processing_json(sorter, "pipeline")
    return objs


# Sorted (spike-sorting pipeline) asset directories -------------------------------------------
def sorting_output(sorter: str, probes: Sequence[str], status: str, seconds: float) -> str:
    """The Nextflow ``output`` log of the sorting pipeline.

    Contains "sorting", "kilosort" and "N E X T F L O W" so aind-session recognises it as
    sorting-pipeline output; failed runs carry one of the error markers.
    """
    lines = [
        "N E X T F L O W  ~  version 22.10.8",
        "Launching `main_multi_backend.nf` [aind_ecephys_sorting] DSL2 - revision: 4bd2d2a1c1",
        "executor >  local (24)",
        f"[4f/2a91c3] process > job_dispatch (1)                 [100%] 1 of 1 \u2714",
        f"[9b/11e0aa] process > preprocessing (6)                [100%] {len(probes)} of {len(probes)} \u2714",
        f"[c1/7d03f2] process > spikesort_{sorter.replace('_', '')} ({len(probes)})   "
        f"[100%] {len(probes)} of {len(probes)} \u2714",
        "sorting uses kilosort-style templates for all backends",
    ]
    if status in ERROR_MARKER:
        lines += ["ERROR ~ Error executing process > 'postprocessing (3)'", "", "Caused by:",
                  f"  {ERROR_MARKER[status]}", ""]
        if status != "traceback":
            lines.append("Traceback (most recent call last):" if status == "command" else "Command exit status: 1")
        return "\n".join(lines) + "\n"
    if status == CUDA:
        lines += ["Probe ProbeB: spike sorting failed.", "The CUDA error was: an illegal memory access was encountered"]
    lines += [f"[77/0b2e4d] process > nwb_ecephys (1)                  [100%] 1 of 1 \u2714",
              "Completed at: 2024-03-02 10:12:44", "Duration    : 1d 20h 54m 18s", "Succeeded   : 24",
              f"FULL PIPELINE time:  {seconds:.2f}s"]
    return "\n".join(lines) + "\n"


def processing_json(sorter: Optional[str], style: str) -> bytes:
    """``processing.json`` carrying the sorter name where ``style`` says (the first place the
    original's get_sorter_name looks: the first "Spike sorting" data process).

    ``pipeline``: ``processing_pipeline.data_processes[].parameters.sorter_name``;
    ``top``: top-level ``data_processes`` (nested lists, as some pipelines wrote them);
    ``code``: ``processing_pipeline.data_processes[].code.parameters.sorter_name``;
    ``none``: a processing.json without any ``"sorter_name":`` text.
    """
    pre = {"name": "Ephys preprocessing", "software_version": "0.1.5", "parameters": {"preprocessing_strategy": "cmr"}}
    if style == "none":
        return _json({"processing_pipeline": {"data_processes": [pre], "pipeline_version": "0.9.0"}})
    if style == "code":
        sort = {"name": "Spike sorting", "code": {"url": "https://github.com/AllenNeuralDynamics/aind-ephys-spikesort",
                                                   "parameters": {"sorter_name": sorter}}}
        return _json({"processing_pipeline": {"data_processes": [pre, sort]}})
    sort = {"name": "Spike sorting", "software_version": "0.100.0", "parameters": {"sorter_name": sorter}}
    if style == "top":
        return _json({"data_processes": [[pre], [sort]]})
    return _json({"processing_pipeline": {"data_processes": [pre, sort], "pipeline_version": "1.0.0"}})


def si_folder_json(sorter: str) -> bytes:
    return _json({"class": "spikeinterface.core.numpyextractors.NumpyFolderSorting",
                  "annotations": {"__sorting_info__": {"params": {"sorter_name": sorter, "sorter_params": {}}}}})


def params_json(sorter: str) -> bytes:
    return _json({"job_kwargs": {"n_jobs": -1}, "spikesorting": {"sorter_name": sorter, "sorter_params": {}}})


def sorted_dir(session_id: str, sorter: str, probes: Sequence[str], status: str, *, style: str,
               analyzer: bool, output: str) -> dict[str, bytes]:
    """Objects of a sorted asset dir, keys relative to ``<CO bucket>/<asset id>/``.

    ``style`` is a :func:`processing_json` style, or ``si`` (only ``spikesorted/**/si_folder.json``
    names the sorter), ``params`` (only ``params.json``) or ``incomplete`` (only ``output``).
    """
    objs = {"output": output.encode()}
    if style == "incomplete":
        return objs
    objs["processing.json"] = processing_json(sorter, "none" if style in ("si", "params") else style)
    if style == "params":
        objs["params.json"] = params_json(sorter)
    for probe in probes:
        rec = recording_name(probe)
        objs[f"curated/{rec}/properties.json"] = b'{"default_qc": []}'
        objs[f"spikesorted/{rec}/provenance.json"] = b'{"class": "NumpyFolderSorting"}'
        if style == "si":
            objs[f"spikesorted/{rec}/si_folder.json"] = si_folder_json(sorter)
        if analyzer:  # SpikeInterface SortingAnalyzer output: */*.zarr two levels deep
            objs[f"postprocessed/{rec}.zarr/zarr.json"] = b'{"zarr_format": 3}'
        else:
            objs[f"postprocessed/{rec}/quality_metrics/metrics.csv"] = b"unit_id,snr\n0,5.1\n"
    if status not in ERROR_MARKER and status != NO_NWB:
        objs[f"nwb/{session_id}_experiment1_recording1.nwb"] = b"\x89HDF"
    return objs


# Other derived assets -----------------------------------------------------------------------
def capsule_output(label: str, error: Optional[str]) -> str:
    """The ``output`` of an ordinary (non-sorting) capsule run."""
    text = f"Running {label} capsule\nLoading inputs from /data\n"
    if error:
        return text + f"{error}\n  File \"/code/run_capsule.py\", line 42, in <module>\nValueError: bad input\n"
    return text + "Writing results to /results\nDone.\n"


def derived_dir(session_id: str, label: str, output: str, nwb: bool) -> dict[str, bytes]:
    # Formatted by hand: this runs for every derived asset written to S3.
    objs = {"output": output.encode(),
            "data_description.json": f'{{"name":"{session_id}_{label}","data_level":"derived"}}'.encode()}
    if nwb:
        objs[f"nwb/{session_id}.nwb"] = b"\x89HDF"
    elif label == "stitched":
        objs["image_tile_fusing/OMEZarr/Ex_561_Em_593.ome.zarr/.zattrs"] = b"{}"
    else:
        objs[f"{label}/result.json"] = b"{}"
    return objs
