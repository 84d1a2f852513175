"""The `aind-session` command on the local stack (seed world): output, JSON, exit codes."""
import json

from aind_session.testing.catalog import seed_values as sv
from conftest import run_cli


def test_show_summarises_a_session(env):
    result = run_cli("show", sv.E, env=env)
    assert result.returncode == 0, result.stderr
    assert f"raw data dir    s3://aind-ephys-data/{sv.E}" in result.stdout
    assert "modalities      behavior, behavior_videos, ecephys" in result.stdout
    assert sv.E_RAW_ID in result.stdout


def test_show_json_is_one_complete_object(env):
    result = run_cli("show", sv.E + "_sorted_2024-03-01_16-02-45", "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == sv.E and data["is_uploaded"] is True
    assert data["raw_data_asset"]["id"] == sv.E_RAW_ID
    assert data["modalities"] == list(sv.E_MODALITIES)
    assert len(data["data_assets"]) == 42 and data["errors"] == []


def test_show_a_session_nowhere_explains_and_exits_not_found(env):
    result = run_cli("show", sv.S_NOWHERE, env=env)
    assert result.returncode == 4
    assert "Tried, in order" in result.stdout and "aind-ephys-data" in result.stdout


def test_invalid_input_exits_3_with_the_reason_on_stderr(env):
    result = run_cli("show", "ecephys_67690_2023-12-13_13-43-40", env=env)
    assert result.returncode == 3
    assert 'has 5 digits' in result.stderr and result.stdout == ""


def test_a_wrong_token_exits_5_and_says_which_variable(env):
    result = run_cli("assets", sv.E, env={**env, "CODE_OCEAN_API_TOKEN": "cop_wrong"})
    assert result.returncode == 5
    assert "CODE_OCEAN_API_TOKEN" in result.stderr


def test_assets_lists_a_session_or_one_asset(env):
    result = run_cli("assets", sv.E, "--json", env=env)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 42 and lines[0]["id"] == sv.E_RAW_ID and lines[0]["kind"] == "raw"
    one = run_cli("assets", sv.E_RAW_ID.replace("-", ""), env=env)
    assert one.returncode == 0 and sv.E in one.stdout


def test_docdb_prints_the_record(env):
    record = json.loads(run_cli("docdb", sv.E, "--json", env=env).stdout)
    assert list(record) == list(sv.DOCDB_V1_KEYS)
    assert record["subject"]["genotype"] == sv.E_GENOTYPE
    assert run_cli("docdb", sv.S_NOWHERE, env=env).returncode == 4


def test_config_masks_the_token(env):
    out = run_cli("config", env=env).stdout
    assert "cop_…0000" in out and "cop_localstack0000" not in out


def test_parse_reads_stdin_as_json_lines(env):
    result = run_cli("parse", "--json", stdin=f"{sv.E}\nnot a session\n", env=env)
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["id"] == sv.E and first["kind"] == "raw"
    assert second["error"]["kind"] == "invalid_input"
    assert result.returncode == 3


def test_stdin_lines_of_a_windows_file_are_read_without_their_line_ends(env):
    result = run_cli("parse", "--json", stdin=f"  {sv.E}\r\n\r\n", env=env)
    (only,) = (json.loads(line) for line in result.stdout.splitlines())
    assert only["input"] == sv.E and only["kind"] == "raw" and only["tail"] == ""
    assert result.returncode == 0


def test_help_lists_every_command():
    out = run_cli("--help").stdout
    for command in ("show", "assets", "docdb", "parse", "config"):
        assert command in out
