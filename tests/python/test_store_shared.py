"""Sixteen processes share one store while a seventeenth syncs (rewrites) it: no error, no
wrong answer, no corrupt file. Each reader asks, over and over for a few seconds, questions
whose answers are known (fetched with the store off); the syncing process refreshes every
answer of the subject meanwhile, so readers meet rows being replaced under them."""
from __future__ import annotations

import json
import subprocess
import sys
import time

from store_helpers import BINARY, E, M, QUESTIONS, ask, cli, store_env

READERS = 16
SECONDS = 6
ASKED = ("docdb", "raw_data_dir", "data_assets", "get_sessions")

READER = r'''
import json, sys, time, aind_session
from aind_session import _cache
E, M = sys.argv[1], sys.argv[2]
questions = json.loads(sys.argv[3])
deadline = time.monotonic() + float(sys.argv[4])
rounds, wrong, errors = 0, [], []
while time.monotonic() < deadline:
    for name, (code, expected) in questions.items():
        _cache.clear_all()  # every round through the engine and the store, not this process's memory
        try:
            value = eval(code)
        except Exception as e:
            errors.append(f"{name}: {type(e).__name__}: {e}"[:300])
            continue
        if value != expected:
            wrong.append(f"{name}: {value!r}"[:300])
    rounds += 1
print("@@" + json.dumps({"rounds": rounds, "wrong": wrong, "errors": errors}))
'''


def test_sixteen_processes_share_the_store_while_a_seventeenth_syncs(tmp_path, fresh_seed_stack):
    store_dir = tmp_path / "store"
    expected = {name: ask(QUESTIONS[name], store_env(store_dir, "off"))["value"] for name in ASKED}
    assert cli("sync", "--subject", "676909", env=store_env(store_dir)).returncode == 0
    questions = json.dumps({name: (QUESTIONS[name], expected[name]) for name in ASKED})
    code = READER

    env = store_env(store_dir)
    readers = [subprocess.Popen([sys.executable, "-c", code, E, M, questions, str(SECONDS)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(READERS)]
    syncs, t0 = [], time.monotonic()
    while any(r.poll() is None for r in readers):
        syncs.append(subprocess.run([BINARY, "--refresh", "sync", "--subject", "676909"], env=env,
                                    capture_output=True, text=True, timeout=120))
    outcomes = []
    for r in readers:
        out, err = r.communicate(timeout=120)
        lines = [line for line in out.splitlines() if line.startswith("@@")]
        assert lines and r.returncode == 0, err[-2000:]
        outcomes.append(json.loads(lines[-1][2:]))
    elapsed = time.monotonic() - t0
    assert all(s.returncode == 0 for s in syncs), [s.stderr[-500:] for s in syncs if s.returncode]
    assert [o["errors"] for o in outcomes] == [[]] * READERS
    assert [o["wrong"] for o in outcomes] == [[]] * READERS
    assert cli("cache", "check", env=env).stdout.strip() == "ok"
    rounds = sum(o["rounds"] for o in outcomes)
    print(f"\n{READERS} readers: {rounds} rounds of {len(ASKED)} questions in {elapsed:.1f} s, "
          f"while {len(syncs)} refreshing syncs ran; 0 errors, 0 wrong answers, integrity ok")
    assert rounds >= READERS and len(syncs) >= 1
