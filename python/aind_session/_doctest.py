"""``aind_session.testmod()``: run a module's examples as the original's own tests ran them."""
from __future__ import annotations

import doctest

#: The flags the original's documentation examples are written for.
OPTIONFLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL


def testmod(**testmod_kwargs) -> doctest.TestResults:
    """``doctest.testmod(**testmod_kwargs)``, with whitespace normalised, ``...`` allowed and
    exception details ignored unless ``optionflags`` says otherwise."""
    testmod_kwargs.setdefault("optionflags", OPTIONFLAGS)
    return doctest.testmod(**testmod_kwargs)
