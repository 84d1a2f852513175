"""Side by side: this package and the original aind-session (PyPI 0.3.27) on the local stack.

Not a test: it never fails on a timing. Loopback only.

For each operation the *same* Python snippet runs in a fresh subprocess of

- ours: ``.venv/bin/python`` of this checkout (this package, same public API), and
- the original: ``bench/.venvs/original/bin/python`` (created on first use by
  ``bench/original_env.py``), with ``bench/sitecustomize_original`` on its PYTHONPATH
  (points the original's hard-coded DocDB client at the stack's TLS DocDB),

both with the environment of a local stack started here (``local_stack(profile,
latency)``). Inside the subprocess: ``import aind_session`` is timed on its own, the
operation's inputs are prepared, the stack's request log is cleared (``DELETE
/_stack/requests`` on each server), then only the operation is timed. Requests are
counted here, from the stack's log, after the subprocess exits.

Besides wall time and requests, each side's *dependent round trips* are read from the same
log: the longest chain of requests each of which started after the previous one ended (the
critical path). They are printed beside the operation's ``floor``, the fewest round trips
the services force for it (declared in OPS with the reason).

Usage::

    .venv/bin/python bench/compare.py [--profile seed|large] [--latency-ms 50]
        [--ops import,data_assets,...] [--repeat N] [--json out.json]
        [--sides ours,original] [--timeout 300] [--warmup 0|1] [-v]
        [--ours-python PATH] [--ours-pythonpath DIRS] [--ours-cli PATH]

Before an operation is measured it is run once, untimed (``--warmup 0`` to skip): the
emulators build some search indexes lazily, and the first side would pay for them.
``--repeat N`` runs each operation N times (each in a fresh process) and reports the
median wall time; requests are those of the first run. The ``import`` operation is
always the best of 3 fresh processes.
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(HERE))

import original_env  # noqa: E402
from op_args import E, M, op_args  # noqa: E402,F401 (E, M: the sessions the operations name)

OURS_PYTHON = ROOT / ".venv" / "bin" / "python"
SERVICES = ("codeocean", "docdb", "s3")

# name -> code (a snippet evaluating to a JSON-able result; reads `args`; `code_<side>` for
# one side only), desc, profiles (default: all), sides (default: both), and floor: the fewest
# dependent round trips the services force for it, with the reason.
OPS: dict[str, dict] = {
    "import": {"desc": "import aind_session (best of 3)", "code": "None", "floor": (0, "no request")},
    "data_assets": {"desc": "len(Session(E).data_assets)", "code": "len(aind_session.Session(args['E']).data_assets)",
                    "floor": (1, "one name search")},
    "raw_data_asset": {"desc": "Session(E).raw_data_asset.id",
                       "code": "str(aind_session.Session(args['E']).raw_data_asset.id)",
                       "floor": (2, "the DocDB record, then the assets it links, all at once")},
    "sort_by_created": {"desc": "sort_by_created(50 asset IDs)",
                        "code": "[str(getattr(m, 'id', m)) for m in aind_session.sort_by_created(args['ids'])]",
                        "floor": (1, "every asset at once")},
    "docdb": {"desc": "Session(E).docdb keys", "code": "sorted(aind_session.Session(args['E']).docdb.keys())",
              "floor": (1, "one find: a short page ends the listing")},
    "raw_data_dir": {"desc": "Session(M).raw_data_dir (bucket probes)",
                     "code": "str(aind_session.Session(args['M']).raw_data_dir)",
                     "floor": (2, "DocDB and Code Ocean together, then every bucket at once")},
    "modalities": {"desc": "Session(E).modalities", "code": "list(aind_session.Session(args['E']).modalities)",
                   "floor": (2, "the DocDB record, then its location listed (exists, and what is in it)")},
    "get_sessions": {"desc": "get_sessions(676909)", "code": "[s.id for s in aind_session.get_sessions(676909)]",
                     "floor": (2, "the subject's searches and DocDB records together, then the assets they link")},
    # `aind-session show`: the command, ours only (the original has none); timed from the
    # command's start to its exit.
    "show": {"desc": "aind-session show E --json", "sides": ("ours",),
             "code": "_show(args['cli'], args['E'])",
             "floor": (2, "DocDB and Code Ocean together, then the linked assets and the location at once")},
    # The original has no batch call: a loop is what its users write. Ours has one (the
    # lookups run concurrently in the engine), and the results are compared as usual.
    "batch_raw_asset": {"desc": "50 sessions: raw_data_asset.id", "profiles": ("large",),
                        "code": "[_try(lambda: str(aind_session.Session(x).raw_data_asset.id)) "
                                "for x in args['sessions']]",
                        "code_ours": "[str(a.id) if a else None for a in "
                                     "aind_session.get_raw_data_assets(args['sessions']).values()]",
                        "floor": (2, "every session's DocDB record at once, then the assets they link")},
    # The ecephys extension: one session, then 200 sessions (a loop on the original's side, the
    # engine's batch call on ours).
    "is_sorted": {"desc": "Session(E).ecephys.is_sorted", "code": "aind_session.Session(args['E']).ecephys.is_sorted",
                  "floor": (2, "the sorted assets by name, then the latest one's output")},
    "sorter_assets": {"desc": "Session(E).ecephys.sorter.kilosort2_5 assets",
                      "code": "[a.name for a in "
                              "aind_session.Session(args['E']).ecephys.sorter.kilosort2_5.sorted_data_assets]",
                      "floor": (2, "the sorted assets by name, then each one's sorter files at once")},
    # A session whose latest sorted asset cannot be read is "!error" on both sides (the large
    # world's S3 sample lacks most sorted assets' files, and the two sides name the error
    # differently).
    "batch_is_sorted": {"desc": "200 sessions: ecephys.is_sorted", "profiles": ("large",),
                        "code": "[_flag(lambda: aind_session.Session(x).ecephys.is_sorted) for x in args['ecephys']]",
                        "code_ours": "[v if isinstance(v, bool) else '!error' for v in aind_session.ecephys"
                                     ".get_sorted_status(args['ecephys'], return_exceptions=True).values()]",
                        "floor": (2, "every session's sorted assets at once, then each latest one's output")},
    # Search across the catalog: the original can only ask per subject, over the subjects that
    # have such sessions (computed from the catalog in op_args, not timed; those it fails on
    # are left out on both sides). IDs are compared in time order (the loop is by subject).
    "search_platform": {"desc": "search_sessions(platform='ecephys', start_date=S)", "profiles": ("large",),
                        "code": "sorted({s.id for subject in args['search_subjects'] for s in aind_session"
                                ".get_sessions(subject, platform='ecephys', start_date=args['search_start'])}, "
                                "key=lambda i: (i.split('_', 2)[2], i))",
                        "code_ours": "[s.id for s in aind_session.search_sessions(platform='ecephys', start_date="
                                     "args['search_start']) if s.subject_id in set(args['search_subjects'])]",
                        "floor": (6, "one DocDB aggregation beside Code Ocean's pages of 1,000 of the platform's "
                                     "datasets, one after the other (6 on the large world)")},
    # Bulk status: the same three answers of 200 sessions; the original's loop against one
    # engine call. "None" is "there is none" on both sides (the original raises AttributeError),
    # "!error" a failure (the two sides name their errors differently).
    "status_200": {"desc": "200 sessions: status(raw asset, raw dir, is_sorted)", "profiles": ("large",),
                   "code": "[[_none(lambda: str(aind_session.Session(x).raw_data_asset.id)), "
                           "_none(lambda: str(aind_session.Session(x).raw_data_dir)), "
                           "_flag(lambda: aind_session.Session(x).ecephys.is_sorted)] for x in args['ecephys']]",
                   "code_ours": "_status_values(aind_session.status(args['ecephys'], fields=('raw_data_asset', "
                                "'raw_data_dir', 'is_sorted')), ('raw_data_asset', 'raw_data_dir', 'is_sorted'))",
                   "floor": (3, "every session's record and assets at once, then links and locations, then outputs")},
}


def op_code(name: str, side: str) -> str:
    """The snippet a side runs for an operation (the same for both unless noted in OPS)."""
    return OPS[name].get(f"code_{side}", OPS[name]["code"])


def op_sides(name: str, sides: list[str]) -> list[str]:
    """The sides that run an operation: those asked, less the ones it has no snippet for."""
    return [s for s in sides if s in OPS[name].get("sides", sides)]


DEFAULT_OPS = list(OPS)

# Runs inside the subprocess; prints one JSON line prefixed with RESULT_MARK.
RESULT_MARK = "@@BENCH_RESULT@@ "
RUNNER = (HERE / "compare_runner.py").read_text()

NOT_IMPLEMENTED = ("AttributeError", "ImportError", "ModuleNotFoundError", "NotImplementedError")


def run_once(python: Path, env: dict, op: str, args: dict, control: list[str], timeout: float, cwd: str,
             preimport: bool = False) -> dict:
    spec = json.dumps({"op": op, "args": args, "control": control, "preimport": preimport})
    t0 = time.perf_counter()
    try:
        p = subprocess.run([str(python), "-c", RUNNER], input=spec, capture_output=True, text=True,
                           env=env, cwd=cwd, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error_type": "Timeout", "error": f"timed out after {timeout:.0f} s", "process_s": timeout}
    process_s = time.perf_counter() - t0
    for line in reversed(p.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            res = json.loads(line[len(RESULT_MARK):])
            res["process_s"] = process_s
            if res.get("error"):
                res["stderr_tail"] = p.stderr[-2000:]
            return res
    return {"error_type": f"exit {p.returncode}", "error": (p.stderr.strip().splitlines() or ["no output"])[-1][:500],
            "stderr_tail": p.stderr[-3000:], "process_s": process_s}


def dependent_round_trips(entries: list[dict]) -> int:
    """The longest chain of requests each of which started after the previous one ended:
    the round trips the operation waited for one after the other (its critical path).
    Requests that overlap in time were concurrent, whatever their number."""
    spans = sorted((e["end"], e["start"]) for e in entries if "start" in e and "end" in e)
    ends = [end for end, _ in spans]
    best: list[int] = []  # best[i]: the longest chain ending with spans[i], at most best[i-1]
    for end, start in spans:
        before = bisect.bisect_right(ends, start, 0, len(best))  # the spans that ended by `start`
        depth = 1 + (best[before - 1] if before else 0)
        best.append(max(depth, best[-1] if best else 0))
    return best[-1] if best else 0


def log_lines(entries: list[dict]) -> list[str]:
    """The request log as text, each line with its start and end in ms from the first start."""
    t0 = min((e["start"] for e in entries), default=0.0)
    return [f"{(e['start'] - t0) * 1000:6.0f}-{(e['end'] - t0) * 1000:<6.0f} {e['service']} {e['method']} "
            f"{e['path']}{'?' + e['query'] if e['query'] else ''} -> {e['status']}" for e in entries][:400]


def count_requests(stack) -> dict:
    counts = {s: len(stack.requests(service=s)) for s in SERVICES}
    counts["errors"] = sum(1 for e in stack.requests() if e["status"] >= 400 or e["status"] == 0)
    return counts


def side_env(stack, side: str, ours_pythonpath: str | None) -> dict:
    """The environment of a side's subprocess; ours may get a PYTHONPATH (a build not installed)."""
    env = original_env.side_env(stack.env, side)
    if side == "ours" and ours_pythonpath:
        env["PYTHONPATH"] = ours_pythonpath
    return env


