"""The extension layer's writes (S3 objects, new data assets, runs) reach the server once,
even when the server fails after receiving them: a retry could create a second asset or
start a second day-long pipeline run."""
from __future__ import annotations

import json

import pytest

import aind_session
from aind_session import errors
from aind_session._engine import core
from aind_session.testing.faults import Fault


def test_a_failed_s3_write_is_not_repeated(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.http_status(503, count=1, service="s3", method="PUT"))
    with pytest.raises(errors.ServerError):
        core.locations.write_text("s3://aind-scratch-data/once/note.txt", "hello")
    assert len(fresh_seed_stack.requests(service="s3", method="PUT")) == 1
    core.locations.write_text("s3://aind-scratch-data/once/note.txt", "hello")  # the next write goes through
    assert core.locations.read_text("s3://aind-scratch-data/once/note.txt") == "hello"


def test_a_failed_asset_creation_is_not_repeated(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.http_status(503, count=1, service="codeocean", method="POST",
                                                  route="/data_assets$"))
    params = {"name": "once", "mount": "once", "source": {"aws": {"bucket": "aind-scratch-data", "prefix": "once",
                                                                 "keep_on_external_storage": False, "public": False}}}
    with pytest.raises(errors.ServerError):
        core.codeocean.create_data_asset(json.dumps(params))
    assert len(fresh_seed_stack.requests(service="codeocean", method="POST", path_regex="/data_assets$")) == 1


def test_a_failed_sorting_run_is_not_repeated(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.http_status(503, count=1, service="codeocean", method="POST",
                                                  route="/computations$"))
    session = aind_session.Session("ecephys_676909_2023-12-13_13-43-40")
    with pytest.raises(errors.ServerError):
        session.ecephys.run_sorting(skip_already_sorting=False)
    assert len(fresh_seed_stack.requests(service="codeocean", method="POST", path_regex="/computations$")) == 1
