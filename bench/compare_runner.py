"""What bench/compare.py runs in each fresh subprocess: reads the operation's spec (JSON) from
stdin, times ``import aind_session`` and the operation apart, and prints one JSON line
prefixed with ``@@BENCH_RESULT@@``. A script of its own, not imported by compare.py."""
import json, os, sys, time, traceback, urllib.request
spec = json.loads(sys.stdin.read())
args = spec["args"]
out = {"import_s": None, "op_s": None, "result": None, "error": None, "error_type": None}

def _try(fn):
    try:
        return fn()
    except Exception as e:
        return "!" + type(e).__name__ + ": " + str(e)[:200]

def _flag(fn):
    try:
        return fn()
    except Exception:
        return "!error"

def _none(fn):
    try:
        return fn()
    except AttributeError:
        return None
    except Exception:
        return "!error"


def _status_values(table, fields):
    def value(record, field):
        error = "; " + (record["error"] or "")
        return "!error" if "; " + field + ": " in error else record[field]
    return [[value(r, f) for f in fields] for r in table]


def _show(cli, session):
    import subprocess
    p = subprocess.run([cli, "show", session, "--json"], capture_output=True, text=True, timeout=120)
    if p.returncode:
        raise RuntimeError(f"aind-session show exited {p.returncode}: {p.stderr[-300:]}")
    r = json.loads(p.stdout)
    asset = r.get("raw_data_asset") or {}
    return [r.get("is_uploaded"), asset.get("id"), r.get("raw_data_dir"), r.get("modalities"),
            len(r.get("data_assets") or []), sorted((r.get("docdb") or {}).keys()), r.get("unknown")]

def _clear_log():
    for url in spec["control"]:
        req = urllib.request.Request(url + "/_stack/requests", method="DELETE")
        urllib.request.urlopen(req, timeout=10).read()

try:
    t0 = time.perf_counter()
    import aind_session
    out["import_s"] = time.perf_counter() - t0
    if spec.get("preimport"):
        # The one-time imports an answer needs, timed apart: the SDK's models (and our
        # decoders' plans for them, read from their type hints once), upath and its S3
        # filesystem (made once), and our own modules, which `import aind_session` loads
        # lazily. What a warm answer costs beyond them is the store's part.
        t0 = time.perf_counter()
        import codeocean.data_asset, codeocean.computation, upath  # noqa: F401
        import aind_session.session, aind_session.utils.s3_utils, aind_session.extensions.ecephys  # noqa: F401
        from aind_session import _models
        upath.UPath("s3://aind-open-data/x")
        _models._plan(codeocean.data_asset.DataAsset), _models._plan(codeocean.computation.Computation)
        out["preimport_s"] = time.perf_counter() - t0
    if spec["op"] != "None":
        code = compile(spec["op"], "<op>", "eval")
        _clear_log()
        t0 = time.perf_counter()
        try:
            out["result"] = eval(code)
        finally:
            out["op_s"] = time.perf_counter() - t0
except BaseException as e:
    out["error_type"] = type(e).__name__
    out["error"] = (str(e) or repr(e))[:500]
    out["traceback"] = traceback.format_exc()[-3000:]
sys.stdout.write("\n" + "@@BENCH_RESULT@@ " + json.dumps(out, default=str) + "\n")
sys.stdout.flush()