def store_env(env: dict, side: str, store: str, cwd: str, name: str, fresh: bool) -> dict:
    """Our side's store for one run: `off`; `cold`, an empty store for every run; `warm`, the
    operation's own store, filled by an untimed run first. The original has no store."""
    if side != "ours":
        return env
    if store == "off":
        return {**env, "AIND_SESSION_CACHE": "off"}
    directory = Path(cwd) / "stores" / (f"{name}-{time.perf_counter_ns()}" if fresh else name)
    return {**env, "AIND_SESSION_CACHE": "online", "AIND_SESSION_CACHE_DIR": str(directory)}


def measure(stack, side: str, python: Path, name: str, args: dict, repeat: int, timeout: float, cwd: str,
            env: dict, store: str = "cold") -> dict:
    control = [stack.codeocean_url, stack.docdb_url, stack.s3_url]
    code = op_code(name, side)
    runs = []
    n = 3 if name == "import" else repeat
    warm = store == "warm" and side == "ours"
    if warm:  # fill the operation's store (untimed)
        run_once(python, store_env(env, side, store, cwd, name, False), code, args, control, timeout, cwd)
    for i in range(n):
        stack.clear_requests()
        res = run_once(python, store_env(env, side, store, cwd, name, not warm), code, args, control, timeout, cwd,
                       preimport=warm)
        if i == 0:
            res["requests"] = count_requests(stack)
            res["round_trips"] = dependent_round_trips(stack.requests())
            res["log"] = log_lines(stack.requests())
        runs.append(res)
        if res.get("error_type"):
            break
    first = runs[0]
    out = {"side": side, "op": name, "runs": len(runs), "requests": first.get("requests"),
           "round_trips": first.get("round_trips"), "result": first.get("result"), "log": first.get("log")}
    errs = [r for r in runs if r.get("error_type")]
    if errs:
        e = errs[0]
        out["error_type"] = e["error_type"]
        out["error"] = e["error"]
        out["detail"] = e.get("traceback") or e.get("stderr_tail")
        out["not_implemented"] = side == "ours" and e["error_type"] in NOT_IMPLEMENTED
    imports = [r["import_s"] for r in runs if r.get("import_s") is not None]
    out["import_s"] = min(imports) if imports else None
    preimports = [r["preimport_s"] for r in runs if r.get("preimport_s") is not None]
    out["preimport_s"] = min(preimports) if preimports else None
    if name == "import":
        out["wall_s"] = out["import_s"]
    else:
        walls = [r["op_s"] for r in runs if r.get("op_s") is not None and not r.get("error_type")]
        out["wall_s"] = statistics.median(walls) if walls else None
    return out


