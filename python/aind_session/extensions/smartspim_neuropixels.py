"""SmartSPIM–Neuropixels: from a SmartSPIM brain's Neuroglancer probe-track annotations to the
IBL data converter run that aligns a mouse's ecephys recordings to it.

- :class:`NeuroglancerState`: a Neuroglancer state (file, S3 object or dict): its session,
  image sources and annotation layers; written to S3 and made into a data asset.
- ``subject.neuroglancer``: a subject's state files and state data assets.
- ``subject.ibl_data_converter``: the assets the converter needs (raw and sorted ecephys,
  SmartSPIM raw and stitched, a manifest, a state), the manifest, and the run.

Reads, writes, asset creation and runs go through the engine (each write and each run is
sent once, never repeated); the naming rules (surface recordings, probe/day annotation
names, which assets are stitched or hold a state) are in ``src/core/smartspim.cpp``.

>>> import aind_session
>>> from aind_session.extensions.smartspim_neuropixels import NeuroglancerState
>>> state = NeuroglancerState('tests/resources/example_neuroglancer_state.json')
>>> state.session, state.annotation_names[:3]
(Session('SmartSPIM_717381_2024-07-03_10-49-01'), ('268', '269', '270'))
"""
from __future__ import annotations

import concurrent.futures
import contextvars
import csv
import dataclasses
import datetime
import io
import json
import logging
import os
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from aind_session import _models, errors
from aind_session._engine import core
from aind_session.extension import ExtensionBaseClass, register_namespace
from aind_session.extensions.ecephys import SortedDataAsset
from aind_session.session import Session
from aind_session.subject import Subject
from aind_session.utils import codeocean_utils, s3_utils

if TYPE_CHECKING:  # pragma: no cover
    import upath
    from codeocean.computation import Computation
    from codeocean.data_asset import DataAsset

logger = logging.getLogger(__name__)

__all__ = ["IBLDataConverterExtension", "NeuroglancerExtension", "NeuroglancerState", "SCRATCH_STORAGE_DIR"]

#: Where states and manifests are written before they become data assets.
SCRATCH_STORAGE_DIR = s3_utils.as_upath("s3://aind-scratch-data/aind-session")
#: File names carry the time in the lab's zone.
LAB_TIME_ZONE = zoneinfo.ZoneInfo("US/Pacific")


def _text(path: Any) -> str:
    """The text of a local file or an S3 object (read by the engine)."""
    location = path.as_posix() if hasattr(path, "as_posix") else os.fspath(path)
    if str(location).startswith("s3://"):
        return core.locations.read_text(str(location))
    with open(location, encoding="utf-8") as f:
        return f.read()


def _write(path: Any, text: str) -> "upath.UPath":
    """Writes a local file or an S3 object (one PUT by the engine); returns the path."""
    location = str(path.as_posix() if hasattr(path, "as_posix") else os.fspath(path))
    if location.startswith("s3://"):
        core.locations.write_text(location, text)
    else:
        with open(location, "w", encoding="utf-8") as f:
            f.write(text)
    return s3_utils.as_upath(location)


def _create_asset(name: str, tags: list[str], subject_id: str, folder: str) -> "DataAsset":
    """A data asset of the S3 folder, once ready with its files (one create request)."""
    bucket, prefix = s3_utils.get_bucket_and_prefix(folder.rstrip("/") + "/file")
    params = {"name": name, "mount": name, "tags": tags,
              "custom_metadata": {"experiment type": "SmartSPIM", "subject id": str(subject_id)},
              "source": {"aws": {"bucket": bucket, "prefix": prefix, "keep_on_external_storage": False,
                                 "public": False}}}
    asset = _models.data_asset(core.codeocean.create_data_asset(json.dumps(params)))
    return codeocean_utils.wait_until_ready(asset, check_files=True, timeout=120)


