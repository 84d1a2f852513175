"""Print the fault matrix as markdown tables: operation x fault -> "same" / "<Error> in <s> s".

The cells, their faults and their expectations are those of
``tests/python/test_fault_matrix.py`` (imported from there, not copied): every operation on
the seed stack's session ``ecephys_676909_2023-12-13_13-43-40`` under each fault kind of
the local stack, scoped to one service, absorbable (the next request or two) or always.
One table per service; a cell that breaks its expectation is marked ✗ (the test fails
on it too), and the reasons are listed below the tables.

    .venv/bin/python bench/fault_matrix.py
    .venv/bin/python bench/fault_matrix.py --ops docdb,raw_data_dir --services docdb --faults reset,503

Loopback only: the local stack's emulators on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "python"), str(REPO / "tests" / "python")]

import test_fault_matrix as matrix  # noqa: E402 - the cell definitions live with the test
from aind_session.testing import local_stack  # noqa: E402


def _pick(text: str, choices) -> list[str]:
    if not text:
        return list(choices)
    picked = text.split(",")
    unknown = [p for p in picked if p not in choices]
    if unknown:
        raise SystemExit(f"unknown {unknown}; choose among {', '.join(choices)}")
    return picked


def run(cells: list, operations: list) -> tuple[dict, dict]:
    """``({cell: (verdict, problem)}, {operation: Baseline})`` on a fresh seed stack."""
    from aind_session import _cache

    results = {}
    _cache.clear_all()
    with local_stack(profile="seed") as stack:
        bases = {op: matrix.baseline(stack, op) for op in operations}
        for cell in cells:
            out = matrix.run_cell(stack, cell)
            base = bases[cell.operation]
            results[cell] = (matrix.verdict(out, base), matrix.problem(cell, base, out))
            print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return results, bases


def table(service: str, results: dict, operations: list, faults: list, intensities: list) -> str:
    columns = [(f, i) for f in faults for i in intensities]
    lines = [f"### faults on {service}", "",
             "| operation | " + " | ".join(f"{f} {i}" for f, i in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for op in operations:
        row = []
        for f, i in columns:
            verdict, problem = results[matrix.Cell(op, service, f, i)]
            row.append(verdict + (" ✗" if problem else ""))
        lines.append(f"| {op} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", default="", help="comma-separated operations (default: all)")
    ap.add_argument("--services", default="", help="comma-separated services (default: all)")
    ap.add_argument("--faults", default="", help="comma-separated fault kinds (default: all)")
    ap.add_argument("--intensities", default="", help="absorbable,always (default: both)")
    args = ap.parse_args(argv)
    ops = _pick(args.ops, matrix.OPERATIONS)
    services = _pick(args.services, matrix.SERVICES)
    faults = _pick(args.faults, list(matrix.FAULTS))
    intensities = _pick(args.intensities, matrix.INTENSITIES)
    cells = [c for c in matrix.CELLS if c.operation in ops and c.service in services and c.fault in faults
             and c.intensity in intensities]
    start = time.monotonic()
    results, bases = run(cells, ops)
    for service in services:
        print(table(service, results, ops, faults, intensities), end="\n\n")
    print("services each operation uses (fault-free run): " +
          "; ".join(f"{op} {'/'.join(sorted(bases[op].services))}" for op in ops))
    broken = [(c, p) for c, (_, p) in results.items() if p]
    print(f"\n{len(cells)} cells in {time.monotonic() - start:.0f} s; {len(broken)} break their expectation")
    for cell, problem in broken:
        print(f"- {cell.id}: {problem}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
