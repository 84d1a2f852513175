"""Builders of Code Ocean DataAsset / Computation JSON and DocDB records (v1 and v2 shapes).

Key order is part of the output: DocDB serves records as stored, and the package
description's examples print ``session.docdb.keys()``.
"""
from __future__ import annotations

from typing import Optional, Sequence

from . import constants as C

SCHEMA_URL = "https://raw.githubusercontent.com/AllenNeuralDynamics/aind-data-schema/main/src/aind_data_schema/core/"


def data_asset(id: str, name: str, created: int, *, type: str = "dataset", tags: Sequence[str] = (),
               custom: Optional[dict] = None, source: Optional[tuple[str, str, bool]] = None,
               owner: int = 0, files: int = 10, size: int = 1000, last_used: int = 0, state: str = "ready",
               description: Optional[str] = None, provenance: Optional[dict] = None,
               app_parameters: Optional[list] = None) -> dict:
    """A DataAsset as the Code Ocean API returns it (optional keys omitted when unset, as the real server does).

    ``source`` is ``(bucket, prefix, external)``; ``None`` means the asset has no ``source_bucket``.
    """
    owner_id, owner_email = C.OWNERS[owner % len(C.OWNERS)]
    a = {"id": id, "created": created, "name": name, "mount": name, "state": state, "type": type,
         "last_used": last_used, "owner": owner_id, "owner_email": owner_email, "files": files, "size": size}
    if description is not None:
        a["description"] = description
    a["tags"] = list(tags)
    if source is not None:
        a["source_bucket"] = {"origin": "aws", "bucket": source[0], "prefix": source[1], "external": source[2]}
    if custom is not None:
        a["custom_metadata"] = custom
    if provenance is not None:
        a["provenance"] = provenance
    if app_parameters is not None:
        a["app_parameters"] = app_parameters
    return a


def provenance(capsule: str, inputs: Sequence[str], commit: str, computation: Optional[str] = None) -> dict:
    """Provenance of a result asset, with all four fields SDK <= 0.2 requires."""
    p = {"commit": commit, "run_script": "code/run", "docker_image": "", "capsule": capsule,
         "data_assets": list(inputs)}
    if computation is not None:
        p["computation"] = computation
    return p


def computation(id: str, name: str, created: int, *, state: str, owner: int = 0, run_time: int = 0,
                inputs: Sequence[tuple[str, str]] = (), parameters: Sequence[tuple[str, str, str]] = (),
                end_status: Optional[str] = None, exit_code: Optional[int] = None,
                has_results: bool = False, processes: Optional[list] = None) -> dict:
    """A Computation. ``inputs`` are ``(asset id, mount)``; ``parameters`` ``(name, param_name, value)``.

    ``has_results`` is always present, as on the real server (False until a run has
    results): clients index it without a default.
    """
    owner_id, owner_email = C.OWNERS[owner % len(C.OWNERS)]
    c = {"id": id, "created": created, "name": name, "run_time": run_time, "state": state,
         "owner": owner_id, "owner_email": owner_email, "cloud_workstation": False,
         "data_assets": [{"id": i, "mount": m} for i, m in inputs],
         "parameters": [{"name": n, "param_name": pn, "value": v} for n, pn, v in parameters]}
    if processes is not None:
        c["processes"] = processes
    if end_status is not None:
        c["end_status"] = end_status
    if exit_code is not None:
        c["exit_code"] = exit_code
    c["has_results"] = has_results
    return c


def code_ocean_links(ids: Sequence[str], legacy: bool):
    """``external_links`` in the newer dict form or the legacy list-of-dicts form (both are live in DocDB)."""
    if legacy:
        return [{"Code Ocean": i} for i in ids]
    return {"Code Ocean": list(ids)}


def subject_block(subject_id: str, genotype: str, sex: str, date_of_birth: str) -> dict:
    return {"describedBy": SCHEMA_URL + "subject.py", "schema_version": "1.0.0", "subject_id": subject_id,
            "sex": sex, "date_of_birth": date_of_birth, "genotype": genotype,
            "species": {"name": "Mus musculus", "abbreviation": None, "registry": {"name": "National Center for "
                        "Biotechnology Information", "abbreviation": "NCBI"}, "registry_identifier": "10090"},
            "source": {"name": "Allen Institute", "abbreviation": "AI"}, "breeding_info": None,
            "housing": None, "wellness_reports": [], "notes": None}


