"""Date filters as the search functions take them: text in any form the engine reads
(``2023-12-13``, ``20231213_134340``, an asset name, ...), ``datetime.date`` or
``datetime.datetime``."""
from __future__ import annotations

import datetime
from typing import Union

from aind_session._engine import core

DateLike = Union[str, datetime.date, datetime.datetime]


def filter_datetime(value: DateLike, end_of_day: bool = False) -> datetime.datetime:
    """A naive datetime for a filter value. A value without a time means midnight, or
    23:59:59 with ``end_of_day`` (so an inclusive end date covers its whole day)."""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        value = value.isoformat()
    parts, has_time = core.naming.parse_filter_datetime(str(value))
    dt = datetime.datetime(*parts)
    return dt.replace(hour=23, minute=59, second=59) if end_of_day and not has_time else dt


def as_text(value: DateLike) -> str:
    """A filter value as the engine reads it: text as given, a date or datetime in ISO form
    (a datetime's zone dropped: AIND names carry the rig's wall-clock time)."""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
