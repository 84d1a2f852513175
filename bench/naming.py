"""Session-name parsing speed: the C++ scanner, our Session(), and the original's parser.

Generates one list of realistic names (raw IDs, derived chains, paths, platformless v2
names, legacy separators, and some invalid ones), writes it to a file, and times on it:

- the C++ scanner (bench_naming, one core);
- ``aind_session.Session(name)`` from Python;
- what the original ``aind_session.Session.__init__`` does with ``npc_session``
  (``AINDSessionRecord`` and the date/time records it reads).

Prints names per second and microseconds per name, side by side, with ratios.
Usage: .venv/bin/python bench/naming.py [--names 20000] [--seconds 2]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import random
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLATFORMS = ["ecephys", "behavior", "SmartSPIM", "multiplane-ophys", "single-plane-ophys", "FIP", "HCR", "exaSPIM"]


def generate_names(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    names = []
    for _ in range(count):
        platform = rng.choice(PLATFORMS)
        session = (f"{platform}_{rng.randint(600000, 830000)}_{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-"
                   f"{rng.randint(1, 28):02d}_{rng.randint(0, 23):02d}-{rng.randint(0, 59):02d}-{rng.randint(0, 59):02d}")
        shape = rng.random()
        if shape < 0.35:
            names.append(session)
        elif shape < 0.65:
            names.append(f"{session}_sorted_2024-{rng.randint(1, 12):02d}-11_16-02-45")
        elif shape < 0.75:
            names.append(f"s3://aind-open-data/{session}_processed_2024-03-01_16-02-45/nwb/x.nwb")
        elif shape < 0.85:
            names.append(session.split("_", 1)[1])  # platformless v2
        elif shape < 0.95:
            names.append(session[: -9].replace("-", "_") + "_" + session[-8:].replace("-", "_"))  # legacy separators
        else:
            names.append(f"not a session {rng.randint(0, 10**6)}")
    return names


def time_python(parse, names: list[str], seconds: float) -> tuple[float, int]:
    """Names per second of parse(name) over the list, repeated for `seconds`; invalid names count too."""
    done, ok, start = 0, 0, time.perf_counter()
    while True:
        for name in names:
            try:
                parse(name)
                ok += 1
            except ValueError:
                pass
        done += len(names)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed, ok // (done // len(names))


def session_with_attributes(session_class):
    """A Session and what users read first: platform, subject_id, date, time and dt (the
    original's records computed all of these in its constructor)."""

    def parse(name: str):
        s = session_class(name)
        return (s.platform, s.subject_id, s.date, s.time, s.dt)

    return parse


def original_session_init(npc_session):
    def parse(name: str):
        # The steps of the original aind_session.Session.__init__: npc_session's AINDSessionRecord
        # and the attributes Session copies from it.
        record = npc_session.AINDSessionRecord(name)
        return (record.id, str(record.subject), record.platform, record.date, record.time, record.datetime, record.dt)

    return parse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    names = generate_names(args.names)
    rows = []
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(names) + "\n")
    binary = ROOT / "build/py/bench/bench_naming"
    cpp = json.loads(subprocess.run([str(binary), f.name, str(args.seconds)], capture_output=True, text=True,
                                    check=True).stdout)
    rows.append(("C++ scan_session_id (1 core)", cpp["scan_per_s"]))
    rows.append(("C++ scan + normalised id", cpp["scan_and_normalise_per_s"]))

    import aind_session

    rate, _ = time_python(aind_session.Session, names, args.seconds)
    rows.append(("aind_session.Session(name)", rate))
    rate, _ = time_python(session_with_attributes(aind_session.Session), names, args.seconds)
    rows.append(("Session(name) + platform..dt", rate))
    try:
        import npc_session
    except ImportError:
        npc_session = None
    if npc_session is not None:
        rate, _ = time_python(npc_session.AINDSessionRecord, names, args.seconds)
        rows.append(("npc_session.AINDSessionRecord(name)", rate))
        rate, _ = time_python(original_session_init(npc_session), names, args.seconds)
        rows.append(("original Session.__init__ (npc_session)", rate))
    baseline = rows[-1][1]
    print(f"{len(names)} generated names, {cpp['valid_fraction']:.0%} valid; python {sys.version.split()[0]}")
    print(f"{'parser':42} {'names/s':>14} {'us/name':>10} {'x original':>11}")
    for label, rate in rows:
        print(f"{label:42} {rate:14,.0f} {1e6 / rate:10.3f} {rate / baseline:11.1f}")


if __name__ == "__main__":
    main()
