"""The persistent store seen from Python and the command, on the seed stack: warm answers
cost no request, answers with the store equal answers without it, offline answers only from
the store, refresh asks again, stale answers only when allowed, and no secret is stored."""
from __future__ import annotations

import sqlite3

import pytest

from store_helpers import QUESTIONS, ask, cli, store_env


@pytest.fixture
def store_dir(tmp_path, fresh_seed_stack):
    return tmp_path / "store"


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_a_warm_answer_in_a_fresh_process_sends_no_request_and_equals_the_answer_without_the_store(
        name, store_dir, fresh_seed_stack):
    without = ask(QUESTIONS[name], store_env(store_dir, "off"))
    cold = ask(QUESTIONS[name], store_env(store_dir))
    fresh_seed_stack.clear_requests()
    warm = ask(QUESTIONS[name], store_env(store_dir))
    assert fresh_seed_stack.requests() == []
    assert warm["store"] is True and cold["store"] is False
    assert without.get("value") == cold.get("value") == warm.get("value")
    assert "error" not in warm


def test_offline_with_nothing_stored_is_an_offline_error_saying_what_is_missing(store_dir, fresh_seed_stack):
    out = ask(QUESTIONS["docdb"], store_env(store_dir, "offline"))
    assert out["type"] == "OfflineError"
    assert "never held this answer" in out["error"] and "DocDB" in out["error"]
    assert fresh_seed_stack.requests() == []


def test_offline_after_a_warm_up_answers_everything_without_the_network(store_dir, fresh_seed_stack):
    for code in QUESTIONS.values():
        ask(code, store_env(store_dir))
    fresh_seed_stack.clear_requests()
    for name, code in QUESTIONS.items():
        out = ask(code, store_env(store_dir, "offline"))
        assert "error" not in out, (name, out)
    assert fresh_seed_stack.requests() == []


def test_offline_serves_a_copy_past_its_time_to_live_saying_it_is_stale_unless_refused(store_dir, fresh_seed_stack):
    ask(QUESTIONS["docdb"], store_env(store_dir))
    expired = {"AIND_SESSION_CACHE_TTL": "docdb.records=0.001"}
    served = ask(QUESTIONS["docdb"], store_env(store_dir, "offline", **expired))
    assert served["stale"] is True and "error" not in served
    refused = ask(QUESTIONS["docdb"], store_env(store_dir, "offline", AIND_SESSION_ALLOW_STALE=0, **expired))
    assert refused["type"] == "OfflineError"
    assert "past its time to live" in refused["error"] and "AIND_SESSION_ALLOW_STALE" in refused["error"]


def test_online_a_stale_copy_is_served_when_the_network_fails_only_if_allowed(store_dir, fresh_seed_stack):
    from aind_session.testing import Fault

    expected = ask(QUESTIONS["docdb"], store_env(store_dir))["value"]
    expired = {"AIND_SESSION_CACHE_TTL": "docdb.records=0.001", "AIND_SESSION_TIMEOUT": 3}
    fresh_seed_stack.faults.add(Fault(kind="status", service="docdb", status=503))
    failed = ask(QUESTIONS["docdb"], store_env(store_dir, **expired))
    assert failed["type"] == "ServerError"
    allowed = ask(QUESTIONS["docdb"], store_env(store_dir, AIND_SESSION_ALLOW_STALE=1, **expired))
    assert allowed == {"value": expected, "store": True, "stale": True}


def test_refresh_asks_again_and_updates_the_store(store_dir, fresh_seed_stack):
    ask(QUESTIONS["docdb"], store_env(store_dir))
    fresh_seed_stack.clear_requests()
    out = ask(QUESTIONS["docdb"], store_env(store_dir, "refresh"))
    assert out["store"] is False and len(fresh_seed_stack.requests(service="docdb")) >= 1


def test_a_new_ttl_hash_asks_again_as_the_original_did(store_dir, fresh_seed_stack):
    code = "len(aind_session.get_data_assets('ecephys_676909', ttl_hash=12345))"
    ask(code, store_env(store_dir))
    fresh_seed_stack.clear_requests()
    ask("len(aind_session.get_data_assets('ecephys_676909'))", store_env(store_dir))
    assert fresh_seed_stack.requests() == []  # no ttl_hash: the store answers
    ask(code, store_env(store_dir))
    assert fresh_seed_stack.requests(service="codeocean")  # a ttl_hash this process never saw: asked again