class NeuroglancerState:
    """A Neuroglancer state: a dict, JSON text, a path (local or ``s3://``), or another state.

    >>> state = NeuroglancerState('tests/resources/example_neuroglancer_state.json')
    >>> state.image_sources[0]
    'zarr://s3://aind-msma-morphology-data/test_data/SmartSPIM/SmartSPIM_717381_2024-07-03_10-49-01_stitched_2024-08-16_23-15-47/image_tile_fusing/OMEZarr/Ex_561_Em_593.ome.zarr/'
    >>> state
    NeuroglancerState(SmartSPIM_717381_2024-07-03_10-49-01)
    """

    content: Mapping[str, Any]

    def __init__(self, path_or_dict: Any) -> None:
        self._session: Session | None = None
        if isinstance(path_or_dict, str) and path_or_dict.lstrip().startswith("{"):
            path_or_dict = json.loads(path_or_dict)
        if isinstance(path_or_dict, NeuroglancerState):
            self._session, self.content = path_or_dict._session, path_or_dict.content
        elif isinstance(path_or_dict, Mapping):
            self.content = path_or_dict  # never modified: no copy needed
        else:
            self.content = json.loads(_text(path_or_dict))

    def __repr__(self) -> str:
        try:
            return f"{type(self).__name__}({self.session.id})"
        except ValueError:
            return f"{type(self).__name__}({list(self.content.keys())})"

    @property
    def image_sources(self) -> tuple[str, ...]:
        """The image layers' source URLs, in order."""
        layers = self.content.get("layers") or []
        return tuple(layer["source"] if isinstance(layer["source"], str) else layer["source"]["url"]
                     for layer in layers if layer.get("type") == "image" and "source" in layer)

    @property
    def annotation_names(self) -> tuple[str, ...]:
        """The annotation layers' names, in order."""
        return tuple(layer["name"] for layer in self.content.get("layers") or [] if layer.get("type") == "annotation")

    @property
    def session(self) -> Session:
        """The SmartSPIM session the images come from. ``ValueError`` when no image source names
        one; ``NotImplementedError`` when they name several."""
        if self._session is None:
            ids = set()
            for source in self.image_sources:
                try:
                    ids.add(core.naming.parse_session_id(source)[0])
                except errors.InvalidInputError:
                    continue
            if not ids:
                raise errors.InvalidInputError(
                    "No session ID could be extracted from Neuroglancer state json (expected to extract SmartSPIM "
                    "session ID from image source)")
            if len(ids) > 1:
                raise NotImplementedError(f"Cannot currently handle Neuroglancer state json from multiple image "
                                          f"sources: {sorted(ids)}")
            self._session = Session(ids.pop())
        return self._session

    @property
    def image_data_assets(self) -> tuple["DataAsset", ...]:
        """The data assets named after each image source's SmartSPIM folder, oldest first."""
        assets = []
        for source in self.image_sources:
            folder = next((p for p in reversed(source.split("/")) if p.startswith("SmartSPIM_")), None)
            if folder is not None:
                assets.extend(codeocean_utils.get_data_assets(folder))
        return codeocean_utils.sort_by_created(assets)

    @staticmethod
    def get_new_file_name(session_id: str) -> str:
        """``<session id>_neuroglancer-state_<now, lab time>.json``."""
        return f"{session_id}_neuroglancer-state_{datetime.datetime.now(tz=LAB_TIME_ZONE):%Y-%m-%d_%H-%M-%S}.json"

    def write(self, path: Any = None, timeout_sec: float = 10) -> "upath.UPath":
        """Writes the state as JSON (by default to a folder of its own in the subject's state
        dir on S3, so that it can become a data asset) and returns the path. One write; the
        engine's PUT returns once S3 holds the object."""
        if path is None:
            name = NeuroglancerState.get_new_file_name(self.session.id)
            path = NeuroglancerExtension.state_json_dir / name.rsplit(".", 1)[0] / name
        return _write(path, json.dumps(self.content, indent=2))

    def create_data_asset(self, path: Any = None) -> "DataAsset":
        """A data asset of the state's file (written first when no path is given), ready."""
        path = self.write() if path is None else s3_utils.as_upath(str(path))
        return _create_asset(path.stem, ["neuroglancer", "ecephys", "annotation", self.session.subject.id],
                             self.session.subject_id, str(path.parent))


