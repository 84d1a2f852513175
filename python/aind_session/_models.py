"""Conversion of the engine's JSON records into the official ``codeocean`` SDK models.

The SDK is imported on first use only (it costs ~0.2 s, overlapped with the first request by
:func:`fetch`), and the same code works with every
SDK release from 0.12.0 (the original's pin) to the current one: releases from 0.15 require
``owner``, which older AIND servers do not send.

Models are built by a decoder planned once per class from its type hints, about ten times
faster than the SDK's ``from_dict`` (dataclasses-json), which stays the fallback.
"""
from __future__ import annotations

import dataclasses
import enum
import functools
import json
import sys
import threading
import typing
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from codeocean.computation import Computation
    from codeocean.data_asset import DataAsset


def fetch(call: Callable[..., Any], *args: Any) -> Any:
    """``call(*args)`` (an engine call that waits on the network with the GIL released). The
    first time, the SDK is imported by another thread meanwhile, so its ~0.2 s import overlaps
    the wait instead of following it. The call itself stays on the caller's thread: there it
    sees the caller's ``aind_session.limits(...)`` and Ctrl-C interrupts it. Only the importer
    imports while the call runs: concurrent imports of one package are not safe."""
    if "codeocean.data_asset" in sys.modules and "codeocean.computation" in sys.modules:
        return call(*args)
    importer = threading.Thread(target=_import_sdk_models, name="aind_session-sdk-import", daemon=True)
    importer.start()
    try:
        return call(*args)
    finally:
        importer.join()


def _import_sdk_models() -> None:
    try:
        import codeocean.computation  # noqa: F401
        import codeocean.data_asset  # noqa: F401
    except ImportError:  # raised again, with its traceback, where the models are built
        pass


def _record(text_or_dict: str | dict) -> dict[str, Any]:
    record = json.loads(text_or_dict) if isinstance(text_or_dict, str) else dict(text_or_dict)
    record.setdefault("owner", "")
    return record


def _identity(value: Any) -> Any:
    return value


def _as_int(value: Any) -> Any:
    return value if type(value) is int else int(value)  # the SDK coerces 1.7e9 and "12"


def _converter(hint: Any) -> Callable[[Any], Any]:
    """How to turn a JSON value into a value of type ``hint`` (None passes through)."""
    origin = typing.get_origin(hint)
    if origin is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _converter(args[0]) if len(args) == 1 else _identity
    if origin is list:
        (element,) = typing.get_args(hint) or (Any,)
        convert = _converter(element)
        return list if convert is _identity else (lambda values: [convert(v) for v in values])
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if dataclasses.is_dataclass(hint):
        return functools.partial(_decode, hint)
    if hint is int:
        return _as_int
    return _identity


@functools.lru_cache(maxsize=None)
def _plan(cls: type) -> tuple[tuple[str, Callable[[Any], Any], bool], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name]),
                  f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
                 for f in dataclasses.fields(cls) if f.init)


def _decode(cls: type, data: dict) -> Any:
    kwargs = {}
    for name, convert, required in _plan(cls):
        if name in data:
            value = data[name]
            kwargs[name] = None if value is None else convert(value)
        elif required:
            raise KeyError(name)
    return cls(**kwargs)


def _build(cls: type, text_or_dict: str | dict) -> Any:
    record = _record(text_or_dict)
    try:
        return _decode(cls, record)
    except (KeyError, TypeError, ValueError):
        return cls.from_dict(record)  # the SDK's own decoder says what is wrong


def as_model(cls: type, text_or_dict: str | dict) -> Any:
    """A record as an instance of ``cls``: an SDK model class or a subclass of one (such as
    the ecephys extension's SortedDataAsset)."""
    return _build(cls, text_or_dict)


def data_asset(text_or_dict: str | dict) -> "DataAsset":
    from codeocean.data_asset import DataAsset

    return _build(DataAsset, text_or_dict)


def data_assets(texts: Iterable[str | dict]) -> tuple["DataAsset", ...]:
    from codeocean.data_asset import DataAsset

    return tuple(_build(DataAsset, t) for t in texts)


def computation(text_or_dict: str | dict) -> "Computation":
    from codeocean.computation import Computation

    return _build(Computation, text_or_dict)


def is_model(value: object) -> bool:
    """True for SDK DataAsset/Computation objects (without importing the SDK needlessly)."""
    # Subclasses count (the ecephys extension's SortedDataAsset is a DataAsset).
    from_sdk = any(cls.__module__.startswith("codeocean.") for cls in type(value).__mro__[:-1])
    return from_sdk and hasattr(value, "id") and hasattr(value, "created")


def is_computation(value: object) -> bool:
    """True for an SDK Computation (a DataAsset otherwise, among models)."""
    return any(cls.__name__ == "Computation" and cls.__module__.startswith("codeocean.") for cls in type(value).__mro__)


def to_dict(value: Any) -> dict:
    """A request model (or dict) as the JSON dict the API expects."""
    if isinstance(value, dict):
        return value
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"expected a dict or a codeocean model, got {type(value).__name__}")
