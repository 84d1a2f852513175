"""Per-call limits from Python (aind_session.limits) and the configured ones (AIND_SESSION_*),
against the seed stack and a server that never answers."""
from __future__ import annotations

import socket
import threading
import time

import pytest

import aind_session
from aind_session import errors

from conftest import SESSION, run_cli


@pytest.fixture
def silent_server():
    """A listener on 127.0.0.1 that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for c in held:
        c.close()
    listener.close()


def test_limits_override_only_what_they_name_and_nest(fresh_seed_stack):
    configured = aind_session.limits_in_force()
    with aind_session.limits(timeout=5) as outer:
        assert outer["timeout"] == 5.0 and outer["max_pages"] == configured["max_pages"]
        with aind_session.limits(max_pages=3) as inner:
            assert (inner["timeout"], inner["max_pages"]) == (5.0, 3)
        assert aind_session.limits_in_force()["max_pages"] == configured["max_pages"]
    assert aind_session.limits_in_force() == configured


def test_limits_belong_to_the_thread_that_set_them(fresh_seed_stack):
    seen = {}
    with aind_session.limits(timeout=7):
        thread = threading.Thread(target=lambda: seen.update(aind_session.limits_in_force()))
        thread.start()
        thread.join()
    assert seen["timeout"] == aind_session.limits_in_force()["timeout"] != 7


@pytest.mark.parametrize("kwargs", [{"timeout": 0}, {"timeout": -1}, {"timeout": "5"}, {"max_pages": 2.5},
                                    {"stall_timeout": True}])
def test_a_limit_that_is_not_a_positive_number_is_an_input_error(kwargs):
    with pytest.raises(errors.InvalidInputError, match=next(iter(kwargs))):
        with aind_session.limits(**kwargs):
            pass


def test_a_configured_limit_that_is_not_a_number_names_its_variable(fresh_seed_stack, monkeypatch):
    monkeypatch.setenv("AIND_SESSION_TIMEOUT", "soon")
    with pytest.raises(errors.InvalidInputError, match="AIND_SESSION_TIMEOUT"):
        aind_session.get_data_asset_model("16d46411-540a-4122-b47f-8cb2a15d593a")


def test_a_call_inside_a_limits_block_times_out_as_asked(fresh_seed_stack, silent_server, monkeypatch):
    monkeypatch.setenv("AIND_DOCDB_URL", silent_server)
    started = time.monotonic()
    with pytest.raises(errors.RequestTimeoutError):
        with aind_session.limits(timeout=1):
            aind_session.Session(SESSION).docdb
    assert time.monotonic() - started < 4


def test_the_cli_timeout_option_bounds_every_request(env, silent_server):
    env = {**env, "AIND_DOCDB_URL": silent_server}
    started = time.monotonic()
    result = run_cli("--timeout", "1", "docdb", SESSION, env=env)
    assert result.returncode == 7, result.stderr  # timeout
    assert time.monotonic() - started < 5


def test_the_sdk_client_does_not_show_its_token(fresh_seed_stack):
    import codeocean

    client = aind_session.get_codeocean_client(check_credentials=False)
    assert isinstance(client, codeocean.CodeOcean)
    assert client.token not in repr(client) and "cop_" in repr(client)
    assert client.token not in str(client)
