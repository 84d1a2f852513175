"""Deterministic generator of a realistic AIND world for the local stack.

``generate(profile, seed)`` returns a :class:`Catalog`: Code Ocean data assets and
computations, DocDB records (schema v1 in ``metadata_index/data_assets``, schema v2 in
``metadata_index_v2/data_assets``) and S3 objects, all consistent with each other. The
emulators in :mod:`aind_session.testing` serve it; tests, the demo and benchmarks run on it.

Profiles (``PROFILES``):

* ``seed`` — every value named by the package description's examples and the original
  package's documentation examples (see :mod:`.seed_values`) plus ~150 random sessions on every platform; S3 objects for all.
* ``medium`` — the seed world plus 2,000 random sessions; S3 objects for all.
* ``large`` — the seed world plus >= 20,000 sessions and >= 200,000 Code Ocean assets;
  whole S3 dirs for one session in ten (~2,000); every other DocDB ``location`` holds only
  upload markers (``files.upload_markers``: data_description.json and the first object of
  each modality folder; a derived asset's data_description.json, and its processing.json
  when sorted), so every location exists at a fraction of the objects.

Every raw DocDB record carries what catalog-wide searches filter on: ``data_description``
``project_name`` (a few projects per platform, :data:`.platforms.PROJECTS`), the modalities
of its raw folders (v1 ``modality``, v2 ``modalities``), v1 ``platform`` ``{name,
abbreviation}`` (none for platformless names), ``subject_id`` and ``creation_time``; the start
time in v1 ``session`` (or ``acquisition`` for imaging platforms) and v2 ``acquisition``.

Modelling choices a reader of a test failure should know:

* The demo asset "Example T1 and T2 MRI Images" has ``custom_metadata["subject id"] ==
  "668759, 676909"``: the Code Ocean emulator matches a ``subject id:`` clause against
  each comma-separated part, reproducing the real server returning it for both subjects.
* ``aind-ophys-data`` is in ``us-east-1`` (all other buckets ``us-west-2``): S3 clients
  must follow the region redirect.
* Deliberate irregularities are listed on the catalog (``deleted_asset_ids``,
  ``noise_asset_ids``, ``missing_location_ids``, ``s3_only_sessions``, ``absent_sessions``);
  ``missing_location_ids`` are the only DocDB records whose location is not in S3.
* The same ``(profile, seed)`` gives byte-identical :meth:`Catalog.to_json`; the seed
  world itself does not depend on ``seed``.
"""
from __future__ import annotations

from . import filler, seed_world
from .ids import rng_for
from .model import Catalog
from .world import World

__all__ = ["Catalog", "generate", "PROFILES"]

_SIZES = {
    "seed": filler.Profile(sessions=150, min_assets=0, s3_every=1),
    "medium": filler.Profile(sessions=2_000, min_assets=0, s3_every=1),
    "large": filler.Profile(sessions=20_000, min_assets=200_000, s3_every=10),
}
PROFILES = tuple(_SIZES)


def generate(profile: str = "seed", seed: int = 0) -> Catalog:
    """Build the catalog of ``profile`` (one of :data:`PROFILES`) from ``seed``."""
    if profile not in _SIZES:
        raise ValueError(f"unknown catalog profile {profile!r}: expected one of {', '.join(PROFILES)}")
    world = World(rng_for(profile, seed), profile, seed)
    seed_world.build(world)
    filler.build(world, _SIZES[profile])
    # Computation listings are served in catalog order; keep them by creation time like the real API.
    world.cat.computations.sort(key=lambda c: (c["created"], c["id"]))
    return world.cat
