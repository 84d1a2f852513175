"""`session.ecephys` through the Python front, on the seed stack: what it reads, and how
often."""
from __future__ import annotations

import logging

import aind_session
from aind_session import _cache
from aind_session.testing.catalog import seed_values as sv
from aind_session.testing.faults import Fault

FAILED_RUN = "389177d5-33f4-49ef-a2a3-eb2c28ec6fd6"  # a sorted asset of sv.E


def test_a_run_without_sorter_name_is_read_once_and_left_out_with_a_warning(fresh_seed_stack, caplog):
    _cache.clear_all()
    ecephys = aind_session.Session(sv.E).ecephys
    assert FAILED_RUN in {a.id for a in ecephys.sorted_data_assets}
    fresh_seed_stack.faults.add(Fault.http_status(404, count=1000, service="s3", route=FAILED_RUN + "/"))
    fresh_seed_stack.clear_requests()
    with caplog.at_level(logging.WARNING):
        assert ecephys.sorter.names == ("kilosort2_5",)
    reads = [r["path"].rsplit("/", 1)[-1] for r in fresh_seed_stack.requests(service="s3", path_regex=FAILED_RUN)]
    assert sorted(reads) == ["params.json", "processing.json"]  # each file once, not again for the error
    assert f"Sorted data asset {FAILED_RUN} has no sorter name" in caplog.text
    assert FAILED_RUN not in {a.id for a in ecephys.sorter.kilosort2_5.sorted_data_assets}


def test_the_sorter_and_pipeline_names_are_the_engines():
    import typing

    from aind_session._engine import core
    from aind_session.extensions import ecephys

    assert ecephys.KNOWN_SORTERS == ("kilosort2_5", "kilosort4", "spykingcircus2")
    assert typing.get_args(ecephys.PipelineType) == tuple(core.ecephys.pipeline_types())
