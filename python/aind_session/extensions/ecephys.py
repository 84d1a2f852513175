"""``session.ecephys``: the spike-sorting side of an ecephys session.

Sorted data assets and what they hold (sorter, probes, errors, SortingAnalyzer output), the
raw recording folders, the sorting pipeline's runs, and IBL probe-alignment annotations.
The rules (which asset is sorted, where the sorter name is written, probe folder names,
output error markers, the latest IBL annotation of each probe) and the reads they need are
in the C++ core (``src/core/ecephys.cpp``, ``ibl.cpp``); the per-asset reads run there
concurrently.

>>> import aind_session
>>> session = aind_session.Session('ecephys_676909_2023-12-13_13-43-40')
>>> session.ecephys
EcephysExtension(Session('ecephys_676909_2023-12-13_13-43-40'))
>>> session.ecephys.is_sorted
True
>>> session.ecephys.sorter.kilosort2_5.sorted_data_assets[-1].name
'ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45'
"""
from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Literal

import codeocean.computation
import codeocean.data_asset

from aind_session import _models, _results, errors
from aind_session._cache import ttl_cache
from aind_session._engine import core
from aind_session.extension import ExtensionBaseClass, register_namespace
from aind_session.session import Session
from aind_session.utils import codeocean_utils, s3_utils

if TYPE_CHECKING:  # pragma: no cover
    import upath

logger = logging.getLogger(__name__)

__all__ = ["EcephysExtension"]

#: How long a session's list of sorted assets is kept by its namespace (as its data assets are).
SORTED_ASSETS_TTL_SECONDS = codeocean_utils.SEARCH_TTL_SECONDS
KNOWN_SORTERS: tuple[str, ...] = tuple(core.ecephys.known_sorter_names())
#: The trigger capsule's pipeline types (``core.ecephys.pipeline_types()``; a type must be
#: written out, and a test keeps the two equal).
PipelineType = Literal["ecephys_ks25", "ecephys_ks25_v0.1.0", "ecephys_opto_ks25", "ecephys_ks4", "ecephys_sc2"]


def _upath(uri: str | None) -> "upath.UPath | None":
    return None if uri is None else s3_utils.as_upath(uri)


class SortedDataAsset(codeocean.data_asset.DataAsset):
    """A :class:`codeocean.data_asset.DataAsset` from the spike-sorting pipeline, with what
    its files say about the run."""

    @property
    def path(self) -> "upath.UPath":
        """The asset's source directory (likely on S3)."""
        return s3_utils.get_data_asset_source_dir(self.id)

    @property
    def output(self) -> str:
        """The text of the run's ``output`` log. ``FileNotFoundError`` when there is none."""
        return codeocean_utils.get_output_text(self)

    @property
    def sorted_probes(self) -> tuple[str, ...]:
        """The probes that reached the end of the pipeline (``ProbeA``...), from the folders of
        ``curated/`` (or the older ``sorting_precurated/``)."""
        return EcephysExtension.get_sorted_probe_names(self)

    @property
    def sorter_name(self) -> str:
        """The SpikeInterface sorter name (``kilosort2_5``, ``kilosort4``...). ``ValueError``
        (SortingIncompleteError) when the run left none: it likely failed."""
        return EcephysExtension.get_sorter_name(self)

    @property
    def is_sorting_error(self) -> bool:
        """The ``output`` log carries a marker of a failed run."""
        return _sorting_error(self.id, _json(self))

    @property
    def is_sorting_analyzer(self) -> bool:
        """The results are SpikeInterface's SortingAnalyzer ``.zarr`` folders (from 0.101.1)."""
        return EcephysExtension.is_sorting_analyzer_asset(self)


def _json(asset: Any) -> str:
    return asset.to_json()


@ttl_cache(None)  # a finished asset's files do not change
def _sorter_name(asset_id: str, asset_json: str) -> str:
    try:
        return core.ecephys.sorter_name(asset_json)
    except errors.NotFoundError as error:
        errors.reraise_as(error, errors.SortingIncompleteError)


@ttl_cache(None)
def _sorting_error(asset_id: str, asset_json: str) -> bool:
    try:
        return core.ecephys.is_sorting_error(asset_json)
    except errors.NotFoundError as error:
        errors.reraise_as(error, errors.SourceDirNotFoundError)


@ttl_cache(None)
def _is_sorting_analyzer(asset_id: str, asset_json: str) -> bool:
    return core.ecephys.is_sorting_analyzer(asset_json)


