"""``session.lims``: legacy sessions whose data also live in LIMS2 (the Allen Institute's
earlier database), matched through the LIMS session ID written in raw file names.

>>> import aind_session
>>> aind_session.lims.get_session(747816, 1386750279)
Session('ecephys_747816_2024-08-14_13-57-37')
>>> aind_session.Session('ecephys_747816_2024-08-14_13-57-37').lims.id
1386750279
>>> aind_session.lims.extract_id('1386750279_747816_20240814.sync')
1386750279
"""
from __future__ import annotations

import logging

from aind_session import errors
from aind_session._engine import core
from aind_session.extension import ExtensionBaseClass, register_namespace
from aind_session.session import Session

logger = logging.getLogger(__name__)

__all__ = ["LimsExtension"]


@register_namespace("lims", Session)
class LimsExtension(ExtensionBaseClass):
    """The LIMS2 side of a session (``session.lims``); the static methods also work on their own
    (``aind_session.lims.get_session(...)``)."""

    _base: Session

    @staticmethod
    def get_session(labtracks_mouse_id: str | int, lims_session_id: str | int) -> Session:
        """The session of a mouse whose raw data hold a file or folder named with this LIMS
        session ID (its sessions are searched oldest first, their folders listed concurrently).
        ``ValueError`` (LimsIdNotFoundError) when none does."""
        subject = core.naming.parse_subject_id(str(labtracks_mouse_id))
        try:
            return Session(core.lims.session_of(subject, str(lims_session_id)))
        except errors.NotFoundError as error:
            errors.reraise_as(error, errors.LimsIdNotFoundError)

    @staticmethod
    def extract_id(value: str) -> int:
        """The LIMS session ID in a file name: the first part (between ``_`` and ``.``) of at
        least 9 digits that is not a date. ``ValueError`` when there is none.

        >>> LimsExtension.extract_id('747816_20240814.sync')
        Traceback (most recent call last):
        ...
        aind_session.errors.LimsIdNotFoundError: No lims ID found in '747816_20240814.sync'
        """
        found = core.lims.extract_id(str(value))
        if found is None:
            raise errors.LimsIdNotFoundError(f"No lims ID found in {value!r}")
        return found

    @staticmethod
    def get_id(aind_session_id: str) -> int:
        """The LIMS session ID of a session, from the names in its raw data folders."""
        try:
            return core.lims.id_of_session(Session(aind_session_id).id)
        except errors.NotFoundError as error:
            errors.reraise_as(error, errors.LimsIdNotFoundError)

    @property
    def id(self) -> int:
        """The session's LIMS session ID."""
        return LimsExtension.get_id(self._base.id)
