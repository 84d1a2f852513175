"""Helpers of the persistent store's tests: fresh processes on the seed stack, each with the
store settings a test gives, and the requests the stack saw while they ran."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BINARY = str(Path(sys.executable).parent / "aind-session")
E = "ecephys_676909_2023-12-13_13-43-40"
M = "multiplane-ophys_721291_2024-05-08_08-05-54"

# The questions a warm process must answer from the store alone (issue 12's list).
QUESTIONS = {
    "data_assets": "sorted(str(a.id) for a in aind_session.Session(E).data_assets)",
    "raw_data_asset": "str(aind_session.Session(E).raw_data_asset.id)",
    "raw_data_dir": "str(aind_session.Session(M).raw_data_dir)",
    "docdb": "aind_session.Session(E).docdb.get('_id')",
    "modalities": "list(aind_session.Session(E).modalities)",
    "get_sessions": "[s.id for s in aind_session.get_sessions(676909)]",
    "is_sorted": "aind_session.Session(E).ecephys.is_sorted",
}


def store_env(store_dir, mode: str = "online", **extra) -> dict:
    env = dict(os.environ, AIND_SESSION_CACHE=mode, AIND_SESSION_CACHE_DIR=str(store_dir))
    env.update({k: str(v) for k, v in extra.items()})
    return env


def ask(code: str, env: dict) -> dict:
    """Evaluates `code` in a fresh Python process; returns {"value"} or {"error", "type"},
    with "store" (True when no answer came from the network) from aind_session.provenance()."""
    script = (
        "import json, aind_session\n"
        f"E, M = {E!r}, {M!r}\n"
        "with aind_session.provenance() as p:\n"
        "    try:\n"
        f"        out = {{'value': {code}}}\n"
        "    except Exception as e:\n"
        "        out = {'error': str(e), 'type': type(e).__name__}\n"
        "out['store'] = p.from_store\n"
        "out['stale'] = p.stale\n"
        "print('@@' + json.dumps(out))\n")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    lines = [line for line in r.stdout.splitlines() if line.startswith("@@")]
    assert lines, r.stderr[-3000:]
    return json.loads(lines[-1][2:])


def cli(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([BINARY, *args], capture_output=True, text=True, env=env, timeout=120)