def _sorter_names(assets: tuple[SortedDataAsset, ...]) -> dict[str, str | errors.AindSessionError]:
    """The sorter name of each asset (or why there is none), by asset ID: what is not known yet
    is read for all assets at once in the engine."""
    texts = {a.id: _json(a) for a in assets}
    missing = [a.id for a in assets if not _sorter_name.is_cached(a.id, texts[a.id])]
    read: dict[str, str | errors.AindSessionError] = {}
    if missing:
        for asset_id, answer in zip(missing, core.ecephys.sorter_names([texts[i] for i in missing])):
            if isinstance(answer, errors.NotFoundError):
                answer = errors.recast(answer, errors.SortingIncompleteError)  # as _sorter_name raises it
            elif not isinstance(answer, errors.AindSessionError):
                _sorter_name.prime(answer, asset_id, texts[asset_id])
            read[asset_id] = answer
    # A failed read is answered from this batch, never read again; the rest are cached.
    return {a.id: read[a.id] if a.id in read else _sorter_name(a.id, texts[a.id]) for a in assets}


@register_namespace("ecephys", Session)
class EcephysExtension(ExtensionBaseClass):
    """Sorted data assets and spike-sorting runs of an ecephys session (``session.ecephys``).

    >>> import aind_session
    >>> session = aind_session.Session('ecephys_676909_2023-12-13_13-43-40')
    >>> session.ecephys.sorted_data_assets[0].name
    'ecephys_676909_2023-12-13_13-43-40_sorted_2023-12-17_03-16-51'
    >>> session.ecephys.sorted_data_assets[0].sorted_probes
    ('ProbeA', 'ProbeB', 'ProbeC', 'ProbeD', 'ProbeE', 'ProbeF')
    >>> session.ecephys.sorter.kilosort2_5.sorted_data_assets[0].sorter_name
    'kilosort2_5'
    """

    _base: Session

    DEFAULT_SORTING_PIPELINE_ID: ClassVar[str] = core.ecephys.sorting_pipeline_id()
    DEFAULT_TRIGGER_CAPSULE_ID: ClassVar[str] = core.ecephys.trigger_capsule_id()
    IBL_ALIGNMENT_EVALUATION_PREFIX: ClassVar[str] = "Probe Alignment for"
    SortedDataAsset = SortedDataAsset

    def __init__(self, base: Session) -> None:
        super().__init__(base)
        self._sorted: tuple[float, tuple[SortedDataAsset, ...]] | None = None
        self._sorter_namespace: _SorterNamespace | None = None

    # ---- raw recordings ---------------------------------------------------------------------

    @property
    def clipped_dir(self) -> "upath.UPath":
        """The Open Ephys recording with truncated ``continuous.dat`` files, in the raw data
        dir's ``ecephys/`` folder (2024 on) or its root (before)."""
        return self._recording_dir(0, "clipped")

    @property
    def compressed_dir(self) -> "upath.UPath":
        """The recording compressed to zarr (AP and LFP), found as :attr:`clipped_dir` is."""
        return self._recording_dir(1, "compressed")

    def _recording_dir(self, index: int, kind: str) -> "upath.UPath":
        path = EcephysExtension.get_clipped_and_compressed_dirs(self._base.raw_data_asset)[index]
        if path is None:
            raise errors.RecordingDirNotFoundError(
                f"No '{kind}' dir found in uploaded raw data for {self._base.id} (checked in root dir and "
                "modality subdirectory)")
        return path

    @staticmethod
    def get_clipped_and_compressed_dirs(raw_data_asset_id_or_model: Any) -> "tuple[upath.UPath | None, upath.UPath | None]":
        """The clipped and compressed recording dirs of a raw data asset (``None`` for one
        that is in neither place)."""
        asset = codeocean_utils.get_data_asset_model(raw_data_asset_id_or_model)
        clipped, compressed = core.ecephys.clipped_and_compressed_dirs(_json(asset))
        return _upath(clipped), _upath(compressed)

    # ---- sorted data assets -----------------------------------------------------------------

    @staticmethod
    def get_sorted_status(sessions: "Iterable[str | Session]",
                          return_exceptions: bool = False) -> "dict[str, bool | errors.AindSessionError]":
        """:attr:`is_sorted` of many sessions at once (asked concurrently in the engine), by
        session ID. A session that could not be checked (its latest sorted asset has no files,
        say) raises, naming it: it never passes for "not sorted"; with ``return_exceptions``,
        its value is the exception instead, and the others are still answered.

        >>> import aind_session
        >>> aind_session.ecephys.get_sorted_status(['ecephys_676909_2023-12-13_13-43-40'])
        {'ecephys_676909_2023-12-13_13-43-40': True}
        """
        ids = list(dict.fromkeys(Session(s).id for s in sessions))
        answers = core.ecephys.is_sorted_many(ids)
        if return_exceptions:
            return dict(zip(ids, answers))
        return {i: _results.unwrap(answer, f"is_sorted of {i}") for i, answer in zip(ids, answers)}

    @property
    def sorted_data_assets(self) -> tuple[SortedDataAsset, ...]:
        """The session's sorted data assets (named ``<session id>_sorted...``), oldest first; may
        be empty, and may hold runs that failed. Kept by this namespace for ten minutes."""
        now = time.monotonic()
        if self._sorted is None or now - self._sorted[0] > SORTED_ASSETS_TTL_SECONDS:
            assets = tuple(_models.as_model(SortedDataAsset, a.to_dict()) for a in self._base.data_assets
                           if core.ecephys.is_sorted_data_asset_name(a.name))
            self._sorted = (now, assets)
        return self._sorted[1]

    @property
    def is_sorted(self) -> bool:
        """A sorted data asset exists and the latest one's output shows no error."""
        # One engine call, the same rule as sorted_data_assets[-1].is_sorting_error, without
        # building a model of every asset of the session (a warm answer in ~1 ms, not ~10).
        (answer,) = core.ecephys.is_sorted_many([self._base.id])
        return _results.unwrap(answer, f"is_sorted of {self._base.id}")

    @property
    def sorter(self) -> "_SorterNamespace":
        """The session's sorted assets by sorter: ``session.ecephys.sorter.kilosort2_5``."""
        if self._sorter_namespace is None:
            self._sorter_namespace = _SorterNamespace(self)
        return self._sorter_namespace

    @staticmethod
    def get_sorted_data_asset_model(asset_id: Any) -> SortedDataAsset:
        """The data asset with this ID (or model) as a :class:`SortedDataAsset`."""
        return _models.as_model(SortedDataAsset, codeocean_utils.get_data_asset_model(asset_id).to_dict())

    @staticmethod
    def is_sorted_data_asset(asset_id: Any) -> bool:
        """The asset's name is ``<session id>_sorted...`` (any platform)."""
        return core.ecephys.is_sorted_data_asset_name(codeocean_utils.get_data_asset_model(asset_id).name)

    @staticmethod
    def is_sorting_analyzer_asset(asset_id: Any) -> bool:
        """The asset holds SortingAnalyzer output (``*/*.zarr``)."""
        asset = codeocean_utils.get_data_asset_model(asset_id)
        return _is_sorting_analyzer(asset.id, _json(asset))

    @staticmethod
    def get_sorter_name(sorted_data_asset_id: Any) -> str:
        """The sorter name written by the run, from ``processing.json``, else
        ``spikesorted/**/si_folder.json`` or ``postprocessed/**/sorting.json``, else
        ``params.json``. ``ValueError`` (SortingIncompleteError) when none says it."""
        asset = codeocean_utils.get_data_asset_model(sorted_data_asset_id)
        return _sorter_name(asset.id, _json(asset))

    @staticmethod
    def get_sorted_probe_names(sorted_data_asset_id_or_model: Any) -> tuple[str, ...]:
        """The probes that reached the end of the pipeline, sorted."""
        asset = codeocean_utils.get_data_asset_model(sorted_data_asset_id_or_model)
        return tuple(core.ecephys.sorted_probe_names(_json(asset)))

    # ---- sorting runs -----------------------------------------------------------------------

    def run_sorting(self, pipeline_type: PipelineType = "ecephys_ks25",
                    trigger_capsule_id: str = DEFAULT_TRIGGER_CAPSULE_ID,
                    override_parameters: list[str] | None = None,
                    skip_already_sorting: bool = True) -> "codeocean.computation.Computation | None":
        """Start the sorting pipeline on the session's raw data asset (one request, never
        repeated). Returns ``None``, with a warning, when a run with that asset is already in
        progress and ``skip_already_sorting``. ``override_parameters`` replaces the capsule's
        positional parameters (the second must be the raw data asset's ID)."""
        parameters = list(override_parameters) if override_parameters else [pipeline_type,
                                                                             self._base.raw_data_asset.id]
        if len(parameters) < 2:
            raise errors.InvalidInputError(
                "At least two parameters are required: data asset ID is the second parameter. See "
                "https://codeocean.allenneuraldynamics.org/capsule/6726080/tree")
        answer = core.ecephys.run_sorting(str(parameters[1]), [str(p) for p in parameters], trigger_capsule_id,
                                          skip_already_sorting)
        return None if answer is None else _models.computation(answer)

    @property
    def current_sorting_pipeline_computations(self) -> "tuple[codeocean.computation.Computation, ...]":
        """The sorting pipeline's runs in progress with the session's raw data asset attached."""
        return EcephysExtension.get_current_sorting_pipeline_computations(
            raw_data_asset_id_or_model=self._base.raw_data_asset.id)

    @staticmethod
    def get_current_sorting_pipeline_computations(
            pipeline_id: str = DEFAULT_SORTING_PIPELINE_ID,
            raw_data_asset_id_or_model: Any = None) -> "tuple[codeocean.computation.Computation, ...]":
        """The pipeline's runs in progress, oldest first; only those with this raw data asset
        attached when one is given (all of them otherwise)."""
        attached = None if raw_data_asset_id_or_model is None else codeocean_utils.get_normalized_uuid(
            raw_data_asset_id_or_model)
        return codeocean_utils.search_computations(pipeline_id, attached_data_asset_id=attached, in_progress=True,
                                                   ttl_hash=int(time.time()))

    # ---- IBL probe alignment ----------------------------------------------------------------

    @staticmethod
    def get_latest_ibl_annotations(session_id: str, as_ccf_records: bool = False) -> dict[str, dict] | list[dict]:
        """The latest IBL probe-alignment annotation of each probe (``ProbeA_0``...), from DocDB;
        with ``as_ccf_records``, one record per channel with CCF coordinates in micrometres
        (``ccf_ap``, ``ccf_ml``, ``ccf_dv``) and ``device_name``. ``KeyError`` when the session
        has none."""
        try:
            annotations = core.ecephys.latest_ibl_annotations(Session(session_id).id)
        except errors.NotFoundError as error:
            errors.reraise_as(error, errors.AnnotationsNotFoundError)
        if as_ccf_records:
            return [json.loads(text) for text in core.ecephys.ibl_ccf_records(annotations)]
        return {probe: json.loads(text) for probe, text in annotations}


