"""The :class:`Subject` class and :func:`get_sessions`: the sessions of one mouse."""
from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

from aind_session._dates import DateLike, as_text
from aind_session._engine import core
from aind_session.session import Session

if TYPE_CHECKING:  # pragma: no cover
    from codeocean.data_asset import DataAsset

logger = logging.getLogger(__name__)

__all__ = ["Subject", "get_sessions"]

def get_sessions(subject_id: int | str, date: DateLike | None = None, platform: str | None = None,
                 start_date: DateLike | None = None, end_date: DateLike | None = None) -> tuple[Session, ...]:
    """The sessions of a subject found in Code Ocean and DocDB, oldest first.

    ``platform`` must match exactly. ``date`` keeps the sessions of that day (a datetime is
    truncated to its day). ``start_date``/``end_date`` are inclusive, either may be left
    open, and a date without a time as ``end_date`` includes that whole day. Names of other
    subjects that the server's search returns are left out.

    >>> import aind_session
    >>> sessions = aind_session.get_sessions(subject_id=676909)       # doctest: +SKIP
    >>> sessions[0].platform, sessions[0].date                         # doctest: +SKIP
    ('behavior', '2023-10-24')
    """
    subject = core.naming.parse_subject_id(str(subject_id))
    dates = {key: None if value is None else as_text(value)
             for key, value in dict(date=date, start_date=start_date, end_date=end_date).items()}
    session_filter = core.subject.SessionFilter(platform=platform, **dates)  # bad filters fail here, before requests
    from aind_session.utils.codeocean_utils import get_subject_data_assets

    names = [asset.name for asset in get_subject_data_assets(subject)]
    ids = core.subject.sessions(names, subject, session_filter)
    if not ids:
        logger.info("No sessions found for subject %s with the given filters", subject)
    return tuple(Session(session_id) for session_id in ids)


@functools.total_ordering
class Subject:
    """A subject (mouse), identified by its LabTracks ID.

    >>> Subject(676909)
    Subject('676909')
    >>> Subject('/root/capsule/aind_session/ecephys_676909_2023-12-13_13-43-40').id
    '676909'
    >>> Subject(676908) == Subject('676908'), Subject(676908) < Subject('676909')
    (True, True)
    """

    def __init__(self, subject_id: int | str) -> None:
        text = str(subject_id)
        found = core.naming.find_subject_id(text)
        if found is None:
            logger.warning("No LabTracks subject ID (6-7 digits) in %r: keeping it as the ID", text)
        self.id: str = found if found is not None else text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"

    def __eq__(self, other: object) -> bool:
        return self.id == other.id if isinstance(other, Subject) else NotImplemented

    def __lt__(self, other: "Subject") -> bool:
        return self.id < other.id if isinstance(other, Subject) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def sessions(self) -> tuple[Session, ...]:
        """The subject's sessions, oldest first."""
        return get_sessions(self.id)

    @property
    def data_assets(self) -> tuple["DataAsset", ...]:
        """Every data asset of the subject, oldest first."""
        from aind_session.utils.codeocean_utils import get_subject_data_assets

        return get_subject_data_assets(self.id)

    @property
    def docdb(self) -> tuple[dict[str, Any], ...]:
        """Every DocDB record of the subject, oldest first."""
        from aind_session.utils.docdb_utils import get_subject_docdb_records

        return get_subject_docdb_records(self.id)
