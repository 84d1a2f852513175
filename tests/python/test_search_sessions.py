"""aind_session.search_sessions and `aind-session search` / `sessions` on the seed stack: the
same sessions as get_sessions, every filter really holding, bounds inclusive and open, the
sessions DocDB lacks completed from Code Ocean, and a failed source raising (or listed, with
partial=True)."""
from __future__ import annotations

import json

import pytest

import aind_session
from aind_session import errors
from aind_session.catalog import SEARCH_COLUMNS
from aind_session.testing import Fault

from conftest import run_cli

SUBJECT = "676909"
E = "ecephys_676909_2023-12-13_13-43-40"


def ids(sessions):
    return [s.id for s in sessions]


def ecephys_subjects(catalog):
    return sorted({s.split("_")[1] for s in catalog.sessions if s.startswith("ecephys_")})


def docdb_raw_names(catalog):
    return {r["name"] for r in catalog.docdb[("metadata_index", "data_assets")]
            if (r.get("data_description") or {}).get("data_level") == "raw"}


@pytest.mark.parametrize("filters", [
    {}, {"platform": "ecephys"}, {"platform": "behavior"}, {"start_date": "2023-12-13"},
    {"end_date": "2023-12-13"}, {"start_date": "2023-12-13", "end_date": "2023-12-14_10-00-00"},
    {"date": "20231213"},
])
def test_a_subjects_search_is_get_sessions(fresh_seed_stack, filters):
    assert ids(aind_session.search_sessions(subject_id=SUBJECT, **filters)) == \
        ids(aind_session.get_sessions(SUBJECT, **filters))


def test_a_platform_search_is_the_union_of_get_sessions_over_subjects(fresh_seed_stack):
    found = aind_session.search_sessions(platform="ecephys", start_date="2023-06-01")
    expected = {s.id for subject in ecephys_subjects(fresh_seed_stack.catalog)
                for s in aind_session.get_sessions(subject, platform="ecephys", start_date="2023-06-01")}
    assert set(ids(found)) == expected
    assert list(found) == sorted(found, key=lambda s: (s.dt, s.id))
    assert len(set(found)) == len(found)


def test_sessions_docdb_lacks_come_from_code_ocean(fresh_seed_stack):
    catalog = fresh_seed_stack.catalog
    in_docdb = docdb_raw_names(catalog)
    missing = sorted(s for s in set(catalog.sessions) - in_docdb if s.startswith("ecephys_"))
    if not missing:
        pytest.skip("the seed world has every ecephys session in DocDB")
    found = set(ids(aind_session.search_sessions(platform="ecephys")))
    assert set(missing) <= found
    # Project is DocDB's: a session without a record cannot be shown to match it.
    project = next(r["data_description"]["project_name"] for r in catalog.docdb[("metadata_index", "data_assets")]
                   if r["name"].startswith("ecephys_"))
    assert not set(missing) & set(ids(aind_session.search_sessions(platform="ecephys", project=project)))


def test_every_filter_holds_on_every_result(fresh_seed_stack):
    records = {r["name"]: r for r in fresh_seed_stack.catalog.docdb[("metadata_index", "data_assets")]
               if r["data_description"]["data_level"] == "raw"}
    record = records[E]
    project = record["data_description"]["project_name"]
    for modality in ("ecephys", "EXTRACELLULAR electrophysiology"):
        found = aind_session.search_sessions(project=project, modality=modality, start_date="2023-01-01",
                                             end_date="2024-12-31")
        assert E in ids(found)
        for s in found:
            dd = records[s.id]["data_description"]
            assert dd["project_name"] == project
            assert modality.lower() in {m[k].lower() for m in dd["modality"] for k in ("name", "abbreviation")}
            assert "2023-01-01" <= s.date <= "2024-12-31"


