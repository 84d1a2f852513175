"""Namespaces on :class:`~aind_session.Session` and :class:`~aind_session.Subject`, like
pandas or polars accessors: ``session.ecephys``, ``session.lims``, ``subject.neuroglancer``,
and any namespace a user registers.

>>> import aind_session
>>> @aind_session.register_namespace("my_extension", aind_session.Session)
... class MyExtension(aind_session.ExtensionBaseClass):
...     constant = 42
...
...     @classmethod
...     def add(cls, value) -> int:
...         return cls.constant + value
...
...     @property
...     def oldest_data_asset_id(self) -> str:      # the session is self._base
...         return min(self._base.data_assets, key=lambda a: a.created).id
>>> session = aind_session.Session('ecephys_676909_2023-12-13_13-43-40')
>>> session.my_extension.add(10)
52
>>> session.my_extension is session.my_extension   # made on first access, then kept
True
>>> aind_session.Session.my_extension is MyExtension
True
"""
from __future__ import annotations

import importlib
import inspect
import logging
from typing import Any, Callable, TypeVar

logger = logging.getLogger(__name__)

__all__ = ["ExtensionBaseClass", "register_namespace"]

_NS = TypeVar("_NS")


class ExtensionBaseClass:
    """Base of a namespace: keeps the instance it extends as ``_base``, and shows it in its repr
    (``EcephysExtension(Session('ecephys_676909_2023-12-13_13-43-40'))``)."""

    def __init__(self, base: Any) -> None:
        self._base = base

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._base!r})"


class _NameSpace:
    """The attribute a namespace is registered as. On the class it is the namespace class
    (for its static methods); on an instance it makes the namespace object on first access
    and stores it on the instance, so the same object, with its state, answers later."""

    def __init__(self, name: str, namespace: type) -> None:
        self._name = name
        self._namespace = namespace

    def __get__(self, instance: Any, owner: type) -> Any:
        if instance is None:
            return self._namespace
        made = self._namespace(instance)
        setattr(instance, self._name, made)  # the instance attribute shadows this descriptor from now on
        return made


class _BuiltinNameSpace:
    """Stands for one of this package's own namespaces until first used: importing its module
    (which may import the codeocean SDK) registers the real namespace, so ``import
    aind_session`` stays fast."""

    def __init__(self, name: str, module: str) -> None:
        self._name = name
        self._module = module

    def __get__(self, instance: Any, owner: type) -> Any:
        importlib.import_module(self._module)  # registers the namespace, replacing this placeholder
        registered = owner.__dict__[self._name]
        if isinstance(registered, _BuiltinNameSpace):
            raise AttributeError(f"{self._module} did not register the {self._name!r} namespace")
        return registered.__get__(instance, owner)


def register_namespace(name: str, cls: type | None = None) -> Callable[[type[_NS]], type[_NS]]:
    """A class decorator that makes the class available as ``<cls instance>.<name>``.

    ``cls`` is :class:`~aind_session.Session` by default (or :class:`~aind_session.Subject`).
    Registering a name the class already has replaces it, with a warning.
    """

    def register(namespace: type[_NS]) -> type[_NS]:
        target = cls
        if target is None:
            from aind_session.session import Session

            target = Session
        existing = inspect.getattr_static(target, name, None)  # without running a placeholder's import
        if existing is not None and not isinstance(existing, _BuiltinNameSpace):
            logger.warning("Overriding existing custom namespace %r (on %r)", name, target.__name__)
        setattr(target, name, _NameSpace(name, namespace))
        return namespace

    return register


def builtin_namespace(name: str, module: str) -> _BuiltinNameSpace:
    """The placeholder for one of this package's namespaces (see _BuiltinNameSpace)."""
    return _BuiltinNameSpace(name, module)
