"""Shared pytest fixtures: a small hand-made catalog, a running local stack, SDK installs, the
`aind-session` command."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))

# Most tests count requests, inject faults, or change the stack's world between calls: they
# ask the services every time. The persistent store's own tests (test_store_*.py) turn it on
# for what they check, each with a store of its own.
os.environ["AIND_SESSION_CACHE"] = "off"

TOKEN = "cop_localstack0000"
OWNER = "5f0c1a52-3c1e-4a3e-9a4b-1d2e3f4a5b6c"
RAW_ID = "16d46411-540a-4122-b47f-8cb2a15d593a"
SORTED_ID = "1e11bdf5-b452-4fd9-bbb1-48383a9b0842"
DEMO_ID = "867ed56f-f9cc-4649-8b9f-97efc4dbd4cd"
ARCHIVED_ID = "aaaaaaaa-0000-4000-8000-000000000001"
CAPSULE_ID = "eb5a26e4-a391-4d79-9da5-1ab65b71253f"
PIPELINE_ID = "9c169ec3-5933-4b10-808b-6fa4620e37b7"
IDLE_CAPSULE_ID = "00000000-0000-4000-8000-0000000000cc"
COMPUTATION_ID = "7646f92f-d225-464c-b7aa-87a87f34f408"
SESSION = "ecephys_676909_2023-12-13_13-43-40"


def _asset(id, name, created, *, type="dataset", tags=(), custom=None, bucket="aind-ephys-data", prefix=None,
           external=True, **extra):
    a = {"id": id, "created": created, "name": name, "mount": name, "state": "ready", "type": type,
         "last_used": 0, "owner": OWNER, "files": 10, "size": 1000 + created % 1000, "description": "",
         "tags": list(tags), "custom_metadata": custom or {},
         "source_bucket": {"origin": "aws", "bucket": bucket, "prefix": prefix or name, "external": external}}
    a.update(extra)
    return a


def mini_catalog():
    """A small catalog with the shapes the servers must handle (stand-in for catalog.generate)."""
    assets = [
        _asset(DEMO_ID, "Example T1 and T2 MRI Images", 1673996872, tags=["T1", "T2", "MRI", "demo"],
               custom={"subject id": "668759, 676909, 366122"}, bucket="codeocean-s3datasetsbucket-1u41qdg42ur9",
               prefix=DEMO_ID, external=False),
        _asset(RAW_ID, SESSION, 1702620828, tags=["ecephys", "raw", "676909"],
               custom={"data level": "raw data", "experiment type": "ecephys", "subject id": "676909"}),
        _asset(SORTED_ID, SESSION + "_sorted_2024-03-01_16-02-45", 1709337765, type="result",
               tags=["ecephys", "sorted", "676909"],
               custom={"data level": "derived", "experiment type": "ecephys", "subject id": "676909"},
               bucket="codeocean-s3datasetsbucket-1u41qdg42ur9", prefix=SORTED_ID, external=False,
               provenance={"commit": "1ad2c544", "run_script": "code/run", "docker_image": "",
                           "capsule": CAPSULE_ID, "data_assets": [RAW_ID], "computation": COMPUTATION_ID}),
        _asset(ARCHIVED_ID, "ecephys_676909_2023-11-01_10-00-00", 1700000000, tags=["ecephys", "raw"],
               custom={"subject id": "676909"}),
    ]
    for i in range(30):
        sid = 700000 + i % 3
        assets.append(_asset(f"bbbbbbbb-0000-4000-8000-{i:012d}", f"behavior_{sid}_2024-01-{i + 1:02d}_10-00-00",
                             1704100000 + i * 1000, tags=["behavior", "raw", str(sid)],
                             custom={"subject id": sid, "data level": "raw data"}, bucket="aind-open-data"))
    computations = [
        {"id": COMPUTATION_ID, "created": 1725052800, "name": "Run With Parameters 4689084", "owner": OWNER,
         "run_time": 5400, "state": "completed", "cloud_workstation": False,
         "data_assets": [{"id": RAW_ID, "mount": SESSION}], "parameters": [], "end_status": "failed",
         "exit_code": 1, "has_results": True},
    ]
    docdb_records = [
        {"_id": "b7f9a6f0-3a1c-4c1e-9f4e-2a8d6c5e1f00", "name": SESSION, "created": "2024-08-01T18:52:11Z",
         "location": f"s3://aind-ephys-data/{SESSION}", "external_links": {"Code Ocean": [RAW_ID]},
         "subject": {"subject_id": "676909"},
         "data_description": {"name": SESSION, "data_level": "raw",
                              "modality": [{"name": "Extracellular electrophysiology", "abbreviation": "ecephys"}]}},
        {"_id": "c0000000-0000-4000-8000-000000000002", "name": SESSION + "_sorted_2024-03-01_16-02-45",
         "created": "2024-03-02T00:00:00Z", "location": f"s3://codeocean-s3datasetsbucket-1u41qdg42ur9/{SORTED_ID}",
         "external_links": [{"Code Ocean": SORTED_ID}, {"Other": "x"}], "subject": {"subject_id": "676909"},
         "data_description": {"name": SESSION + "_sorted", "data_level": "derived",
                              "modality": [{"name": "Extracellular electrophysiology", "abbreviation": "ecephys"}]}},
    ]
    for i in range(250):
        docdb_records.append({"_id": f"d{i:07d}-0000-4000-8000-000000000000", "name": f"behavior_70000{i % 3}_{i}",
                              "created": f"2024-01-01T00:{i // 60:02d}:{i % 60:02d}Z",
                              "external_links": {"Code Ocean": []}, "subject": {"subject_id": f"70000{i % 3}"},
                              "blob": "x" * 100})
    s3 = {
        "aind-open-data": {f"behavior_700000_2024-01-01_10-00-00/file{i:03d}.json": b"{}" for i in range(5)},
        "aind-ephys-data": {
            f"{SESSION}/data_description.json": b'{"name": "' + SESSION.encode() + b'"}',
            f"{SESSION}/ecephys_clipped/a.bin": bytes(range(256)) * 4,
            f"{SESSION}/behavior/b.txt": b"hello",
        },
        "aind-scratch-data": {},
        "aind-east-bucket": {"k": b"east"},
    }
    s3["aind-open-data"].update({f"many/k{i:04d}": b"x" for i in range(25)})
    return types.SimpleNamespace(
        data_assets=assets, archived_ids={ARCHIVED_ID}, favorite_ids={RAW_ID},
        computations=computations, computation_parent={COMPUTATION_ID: CAPSULE_ID},
        capsule_ids={CAPSULE_ID, PIPELINE_ID, IDLE_CAPSULE_ID},
        results={COMPUTATION_ID: {"output": b"Traceback: DockerTimeoutError\n", "nwb/x.nwb": b"NWB",
                                  "nextflow/trace.txt": b"trace"}},
        docdb={("metadata_index", "data_assets"): docdb_records, ("metadata_index_v2", "data_assets"): []},
        s3=s3, public_buckets={"aind-open-data"}, bucket_regions={"aind-east-bucket": "us-east-1"}, token=TOKEN,
    )


# moto keeps one S3 world per process, so two stacks must never be alive at once: every
# stack fixture is module-scoped, and a test module uses one of them.


@pytest.fixture(scope="module")
def stack():
    """A local stack over the mini catalog (the emulators' own tests)."""
    from aind_session.testing import local_stack

    with local_stack(catalog=mini_catalog()) as s:
        yield s


@pytest.fixture(scope="module")
def seed_stack():
    """A local stack over the "seed" catalog: the world of the package description's examples."""
    from aind_session import _cache
    from aind_session.testing import local_stack

    _cache.clear_all()
    with local_stack(profile="seed") as s:
        yield s
    _cache.clear_all()


@pytest.fixture
def fresh_seed_stack(seed_stack):
    """The seed stack with no faults, an empty request log and cold in-memory caches."""
    from aind_session import _cache

    seed_stack.faults.clear()
    seed_stack.clear_requests()
    _cache.clear_all()
    yield seed_stack
    seed_stack.faults.clear()


def _cli_binary() -> str:
    """$AIND_SESSION_TEST_BINARY (a build that is not installed), else the `aind-session`
    installed beside this interpreter, else the first on PATH."""
    if os.environ.get("AIND_SESSION_TEST_BINARY"):
        return os.environ["AIND_SESSION_TEST_BINARY"]
    beside = Path(sys.executable).parent / "aind-session"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("aind-session") or "aind-session"


BINARY = _cli_binary()


def run_cli(*args, env=None, stdin=None) -> subprocess.CompletedProcess:
    """Run ``aind-session *args`` (text in and out, 120 s at most)."""
    return subprocess.run([BINARY, *args], capture_output=True, text=True, env=env, input=stdin, timeout=120)


@pytest.fixture
def env(seed_stack):
    """The environment for `aind-session` on the seed stack (its variables are in os.environ)."""
    return dict(os.environ)


@pytest.fixture(autouse=False)
def clean_faults(stack):
    stack.faults.clear()
    yield stack
    stack.faults.clear()


def install_sdk(version: str) -> Path:
    """``pip install --no-deps --target build/sdk/codeocean-<version>`` unless already there."""
    target = REPO / "build" / "sdk" / f"codeocean-{version}"
    if not (target / "codeocean").is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        # The stack's REQUESTS_CA_BUNDLE (our self-signed cert) would make pip distrust PyPI.
        env = {k: v for k, v in os.environ.items() if k not in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")}
        r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                            f"codeocean=={version}"], capture_output=True, text=True, env=env)
        if r.returncode != 0:
            pytest.skip(f"cannot install codeocean=={version}: {r.stderr.strip()[-300:]}")
    return target


