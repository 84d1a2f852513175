"""The :class:`Catalog`: everything the local Code Ocean, DocDB and S3 emulators serve."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from . import constants as C


@dataclass
class Catalog:
    """A generated AIND world.

    The first fields are the interface the emulators code against (see the package
    docstring); the trailing ones record which irregularities were planted on purpose, so
    tests can tell deliberate noise from generator bugs.
    """

    data_assets: list[dict] = field(default_factory=list)
    archived_ids: set[str] = field(default_factory=set)
    favorite_ids: set[str] = field(default_factory=set)
    computations: list[dict] = field(default_factory=list)
    computation_parent: dict[str, str] = field(default_factory=dict)
    capsule_ids: set[str] = field(default_factory=set)
    results: dict[str, dict[str, bytes]] = field(default_factory=dict)
    docdb: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    s3: dict[str, dict[str, bytes]] = field(default_factory=dict)
    public_buckets: set[str] = field(default_factory=lambda: set(C.PUBLIC_BUCKETS))
    bucket_regions: dict[str, str] = field(default_factory=lambda: dict(C.BUCKET_REGIONS))
    token: str = C.TOKEN
    # Deliberate noise (not served; read by tests and the demo):
    deleted_asset_ids: set[str] = field(default_factory=set)    # linked from DocDB, absent from Code Ocean
    noise_asset_ids: set[str] = field(default_factory=set)      # assets whose names are not sessions
    missing_location_ids: set[str] = field(default_factory=set)  # DocDB _ids whose location is not in S3
    s3_only_sessions: set[str] = field(default_factory=set)     # raw dir on S3, nothing in Code Ocean/DocDB
    absent_sessions: set[str] = field(default_factory=set)      # sessions in no system at all
    sessions: list[str] = field(default_factory=list)          # sessions with a raw asset, in creation order
    profile: str = "seed"
    seed: int = 0

    def summary(self) -> dict:
        """Counts of everything, for reports and sanity checks."""
        return {
            "profile": self.profile,
            "seed": self.seed,
            "data_assets": len(self.data_assets),
            "archived": len(self.archived_ids),
            "favorites": len(self.favorite_ids),
            "sessions": len(self.session_ids()),
            "computations": len(self.computations),
            "capsules": len(self.capsule_ids),
            "result_files": sum(len(r) for r in self.results.values()),
            "docdb_records": {f"{db}/{coll}": len(docs) for (db, coll), docs in self.docdb.items()},
            "s3_buckets": len(self.s3),
            "s3_objects": sum(len(objs) for objs in self.s3.values()),
            "s3_bytes": sum(len(b) for objs in self.s3.values() for b in objs.values()),
        }

    def session_ids(self) -> set[str]:
        """Session IDs that have a raw data asset in Code Ocean."""
        return set(self.sessions)

    def to_json(self) -> bytes:
        """A canonical JSON dump of the served content (bytes are hex): equal catalogs give equal bytes."""
        doc = {
            "data_assets": self.data_assets,
            "archived_ids": sorted(self.archived_ids),
            "favorite_ids": sorted(self.favorite_ids),
            "computations": self.computations,
            "computation_parent": self.computation_parent,
            "capsule_ids": sorted(self.capsule_ids),
            "results": {cid: {p: b.hex() for p, b in files.items()} for cid, files in self.results.items()},
            "docdb": {f"{db}/{coll}": docs for (db, coll), docs in self.docdb.items()},
            "s3": {b: {k: v.hex() for k, v in objs.items()} for b, objs in self.s3.items()},
            "public_buckets": sorted(self.public_buckets),
            "bucket_regions": self.bucket_regions,
            "token": self.token,
        }
        return json.dumps(doc, separators=(",", ":")).encode()

    def digest(self) -> str:
        """SHA-256 of :meth:`to_json`: a cheap determinism check."""
        return hashlib.sha256(self.to_json()).hexdigest()

