"""Conformance: the original aind-session's own documentation examples, run against this package.

The original (PyPI, the version ``bench/original_env.py`` pins) is installed in its own
virtual environment; nothing of it is copied into this repository. Its doctest examples
are extracted at run time from its installed modules and its package description, then
run against **this** package on a fresh local stack ("seed" world), and, with
``--original``, against the original itself on another fresh stack of the same world.

Every example that fails here must either be one that the original fails too on the same
data (with ``--original``), or be listed, with its reason, in ``docs/differences.md``:
the one place where this package's deliberate departures from the original are written
down. The exit status is 1 when any failure is neither.

Usage::

    .venv/bin/python tests/conformance/conformance.py [--original] [--module PREFIX] [--json OUT] [-v]

``scripts/conformance`` sets everything up first and passes its arguments on.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "bench"))

import original_env  # noqa: E402

OURS_PYTHON = ROOT / ".venv" / "bin" / "python"
DOCTESTS = HERE / "doctests.py"
DIFFERENCES = ROOT / "docs" / "differences.md"
TIMEOUT_S = 1200


def listed_differences(path: Path = DIFFERENCES) -> list[tuple[str, str, str]]:
    """(module, example text, reason) for each row of the table in docs/differences.md whose
    first two cells are code spans: a failing example of that module whose source or expected
    output contains the example text is an improvement, not a regression."""
    rows = []
    for line in path.read_text().splitlines():
        match = re.match(r"\|\s*`([^`]+)`\s*\|\s*`(.+?)`\s*\|\s*(.+?)\s*\|\s*$", line)
        if match:
            rows.append(match.groups())
    return rows


def reason_for(module: str, example: dict, differences: list[tuple[str, str, str]]) -> str | None:
    for listed_module, text, reason in differences:
        if listed_module == module and (text in example["source"] or text in example["want"]):
            return reason
    return None


def _run(python: Path, args: list[str], env: dict, what: str) -> None:
    proc = subprocess.run([str(python), str(DOCTESTS), *args], env=env, cwd=str(ROOT), capture_output=True,
                          text=True, timeout=TIMEOUT_S)
    if proc.returncode != 0:
        raise SystemExit(f"{what} failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")


def run_side(side: str, python: Path, examples: Path, out: Path) -> list[dict]:
    """The examples run by `python` (ours or the original's) on a fresh seed stack."""
    from aind_session.testing import local_stack

    with local_stack(profile="seed") as stack:
        _run(python, ["run", str(examples), str(out)], original_env.side_env(stack.env, side), f"running on {side}")
    return json.loads(out.read_text())


def extract(original_python: Path, out: Path) -> list[dict]:
    from aind_session.testing import local_stack

    with local_stack(profile="seed") as stack:
        _run(original_python, ["extract", str(out)], original_env.side_env(stack.env, "original"), "extraction")
    return json.loads(out.read_text())


def report(tests: list[dict], ours: list[dict], original: list[dict] | None, verbose: bool) -> int:
    """Prints the per-module table and every failure; returns how many are unexplained."""
    differences = listed_differences()
    examples = {(t["name"], i): (t["module"], e) for t in tests for i, e in enumerate(t["examples"])}
    theirs = {(r["test"], r["index"]): r["outcome"] for r in original or []}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    failures = []
    for r in ours:
        key = (r["test"], r["index"])
        module, example = examples[key]
        c = counts[module]
        if r["outcome"] == "skipped":
            c["skipped"] += 1
            continue
        c["examples"] += 1
        if original is not None:
            c["original passed"] += theirs.get(key) == "passed"
        if r["outcome"] == "passed":
            c["passed"] += 1
            continue
        reason = reason_for(module, example, differences)
        if reason is None and original is not None and theirs.get(key) != "passed":
            reason = "the original fails this example too on the same data"
        c["listed" if reason else "unexplained"] += 1
        failures.append((module, example, r.get("got", ""), reason))
    _print_table(counts, original is not None)
    unexplained = [f for f in failures if f[3] is None]
    for module, example, got, reason in failures:
        if reason and not verbose:
            continue
        print(f"\n[{module}] {'UNEXPLAINED' if reason is None else 'listed: ' + reason}")
        print("  >>> " + example["source"].rstrip().replace("\n", "\n  ... "))
        print("  expected: " + (example["want"].rstrip() or "(nothing)").replace("\n", "\n            "))
        print("  got:      " + (got.rstrip() or "(nothing)").replace("\n", "\n            ")[:1500])
    print(f"\n{len(unexplained)} unexplained difference(s); {len(failures) - len(unexplained)} listed "
          f"(docs/differences.md{', or failing in the original too' if original is not None else ''})")
    return len(unexplained)


def _print_table(counts: dict, with_original: bool) -> None:
    head = ["module", "examples", "passed", "listed", "unexplained", "skipped"] + (["original passed"] if with_original
                                                                                 else [])
    rows = [head]
    total: dict[str, int] = defaultdict(int)
    for module in sorted(counts):
        c = counts[module]
        rows.append([module] + [str(c[k]) for k in head[1:]])
        for k in head[1:]:
            total[k] += c[k]
    rows.append(["total"] + [str(total[k]) for k in head[1:]])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for i, r in enumerate(rows):
        print("  ".join(cell.ljust(w) if j == 0 else cell.rjust(w) for j, (cell, w) in enumerate(zip(r, widths))))
        if i == 0 or i == len(rows) - 2:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--original", action="store_true", help="also run the examples against the original")
    ap.add_argument("--module", default="", help="only the modules whose name starts with this")
    ap.add_argument("--json", dest="json_out", help="write every example's outcome here")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the listed differences too")
    args = ap.parse_args(argv)
    original_python = original_env.ensure()
    with tempfile.TemporaryDirectory(prefix="aind_conformance_") as tmp:
        work = Path(tmp)
        tests = [t for t in extract(original_python, work / "examples.json") if t["module"].startswith(args.module)]
        (work / "selected.json").write_text(json.dumps(tests))
        ours = run_side("ours", OURS_PYTHON, work / "selected.json", work / "ours.json")
        original = (run_side("original", original_python, work / "selected.json", work / "original.json")
                    if args.original else None)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"tests": tests, "ours": ours, "original": original}, indent=1))
    return 1 if report(tests, ours, original, args.verbose) else 0


if __name__ == "__main__":
    sys.exit(main())
