"""The original aind-session (PyPI) in its own virtual environment, for bench/compare.py and
tests/conformance/conformance.py.

``bench/.venvs/original`` (gitignored) is created with this project's interpreter and
``pip install aind-session==VERSION`` (it pins codeocean==0.12.0, npc-io -> boto3 1.28.17).
Idempotent: skipped when the venv already has that version. Its module names clash with
ours, hence the separate venv. Run directly to (re)create it::

    .venv/bin/python bench/original_env.py [--force]
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

VERSION = "0.3.27"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venvs" / "original"
PYTHON = VENV / "bin" / "python"
SITECUSTOMIZE_DIR = HERE / "sitecustomize_original"
BASE_PYTHON = ROOT / ".venv" / "bin" / "python"


def installed_version() -> str | None:
    if not PYTHON.exists():
        return None
    p = subprocess.run([str(PYTHON), "-c", "import importlib.metadata as m; print(m.version('aind-session'))"],
                       capture_output=True, text=True, env=_clean_env(), cwd=str(HERE))
    return p.stdout.strip() if p.returncode == 0 else None


def _clean_env() -> dict:
    env = dict(os.environ)
    # a pip run under a local stack would distrust PyPI; never mix our tree into the original's
    for k in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(k, None)
    return env


def ensure(force: bool = False) -> Path:
    """Create the venv and install the original when missing; return its python."""
    if not force and installed_version() == VERSION:
        return PYTHON
    if force and VENV.exists():
        shutil.rmtree(VENV)
    base = BASE_PYTHON if BASE_PYTHON.exists() else Path(sys.executable)
    if not PYTHON.exists():
        print(f"# creating {VENV} with {base}", file=sys.stderr, flush=True)
        subprocess.run([str(base), "-m", "venv", str(VENV)], check=True, env=_clean_env())
    print(f"# pip install aind-session=={VERSION} into {VENV}", file=sys.stderr, flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", f"aind-session=={VERSION}"],
                   check=True, env=_clean_env())
    return PYTHON


def side_env(stack_env: dict, side: str) -> dict:
    """The environment of a subprocess of `side` ("ours" or "original") on a local stack:
    the stack's variables, no proxies, no PYTHONPATH of ours, plus the original's extras."""
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(stack_env)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if side == "original":
        env.update(extra_env(stack_env))
    return env


def extra_env(stack_env: dict) -> dict:
    """Variables added for the original's subprocesses (on top of the stack's)."""
    return {
        # the sitecustomize that points the hard-coded DocDB client at AIND_DOCDB_TLS_HOST
        "PYTHONPATH": str(SITECUSTOMIZE_DIR),
        # nothing for S3: the original's s3fs runs on aiobotocore 2.7.0 / botocore 1.31.64
        # (npc-io pins boto3 1.28.17), which honours the stack's AWS_ENDPOINT_URL_S3
        # (verified: without FSSPEC_S3_ENDPOINT_URL every S3 call reaches the stack).
    }


if __name__ == "__main__":
    print(ensure(force="--force" in sys.argv))
