"""The :class:`World` builder: adds sessions, assets, DocDB records and S3 objects to a Catalog.

The seed world (the hand-written values of the documented examples) and the random filler both build through
these helpers, so every asset of either kind has the same shape and the same links
between systems (asset -> S3 dir, DocDB record -> asset ids and location).
"""
from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field
from typing import Optional, Sequence

from . import constants as C
from . import files, records
from .ids import epoch, fast_randint, iso, random_uuid, stamp
from .model import Catalog
from .platforms import BY_PREFIX, PROJECTS, Platform, modalities, platform_block, raw_bucket

V1 = ("metadata_index", "data_assets")
V2 = ("metadata_index_v2", "data_assets")
DOCDB_LEGACY_UNTIL = epoch(_dt.datetime(2024, 9, 1))  # records after this use the dict form of external_links
# Platforms whose v1 records keep the start time in ``acquisition`` (acquisition.json), not ``session``.
ACQUISITION_MODALITIES = {"SPIM", "confocal", "fMOST", "MRI"}


@dataclass
class Subject:
    id: str
    genotype: str
    sex: str
    date_of_birth: str


@dataclass
class Session:
    """One acquisition: ``<platform>_<subject>_<date>_<time>`` (or platformless for schema v2)."""

    platform: Platform
    subject: Subject
    dt: _dt.datetime
    prefix: Optional[str] = None      # name prefix as written (defaults to the platform's)
    project: Optional[str] = None     # data_description.project_name (defaults to the platform's first)
    bucket: Optional[str] = None      # raw bucket (defaults by platform and year)
    folders: Optional[tuple] = None   # top-level folders of the raw dir (defaults to the platform's)
    raw_ids: list = field(default_factory=list)

    def __post_init__(self):
        if self.prefix is None:
            self.prefix = self.platform.prefix
        if self.project is None:
            self.project = PROJECTS[self.platform.prefix][0]
        if self.folders is None:
            self.folders = self.platform.folders
        if self.bucket is None:
            self.bucket = raw_bucket(self.platform, self.dt.year)
        head = f"{self.prefix}_" if self.prefix else ""
        self.id = f"{head}{self.subject.id}_{stamp(self.dt)}"  # computed once: used for every asset name

    @property
    def location(self) -> str:
        return f"s3://{self.bucket}/{self.id}"

    @property
    def experiment_type(self) -> str:
        return self.platform.experiment_type

    @property
    def modalities(self) -> list[tuple[str, str]]:
        return modalities(self.platform, self.folders)


