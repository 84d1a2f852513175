"""The README's Python examples run, as written, on the local stack's seed world."""
import doctest
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_readme_examples(seed_stack, monkeypatch):
    monkeypatch.chdir(REPO)  # the capsule example reads tests/resources/capsule_tree/data
    result = doctest.testfile(str(REPO / "README.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 30
    assert result.failed == 0
