"""The IBL data converter run of ``subject.ibl_data_converter.run_data_converter_capsule()``:
which assets it attaches, its parameters, and the pipeline monitor settings that capture its
output as a data asset. One run request, sent once by the engine."""
from __future__ import annotations

import datetime
import json
import logging
from typing import TYPE_CHECKING, Any, Iterable

from aind_session import _models, errors
from aind_session._engine import core
from aind_session.utils import codeocean_utils

if TYPE_CHECKING:  # pragma: no cover
    from codeocean.computation import Computation

    from aind_session.extensions.smartspim_neuropixels import IBLDataConverterExtension

logger = logging.getLogger(__name__)


def _param(p: Any) -> dict:
    """A named parameter as the API's JSON (an SDK NamedRunParam or a dict)."""
    return p if isinstance(p, dict) else {"param_name": p.param_name, "value": p.value}


def _smartspim_assets(ext: "IBLDataConverterExtension", image_sources: tuple[str, ...]) -> tuple[list, list]:
    """The SmartSPIM raw assets the state's images come from, and the latest stitched asset of each."""
    raw = [a for a in ext.smartspim_data_assets if any(a.name in source for source in image_sources)]
    if not raw:
        raise errors.NotFoundError(f"No SmartSPIM data asset found matching image source(s) in Neuroglancer state "
                                   f"json: {image_sources}. Cannot run IBL data converter capsule")
    stitched = [found[-1] for found in (ext.get_stitched_data_assets(a.name) for a in raw) if found]
    if not stitched:
        source = image_sources[0].removeprefix("zarr://")
        raise errors.NotFoundError(f"No stitched data asset found for SmartSPIM session {raw[0].name}: try creating "
                                   f"an asset for the stitched images of {source}")
    return raw, stitched


def _monitor_settings(ext: "IBLDataConverterExtension", run_params: dict, smartspim_session: str) -> str:
    """The pipeline monitor capsule's one parameter: the run to make and how to capture it."""
    now = datetime.datetime.now(tz=datetime.timezone.utc).astimezone(ext.__class__.LAB_TIME_ZONE)
    return json.dumps({
        "run_params": run_params,
        "computation_polling_interval": 60,
        "computation_timeout": 48 * 3600,
        "capture_settings": {
            "name": f"{smartspim_session}_ibl-converted_{now:%Y-%m-%d_%H-%M-%S}",
            "tags": [str(ext._base.id), "smartSPIM", "ecephys", "IBL", "annotation"],
            "custom_metadata": {"data level": "derived", "experiment type": "ecephys",
                                "subject id": str(ext._base.id)},
        },
    })


def run(ext: "IBLDataConverterExtension", capsule_id: str, manifest_asset: Any, state_asset: Any,
        additional_assets: Iterable[Any], named_parameters: list[Any] | None,
        monitor_capsule_id: str | None) -> "Computation":
    from aind_session.extensions.smartspim_neuropixels import NeuroglancerState

    manifest = (codeocean_utils.get_data_asset_model(manifest_asset) if manifest_asset is not None
                else ext.manifest_data_asset)
    state_asset = (codeocean_utils.get_data_asset_model(state_asset) if state_asset is not None
                   else ext.neuroglancer_state_json_asset)
    state_dir = codeocean_utils.get_data_asset_source_dir(state_asset.id).as_posix()
    state_file = next((f for f in core.locations.list_files(state_dir, False) if f.endswith(".json")), None)
    if state_file is None:
        raise errors.SourceDirNotFoundError(f"No .json file in {state_dir} (Neuroglancer state asset {state_asset.id})")
    raw, stitched = _smartspim_assets(ext, NeuroglancerState(state_file).image_sources)
    attached = (*ext.ecephys_data_assets, *ext.sorted_data_assets, *raw, *stitched, manifest, state_asset,
                *additional_assets)
    data_assets = [{"id": a.id, "mount": a.name} for a in attached]
    parameters = [_param(p) for p in named_parameters] if named_parameters else [
        {"param_name": "manifest", "value": f"{manifest.name}/{manifest.name}.csv"},
        {"param_name": "neuroglancer", "value": f"{state_asset.name}/{state_asset.name}.json"}]
    run_params = {"capsule_id": capsule_id, "data_assets": data_assets, "named_parameters": parameters}
    if monitor_capsule_id:
        logger.info("Using monitor capsule %s to capture the IBL data converter's output as a data asset",
                    monitor_capsule_id)
        run_params = {"capsule_id": monitor_capsule_id, "data_assets": data_assets,
                      "parameters": [_monitor_settings(ext, run_params, raw[0].name)]}
    logger.info("Running IBL data converter capsule %s", capsule_id)
    return _models.computation(core.codeocean.run_capsule(json.dumps(run_params)))
