"""The engine under the front: Python keeps running while it waits on the network, and its
log records reach Python's logging."""
import logging
import threading
import time

import aind_session
from aind_session.testing import Fault
from aind_session.testing.catalog import seed_values as sv


def test_the_gil_is_released_while_the_engine_waits(fresh_seed_stack):
    fresh_seed_stack.faults.add(Fault.latency(0.5, service="codeocean", route="search"))
    ticks, done = [], threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(1)
            time.sleep(0.01)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        assert len(aind_session.get_data_assets(sv.E)) == 42
    finally:
        done.set()
        thread.join()
    assert len(ticks) >= 10  # a held GIL would have frozen the ticker for the whole 0.5 s


def test_retries_are_logged_to_python_logging(fresh_seed_stack, caplog):
    fresh_seed_stack.faults.add(Fault.http_status(503, count=1, service="codeocean", route="search"))
    with caplog.at_level(logging.WARNING, logger="aind_session"):
        assert len(aind_session.get_data_assets(sv.E)) == 42
    retries = [r for r in caplog.records if r.name.startswith("aind_session") and "retrying" in r.getMessage()]
    assert retries and "HTTP 503" in retries[0].getMessage()