@register_namespace("neuroglancer", Subject)
class NeuroglancerExtension(ExtensionBaseClass):
    """A subject's Neuroglancer states (``subject.neuroglancer``)."""

    _base: Subject
    state_json_dir: "upath.UPath" = SCRATCH_STORAGE_DIR / "neuroglancer_states"

    def from_json(self, content: str | Mapping[str, Any]) -> NeuroglancerState:
        return NeuroglancerState(content)

    @property
    def states(self) -> tuple[NeuroglancerState, ...]:
        """One state per state file of the subject, by file name."""
        return tuple(NeuroglancerState(p) for p in self.state_json_paths)

    @property
    def state_json_paths(self) -> tuple["upath.UPath", ...]:
        """The subject's state files (``*_<subject>_*.json`` anywhere under the state dir), by stem."""
        files = core.locations.list_files(self.state_json_dir.as_posix(), True)
        return tuple(s3_utils.as_upaths(core.smartspim.state_files_of_subject(files, self._base.id)))

    @property
    def state_json_data_assets(self) -> tuple["DataAsset", ...]:
        """The subject's data assets that hold a state, by name."""
        return tuple(sorted((a for a in self._base.data_assets if core.smartspim.is_state_asset_name(a.name)),
                            key=lambda a: a.name))


@register_namespace("ibl_data_converter", Subject)
class IBLDataConverterExtension(ExtensionBaseClass):
    """What the IBL data converter capsule needs for a subject (``subject.ibl_data_converter``).
    ``use_data_assets_with_errors`` and ``use_data_assets_with_sorting_analyzer`` choose which
    sorted assets count."""

    _base: Subject
    LAB_TIME_ZONE = LAB_TIME_ZONE
    DATA_CONVERTER_CAPSULE_ID = "9fe42995-ffff-40ff-9c4c-c8206b8aacb5"
    PIPELINE_MONITOR_CAPUSLE_ID = "567b5b98-8d41-413b-9375-9ca610ca2fd3"  # the original's spelling, kept

    def __init__(self, base: Subject) -> None:
        super().__init__(base)
        self.storage_dir = SCRATCH_STORAGE_DIR
        self.use_data_assets_with_errors = False
        self.use_data_assets_with_sorting_analyzer = True

    # ---- sessions and their assets ----------------------------------------------------------

    def _sessions(self, platform: str) -> tuple[Session, ...]:
        return tuple(s for s in self._base.sessions if s.platform == platform)

    def _raw_assets(self, sessions: Iterable[Session]) -> tuple["DataAsset", ...]:
        assets = []
        for session in sessions:
            try:
                assets.append(session.raw_data_asset)
            except AttributeError as error:  # not uploaded: the original failed here
                logger.warning("%s has no raw data asset, left out: %s", session.id, str(error).splitlines()[0])
        return tuple(assets)

    @property
    def ecephys_sessions(self) -> tuple[Session, ...]:
        """The subject's ecephys sessions, oldest first."""
        return self._sessions("ecephys")

    @property
    def ecephys_data_assets(self) -> tuple["DataAsset", ...]:
        """The raw data asset of each uploaded ecephys session, oldest first."""
        return self._raw_assets(self.ecephys_sessions)

    @property
    def surface_recording_names(self) -> dict[str, str]:
        """Recording name -> the name of its surface recording (the second recording of the day)."""
        return dict(core.smartspim.surface_recordings([a.name for a in self.ecephys_data_assets]))

    @property
    def sorted_data_assets(self) -> tuple[SortedDataAsset, ...]:
        """The sorted assets of the ecephys sessions, by session then creation time, without
        failed runs (unless ``use_data_assets_with_errors``) and SortingAnalyzer output (unless
        ``use_data_assets_with_sorting_analyzer``)."""

        def usable(session: Session) -> tuple[SortedDataAsset, ...]:
            return tuple(a for a in session.ecephys.sorted_data_assets
                         if (self.use_data_assets_with_errors or not a.is_sorting_error)
                         and (self.use_data_assets_with_sorting_analyzer or not a.is_sorting_analyzer))

        sessions = self.ecephys_sessions
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:  # each waits on the engine
            # Each in a copy of this context: the caller's aind_session.limits(...) apply there too.
            per_session = list(pool.map(lambda s: contextvars.copy_context().run(usable, s), sessions))
        for session, assets in zip(sessions, per_session):
            if not assets:
                logger.warning("%s has no sorted data in a non-errored state: cannot use for annotation", session.id)
        return tuple(a for assets in per_session for a in assets)

    @property
    def smartspim_sessions(self) -> tuple[Session, ...]:
        """The subject's SmartSPIM sessions, oldest first."""
        return self._sessions("SmartSPIM")

    @property
    def smartspim_data_assets(self) -> tuple["DataAsset", ...]:
        """The raw data asset of each uploaded SmartSPIM session, oldest first."""
        assets = self._raw_assets(self.smartspim_sessions)
        if not assets:
            logger.warning("No SmartSPIM data asset found for %s", self._base.id)
        return assets

    @staticmethod
    def get_stitched_data_assets(smartspim_session_id: str) -> tuple["DataAsset", ...]:
        """The session's stitched assets, oldest first (the last is the latest)."""
        return tuple(a for a in Session(smartspim_session_id).data_assets if core.smartspim.is_stitched_asset_name(a.name))

    # ---- the manifest -----------------------------------------------------------------------

    @dataclasses.dataclass
    class ManifestRecord:
        """One row of the converter's manifest: ``probe_name``, ``probe_shank`` and ``probe_id``
        map a Neuroglancer annotation to an Open Ephys probe, which only a person can do."""

        mouseid: str
        sorted_recording: str
        probe_file: str
        probe_name: str | None = None
        probe_shank: str | None = None
        probe_id: str | None = None
        surface_finding: str | None = None
        annotation_format: str = "json"

    @staticmethod
    def get_mindscope_probe_day_from_ng_state(
            neuroglancer_state: NeuroglancerState) -> dict[str, dict[Literal["probe", "day"], str]]:
        """Annotation name -> probe letter and recording day, for names such as ``A1`` or ``B-2``."""
        out = {}
        for name in neuroglancer_state.annotation_names:
            found = core.smartspim.probe_day(name)
            if found is not None:
                out[name] = {"probe": found[0], "day": found[1]}
        return out

    def get_partial_manifest_records(self, neuroglancer_state_json_name: str | None = None,
                                     sorted_data_asset_names: Iterable[str] = ()) -> list[dict[str, Any]]:
        """The manifest's rows as far as they can be known, from a state (the latest of the
        subject by default) and its sorted assets; ``probe_name`` is left for a person to fill
        when the annotation names do not say the probe and day."""
        state, state_name = self._state(neuroglancer_state_json_name)
        names = ((sorted_data_asset_names,) if isinstance(sorted_data_asset_names, str)
                 else tuple(sorted_data_asset_names)) or tuple(sorted(a.name for a in self.sorted_data_assets))
        surface = self.surface_recording_names
        probe_days = self.get_mindscope_probe_day_from_ng_state(state)

        def row(sorted_name: str, probe_id: str, probe_name: str) -> dict[str, Any]:
            return dataclasses.asdict(IBLDataConverterExtension.ManifestRecord(
                mouseid=self._base.id, sorted_recording=sorted_name, probe_file=state_name, probe_name=probe_name,
                probe_id=probe_id, surface_finding=surface.get(sorted_name.split("_sorted")[0])))

        if not probe_days:
            return [row(n, annotation, "") for annotation in state.annotation_names for n in names]
        rows = []
        recordings = sorted(a.name for a in self.ecephys_data_assets)
        for day, recording in enumerate(recordings, start=1):
            for annotation, probe_day in probe_days.items():
                if int(probe_day["day"]) != day:
                    continue
                sorted_name = next((n for n in names if n.startswith(recording)), None)
                if sorted_name is None:
                    raise errors.NotFoundError(f"No sorted asset found for {recording} (day {day})")
                rows.append(row(sorted_name, annotation, f"Probe{probe_day['probe']}"))
        return rows

    def _state(self, name: str | None) -> tuple[NeuroglancerState, str]:
        ng: NeuroglancerExtension = self._base.neuroglancer
        if name:
            return NeuroglancerState(ng.state_json_dir / name / f"{name}.json"), name
        paths = ng.state_json_paths
        if not paths:
            raise errors.SourceDirNotFoundError(
                f"No Neuroglancer annotation json found for {self._base.id} in {ng.state_json_dir}")
        return NeuroglancerState(paths[-1]), paths[-1].stem

    @property
    def csv_manifest_path(self) -> "upath.UPath":
        """Where the manifest is written before it becomes a data asset."""
        return self.storage_dir / "manifests" / self._base.id / f"{self._base.id}_data_converter_manifest.csv"

    def create_manifest_asset(self, completed_records: Iterable[Mapping[str, Any] | Any], asset_name: str | None = None,
                              skip_existing: bool = True, timeout_sec: float = 10) -> "DataAsset":
        """The manifest as a ready data asset: written as CSV (once), then made an asset (one
        request). With ``skip_existing``, an existing manifest asset is returned instead."""
        if skip_existing:
            try:
                existing = self.manifest_data_asset
                logger.info("Manifest asset already exists for %s: pass skip_existing=False to make another",
                            self._base.id)
                return existing
            except AttributeError:
                pass
        rows = [dataclasses.asdict(r) if dataclasses.is_dataclass(r) else dict(r) for r in completed_records]
        if not rows:
            raise errors.InvalidInputError("create_manifest_asset: no records given")
        for r in rows:
            if r.get("probe_name") in ("", None):
                raise errors.InvalidInputError(f"'probe_name' must be provided for each row in the manifest: {r}")
        text = io.StringIO(newline="")
        writer = csv.DictWriter(text, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path = _write(self.csv_manifest_path, text.getvalue())
        return _create_asset(asset_name or path.stem, ["ibl", "annotation", "manifest", self._base.id],
                             self._base.id, str(path.parent))

    @property
    def manifest_data_asset(self) -> "DataAsset":
        """The subject's latest manifest asset; ``AttributeError`` when there is none yet."""
        assets = codeocean_utils.get_data_assets(self.csv_manifest_path.stem, ttl_hash=_now())
        if not assets:
            raise errors.AssetNotCreatedError(
                f"No manifest asset has been created yet for {self._base.id}: run `self.create_manifest_asset()`")
        return assets[-1]

    @property
    def neuroglancer_state_json_asset(self) -> "DataAsset":
        """The subject's latest state asset; ``AttributeError`` when there is none yet."""
        assets = self._base.neuroglancer.state_json_data_assets
        if not assets:
            raise errors.AssetNotCreatedError(
                f"No Neuroglancer state json asset has been created yet for {self._base.id}: run "
                "`subject.neuroglancer.from_json({'...'}).create_data_asset()`")
        return assets[-1]

    def run_data_converter_capsule(self, capsule_id: str = DATA_CONVERTER_CAPSULE_ID, manifest_asset: Any = None,
                                   neuroglancer_state_json_asset: Any = None, additional_assets: Iterable[Any] = (),
                                   named_parameters: list[Any] | None = None,
                                   pipeline_monitor_capsule_id: str | None = PIPELINE_MONITOR_CAPUSLE_ID) -> "Computation":
        """Runs the IBL data converter (through the pipeline monitor, which captures its output
        as a data asset, unless ``pipeline_monitor_capsule_id`` is None) with every asset it
        needs attached. One run request, never repeated."""
        from aind_session.extensions import _converter_run

        return _converter_run.run(self, capsule_id, manifest_asset, neuroglancer_state_json_asset, additional_assets,
                                  named_parameters, pipeline_monitor_capsule_id)


def _now() -> int:
    """A fresh ttl_hash: a search that must see an asset created a moment ago."""
    return int(datetime.datetime.now().timestamp() * 1000)
