"""Contract tests: the official codeocean SDK (the venv's, 0.12.0 and 0.17.0) against the emulator."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import CAPSULE_ID, RAW_ID, REPO, run_with_sdk

SCRIPT = r'''
import os, sys, codeocean
from codeocean import CodeOcean
from codeocean.data_asset import (DataAssetSearchParams, DataAssetParams, Source, AWSS3Source,
                                  DataAssetAttachParams)
from codeocean.computation import RunParams
print("sdk", getattr(codeocean, "__version__", "?"), codeocean.__file__)
client = CodeOcean(domain=os.environ["CODE_OCEAN_DOMAIN"], token=os.environ["CODE_OCEAN_API_TOKEN"])
found = list(client.data_assets.search_data_assets_iterator(
    DataAssetSearchParams(query="subject id:700001", limit=3, offset=0, archived=False, favorite=False)))
assert len(found) == 10 and len({a.id for a in found}) == 10, found
asset = client.data_assets.get_data_asset(RAW_ID)
assert asset.name.startswith("ecephys_676909") and asset.state.value == "ready", asset
created = client.data_assets.create_data_asset(DataAssetParams(
    name="sdk-made", mount="sdk-made", tags=["sdk"],
    source=Source(aws=AWSS3Source(bucket="aind-scratch-data", prefix="aind-session/sdk", keep_on_external_storage=False))))
assert created.state.value == "draft", created
attached = client.capsules.attach_data_assets(CAPSULE_ID, [DataAssetAttachParams(id=RAW_ID, mount="raw")])
assert attached[0].id == RAW_ID, attached
comp = client.computations.run_capsule(RunParams(capsule_id=CAPSULE_ID, parameters=["x"]))
assert comp.state.value == "initializing", comp
assert client.computations.get_computation(comp.id).id == comp.id
bad = CodeOcean(domain=os.environ["CODE_OCEAN_DOMAIN"], token="cop_wrong")
try:
    bad.data_assets.get_data_asset(RAW_ID)
except Exception as exc:
    status = getattr(exc, "status_code", None) or exc.response.status_code
    assert status == 401, (type(exc), status)
    print("401 raised as", type(exc).__module__ + "." + type(exc).__name__)
else:
    raise AssertionError("wrong token accepted")
print("OK")
'''.replace("RAW_ID", repr(RAW_ID)).replace("CAPSULE_ID", repr(CAPSULE_ID))


@pytest.mark.parametrize("version", ["venv", "0.12.0", "0.17.0"])
def test_sdk_searches_gets_creates_attaches_runs_and_sees_401(stack, version):
    env = {"CODE_OCEAN_DOMAIN": stack.codeocean_url, "CODE_OCEAN_API_TOKEN": stack.token}
    if version == "venv":
        r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, **env, PYTHONPATH=str(REPO / "python")))
    else:
        r = run_with_sdk(version, SCRIPT, env)
        assert f"codeocean-{version}" in r.stdout, r.stdout + r.stderr
    assert r.returncode == 0 and "OK" in r.stdout, r.stdout + r.stderr
    assert "codeocean.error.Error" in r.stdout
