"""`aind-session show` when a question cannot be answered: the line says "unknown (<why>)",
never "no" or "none", and in --json the field is null with its reason under "unknown"."""
import json
import socket

import pytest

from aind_session.testing.catalog import seed_values as sv
from conftest import run_cli


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def without_token(env, tmp_path):
    """The seed stack's environment without any Code Ocean token (nor a home .env holding one)."""
    kept = {k: v for k, v in env.items() if k != "CODE_OCEAN_API_TOKEN" and not v.startswith(("cop_", "COP_"))}
    return {**kept, "HOME": str(tmp_path)}


@pytest.fixture
def docdb_unreachable(env):
    return {**env, "AIND_DOCDB_URL": f"http://127.0.0.1:{_closed_port()}"}


def _line(stdout: str, label: str) -> str:
    (line,) = [line for line in stdout.splitlines() if line.startswith(label + " ")]
    return line[16:]


def test_without_a_token_what_needs_code_ocean_is_unknown_not_no(without_token):
    result = run_cli("show", sv.E, env=without_token)
    assert result.returncode == 5, result.stderr  # auth, the first failure's kind
    why = "unknown (Code Ocean: no API token)"
    for label in ("uploaded", "raw data asset", "raw data dir", "modalities", "data assets"):
        assert _line(result.stdout, label) == why, result.stdout
    assert "created" in _line(result.stdout, "DocDB record")  # DocDB answered


def test_without_a_token_the_json_has_nulls_and_says_why(without_token):
    result = run_cli("show", sv.E, "--json", env=without_token)
    assert result.returncode == 5
    data = json.loads(result.stdout)
    for field in ("is_uploaded", "raw_data_asset", "raw_data_dir", "modalities", "data_assets"):
        assert data[field] is None, field
        assert data["unknown"][field] == "Code Ocean: no API token"
    assert data["docdb"]["name"] == sv.E and "docdb" not in data["unknown"]
    assert [e["kind"] for e in data["errors"]] == ["auth"]


def test_with_docdb_unreachable_its_answers_are_unknown(docdb_unreachable):
    result = run_cli("show", sv.E, env=docdb_unreachable)
    assert result.returncode == 9, result.stderr  # server: could not connect
    why = "unknown (DocDB: could not connect)"
    for label in ("uploaded", "raw data asset", "raw data dir", "modalities", "DocDB record"):
        assert _line(result.stdout, label) == why, result.stdout
    assert _line(result.stdout, "data assets") == "42"  # Code Ocean answered


def test_with_docdb_unreachable_the_json_has_nulls_and_says_why(docdb_unreachable):
    result = run_cli("show", sv.E, "--json", env=docdb_unreachable)
    assert result.returncode == 9
    data = json.loads(result.stdout)
    assert data["is_uploaded"] is None and data["docdb"] is None and data["modalities"] is None
    assert data["unknown"] == {field: "DocDB: could not connect"
                               for field in ("is_uploaded", "raw_data_asset", "raw_data_dir", "modalities", "docdb")}
    assert len(data["data_assets"]) == 42
    assert [e["part"] for e in data["errors"]] == ["DocDB record"]


def test_an_answered_no_is_still_no(env):
    result = run_cli("show", sv.S_NOWHERE, "--json", env=env)
    assert result.returncode == 4
    data = json.loads(result.stdout)
    assert data["is_uploaded"] is False and data["raw_data_asset"] is None and data["modalities"] == []
    assert data["unknown"] == {} and data["errors"] == []
    text = run_cli("show", sv.S_NOWHERE, env=env).stdout
    assert _line(text, "uploaded") == "no" and _line(text, "raw data asset") == "none"
