"""`aind-session ecephys` on the local stack (seed world): sorted assets by sorter, failed runs
and why, probes; several sessions in order, from stdin too; exit codes.

The binary is the one installed beside this interpreter, else the first `aind-session` on PATH
(conftest.py: BINARY, run_cli, the `env` fixture).
"""
import json

from aind_session.testing.catalog import seed_values as sv
from conftest import run_cli

INCOMPLETE_ID = next(i for i, (_, sorter) in sv.SORTER_CASES.items() if sorter is None)


def test_json_reports_sessions_in_the_order_given(env):
    result = run_cli("ecephys", sv.E, sv.S_747816, "--json", env=env)
    assert result.returncode == 0, result.stderr
    e, lims = (json.loads(line) for line in result.stdout.splitlines())
    assert (e["input"], e["id"], e["is_sorted"], e["errors"]) == (sv.E, sv.E, True, [])
    assets = e["sorted_data_assets"]
    assert assets[0]["id"] == sv.E_SORTED_FIRST_ID and assets[0]["created"] == sv.E_SORTED_FIRST_CREATED
    assert assets[0]["probes"] == list(sv.PROBES_A_TO_F) and assets[0]["is_sorting_analyzer"] is False
    assert {a["sorter_name"] for a in assets} == {sv.E_SORTER}
    assert [a["name"] for a in assets if a["latest_of_sorter"]] == [sv.E_SORTED_LATEST_NAME]
    assert sorted(a["failure"] for a in assets if a["failure"]) == [
        "output error: Essential container in task exited", "output error: Out of memory."]
    assert lims["id"] == sv.S_747816


def test_a_run_without_sorter_name_is_a_failed_run_not_a_failure(env):
    result = run_cli("ecephys", sv.S_747816, "--json", env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    by_id = {a["id"]: a for a in report["sorted_data_assets"]}
    incomplete = by_id[INCOMPLETE_ID]
    assert incomplete["sorter_name"] is None and incomplete["probes"] == []
    assert incomplete["failure"].startswith("no sorter name: Cannot get sorter name")
    latest = sorted(a["sorter_name"] for a in report["sorted_data_assets"] if a["latest_of_sorter"])
    assert latest == ["kilosort2_5", "kilosort4"]


def test_stdin_sessions_and_the_first_failures_exit_code(env):
    result = run_cli("ecephys", "-", "--json", stdin=f"{sv.S_795555}\nnot a session\n{sv.E}\n", env=env)
    first, second, third = (json.loads(line) for line in result.stdout.splitlines())
    assert first["sorted_data_assets"][0]["is_sorting_analyzer"] is True
    assert second["id"] is None and second["errors"][0]["kind"] == "invalid_input"
    assert third["id"] == sv.E
    assert result.returncode == 3


def test_text_groups_by_sorter_and_marks_the_latest(env):
    result = run_cli("ecephys", sv.E, "ecephys_676909_2023-12-13_13-43-39", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{sv.E}  sorted: yes  (7 sorted data assets)")
    latest = next(line for line in lines if sv.E_SORTED_LATEST_NAME in line)
    assert "kilosort2_5" in latest and "ok, latest" in latest
    assert any("failed (Out of memory.)" in line for line in lines)
    assert "ecephys_676909_2023-12-13_13-43-39  sorted: no  (no sorted data assets)" in lines
    assert result.stderr == ""  # no progress line when stderr is not a terminal


def test_help_shows_an_example():
    out = run_cli("ecephys", "--help").stdout
    assert "Example: aind-session ecephys" in out
