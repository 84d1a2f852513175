"""Conversion of the engine's JSON records into the official ``codeocean`` SDK models.

The SDK is imported on first use only (it costs ~0.3 s), and the same code works with
every SDK release from 0.12.0 (the original's pin) to the current one: releases from 0.15
require ``owner``, which older AIND servers do not send.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from codeocean.computation import Computation
    from codeocean.data_asset import DataAsset


def _record(text_or_dict: str | dict) -> dict[str, Any]:
    record = json.loads(text_or_dict) if isinstance(text_or_dict, str) else dict(text_or_dict)
    record.setdefault("owner", "")
    return record


def data_asset(text_or_dict: str | dict) -> "DataAsset":
    from codeocean.data_asset import DataAsset

    return DataAsset.from_dict(_record(text_or_dict))


def data_assets(texts: Iterable[str | dict]) -> tuple["DataAsset", ...]:
    from codeocean.data_asset import DataAsset

    return tuple(DataAsset.from_dict(_record(t)) for t in texts)


def computation(text_or_dict: str | dict) -> "Computation":
    from codeocean.computation import Computation

    return Computation.from_dict(_record(text_or_dict))


def is_model(value: object) -> bool:
    """True for SDK DataAsset/Computation objects (without importing the SDK needlessly)."""
    module = type(value).__module__
    return module.startswith("codeocean.") and hasattr(value, "id") and hasattr(value, "created")


def to_dict(value: Any) -> dict:
    """A request model (or dict) as the JSON dict the API expects."""
    if isinstance(value, dict):
        return value
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"expected a dict or a codeocean model, got {type(value).__name__}")