def warm_up(stack, sides: list[str], pythons: dict, name: str, args: dict, timeout: float, cwd: str,
            envs: dict) -> None:
    """One untimed run of the operation (ours first; the original if ours fails)."""
    for side in sides:
        res = run_once(pythons[side], envs[side], op_code(name, side), args,
                       [stack.codeocean_url, stack.docdb_url, stack.s3_url], timeout, cwd)
        if not res.get("error_type"):
            return


def summarize(result) -> str:
    if result is None:
        return "-"
    if isinstance(result, list):
        bad = sum(1 for x in result if isinstance(x, str) and x.startswith("!"))
        head = ", ".join(map(str, result[:3]))
        return f"[{len(result)}{f', {bad} failed' if bad else ''}] {head}{'...' if len(result) > 3 else ''}"
    return str(result)


def fmt_req(r: dict | None) -> str:
    if not r:
        return "-"
    return f"{r['codeocean']}/{r['docdb']}/{r['s3']}" + (f" ({r['errors']} err)" if r.get("errors") else "")


def fmt_wall(m: dict | None) -> str:
    if m is None:
        return "-"
    if m.get("error_type"):
        return "not impl." if m.get("not_implemented") else "TIMEOUT" if m["error_type"] == "Timeout" else "ERROR"
    return f"{m['wall_s']:.3f}" if m.get("wall_s") is not None else "-"