def test_no_token_or_key_is_ever_written_to_the_store(store_dir, fresh_seed_stack):
    for code in QUESTIONS.values():
        ask(code, store_env(store_dir))
    data = b"".join(p.read_bytes() for p in store_dir.iterdir() if p.is_file())
    for secret in (fresh_seed_stack.token, fresh_seed_stack.secret_key, fresh_seed_stack.access_key):
        assert secret.encode() not in data
    import base64
    assert base64.b64encode(f"{fresh_seed_stack.token}:".encode()) not in data
    with sqlite3.connect(store_dir / "store.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_cache_block_sets_the_mode_and_names_a_bad_one(store_dir, fresh_seed_stack, monkeypatch):
    import aind_session

    monkeypatch.setenv("AIND_SESSION_CACHE_DIR", str(store_dir))
    with aind_session.cache("offline") as settings:
        assert settings["mode"] == "offline" and settings["allow_stale"] is True
        with pytest.raises(aind_session.errors.OfflineError):
            aind_session.Session("ecephys_676909_2023-12-13_13-43-40").docdb
        with aind_session.cache(allow_stale=False) as inner:
            assert inner == {**inner, "mode": "offline", "allow_stale": False}
    with pytest.raises(aind_session.InvalidInputError, match="expected one of online, offline, refresh, off"):
        aind_session.cache("sometimes")
    monkeypatch.setenv("AIND_SESSION_CACHE", "always")
    with pytest.raises(aind_session.InvalidInputError, match="AIND_SESSION_CACHE=\"always\""):
        aind_session.cache_settings()


def test_explain_says_which_raw_asset_was_chosen_and_where_the_answers_came_from(store_dir, fresh_seed_stack,
                                                                                monkeypatch):
    import aind_session

    monkeypatch.setenv("AIND_SESSION_CACHE", "online")
    monkeypatch.setenv("AIND_SESSION_CACHE_DIR", str(store_dir))
    session = aind_session.Session("ecephys_676909_2023-12-13_13-43-40")
    cold = session.explain("raw_data_asset")
    warm = session.explain("raw_data_asset")
    assert cold.value.id == warm.value.id
    choice = next(c for c in warm.provenance.choices if c["item"] == "raw data asset")
    assert str(warm.value.id) in choice["chosen"] and choice["considered"]
    assert not cold.provenance.from_store and warm.provenance.from_store
    assert {s["service"] for s in cold.provenance.sources} >= {"docdb", "codeocean"}
    assert "raw data asset" in str(warm)


def test_the_command_answers_offline_after_sync_and_exits_11_for_what_it_lacks(store_dir, fresh_seed_stack):
    env = store_env(store_dir)
    assert cli("--offline", "show", "ecephys_676909_2023-12-13_13-43-40", env=env).returncode == 11
    synced = cli("sync", "--subject", "676909", env=env)
    assert synced.returncode == 0, synced.stderr
    assert "synced" in synced.stdout
    again = cli("sync", "--subject", "676909", env=env)
    assert "0 requests sent" in again.stdout  # resumed: everything still fresh
    fresh_seed_stack.clear_requests()
    shown = cli("--offline", "show", "ecephys_676909_2023-12-13_13-43-40", "--explain", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "raw data asset: 16d46411" in shown.stdout and "from the store" in shown.stdout
    assert fresh_seed_stack.requests() == []


def test_cache_info_path_and_clear(store_dir, fresh_seed_stack):
    import json

    env = store_env(store_dir)
    cli("show", "ecephys_676909_2023-12-13_13-43-40", env=env)
    assert cli("cache", "path", env=env).stdout.strip() == str(store_dir / "store.sqlite")
    info = json.loads(cli("cache", "info", "--json", env=env).stdout)
    kinds = {k["kind"] for k in info["kinds"]}
    assert {"docdb.records", "codeocean.search", "s3.listing"} <= kinds and info["entries"] > 0
    cleared = cli("cache", "clear", "--kind", "docdb.records", env=env)
    assert cleared.stdout.startswith("removed ") and "docdb.records" in cleared.stdout
    info = json.loads(cli("cache", "info", "--json", env=env).stdout)
    assert "docdb.records" not in {k["kind"] for k in info["kinds"]}
    assert cli("cache", "check", env=env).stdout.strip() == "ok"


def test_a_poll_asks_for_the_present_state_not_a_stored_one(store_dir, fresh_seed_stack, monkeypatch):
    import aind_session
    from aind_session import _store

    monkeypatch.setenv("AIND_SESSION_CACHE", "online")
    monkeypatch.setenv("AIND_SESSION_CACHE_DIR", str(store_dir))
    asset_id = "16d46411-540a-4122-b47f-8cb2a15d593a"
    aind_session.get_data_asset_model(asset_id)
    fresh_seed_stack.clear_requests()
    aind_session.get_data_asset_model(asset_id)
    assert fresh_seed_stack.requests() == []  # stored
    with _store.fresh_answers():
        aind_session.get_data_asset_model(asset_id)
    assert len(fresh_seed_stack.requests(service="codeocean")) == 1
    ready = aind_session.wait_until_ready(asset_id, check_files=False)
    assert str(ready.id) == asset_id and len(fresh_seed_stack.requests(service="codeocean")) == 2

