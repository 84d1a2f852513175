"""The inputs of bench/compare.py's operations, chosen deterministically from the catalog."""
from __future__ import annotations

import datetime
import random
import re

E = "ecephys_676909_2023-12-13_13-43-40"
M = "multiplane-ophys_721291_2024-05-08_08-05-54"


def op_args(catalog) -> dict:
    """Inputs of the operations, chosen deterministically from the catalog."""
    excluded = set(getattr(catalog, "archived_ids", ())) | set(getattr(catalog, "deleted_asset_ids", ()))
    ids = sorted(a["id"] for a in catalog.data_assets if a["id"] not in excluded)
    ids = random.Random(0).sample(ids, min(50, len(ids)))
    # sessions with a raw data asset named exactly like them (the batch operation)
    # (with a platform prefix: the original cannot parse platformless names such as
    # 713060_2025-11-27_08-20-32, which would turn the batch into a parser comparison)
    names = {a["name"] for a in catalog.data_assets if "raw" in (a.get("tags") or [])}
    sessions = sorted({s for s in catalog.sessions if s in names and re.match(r"[A-Za-z][A-Za-z0-9-]*_\d", s)})
    if len(sessions) > 50:
        sessions = [sessions[i * len(sessions) // 50] for i in range(50)]
    # Sessions whose record links a deleted asset are left out: the original raises there
    # (a listed bug; ours answers), which would make the comparison one of that bug.
    broken = {r.get("name") for r in _linking_deleted(catalog)}
    ecephys = sorted(s for s in catalog.sessions if s.startswith("ecephys_") and s not in broken)
    if len(ecephys) > 200:
        ecephys = [ecephys[i * len(ecephys) // 200] for i in range(200)]
    return {"E": E, "M": M, "ids": ids, "sessions": sessions, "ecephys": ecephys, **search_args(catalog)}


def search_args(catalog, keep: int = 300) -> dict:
    """A start date that keeps about `keep` ecephys sessions (the day after the keep-th latest
    session's, so that no session sits on the bound, which the original excludes), and the
    subjects that have ecephys sessions from then on."""
    ecephys = sorted({s for s in catalog.sessions if s.startswith("ecephys_")}, key=lambda s: s.split("_", 2)[2])
    if not ecephys:
        return {"search_start": "2024-01-01", "search_subjects": []}
    day = ecephys[-min(keep, len(ecephys))].split("_")[2]
    start = (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()
    subjects = {s.split("_")[1] for s in ecephys if s.split("_", 2)[2] >= start}
    # The original's get_sessions raises for a subject whose DocDB records link a deleted
    # asset ("No data asset found matching ID"): those subjects are left out on both sides.
    broken = {(r.get("subject") or {}).get("subject_id") for r in _linking_deleted(catalog)}
    return {"search_start": start, "search_subjects": sorted(subjects - broken)}


def _linking_deleted(catalog) -> list[dict]:
    """The DocDB records that link a deleted Code Ocean asset."""
    gone = set(getattr(catalog, "deleted_asset_ids", ()))
    return [r for docs in catalog.docdb.values() for r in docs if gone & set(_linked_ids(r.get("external_links")))]


def _linked_ids(links) -> list:
    """The Code Ocean IDs of a record's external_links, in either stored form."""
    if isinstance(links, dict):
        value = links.get("Code Ocean") or []
        return value if isinstance(value, list) else [value]
    return [entry.get("Code Ocean") for entry in links or [] if isinstance(entry, dict)]