def print_table(rows: list[dict], sides: list[str]) -> None:
    head = ["operation"]
    for s in sides:
        head += [f"{s} wall s", f"{s} req CO/DocDB/S3", f"{s} dep RT"]
    head += ["floor"]
    if len(sides) == 2:
        head += ["orig/ours", "same result"]
    table = [head]
    for row in rows:
        line = [row["op"]]
        for s in sides:
            m = row.get(s) or {}
            line += [fmt_wall(row.get(s)), fmt_req(m.get("requests")),
                     str(m["round_trips"]) if m.get("round_trips") is not None else "-"]
        line += [str(row["floor"])]
        if len(sides) == 2:
            o, g = row.get("ours") or {}, row.get("original") or {}
            ratio = "-"
            if o.get("wall_s") and g.get("wall_s") and not o.get("error_type") and not g.get("error_type"):
                ratio = f"{g['wall_s'] / o['wall_s']:.1f}x"
            same = "-"
            if row["op"] != "import" and o and g and not o.get("error_type") and not g.get("error_type"):
                same = "yes" if o.get("result") == g.get("result") else "NO"
            line += [ratio, same]
        table.append(line)
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    for i, r in enumerate(table):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print("\nrequests: Code Ocean / DocDB / S3 as logged by the stack during the operation only")
    print("dep RT: dependent round trips, the longest chain of requests each started after the previous "
          "one ended; floor: the fewest the services force:")
    for row in rows:
        print(f"  {row['op']:<16} {row['floor']}  {row['floor_why']}")
    imp = {s: [(row.get(s) or {}).get("import_s") for row in rows] for s in sides}
    for s in sides:
        vals = [v for v in imp[s] if v is not None]
        if vals:
            print(f"import aind_session ({s}): best {min(vals):.3f} s over {len(vals)} processes")
    pre = [v for v in ((row.get("ours") or {}).get("preimport_s") for row in rows) if v is not None]
    if pre:
        print(f"warm store: one-time imports (the SDK's models and their decoders, upath and its S3 filesystem, "
              f"our modules) made "
              f"apart, before each timed answer: best "
              f"{min(pre):.3f} s (not in 'ours wall s')")
    print("\ncold total, import + operation (s): " + "; ".join(
        f"{row['op']} " + "/".join(
            f"{(row[s]['import_s'] or 0) + row[s]['wall_s']:.3f}"
            if row.get(s) and row[s].get("wall_s") is not None and row[s].get("import_s") is not None else "-"
            for s in sides)
        for row in rows if row["op"] != "import") + f"  ({'/'.join(sides)})")
    print("\nresults / errors:")
    for row in rows:
        for s in sides:
            m = row.get(s)
            if not m:
                continue
            if m.get("error_type"):
                tag = "not implemented yet" if m.get("not_implemented") else "error"
                print(f"  {row['op']:<16} {s:<9} {tag}: {m['error_type']}: {m['error'][:300]}")
            elif row["op"] != "import":
                print(f"  {row['op']:<16} {s:<9} {summarize(m.get('result'))[:160]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--profile", choices=("seed", "large"), default="seed")
    ap.add_argument("--latency-ms", type=float, default=50.0)
    ap.add_argument("--ops", default=None, help="comma-separated: " + ",".join(OPS))
    ap.add_argument("--sides", default="ours,original")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=300.0, help="per operation and side, seconds")
    ap.add_argument("--json", dest="json_out", default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--warmup", type=int, choices=(0, 1), default=1,
                    help="run each operation once, untimed, before measuring it (default 1): the "
                         "emulators build some indexes lazily on the first query of a kind, which "
                         "would otherwise be charged to whichever side runs first")
    ap.add_argument("--verbose", "-v", action="store_true", help="print each side's request log and tracebacks")
    ap.add_argument("--store", choices=("cold", "warm", "off"), default="cold",
                    help="our side's persistent store: cold (empty for every run, the default), warm (filled "
                         "by an untimed run; the SDK and upath imported before the timed part), off")
    ap.add_argument("--ours-python", type=Path, default=OURS_PYTHON,
                    help="the interpreter of our side (default .venv/bin/python of this checkout)")
    ap.add_argument("--ours-pythonpath", default=None,
                    help="PYTHONPATH of our side's processes: measures a build that is not installed")
    ap.add_argument("--ours-cli", type=Path, default=None,
                    help="the aind-session command (default: beside --ours-python)")
    a = ap.parse_args(argv)

    ops = a.ops.split(",") if a.ops else [n for n in DEFAULT_OPS if a.profile in OPS[n].get("profiles", (a.profile,))]
    unknown = [n for n in ops if n not in OPS]
    if unknown:
        ap.error(f"unknown operations: {unknown}; known: {list(OPS)}")
    sides = a.sides.split(",")
    pythons = {"ours": a.ours_python}
    if "original" in sides:
        pythons["original"] = original_env.ensure()

    from aind_session.testing import local_stack

    rows = []
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="aind-bench-") as cwd, \
            local_stack(profile=a.profile, latency=a.latency_ms / 1000 or None, seed=a.seed) as stack:
        args = op_args(stack.catalog)
        args["cli"] = str(a.ours_cli or a.ours_python.parent / "aind-session")
        envs = {side: side_env(stack, side, a.ours_pythonpath) for side in sides}
        print(f"# local stack: profile={a.profile} latency={a.latency_ms:g} ms; our store: {a.store}; "
              f"{len(stack.catalog.data_assets)} data assets; ops: {','.join(ops)}", flush=True)
        for name in ops:
            row = {"op": name, "desc": OPS[name]["desc"], "floor": OPS[name]["floor"][0],
                   "floor_why": OPS[name]["floor"][1]}
            if a.warmup and name != "import":
                warm_up(stack, op_sides(name, sides), pythons, name, args, a.timeout, cwd, envs)
            for side in op_sides(name, sides):
                row[side] = measure(stack, side, pythons[side], name, args, a.repeat, a.timeout, cwd, envs[side],
                                    a.store)
                m = row[side]
                status = m.get("error_type") or (f"{m['wall_s']:.3f} s" if m.get("wall_s") is not None else "-")
                print(f"  {name:<16} {side:<9} {status} {fmt_req(m.get('requests'))} "
                      f"{m.get('round_trips')}/{row['floor']} RT", file=sys.stderr, flush=True)
                if a.verbose:
                    for line in m.get("log") or []:
                        print(f"      {line}", file=sys.stderr)
                    if m.get("detail"):
                        print(textwrap.indent(m["detail"], "      | "), file=sys.stderr)
            rows.append(row)
    print()
    print_table(rows, sides)
    print(f"\ntotal {time.perf_counter() - t_start:.1f} s")
    if a.json_out:
        meta = {"profile": a.profile, "latency_ms": a.latency_ms, "store": a.store, "repeat": a.repeat, "seed": a.seed,
                "python": sys.version.split()[0], "original": original_env.VERSION, "time": time.time()}
        Path(a.json_out).write_text(json.dumps({"meta": meta, "rows": rows}, indent=1, default=str))
        print(f"wrote {a.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
