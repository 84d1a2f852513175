"""Bulk status (``aind_session.status``, ``aind-session status``) on the seed stack: every field
equals the one-session property it names, a failing session stays in its row, a 429 with
Retry-After holds every worker, the Table's conversions, and the command's formats."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

import aind_session
from aind_session import errors
from aind_session.testing import Fault
from aind_session.testing.catalog import seed_values as sv
from conftest import BINARY, run_cli

ALL_FIELDS = tuple(aind_session.status.FIELDS)
NOWHERE = "SmartSPIM_123456_2024-07-20_21-47-21"


def _or_none(read):
    """A one-session property, with "there is none" as None (the status table's null)."""
    try:
        return read()
    except (errors.NotFoundError, AttributeError, FileNotFoundError):
        return None


def one_session(session_id: str) -> dict:
    """What the Session properties answer, in the status table's plain values."""
    session = aind_session.Session(session_id)
    raw = _or_none(lambda: session.raw_data_asset)
    raw_dir = _or_none(lambda: session.raw_data_dir)
    sorter = session.ecephys.sorter
    return {
        "session": session.id,
        "raw_data_asset": raw.id if raw else None,
        "raw_data_dir": raw_dir.as_posix() if raw_dir else None,
        "modalities": list(session.modalities),
        "docdb_record_id": session.docdb.get("_id"),
        "is_uploaded": session.is_uploaded,
        "data_asset_count": len(session.data_assets),
        "is_sorted": session.ecephys.is_sorted,
        "latest_sorted_assets": {name: getattr(sorter, name).sorted_data_assets[-1].id for name in sorter.names},
        "error": None,
    }


def sessions_of(stack, n: int) -> list[str]:
    """`n` sessions of the seed world with a platform, E first."""
    others = sorted(s for s in stack.catalog.sessions if s != sv.E and not s[0].isdigit())
    return [sv.E, NOWHERE, *others[: n - 2]]


# ---- the Python front ----------------------------------------------------------------------

def test_every_field_equals_the_one_session_property(fresh_seed_stack):
    sessions = sessions_of(fresh_seed_stack, 12)
    table = aind_session.status(sessions, fields=ALL_FIELDS)
    assert table.columns == ("session", *ALL_FIELDS, "error")
    assert list(table) == [one_session(s) for s in sessions]


def test_a_failing_session_stays_in_its_row(fresh_seed_stack):
    table = aind_session.status(["not a session", sv.E, aind_session.Session(NOWHERE)], fields=("raw_data_dir",))
    assert [r["session"] for r in table] == ["not a session", sv.E, NOWHERE]
    assert table[0]["raw_data_dir"] is None and "no AIND session ID" in table[0]["error"]
    assert table[1] == {"session": sv.E, "raw_data_dir": f"s3://{sv.E_RAW_BUCKET}/{sv.E}", "error": None}
    assert table[2]["raw_data_dir"] is None and table[2]["error"] is None  # none: an answer, not an error


def test_a_field_that_cannot_be_asked_says_why_and_the_others_are_answered(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.http_status(500, service="s3"))  # S3 always fails
    table = aind_session.status([sv.E], fields=("data_asset_count", "is_sorted"))
    assert table[0]["data_asset_count"] == sv.E_ASSET_COUNT
    assert table[0]["is_sorted"] is None
    assert table[0]["error"].startswith("is_sorted: ")


def test_unknown_field_names_the_valid_ones(fresh_seed_stack):
    with pytest.raises(ValueError, match="unknown status field 'raw_dir'; valid fields: raw_data_asset, "):
        aind_session.status([sv.E], fields=("raw_dir",))


def test_retry_after_holds_every_worker_not_only_the_one_answered_429(fresh_seed_stack):
    sessions = sessions_of(fresh_seed_stack, 16)
    fresh_seed_stack.faults.add(Fault.rate_limited(retry_after=1, count=1, service="codeocean", route="search"))
    table = aind_session.status(sessions, fields=("data_asset_count",))
    assert all(r["error"] is None for r in table)
    log = fresh_seed_stack.requests(service="codeocean")
    limited = [e for e in log if e["status"] == 429]
    assert len(limited) == 1
    told_at = limited[0]["end"]
    # Nothing started in the second the server asked for (a request already on its way when
    # the answer left may land in the first few milliseconds).
    during = [e for e in log if told_at + 0.05 < e["start"] < told_at + 0.9]
    assert during == [], during
    assert any(e["start"] >= told_at + 0.9 for e in log)  # the rest came after


def test_sessions_may_be_ids_names_paths_or_session_objects(fresh_seed_stack):
    table = aind_session.status([f"/data/{sv.E}/ecephys", aind_session.Session(sv.E)], fields="is_uploaded")
    assert table.column("session") == [sv.E, sv.E] and table.column("is_uploaded") == [True, True]


# ---- the Table -----------------------------------------------------------------------------

def test_table_is_a_sequence_of_plain_records():
    table = aind_session.Table([{"a": 1, "b": ["x"]}, {"a": None, "b": []}])
    assert len(table) == 2 and table.columns == ("a", "b")
    assert table[1] == {"a": None, "b": []} and table[-1] == table[1]
    assert isinstance(table[:1], aind_session.Table) and len(table[:1]) == 1
    copies = table.records
    copies[0]["a"] = 99
    assert table[0]["a"] == 1  # records are copies
    assert "2 rows x 2 columns" in repr(table) and "<table>" in table._repr_html_()


def test_conversions_say_what_to_install_when_the_library_is_missing(monkeypatch):
    for name in ("pandas", "polars", "pyarrow"):  # None in sys.modules: importing it fails, imported or not
        monkeypatch.setitem(sys.modules, name, None)
    table = aind_session.Table([{"a": 1}])
    for method, package in (("to_pandas", "pandas"), ("to_polars", "polars"), ("to_arrow", "pyarrow")):
        with pytest.raises(ImportError, match=f"pip install {package}"):
            getattr(table, method)()


def test_conversions_keep_every_value(fresh_seed_stack):
    table = aind_session.status([sv.E, NOWHERE], fields=("raw_data_asset", "modalities", "is_sorted",
                                                         "data_asset_count"))
    pandas = pytest.importorskip("pandas", reason="pandas is not installed (requirements/dev.txt)")
    frame = table.to_pandas()
    assert list(frame.columns) == list(table.columns) and frame["data_asset_count"][0] == sv.E_ASSET_COUNT
    assert frame["raw_data_asset"][0] == sv.E_RAW_ID and frame["raw_data_asset"].isna().tolist() == [False, True]
    polars = pytest.importorskip("polars", reason="polars is not installed (requirements/dev.txt)")
    assert table.to_polars().to_dicts() == table.records
    pyarrow = pytest.importorskip("pyarrow", reason="pyarrow is not installed (requirements/dev.txt)")
    arrow = table.to_arrow()
    assert arrow.to_pylist() == table.records and arrow.schema.field("is_sorted").type == pyarrow.bool_()
    del pandas, polars


# ---- the command ---------------------------------------------------------------------------

def _expected_rows(env_sessions):
    return [one_session(s) for s in env_sessions]


CLI_FIELDS = ("raw_data_asset", "modalities", "is_sorted", "data_asset_count", "latest_sorted_assets")


def _cli_rows(*extra, stdin=None, env=None):
    p = run_cli("status", *extra, "--fields", ",".join(CLI_FIELDS), env=env, stdin=stdin)
    assert p.returncode in (0, 3), p.stderr  # 3: the invalid session's row
    return p


def _python_rows(sessions):
    return aind_session.status(sessions, fields=CLI_FIELDS).records


def test_cli_json_and_ndjson_are_the_python_records(env):
    sessions = [sv.E, NOWHERE, "not a session"]
    expected = _python_rows(sessions)
    p = _cli_rows("-", "--json", stdin="\n".join(sessions) + "\n", env=env)
    assert p.returncode == 3  # invalid_input: the first failure's
    assert json.loads(p.stdout) == expected
    p = _cli_rows(*sessions, "--ndjson", env=env)
    assert [json.loads(line) for line in p.stdout.splitlines()] == expected
    assert "status of 3 sessions (1 with errors)" in p.stderr and "requests sent" in p.stderr


def test_cli_csv_is_rfc4180_with_nested_values_as_json(env):
    p = subprocess.run([BINARY, "status", sv.E, "not a session, with a comma", "--csv", "--fields",
                        ",".join(CLI_FIELDS)], capture_output=True, env=env, timeout=120)
    assert p.returncode == 3, p.stderr
    assert p.stdout.count(b"\r\n") == 3  # RFC 4180's line breaks, one per record
    rows = list(csv.DictReader(io.StringIO(p.stdout.decode(), newline="")))
    assert list(rows[0]) == ["session", *CLI_FIELDS, "error"]
    assert rows[0]["raw_data_asset"] == sv.E_RAW_ID and json.loads(rows[0]["modalities"]) == list(sv.E_MODALITIES)
    assert rows[0]["is_sorted"] == "true" and rows[0]["data_asset_count"] == str(sv.E_ASSET_COUNT)
    assert rows[1]["session"] == "not a session, with a comma" and rows[1]["raw_data_asset"] == ""


def test_cli_text_table_by_default(env):
    p = _cli_rows(sv.E, env=env)
    header, row = p.stdout.splitlines()
    assert header.split() == ["session", *CLI_FIELDS, "error"]
    assert row.startswith(sv.E) and sv.E_RAW_ID in row


def test_cli_unknown_field_is_a_usage_error_naming_the_valid_ones(env):
    p = run_cli("status", sv.E, "--fields", "raw_dir", env=env)
    assert p.returncode == 3 and "unknown status field 'raw_dir'; valid fields: raw_data_asset" in p.stderr


def test_cli_parquet_round_trips_through_pyarrow_and_duckdb(env, tmp_path):
    sessions = [sv.E, NOWHERE, "not a session"]
    expected = _python_rows(sessions)
    path = tmp_path / "status.parquet"
    p = _cli_rows(*sessions, "--parquet", str(path), env=env)
    assert p.stdout == "" and path.stat().st_size > 0
    # Nested values are JSON text in Parquet (docs/parquet.md).
    flat = [{k: json.dumps(v, separators=(",", ":")) if isinstance(v, (list, dict)) else v for k, v in r.items()}
            for r in expected]
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (requirements/dev.txt)")
    table = pq.read_table(path)
    assert table.to_pylist() == flat
    assert str(table.schema.field("is_sorted").type) == "bool"
    assert str(table.schema.field("data_asset_count").type) == "int64"
    duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed (requirements/dev.txt)")
    rows = duckdb.sql(f"SELECT session, data_asset_count, is_sorted FROM '{path}' ORDER BY session").fetchall()
    assert rows == sorted((r["session"], r["data_asset_count"], r["is_sorted"]) for r in flat)


def test_cli_output_formats_exclude_each_other(env):
    p = run_cli("status", sv.E, "--json", "--csv", env=env)
    assert p.returncode == 2


def test_the_modules_doctests_pass(fresh_seed_stack):
    import doctest
    import importlib

    for name in ("aind_session.status", "aind_session._table"):
        result = doctest.testmod(importlib.import_module(name),
                                 optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0 and result.failed == 0, name