def run_with_sdk(version: str, script: str, env: dict) -> subprocess.CompletedProcess:
    """Run ``script`` in a subprocess with the given SDK version first on PYTHONPATH."""
    target = install_sdk(version)
    full_env = dict(os.environ, **env)
    full_env["PYTHONPATH"] = os.pathsep.join([str(target), str(REPO / "python"), full_env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=full_env, timeout=120)


def http(url: str, method: str = "GET", path: str = "/", body=None, headers=None, timeout: float = 10):
    """One plain http.client request; returns (status, headers dict, body bytes)."""
    import http.client
    import json as _json
    import urllib.parse

    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        data = _json.dumps(body).encode() if body is not None and not isinstance(body, bytes) else body
        conn.request(method, path, body=data, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def co_auth(token: str = TOKEN) -> dict:
    import base64

    return {"Authorization": "Basic " + base64.b64encode(f"{token}:".encode()).decode(),
            "Content-Type": "application/json"}


def co(stack, method: str, path: str, body=None, token: str = TOKEN):
    """A Code Ocean API call against the emulator; returns (status, decoded JSON or None)."""
    import json as _json

    status, _, data = http(stack.codeocean_url, method, "/api/v1/" + path.lstrip("/"), body, co_auth(token))
    return status, (_json.loads(data) if data else None)


def co_search(stack, **params):
    status, data = co(stack, "POST", "data_assets/search", params)
    assert status == 200, data
    return data
