"""Search across the catalog: :func:`search_sessions`.

The engine asks DocDB (one aggregation of the raw records, only the fields checked) and, for
the sessions DocDB has no record of, Code Ocean, concurrently; every session returned is
checked again against every filter (``docs/rules.md``, "Catalog").
"""
from __future__ import annotations

import logging
from typing import Optional, Union

from aind_session import errors
from aind_session._dates import DateLike, as_text
from aind_session._engine import core
from aind_session._ids import subject_text
from aind_session._table import Table
from aind_session.session import Session

__all__ = ["SearchResults", "SearchTable", "search_sessions", "SEARCH_COLUMNS"]

#: The columns of ``search_sessions(..., table=True)`` and of ``aind-session search``.
SEARCH_COLUMNS = ("session", "platform", "subject_id", "datetime", "docdb_record_id", "project", "modalities",
                  "location", "sources")

logger = logging.getLogger(__name__)


class SearchResults(tuple):
    """The sessions found (a tuple of :class:`~aind_session.Session`, oldest first), with
    ``failures``: one exception per source that could not be asked (not raised; its message
    starts with the source), and ``sources``: the sources consulted."""

    failures: tuple[errors.AindSessionError, ...]
    sources: tuple[str, ...]

    def __new__(cls, sessions, failures=(), sources=()):
        self = super().__new__(cls, sessions)
        self.failures, self.sources = tuple(failures), tuple(sources)
        return self


class SearchTable(Table):
    """:func:`search_sessions`' answer as a :class:`~aind_session.Table` (``table=True``), with the
    same ``failures`` and ``sources`` as :class:`SearchResults` (a slice is a plain Table)."""

    failures: tuple[errors.AindSessionError, ...]
    sources: tuple[str, ...]

    def __init__(self, records, failures=(), sources=()):
        super().__init__(records, SEARCH_COLUMNS)
        self.failures, self.sources = tuple(failures), tuple(sources)


def _record(session_id: str, sources: list, record_id, project, modalities: list, location) -> dict:
    session = Session(session_id)
    return dict(session=session_id, platform=session.platform, subject_id=session.subject_id,
                datetime=session.dt, docdb_record_id=record_id, project=project, modalities=modalities,
                location=location, sources=sources)


def search_sessions(*, platform: Optional[str] = None, subject_id: int | str | None = None,
                    date: DateLike | None = None, start_date: DateLike | None = None,
                    end_date: DateLike | None = None, project: Optional[str] = None,
                    modality: Optional[str] = None, partial: bool = False,
                    table: bool = False) -> Union[tuple[Session, ...], SearchTable]:
    """The sessions across the catalog that match every filter given, oldest first (then by ID).

    ``platform`` must match the session name's platform exactly; ``subject_id`` is the
    name's subject; ``date`` keeps one day; ``start_date``/``end_date`` are inclusive and
    either may be left open (a date without a time as ``end_date`` covers its whole day), on
    the session's own date and time, as :func:`~aind_session.get_sessions`. ``project``
    (DocDB's ``data_description.project_name``, exact) and ``modality`` (an abbreviation
    such as ``'ecephys'`` or a name, any case) are facts of DocDB records: a session DocDB
    has no record of cannot match them.

    DocDB answers first; Code Ocean adds the sessions it has and DocDB lacks when a subject
    (its searches, as ``get_sessions``) or a platform (its raw datasets) is given. A source
    that fails raises (a :class:`~aind_session.errors.RequestFailedError` or subclass):
    a failure never reads as a shorter answer. With ``partial=True`` the sessions the other
    sources found are returned, with ``.failures`` listing what failed.

    >>> import aind_session
    >>> aind_session.search_sessions(subject_id=676909, platform='ecephys', start_date='2023-12-13')
    (Session('ecephys_676909_2023-12-13_13-43-40'), Session('ecephys_676909_2023-12-14_12-43-11'))
    >>> found = aind_session.search_sessions(platform='ecephys', start_date='2023-12-13', partial=True)
    >>> found.failures
    ()

    With ``table=True`` the answer is a :class:`~aind_session.Table` of what the search saw of
    each session on its way, at no extra request: ``session``, ``platform``, ``subject_id``,
    ``datetime`` (from the ID), and from the session's raw DocDB record (the latest, as
    ``Session.docdb``; ``None`` and ``[]`` when DocDB has none) ``docdb_record_id``,
    ``project``, ``modalities`` (its abbreviations) and ``location``; ``sources`` says who
    named the session (``'DocDB'``, ``'Code Ocean'``): a session only Code Ocean knows has
    no DocDB record to read. For answers the search does not see (raw data dir, sorting),
    pass the sessions to :func:`~aind_session.status`.

    >>> table = aind_session.search_sessions(subject_id=676909, platform='ecephys', end_date='2023-12-13', table=True)
    >>> table.columns
    ('session', 'platform', 'subject_id', 'datetime', 'docdb_record_id', 'project', 'modalities', 'location', 'sources')
    >>> {k: table[0][k] for k in ('session', 'modalities', 'sources')}
    {'session': 'ecephys_676909_2023-12-13_13-43-40', 'modalities': ['ecephys', 'behavior', 'behavior-videos'], 'sources': ['DocDB', 'Code Ocean']}
    """
    subject = None if subject_id is None else subject_text(subject_id)
    dates = {key: None if value is None else as_text(value)
             for key, value in dict(date=date, start_date=start_date, end_date=end_date).items()}
    rows, failures, sources = core.catalog.search(platform=platform, subject_id=subject, project=project,
                                                  modality=modality, partial=partial, record_fields=table, **dates)
    failed = [errors.recast(error, type(error), source) for source, error in failures]
    for error in failed:
        logger.warning("search_sessions: a partial answer: %s", error)
    if table:
        return SearchTable((_record(*row) for row in rows), failed, sources)
    return SearchResults((Session(row[0]) for row in rows), failed, sources)
