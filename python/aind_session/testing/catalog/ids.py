"""Deterministic identifiers and timestamps.

Every random choice of the generator goes through one ``random.Random`` seeded from
``(profile, seed)``, so the same pair always gives the same catalog. Hand-written seed
values use fixed UUIDs or :func:`stable_uuid`, which does not depend on the RNG stream:
adding a random asset never moves a README value.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import hashlib
import random
import uuid


def rng_for(profile: str, seed: int) -> random.Random:
    """The generator's single source of randomness (str seeds hash with SHA-512: stable across runs)."""
    return random.Random(f"aind-catalog:{profile}:{seed}")


def random_uuid(rng: random.Random) -> str:
    """A version-4 UUID drawn from ``rng``."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def stable_uuid(label: str) -> str:
    """A version-4 UUID fixed by ``label`` (for seed-world assets the README does not name)."""
    return str(uuid.UUID(bytes=hashlib.sha256(label.encode()).digest()[:16], version=4))


def epoch(dt: _dt.datetime) -> int:
    """Unix seconds of a naive datetime read as UTC (no local time zone: output must not vary by machine)."""
    return calendar.timegm(dt.timetuple())


def from_epoch(seconds: int) -> _dt.datetime:
    return _dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=seconds)


def stamp(dt: _dt.datetime) -> str:
    """The ``YYYY-MM-DD_hh-mm-ss`` form used in session and derived-asset names."""
    return dt.strftime("%Y-%m-%d_%H-%M-%S")


def parse_stamp(text: str) -> _dt.datetime:
    return _dt.datetime.strptime(text, "%Y-%m-%d_%H-%M-%S")


def iso(seconds: int, micro: int = 0) -> str:
    """DocDB's ISO-8601 ``created`` string. ``micro`` makes equal seconds distinct and sortable."""
    return from_epoch(seconds).strftime("%Y-%m-%dT%H:%M:%S") + f".{micro % 1_000_000:06d}Z"