class World:
    """Accumulates one catalog. ``rng`` drives every random choice of the helpers."""

    def __init__(self, rng: random.Random, profile: str, seed: int):
        self.rng = rng
        self.cat = Catalog(profile=profile, seed=seed)
        self.cat.docdb[V1] = []
        self.cat.docdb[V2] = []
        self.cat.s3 = {b: {} for b in C.ALL_BUCKETS}
        self.cat.capsule_ids = {C.TRIGGER_CAPSULE_ID, C.SORTING_PIPELINE_ID, C.NWB_CAPSULE_ID,
                                C.STITCH_CAPSULE_ID, C.PROCESS_CAPSULE_ID, C.DATA_CONVERTER_CAPSULE_ID,
                                C.PIPELINE_MONITOR_CAPSULE_ID, C.IDLE_CAPSULE_ID}
        # The large profile writes whole S3 dirs for a sample of sessions only; the others get
        # just what a record's location needs to exist (upload markers, see files.py).
        self.write_s3 = True
        self._docs = 0

    # Low level ------------------------------------------------------------------------------
    def uuid(self) -> str:
        return random_uuid(self.rng)

    def add_asset(self, asset: dict, *, archived: bool = False, favorite: bool = False) -> dict:
        self.cat.data_assets.append(asset)
        if archived:
            self.cat.archived_ids.add(asset["id"])
        if favorite:
            self.cat.favorite_ids.add(asset["id"])
        return asset

    def put_dir(self, bucket: str, prefix: str, objs: dict, always: bool = False) -> None:
        if not (self.write_s3 or always):
            return
        store = self.cat.s3[bucket]
        for rel, body in objs.items():
            store[f"{prefix}/{rel}"] = body

    def doc_created(self, seconds: int) -> str:
        """A distinct ``created`` string: the record counter fills the microseconds."""
        self._docs += 1
        return iso(seconds, self._docs)

    def add_record(self, rec: dict, v2: bool = False) -> dict:
        self.cat.docdb[V2 if v2 else V1].append(rec)
        return rec

    # Raw data -------------------------------------------------------------------------------
    def raw_asset(self, s: Session, *, id: Optional[str] = None, created: Optional[int] = None,
                  meta: str = "full", source: bool = True, tags: Optional[Sequence[str]] = None,
                  archived: bool = False) -> dict:
        """The raw data asset of ``s``.

        ``meta`` picks how the asset says it is raw: ``full`` (custom metadata "data level":
        "raw data"), ``tag`` (only a ``raw`` tag) or ``name`` (neither: only the name tells).
        """
        created = created if created is not None else epoch(s.dt) + self.rng.randint(1800, 3 * 86400)
        if tags is None:
            tags = [s.experiment_type, "raw", s.subject.id] if meta != "name" else [s.experiment_type]
        custom = None
        if meta == "full":
            custom = {"data level": "raw data", "experiment type": s.experiment_type, "subject id": s.subject.id}
        elif meta == "tag":
            custom = {"subject id": s.subject.id}
        a = records.data_asset(id or self.uuid(), s.id, created, type="dataset", tags=tags, custom=custom,
                               source=(s.bucket, s.id, True) if source else None, owner=0,
                               files=self.rng.randint(20, 3000), size=self.rng.randint(10**8, 5 * 10**11))
        s.raw_ids.append(a["id"])
        if not archived:
            self.cat.sessions.append(s.id)
        return self.add_asset(a, archived=archived)

    def raw_s3(self, s: Session, *, bucket: Optional[str] = None, extra: Optional[dict] = None,
               metadata_folder: bool = False) -> None:
        """The raw dir of ``s``; outside the S3 sample only its upload markers (a few objects)."""
        objs = files.raw_dir(s.id, s.subject.id, s.folders, modern_ecephys=s.dt.year >= 2024,
                             metadata_folder=metadata_folder, extra=extra)
        if not self.write_s3:
            objs = files.upload_markers(objs)
        self.put_dir(bucket or s.bucket, s.id, objs, always=True)

    def raw_record(self, s: Session, ids: Sequence[str], *, created: Optional[int] = None,
                   location: Optional[str] = "", legacy: Optional[bool] = None, v2_too: bool = False) -> dict:
        """The DocDB record of a raw session (``location=""`` means the session's own raw dir)."""
        created = created if created is not None else epoch(s.dt) + self.rng.randint(3600, 20 * 86400)
        if legacy is None:
            legacy = created < DOCDB_LEGACY_UNTIL and self.rng.random() < 0.4
        when = self.doc_created(created)
        rec = records.v1_record(
            _id=self.uuid(), name=s.id, created=when, last_modified=when,
            location=s.location if location == "" else location,
            links=records.code_ocean_links(ids, legacy),
            subject=records.subject_block(s.subject.id, s.subject.genotype, s.subject.sex, s.subject.date_of_birth),
            data_level="raw", modalities=s.modalities, platform=platform_block(s.platform), project=s.project,
            creation_time=s.dt.isoformat() + "Z", rig_id=f"{s.experiment_type}-rig-{s.subject.id[-1]}",
            session_type=s.project, session_start=s.dt.isoformat() + "Z",
            acquisition=s.platform.modality[1] in ACQUISITION_MODALITIES,
            schema_version="2.0.0" if s.prefix is None else ("1.0.0" if s.dt.year >= 2024 else "0.12.5"))
        self.add_record(rec)
        if v2_too or s.prefix is None:
            self.add_record(records.v2_record(
                _id=rec["_id"], name=s.id, created=when, location=rec["location"] or s.location, ids=ids,
                subject_id=s.subject.id, genotype=s.subject.genotype, data_level="raw",
                modalities=s.modalities, project=s.project, creation_time=s.dt.isoformat() + "Z",
                acquisition_start=s.dt.isoformat() + "Z"), v2=True)
        return rec

    # Derived data ---------------------------------------------------------------------------
    def _derived(self, s: Session, name: str, created: int, *, id: Optional[str], inputs: Sequence[str],
                 capsule: str, tags: Sequence[str], source: bool, archived: bool = False,
                 app_parameters: Optional[list] = None, computation: Optional[str] = None) -> dict:
        id = id or self.uuid()
        a = records.data_asset(
            id, name, created, type="result", tags=tags,
            custom={"data level": "derived", "experiment type": s.experiment_type, "subject id": s.subject.id},
            source=(C.CO_BUCKET, id, False) if source else None, owner=fast_randint(self.rng, 0, 3),
            files=fast_randint(self.rng, 5, 900), size=fast_randint(self.rng, 10**6, 5 * 10**10),
            last_used=created + fast_randint(self.rng, 0, 90 * 86400) if self.rng.random() < 0.5 else 0,
            provenance=records.provenance(capsule, inputs, f"{self.rng.getrandbits(160):040x}", computation),
            app_parameters=app_parameters)
        return self.add_asset(a, archived=archived)

    def sorted_asset(self, s: Session, raw_id: str, dt: _dt.datetime, sorter: str, status: str = files.OK, *,
                     id: Optional[str] = None, created: Optional[int] = None, probes=files.PROBES,
                     style: str = "pipeline", analyzer: bool = False, seconds: Optional[float] = None,
                     base_name: Optional[str] = None, source: bool = True, output: Optional[str] = None) -> dict:
        """A spike-sorting result ``<raw>_sorted_<dt>`` (or ``<base_name>_curated_<dt>``) and its S3 dir."""
        name = f"{base_name}_curated_{stamp(dt)}" if base_name else f"{s.id}_sorted_{stamp(dt)}"
        a = self._derived(s, name, created if created is not None else epoch(dt), id=id, inputs=[raw_id],
                          capsule=C.TRIGGER_CAPSULE_ID, tags=["ecephys", "sorted", s.subject.id], source=source,
                          app_parameters=[{"name": "pipeline type", "value": C.PIPELINE_TYPE[sorter]}])
        if not self.write_s3:
            return a
        if output is None:
            output = files.sorting_output(sorter, probes, status,
                                          seconds if seconds is not None else self.rng.randint(3000, 200000) + 0.37)
        self.put_dir(C.CO_BUCKET, a["id"], files.sorted_dir(s.id, sorter, probes, status, style=style,
                                                            analyzer=analyzer, output=output))
        return a

    def derived_asset(self, s: Session, raw_id: str, label: str, dt: _dt.datetime, *, id: Optional[str] = None,
                      created: Optional[int] = None, error: Optional[str] = None, source: bool = True,
                      output: Optional[str] = None, nwb: Optional[bool] = None) -> dict:
        """Any other derived asset ``<raw>_<label>_<dt>`` (processed, nwb, stitched, dlc ...) and its S3 dir."""
        capsule = {"stitched": C.STITCH_CAPSULE_ID, "nwb": C.NWB_CAPSULE_ID}.get(label, C.PROCESS_CAPSULE_ID)
        a = self._derived(s, f"{s.id}_{label}_{stamp(dt)}", created if created is not None else epoch(dt), id=id,
                          inputs=[raw_id], capsule=capsule, tags=[s.experiment_type, "derived", label, s.subject.id],
                          source=source)
        if not self.write_s3:
            return a
        text = output if output is not None else files.capsule_output(label, error)
        self.put_dir(C.CO_BUCKET, a["id"], files.derived_dir(s.id, label, text, label == "nwb" if nwb is None else nwb))
        return a

    def derived_record(self, s: Session, asset: dict, *, created: Optional[int] = None,
                       legacy: Optional[bool] = None, quality_control: Optional[dict] = None) -> dict:
        """The DocDB record of a derived asset (location: the Code Ocean bucket dir of the asset)."""
        created = created if created is not None else asset["created"] + fast_randint(self.rng, 60, 5 * 86400)
        if legacy is None:
            legacy = created < DOCDB_LEGACY_UNTIL and self.rng.random() < 0.4
        when = self.doc_created(created)
        rec = records.v1_record(
            _id=self.uuid(), name=asset["name"], created=when, last_modified=when,
            location=f"s3://{C.CO_BUCKET}/{asset['id']}", links=records.code_ocean_links([asset["id"]], legacy),
            subject=records.subject_block(s.subject.id, s.subject.genotype, s.subject.sex, s.subject.date_of_birth),
            data_level="derived", modalities=s.modalities, platform=platform_block(s.platform), project=s.project,
            creation_time=iso(asset["created"]), input_data_name=s.id,
            processing={"processing_pipeline": {"data_processes": [{"name": "Other", "input_location": s.location}]}},
            quality_control=quality_control)
        if not self.write_s3:  # outside the S3 sample: what the record's location needs to exist
            self.put_dir(C.CO_BUCKET, asset["id"], files.derived_markers(asset["name"], _sorter_of(asset)),
                         always=True)
        return self.add_record(rec)


def _sorter_of(asset: dict) -> Optional[str]:
    """The sorter a sorted asset's ``pipeline type`` app parameter names (None for other assets)."""
    types = {p["value"] for p in asset.get("app_parameters") or () if p["name"] == "pipeline type"}
    return next((sorter for sorter, t in C.PIPELINE_TYPE.items() if t in types), None)


def platform(prefix: Optional[str]) -> Platform:
    """The :class:`Platform` of a name prefix (case variants such as ``smartSPIM`` have their own entry)."""
    return BY_PREFIX[prefix]