class _SorterNamespace:
    """``session.ecephys.sorter``: one :class:`SorterExtension` per sorter name."""

    kilosort2_5: "SorterExtension"
    kilosort4: "SorterExtension"
    spykingcircus2: "SorterExtension"

    def __init__(self, ecephys: EcephysExtension) -> None:
        self._ecephys = ecephys

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._ecephys._base!r})"

    def __getattr__(self, sorter_name: str) -> "SorterExtension":
        if sorter_name.startswith("_"):
            raise AttributeError(sorter_name)
        if sorter_name not in KNOWN_SORTERS and sorter_name not in self.names:
            raise errors.UnknownSorterError(
                f"No sorter {sorter_name!r} for {self._ecephys._base.id}: its sorted assets were made by "
                f"{', '.join(self.names) or 'no sorter'}; known sorters: {', '.join(KNOWN_SORTERS)}")
        return SorterExtension(self._ecephys, sorter_name)

    @property
    def names(self) -> tuple[str, ...]:
        """The sorters of the session's sorted assets, sorted. A run that left no sorter name
        (it failed) is left out, with a warning naming it."""
        names = set()
        for asset_id, answer in _sorter_names(self._ecephys.sorted_data_assets).items():
            if isinstance(answer, errors.AindSessionError):
                logger.warning("Sorted data asset %s has no sorter name: %s", asset_id, answer)
            else:
                names.add(answer)
        return tuple(sorted(names))


class SorterExtension(ExtensionBaseClass):
    """The sorted data assets one sorter made for a session
    (``session.ecephys.sorter.kilosort2_5``)."""

    def __init__(self, ecephys: EcephysExtension, sorter_name: str) -> None:
        super().__init__(ecephys._base)
        self._ecephys = ecephys
        self._sorter_name = sorter_name

    @property
    def sorted_data_assets(self) -> tuple[SortedDataAsset, ...]:
        """This sorter's sorted data assets, oldest first (``[-1]`` is the latest); runs that
        left no sorter name are not among them."""
        names = _sorter_names(self._ecephys.sorted_data_assets)
        return tuple(a for a in self._ecephys.sorted_data_assets if names[a.id] == self._sorter_name)

    @property
    def data_assets(self) -> tuple[SortedDataAsset, ...]:
        """The same as :attr:`sorted_data_assets` (its name in aind-session 0.3.3)."""
        return self.sorted_data_assets


__all__ += ["SortedDataAsset", "SorterExtension"]
