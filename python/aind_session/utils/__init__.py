"""Backend helpers, under the module paths of the original package
(``aind_session.utils.codeocean_utils``, ``docdb_utils``, ``s3_utils``, ``misc_utils``).

As in the original, every public helper of those modules is also a name of this package
(``aind_session.utils.get_data_asset_source_dir``); they are loaded on first use.
"""
from __future__ import annotations

import importlib

_MODULES = ("codeocean_utils", "docdb_utils", "misc_utils", "s3_utils")


def __getattr__(name: str):
    if not name.startswith("_"):
        for module_name in _MODULES:
            module = importlib.import_module(f"{__name__}.{module_name}")
            if name in getattr(module, "__all__", ()):
                value = getattr(module, name)
                globals()[name] = value
                return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    names = set(globals())
    for module_name in _MODULES:
        names |= set(getattr(importlib.import_module(f"{__name__}.{module_name}"), "__all__", ()))
    return sorted(names)
