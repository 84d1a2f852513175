"""Whether two runs of bench/compare.py (their --json files) got the same results, operation
by operation, for one side: e.g. our side with the store off and with it warm.

    .venv/bin/python bench/compare.py --profile large --sides ours --store off --json bench/results/off.json
    .venv/bin/python bench/compare.py --profile large --sides ours --store warm --json bench/results/warm.json
    .venv/bin/python bench/same_results.py bench/results/off.json bench/results/warm.json

Prints one line per operation (the result, wall time and requests of each run) and exits 1
when any result differs.
"""
from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    side = argv[2] if len(argv) == 3 else "ours"
    runs = [{row["op"]: row.get(side) or {} for row in json.load(open(path))["rows"]} for path in argv[:2]]
    different = 0
    for op, a in runs[0].items():
        b = runs[1].get(op, {})
        same = "error" not in a and a.get("result") == b.get("result")
        different += not same
        print(f"{op:<16} {'same' if same else 'DIFFERENT'}  {a.get('wall_s') or 0:.3f} s {a.get('requests')}  |  "
              f"{b.get('wall_s') or 0:.3f} s {b.get('requests')}")
    print(f"{len(runs[0]) - different} of {len(runs[0])} operations gave the same result")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
