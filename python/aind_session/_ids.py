"""Subject IDs as the search helpers take them."""
from __future__ import annotations

import logging

from aind_session import errors
from aind_session._engine import core

logger = logging.getLogger("aind_session")


def subject_text(value: object) -> str:
    """The LabTracks subject ID in ``value`` (6-7 digits, found anywhere in the text); when
    there is none, the text itself, with a warning: the original searched for whatever it was
    given (and found nothing for a subject that is not a LabTracks mouse)."""
    text = str(value).strip()
    found = core.naming.find_subject_id(text)
    if found is not None:
        return found
    if not text:
        raise errors.InvalidInputError("a subject ID is needed, got an empty one")
    logger.warning("%r is not a LabTracks subject ID (6-7 digits): searching for it as it is", text)
    return text