def test_bounds_are_inclusive_and_open_on_either_side(fresh_seed_stack):
    at = dict(subject_id=SUBJECT, platform="ecephys")
    assert E in ids(aind_session.search_sessions(start_date="2023-12-13_13-43-40", **at))
    assert E in ids(aind_session.search_sessions(end_date="2023-12-13_13-43-40", **at))
    assert E in ids(aind_session.search_sessions(end_date="2023-12-13", **at))  # a date alone: its whole day
    assert E not in ids(aind_session.search_sessions(start_date="2023-12-13_13-43-41", **at))
    assert E not in ids(aind_session.search_sessions(end_date="2023-12-13_13-43-39", **at))
    before = ids(aind_session.search_sessions(end_date="2023-12-13_13-43-39", **at))
    after = ids(aind_session.search_sessions(start_date="2023-12-13_13-43-40", **at))
    assert before + after == ids(aind_session.search_sessions(**at))


def test_bad_input_is_named_before_any_request(fresh_seed_stack):
    with pytest.raises(errors.InvalidInputError, match="no filter given"):
        aind_session.search_sessions()
    with pytest.raises(errors.InvalidInputError, match="date range"):
        aind_session.search_sessions(date="2023-12-13", start_date="2023-12-01")
    with pytest.raises(ValueError, match="2023-13-45"):
        aind_session.search_sessions(start_date="2023-13-45")
    with pytest.raises(errors.InvalidInputError, match="platform is empty"):
        aind_session.search_sessions(platform="")
    assert not fresh_seed_stack.requests()


def test_a_failing_docdb_raises(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.http_status(403, service="docdb", route="/aggregate$"))
    with pytest.raises(errors.AindSessionError, match="DocDB could not be asked"):
        aind_session.search_sessions(platform="ecephys")


def test_a_partial_answer_lists_the_failure(fresh_seed_stack):
    whole = set(ids(aind_session.search_sessions(platform="ecephys")))
    fresh_seed_stack.faults.add(Fault.http_status(403, service="docdb", route="/aggregate$"))
    found = aind_session.search_sessions(platform="ecephys", partial=True)
    assert len(found.failures) == 1 and str(found.failures[0]).startswith("DocDB: ")
    assert isinstance(found.failures[0], errors.AindSessionError)
    assert found.sources == ("DocDB", "Code Ocean")
    assert found and set(ids(found)) <= whole  # Code Ocean's part is still there


def test_a_failing_code_ocean_raises(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.http_status(403, service="codeocean", route="/search$"))
    with pytest.raises(errors.AindSessionError, match="Code Ocean could not be asked"):
        aind_session.search_sessions(platform="ecephys")


# ---- as a table --------------------------------------------------------------------------------


def test_a_table_is_the_same_sessions_with_their_records_fields(fresh_seed_stack):
    found = aind_session.search_sessions(platform="ecephys", start_date="2023-06-01")
    fresh_seed_stack.clear_requests()
    table = aind_session.search_sessions(platform="ecephys", start_date="2023-06-01", table=True)
    assert table.columns == SEARCH_COLUMNS and table.failures == () and table.sources == ("DocDB", "Code Ocean")
    assert table.column("session") == ids(found)
    assert all(r["platform"] == "ecephys" and r["datetime"] == aind_session.Session(r["session"]).dt for r in table)
    # What DocDB's record says is what a session's own questions answer, at no extra request.
    per_session = aind_session.status(table.column("session"), fields=["docdb_record_id"])
    assert table.column("docdb_record_id") == per_session.column("docdb_record_id")
    in_docdb = docdb_raw_names(fresh_seed_stack.catalog)
    for row in table:
        assert ("DocDB" in row["sources"]) == (row["session"] in in_docdb), row
        assert (row["docdb_record_id"] is None) == ("DocDB" not in row["sources"]), row
    e = next(r for r in table if r["session"] == E)
    record = next(r for r in fresh_seed_stack.catalog.docdb[("metadata_index", "data_assets")] if r["name"] == E)
    assert (e["project"], e["location"]) == (record["data_description"]["project_name"], record["location"])
    assert e["modalities"] == [m["abbreviation"] for m in record["data_description"]["modality"]]


