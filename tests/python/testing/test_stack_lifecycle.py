"""Starting and stopping the stack: environment, and nothing left behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

from conftest import REPO

LIFECYCLE = r'''
import os, socket, threading, http.client, json
import conftest
from aind_session.testing import local_stack
os.environ["AWS_PROFILE"] = "real-profile"
before_threads = set(threading.enumerate())
before_env = dict(os.environ)
with local_stack(catalog=conftest.mini_catalog()) as stack:
    assert os.environ["CODE_OCEAN_DOMAIN"] == stack.codeocean_url and not stack.codeocean_url.endswith("/")
    assert "AWS_PROFILE" not in os.environ and os.environ["AWS_DEFAULT_REGION"] == "us-west-2"
    assert os.path.exists(os.environ["REQUESTS_CA_BUNDLE"])
    ports = [s.port for s in stack.servers.values()]
    # an idle keep-alive connection must not keep a thread alive after stop
    idle = http.client.HTTPConnection("127.0.0.1", stack.docdb.port)
    idle.request("GET", "/_stack/health"); idle.getresponse().read()
    ca = stack.ca_bundle
assert dict(os.environ) == before_env, set(os.environ.items()) ^ set(before_env.items())
left = [t.name for t in threading.enumerate() if t not in before_threads]
assert not left, left
for p in ports:
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", p))
        raise AssertionError(f"port {p} still listening")
    except ConnectionRefusedError:
        pass
    finally:
        s.close()
assert not os.path.exists(ca)
print("CLEAN")
'''


def test_stack_restores_environment_and_leaves_no_thread_or_port():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO / "python"), str(REPO / "tests" / "python")]))
    r = subprocess.run([sys.executable, "-c", LIFECYCLE], capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 0 and "CLEAN" in r.stdout, r.stdout + r.stderr


def test_main_prints_exports_then_ready_and_stops_on_sigterm():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO / "python"), str(REPO / "tests" / "python")]))
    p = subprocess.Popen([sys.executable, "-m", "aind_session.testing", "--catalog", "conftest:mini_catalog",
                          "--latency-ms", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = []
        for line in p.stdout:
            lines.append(line.strip())
            if "ready" in line:
                break
        exports = dict(l[len("export "):].split("=", 1) for l in lines if l.startswith("export "))
        assert exports["CODE_OCEAN_API_TOKEN"] == "cop_localstack0000"
        assert set(exports) >= {"CODE_OCEAN_DOMAIN", "AIND_DOCDB_URL", "AIND_DOCDB_TLS_HOST", "REQUESTS_CA_BUNDLE",
                                "CURL_CA_BUNDLE", "AWS_ENDPOINT_URL_S3", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                "AWS_DEFAULT_REGION"}
        from conftest import http

        assert http(exports["AIND_DOCDB_URL"], "GET", "/_stack/health")[0] == 200
    finally:
        p.send_signal(signal.SIGTERM)
        assert p.wait(timeout=20) == 0
