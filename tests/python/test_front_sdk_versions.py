"""The front returns official SDK models with every codeocean release from 0.12.0 (the
original's pin) to the current one: the same calls run in a subprocess with 0.12.0 first on
the path, against the same local stack."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json, codeocean, aind_session
    from codeocean.data_asset import DataAsset
    from codeocean.computation import Computation
    E = 'ecephys_676909_2023-12-13_13-43-40'
    session = aind_session.Session(E)
    assets = session.data_assets
    ordered = aind_session.sort_by_created([a.id for a in assets[:5]])
    print(json.dumps({
        "sdk_file": codeocean.__file__,
        "n_assets": len(assets),
        "all_models": all(isinstance(a, DataAsset) for a in assets),
        "raw_id": session.raw_data_asset.id,
        "computation": isinstance(aind_session.get_codeocean_model('7646f92f-d225-464c-b7aa-87a87f34f408'), Computation),
        "sorted": [a.created for a in ordered] == sorted(a.created for a in ordered),
        "client_domain": aind_session.get_codeocean_client().domain,
    }))
""")


@pytest.mark.parametrize("version", ["0.12.0", "current"])
def test_front_works_with_the_oldest_and_newest_sdk(seed_stack, version):
    env = dict(os.environ)
    if version != "current":
        from conftest import install_sdk

        target = install_sdk(version)
        env["PYTHONPATH"] = os.pathsep.join([str(target), env.get("PYTHONPATH", "")])
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    if version != "current":
        assert f"codeocean-{version}" in out["sdk_file"]
    assert out["n_assets"] == 42 and out["all_models"] and out["computation"] and out["sorted"]
    assert out["raw_id"] == "16d46411-540a-4122-b47f-8cb2a15d593a"
    assert out["client_domain"] == seed_stack.codeocean_url
