"""Deterministic identifiers and timestamps.

Every random choice of the generator goes through one ``random.Random`` seeded from
``(profile, seed)``, so the same pair always gives the same catalog. Hand-written seed
values use fixed UUIDs or :func:`stable_uuid`, which does not depend on the RNG stream:
adding a random asset never moves a documented value.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import random
import uuid


def rng_for(profile: str, seed: int) -> random.Random:
    """The generator's single source of randomness (str seeds hash with SHA-512: stable across runs)."""
    return random.Random(f"aind-catalog:{profile}:{seed}")


_VERSION_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_VERSION_SET = (0x8000 << 48) | (4 << 76)


def random_uuid(rng: random.Random) -> str:
    """A version-4 UUID drawn from ``rng``: ``str(uuid.UUID(int=rng.getrandbits(128), version=4))``,
    with the variant/version bits set inline (this runs 300,000 times for the large profile)."""
    h = "%032x" % ((rng.getrandbits(128) & _VERSION_CLEAR) | _VERSION_SET)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def stable_uuid(label: str) -> str:
    """A version-4 UUID fixed by ``label`` (for seed-world assets the documented examples do not name)."""
    return str(uuid.UUID(bytes=hashlib.sha256(label.encode()).digest()[:16], version=4))


_EPOCH0 = _dt.datetime(1970, 1, 1)
_SECOND = _dt.timedelta(seconds=1)


def epoch(dt: _dt.datetime) -> int:
    """Unix seconds of a naive datetime read as UTC (no local time zone: output must not vary by machine)."""
    return (dt - _EPOCH0) // _SECOND


def fast_randint(rng: random.Random, lo: int, hi: int) -> int:
    """``lo <= n <= hi`` from one ``rng.random()`` call: 4x cheaper than ``randint`` in the hot loops."""
    return lo + int(rng.random() * (hi - lo + 1))


def from_epoch(seconds: int) -> _dt.datetime:
    return _dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=seconds)


def stamp(dt: _dt.datetime) -> str:
    """The ``YYYY-MM-DD_hh-mm-ss`` form used in session and derived-asset names."""
    return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}_{dt.hour:02d}-{dt.minute:02d}-{dt.second:02d}"


def parse_stamp(text: str) -> _dt.datetime:
    return _dt.datetime.strptime(text, "%Y-%m-%d_%H-%M-%S")


def iso(seconds: int, micro: int = 0) -> str:
    """DocDB's ISO-8601 ``created`` string. ``micro`` makes equal seconds distinct and sortable."""
    dt = from_epoch(seconds)
    return (f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
            f".{micro % 1_000_000:06d}Z")
