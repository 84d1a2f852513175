"""The :class:`Session` class: one AIND acquisition, identified by its session ID.

Construction only parses (in C++): no I/O happens until a property that needs a service
is read.
"""
from __future__ import annotations

import datetime as _datetime
import functools
import os
from typing import Union

from aind_session import _core

__all__ = ["Session"]


@functools.total_ordering
class Session:
    """A session, identified by its AIND session ID.

    The ID is found anywhere in the string given: a bare ID, a path, a URL or the name of a
    derived data asset, so every asset of one acquisition maps back to the same session.

    >>> session = Session('ecephys_676909_2023-12-13_13-43-40')
    >>> session.platform
    'ecephys'
    >>> session.subject_id
    '676909'
    >>> session.dt
    datetime.datetime(2023, 12, 13, 13, 43, 40)
    >>> session.date, session.time, session.datetime
    ('2023-12-13', '13:43:40', '2023-12-13 13:43:40')

    Objects refer to the original session, regardless of how they were created:

    >>> a = Session('ecephys_676909_2023-12-13_13-43-40')
    >>> b = Session('ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45')
    >>> a == b
    True
    >>> Session('/root/capsule/data/ecephys_676909_2023-12-13_13-43-40/ecephys') == a
    True

    Objects are hashable and sortable (by their ID):

    >>> sorted({b, Session('ecephys_676909_2023-12-11_14-24-35'), a})
    [Session('ecephys_676909_2023-12-11_14-24-35'), Session('ecephys_676909_2023-12-13_13-43-40')]

    Current platformless names (aind-data-schema v2) are sessions with an empty platform:

    >>> Session('804430_2025-11-26_23-41-33_processed_2025-12-20_09-52-41')
    Session('804430_2025-11-26_23-41-33')

    A string without a session ID is a ValueError that says what was expected:

    >>> Session('ecephys_67690_2023-12-13_13-43-40')
    Traceback (most recent call last):
    ...
    aind_session.errors.InvalidInputError: no AIND session ID in "ecephys_67690_2023-12-13_13-43-40": expected <platform>_<subject>_<YYYY-MM-DD>_<HH-MM-SS> or <subject>_<YYYY-MM-DD>_<HH-MM-SS>, e.g. ecephys_676909_2023-12-13_13-43-40; subject "67690" has 5 digits, expected 6 or 7
    """

    id: str
    """The normalised session ID, e.g. ``'ecephys_676909_2023-12-13_13-43-40'``."""
    platform: str
    """The platform abbreviation as written in the ID (``''`` for platformless IDs)."""
    subject_id: str
    """The LabTracks subject ID as written in the ID (leading zeros kept)."""

    def __init__(self, session_id: Union[str, os.PathLike, "Session"]) -> None:
        if isinstance(session_id, Session):
            self.id, self.platform, self.subject_id = session_id.id, session_id.platform, session_id.subject_id
            return
        if not isinstance(session_id, str):
            session_id = os.fspath(session_id) if isinstance(session_id, os.PathLike) else str(session_id)
        self.id, self.platform, self.subject_id = _core.parse_session_id(session_id)

    @property
    def date(self) -> str:
        """``'YYYY-MM-DD'``"""
        return self.id[-19:-9]

    @property
    def time(self) -> str:
        """``'HH:MM:SS'``"""
        return self.id[-8:].replace("-", ":")

    @property
    def datetime(self) -> str:
        """``'YYYY-MM-DD HH:MM:SS'``"""
        return f"{self.date} {self.time}"

    @property
    def dt(self) -> _datetime.datetime:
        """The session's date and time as a naive :class:`datetime.datetime` (names carry
        the rig's local time, without a zone)."""
        i = self.id  # ends with YYYY-MM-DD_HH-MM-SS
        return _datetime.datetime(int(i[-19:-15]), int(i[-14:-12]), int(i[-11:-9]),
                                  int(i[-8:-6]), int(i[-5:-3]), int(i[-2:]))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Session):
            return NotImplemented
        return self.id == other.id

    def __lt__(self, other: "Session") -> bool:
        if not isinstance(other, Session):
            return NotImplemented
        return self.id < other.id

    def __hash__(self) -> int:
        return hash(self.id)
