"""The :class:`Session` class: one AIND acquisition, identified by its session ID.

Construction only parses (in C++): no I/O happens until a property that needs a service
is read.
"""
from __future__ import annotations

import datetime as _datetime
import functools
import logging
import os
from typing import TYPE_CHECKING, Union

from aind_session._cache import SEARCH_TTL_SECONDS, ttl_cache
from aind_session._dates import DateLike, as_text
from aind_session._engine import core
from aind_session._ids import subject_text
from aind_session._records import DatetimeText, DateText, TimeText  # noqa: F401 (annotations)
from aind_session.extension import builtin_namespace

_session_fields = core.naming.session_fields  # bound once: Session() is a hot path

if TYPE_CHECKING:  # pragma: no cover
    import upath
    from codeocean.data_asset import DataAsset

    from aind_session._store import Explanation
    from aind_session.extensions.ecephys import EcephysExtension
    from aind_session.extensions.lims import LimsExtension
    from aind_session.subject import Subject

__all__ = ["Session", "get_sessions"]

logger = logging.getLogger(__name__)


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

    # This package's namespaces (aind_session.extensions), loaded on first use.
    ecephys: "EcephysExtension" = builtin_namespace("ecephys", "aind_session.extensions.ecephys")
    lims: "LimsExtension" = builtin_namespace("lims", "aind_session.extensions.lims")

    id: str
    """The normalised session ID, e.g. ``'ecephys_676909_2023-12-13_13-43-40'``."""
    platform: str
    """The platform abbreviation as written in the ID (``''`` for platformless IDs)."""
    subject_id: str
    """The LabTracks subject ID as written in the ID (leading zeros kept)."""

    date: DateText
    """``'YYYY-MM-DD'`` (also with ``.dt``, ``.year``, ``.month``, ``.day``, as the original's records)."""
    time: TimeText
    """``'HH:MM:SS'`` (also with ``.dt``, ``.hour``, ``.minute``, ``.second``)."""
    dt: _datetime.datetime
    """The session's date and time as a naive :class:`datetime.datetime` (names carry the rig's
    local time, without a zone)."""

    def __init__(self, session_id: Union[str, os.PathLike, "Session"]) -> None:
        if isinstance(session_id, Session):
            self.id, self.platform, self.subject_id = session_id.id, session_id.platform, session_id.subject_id
            self.date, self.time, self.dt = session_id.date, session_id.time, session_id.dt
            return
        if not isinstance(session_id, str):
            session_id = os.fspath(session_id) if isinstance(session_id, os.PathLike) else str(session_id)
        self.id, self.platform, self.subject_id, self.date, self.time, self.dt = _session_fields(session_id)

    @property
    def datetime(self) -> DatetimeText:
        """``'YYYY-MM-DD HH:MM:SS'`` (also with ``.dt``, ``.date``, ``.time``, ``.year`` ... ``.second``)"""
        return DatetimeText(f"{self.date} {self.time}")

    # ---- what the services know about the session (lazy; cached by the helpers) ----------

    @property
    def data_assets(self) -> tuple["DataAsset", ...]:
        """Every Code Ocean data asset whose name starts with the session ID (raw and
        derived), oldest first; may be empty."""
        from aind_session.utils import codeocean_utils

        return codeocean_utils.get_data_assets(self.id)

    @property
    def raw_data_asset(self) -> "DataAsset":
        """The session's latest raw data asset: the Code Ocean assets its DocDB record links
        to, else the assets named after it that are raw (custom metadata, tags, or a name
        equal to the ID). Raises ``AttributeError`` (NoRawDataAssetError) when there is none,
        with the places that were tried."""
        from aind_session.utils import session_utils

        return session_utils.get_raw_data_asset(self.id)

    @property
    def is_uploaded(self) -> bool:
        """True when the session has a raw data asset or a raw data directory on S3."""
        from aind_session.utils import session_utils

        return session_utils.is_uploaded(self.id)

    @property
    def raw_data_dir(self) -> "upath.UPath":
        """The raw data directory: DocDB ``location``, else the raw asset's source bucket,
        else the first of the known S3 buckets (probed concurrently, the original's priority
        order wins) holding a directory named after the session. Raises ``AttributeError``
        (NoRawDataDirError) listing every place tried when there is none."""
        from aind_session.utils import session_utils

        return session_utils.get_raw_data_dir(self.id)

    @property
    def modalities(self) -> tuple[str, ...]:
        """Names of the raw data directory's sub-directories (``ecephys_compressed`` and
        ``ecephys_clipped`` count as ``ecephys``; metadata folders are left out), sorted;
        ``()`` when the session is not uploaded."""
        from aind_session.utils import session_utils

        return session_utils.get_modalities(self.id)

    @functools.cached_property
    def subject(self) -> "Subject":
        """The session's subject: the same object each time, so its namespaces keep their state."""
        from aind_session.subject import Subject

        return Subject(self.subject_id)

    @property
    def docdb(self) -> dict:
        """The session's latest DocDB record (``{}`` when there is none)."""
        from aind_session.utils import docdb_utils

        return docdb_utils.get_docdb_record(self.id)

    def explain(self, attribute: str) -> "Explanation":
        """The answer of ``self.<attribute>`` (``"raw_data_dir"``, ``"ecephys.is_sorted"``...)
        with why it was chosen and where every answer it needed came from: the network, or the
        store and how old. An attribute that fails is explained too (``.error``).

        >>> import aind_session
        >>> aind_session.Session("ecephys_676909_2023-12-13_13-43-40").explain("id").value
        'ecephys_676909_2023-12-13_13-43-40'
        """
        from aind_session import _store

        def question():
            value = self
            for part in attribute.split("."):
                value = getattr(value, part)
            return value

        return _store.explain(question)

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
    subject = subject_text(subject_id)
    dates = {key: None if value is None else as_text(value)
             for key, value in dict(date=date, start_date=start_date, end_date=end_date).items()}
    core.subject.SessionFilter(platform=platform, **dates)  # bad filters fail here, before requests
    ids = _session_ids(subject, platform, *dates.values())
    if not ids:
        logger.info("No sessions found for subject %s with the given filters", subject)
    return tuple(Session(session_id) for session_id in ids)


@ttl_cache(SEARCH_TTL_SECONDS)
def _session_ids(subject: str, platform: str | None, date: str | None, start_date: str | None,
                 end_date: str | None) -> tuple[str, ...]:
    """get_sessions' IDs, from the engine (no model of each asset is built), kept ten minutes
    as the subject's assets are."""
    session_filter = core.subject.SessionFilter(platform=platform, date=date, start_date=start_date,
                                                end_date=end_date)
    return tuple(core.subject.session_ids(subject, session_filter))
