"""Bulk status: a few answers about many sessions at once, as a :class:`~aind_session.Table`.

The sessions are worked on concurrently in the C++ engine (``src/core/status.cpp``), each
asked only what its fields need, with answers shared between fields; every value follows the
same rule as the one-session property it names.

>>> import aind_session
>>> table = aind_session.status(['ecephys_676909_2023-12-13_13-43-40', 'ecephys_676909_2023-12-13_13-43-39'],
...                             fields=('raw_data_asset', 'is_sorted'))
>>> table.columns
('session', 'raw_data_asset', 'is_sorted', 'error')
>>> table[0]
{'session': 'ecephys_676909_2023-12-13_13-43-40', 'raw_data_asset': '16d46411-540a-4122-b47f-8cb2a15d593a', 'is_sorted': True, 'error': None}
>>> table[1]['raw_data_asset'], table[1]['is_sorted']
(None, False)
"""
from __future__ import annotations

import os
import sys
import types
from typing import TYPE_CHECKING, Iterable, Union

from aind_session._engine import core
from aind_session._table import Table

if TYPE_CHECKING:  # pragma: no cover
    from aind_session.session import Session

__all__ = ["status", "FIELDS", "DEFAULT_FIELDS"]

#: Every field: name -> (what it answers, the services it asks).
FIELDS: dict[str, tuple[str, str]] = {name: (answers, services) for name, answers, services in core.status.fields()}
#: The fields asked when none are named.
DEFAULT_FIELDS: tuple[str, ...] = tuple(core.status.default_fields())


def _session_text(session: Union[str, os.PathLike, "Session"]) -> str:
    session_id = getattr(session, "id", None)
    if isinstance(session_id, str):
        return session_id
    return os.fspath(session) if isinstance(session, os.PathLike) else str(session)


def status(sessions: Iterable[Union[str, os.PathLike, "Session"]],
           fields: Iterable[str] = DEFAULT_FIELDS) -> Table:
    """``fields`` of every session, one row each, in the order given.

    Columns: ``session`` (the normalised ID, or the text given when it holds none), one per
    field, and ``error``: ``None``, or why a field (or the whole row) has no answer, as
    ``"<field>: <message>"`` joined by ``"; "``; a field without an answer is ``None`` then.
    One failed session never fails the call. Fields (``aind_session.status.FIELDS`` says what
    each answers):

    - ``raw_data_asset``: the latest raw data asset's ID (``None``: none), as
      ``Session.raw_data_asset.id``
    - ``raw_data_dir``: the raw data directory's URI (``None``: none), as ``Session.raw_data_dir``
    - ``modalities``: list of modality folders (``[]`` when not uploaded)
    - ``docdb_record_id``: the DocDB record's ``_id`` (``None``: no record)
    - ``is_uploaded``, ``data_asset_count``, ``is_sorted`` (``Session.ecephys.is_sorted``)
    - ``latest_sorted_assets``: ``{sorter name: ID of its latest sorted asset}``, as
      ``Session.ecephys.sorter.<name>.sorted_data_assets[-1].id``

    An unknown field name is a ValueError naming it and listing the valid ones:

    >>> import aind_session
    >>> aind_session.status(['ecephys_676909_2023-12-13_13-43-40'], fields=['raw_dir'])
    Traceback (most recent call last):
    ...
    aind_session.errors.InvalidInputError: unknown status field 'raw_dir'; valid fields: raw_data_asset, raw_data_dir, modalities, docdb_record_id, is_uploaded, data_asset_count, is_sorted, latest_sorted_assets

    A session that cannot be read keeps its row:

    >>> aind_session.status(['not a session'], fields=['is_uploaded'])[0]['error'][:35]
    'no AIND session ID in "not a sessio'
    """
    if isinstance(fields, str):  # status(x, fields='raw_data_dir'): one field, not its letters
        fields = (fields,)
    names = list(fields)
    unique = list(dict.fromkeys(names))  # the engine answers a field asked twice once
    texts = [_session_text(s) for s in sessions]
    records = []
    for given, session_id, row_error, values in core.status.status(texts, names):
        record = {"session": session_id or given}
        problems = [str(row_error)] if row_error is not None else []
        for name, value in zip(unique, values if row_error is None else [None] * len(unique)):
            if isinstance(value, BaseException):
                problems.append(f"{name}: {value}")
                value = None
            record[name] = value
        record["error"] = "; ".join(problems) or None
        records.append(record)
    return Table(records, ("session", *unique, "error"))


status.FIELDS = FIELDS  # type: ignore[attr-defined]
status.DEFAULT_FIELDS = DEFAULT_FIELDS  # type: ignore[attr-defined]


class _CallableModule(types.ModuleType):
    """``import aind_session.status`` binds the package's ``status`` to this module when it runs
    before ``aind_session.status`` was first read (PEP 562 then never asks for the function):
    calling the module calls the function, so both orders work."""

    def __call__(self, *args, **kwargs) -> Table:
        return status(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