def _modality_list(modalities: Sequence[tuple[str, str]]) -> list[dict]:
    return [{"name": n, "abbreviation": a} for n, a in modalities]


def v1_record(*, _id: str, name: str, created: str, last_modified: str, location: Optional[str],
              links, subject: dict, data_level: str, modalities: Sequence[tuple[str, str]],
              platform: Optional[dict], project: str, creation_time: str, input_data_name: Optional[str] = None,
              processing: Optional[dict] = None, rig_id: Optional[str] = None, session_type: Optional[str] = None,
              session_start: Optional[str] = None, acquisition: bool = False, schema_version: str = "1.0.0",
              metadata_status: str = "Valid", quality_control: Optional[dict] = None) -> dict:
    """A ``metadata_index.data_assets`` record: the 17 top-level keys of aind-data-schema v1, in order.

    ``session_start`` goes to ``session.session_start_time``, or with ``acquisition`` (imaging
    platforms, which write acquisition.json instead of session.json) to
    ``acquisition.session_start_time``. ``quality_control`` (newer records) is appended as an
    18th key only when given.
    """
    dd = {"describedBy": SCHEMA_URL + "data_description.py", "schema_version": "1.0.0", "name": name,
          "creation_time": creation_time, "data_level": data_level, "project_name": project,
          "institution": {"name": "Allen Institute for Neural Dynamics", "abbreviation": "AIND"},
          "modality": _modality_list(modalities), "platform": platform,
          "subject_id": subject["subject_id"], "input_data_name": input_data_name}
    session = acq = None
    if session_type and acquisition:
        acq = {"specimen_id": subject["subject_id"], "session_type": session_type,
               "session_start_time": session_start}
    elif session_type:
        session = {"session_type": session_type, "session_start_time": session_start}
    rec = {
        "_id": _id,
        "acquisition": acq,
        "created": created,
        "data_description": dd,
        "describedBy": SCHEMA_URL + "metadata.py",
        "external_links": links,
        "instrument": None,
        "last_modified": last_modified,
        "location": location,
        "metadata_status": metadata_status,
        "name": name,
        "procedures": {"subject_id": subject["subject_id"], "subject_procedures": [], "specimen_procedures": []},
        "processing": processing if processing is not None else {"processing_pipeline": {"data_processes": []}},
        "rig": {"rig_id": rig_id} if rig_id else None,
        "schema_version": schema_version,
        "session": session,
        "subject": subject,
    }
    if quality_control is not None:
        rec["quality_control"] = quality_control
    return rec


def v2_record(*, _id: str, name: str, created: str, location: str, ids: Sequence[str], subject_id: str,
              genotype: str, data_level: str, modalities: Sequence[tuple[str, str]], project: str,
              creation_time: str, acquisition_start: Optional[str]) -> dict:
    """A ``metadata_index_v2.data_assets`` record (aind-data-schema 2.x: ``other_identifiers``, ``_created``)."""
    return {
        "_id": _id,
        "object_type": "Metadata",
        "describedBy": SCHEMA_URL + "metadata.py",
        "schema_version": "2.2.2",
        "name": name,
        "location": location,
        "other_identifiers": {"Code Ocean": list(ids)},
        "subject": {"object_type": "Subject", "schema_version": "2.0.13", "subject_id": subject_id,
                    "subject_details": {"object_type": "Mouse subject", "genotype": genotype, "sex": "Male",
                                        "species": {"name": "Mus musculus", "common_name": "House mouse"}}},
        "data_description": {"object_type": "Data description", "name": name, "subject_id": subject_id,
                             "creation_time": creation_time, "data_level": data_level, "project_name": project,
                             "modalities": _modality_list(modalities)},
        "procedures": None,
        "instrument": None,
        "processing": None,
        "acquisition": ({"acquisition_start_time": acquisition_start, "acquisition_type": "AindVrForaging"}
                        if acquisition_start else None),
        "quality_control": None,
        "model": None,
        "_created": created,
        "_last_modified": created,
    }
