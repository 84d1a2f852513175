"""``Session.date``, ``.time`` and ``.datetime``: text that also answers ``.dt``, ``.year``...

The original returned npc-session's records, ``str`` subclasses with these attributes; code
written for it reads ``session.date.dt`` or ``session.datetime.year``. These are equal to, and
hash as, the plain text, and cost one string copy to make.

>>> d = DatetimeText('2023-12-13 13:43:40')
>>> d, d.dt, d.year, d.second, d.date, d.time.hour
('2023-12-13 13:43:40', datetime.datetime(2023, 12, 13, 13, 43, 40), 2023, 40, '2023-12-13', 13)
>>> DateText('2023-12-13').dt
datetime.date(2023, 12, 13)
"""
from __future__ import annotations

import datetime as _datetime


class DateText(str):
    """``'YYYY-MM-DD'``."""

    __slots__ = ()

    @property
    def id(self) -> str:
        return str(self)

    @property
    def dt(self) -> _datetime.date:
        return _datetime.date.fromisoformat(self)

    year = property(lambda self: int(self[0:4]))
    month = property(lambda self: int(self[5:7]))
    day = property(lambda self: int(self[8:10]))
    resolution = _datetime.date.resolution


class TimeText(str):
    """``'HH:MM:SS'``."""

    __slots__ = ()

    @property
    def id(self) -> str:
        return str(self)

    @property
    def dt(self) -> _datetime.time:
        return _datetime.time.fromisoformat(self)

    hour = property(lambda self: int(self[0:2]))
    minute = property(lambda self: int(self[3:5]))
    second = property(lambda self: int(self[6:8]))
    resolution = _datetime.time.resolution


class DatetimeText(str):
    """``'YYYY-MM-DD HH:MM:SS'``."""

    __slots__ = ()

    @property
    def id(self) -> str:
        return str(self)

    @property
    def dt(self) -> _datetime.datetime:
        return _datetime.datetime.fromisoformat(self)

    @property
    def date(self) -> DateText:
        return DateText(self[0:10])

    @property
    def time(self) -> TimeText:
        return TimeText(self[11:19])

    year = property(lambda self: int(self[0:4]))
    month = property(lambda self: int(self[5:7]))
    day = property(lambda self: int(self[8:10]))
    hour = property(lambda self: int(self[11:13]))
    minute = property(lambda self: int(self[14:16]))
    second = property(lambda self: int(self[17:19]))
    resolution = _datetime.datetime.resolution