def test_a_table_costs_no_more_requests_than_the_sessions(fresh_seed_stack):
    aind_session.search_sessions(platform="ecephys", table=False)
    plain = len(fresh_seed_stack.requests())
    fresh_seed_stack.clear_requests()
    aind_session.search_sessions(platform="ecephys", table=True)
    assert len(fresh_seed_stack.requests()) == plain


def test_a_partial_table_keeps_its_failures(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.http_status(403, service="docdb", route="/aggregate$"))
    table = aind_session.search_sessions(platform="ecephys", partial=True, table=True)
    assert len(table.failures) == 1 and str(table.failures[0]).startswith("DocDB: ")
    assert table and all(r["sources"] == ["Code Ocean"] for r in table)


def test_a_table_goes_to_pandas(fresh_seed_stack):
    pandas = pytest.importorskip("pandas")
    frame = aind_session.search_sessions(subject_id=SUBJECT, table=True).to_pandas()
    assert list(frame.columns) == list(SEARCH_COLUMNS)
    assert pandas.api.types.is_datetime64_any_dtype(frame["datetime"])


# ---- the command ----------------------------------------------------------------------------


def test_cli_search_prints_the_same_table_as_python(env):
    text = run_cli("search", "--subject", SUBJECT, "--platform", "ecephys", env=env)
    assert text.returncode == 0, text.stderr
    assert tuple(text.stdout.splitlines()[0].split()) == SEARCH_COLUMNS
    assert E in text.stdout
    out = run_cli("search", "--subject", SUBJECT, "--platform", "ecephys", "--json", env=env)
    rows = json.loads(out.stdout)
    table = aind_session.search_sessions(subject_id=SUBJECT, platform="ecephys", table=True)
    assert [r["session"] for r in rows] == ids(aind_session.get_sessions(SUBJECT, platform="ecephys"))
    assert [{**r, "datetime": str(r["datetime"])} for r in table] == rows  # datetime: text on the CLI


def test_cli_search_writes_csv_ndjson_and_parquet(env, tmp_path):
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    args = ("search", "--subject", SUBJECT)
    rows = json.loads(run_cli(*args, "--json", env=env).stdout)
    ndjson = run_cli(*args, "--ndjson", env=env).stdout.splitlines()
    assert [json.loads(line) for line in ndjson] == rows
    csv_lines = run_cli(*args, "--csv", env=env).stdout.splitlines()
    assert csv_lines[0] == ",".join(SEARCH_COLUMNS) and len(csv_lines) == len(rows) + 1
    target = tmp_path / "found.parquet"
    assert run_cli(*args, "--parquet", str(target), env=env).returncode == 0
    assert pyarrow_parquet.read_table(target).column("session").to_pylist() == [r["session"] for r in rows]


def test_cli_search_fails_or_prints_a_partial_answer(fresh_seed_stack, env):
    fresh_seed_stack.faults.add(Fault.http_status(403, service="docdb", route="/aggregate$"))
    failed = run_cli("search", "--platform", "ecephys", env=env)
    assert failed.returncode != 0 and "DocDB could not be asked" in failed.stderr and not failed.stdout
    partial = run_cli("search", "--platform", "ecephys", "--partial", "--json", env=env)
    rows = json.loads(partial.stdout)
    assert partial.returncode == failed.returncode
    assert "DocDB could not be asked" in partial.stderr
    assert rows and all(r["sources"] == ["Code Ocean"] and r["docdb_record_id"] is None for r in rows)


def test_cli_sessions_is_get_sessions(env):
    out = run_cli("sessions", SUBJECT, "--start", "2023-12-13", "--end", "2023-12-14_10-00-00", "--json", env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [{"session": E, "platform": "ecephys", "subject_id": SUBJECT,
                                       "datetime": "2023-12-13 13:43:40"}]
    assert run_cli("sessions", SUBJECT, "--date", "2023-12-13", "--start", "2023-12-01", env=env).returncode == 2
