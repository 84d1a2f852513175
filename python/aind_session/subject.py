"""The :class:`Subject` class: one mouse, its sessions, assets and DocDB records."""
from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

from aind_session._engine import core
from aind_session.extension import builtin_namespace
from aind_session.session import Session, get_sessions

if TYPE_CHECKING:  # pragma: no cover
    from codeocean.data_asset import DataAsset

    from aind_session.extensions.smartspim_neuropixels import IBLDataConverterExtension, NeuroglancerExtension

logger = logging.getLogger(__name__)

__all__ = ["Subject", "get_sessions"]


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

    # The SmartSPIM-Neuropixels namespaces (aind_session.extensions.smartspim_neuropixels),
    # loaded on first use.
    neuroglancer: "NeuroglancerExtension" = builtin_namespace(
        "neuroglancer", "aind_session.extensions.smartspim_neuropixels")
    ibl_data_converter: "IBLDataConverterExtension" = builtin_namespace(
        "ibl_data_converter", "aind_session.extensions.smartspim_neuropixels")

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
