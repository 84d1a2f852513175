"""Acquisition platforms of every aind-data-schema era (docs/naming.md §7) and how their raw data look.

Each platform says which years its sessions span, which S3 bucket holds its raw data
(by era), which top-level folders its raw dir has (its modalities, docs/naming.md §7) and which
derived products usually follow it. The tables at the end give what a DocDB record says
about a session of the platform: the platform's schema-v1 name, the modality of each raw
folder, and the projects that acquire on it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import constants as C


@dataclass(frozen=True)
class Platform:
    prefix: Optional[str]          # name prefix as written; None = schema-v2 platformless name
    years: tuple[int, int]         # inclusive range of acquisition years
    buckets: tuple[str, str]       # raw bucket before 2024, from 2024 on
    folders: tuple[str, ...]       # top-level folders of the raw dir
    modality: tuple[str, str]      # (name, abbreviation) for data_description.modality
    experiment_type: str           # custom_metadata "experiment type"
    derived: tuple[str, ...]       # labels of derived products ("sorted" and "stitched" are special)
    weight: int                    # relative frequency among sessions


PLATFORMS: tuple[Platform, ...] = (
    Platform("ecephys", (2019, 2025), (C.EPHYS_BUCKET, C.PRIVATE_BUCKET),
             ("behavior", "behavior_videos", "ecephys"), ("Extracellular electrophysiology", "ecephys"),
             "ecephys", ("sorted", "nwb", "processed", "dlc_side", "dlc_eye", "facemap", "LPFaceParts"), 24),
    Platform("behavior", (2023, 2025), (C.BEHAVIOR_BUCKET, C.OPEN_BUCKET),
             ("behavior", "behavior_videos"), ("Behavior", "behavior"), "behavior",
             ("nwb", "processed", "dlc_side", "qc"), 20),
    Platform("SmartSPIM", (2022, 2025), (C.OPEN_BUCKET, C.OPEN_BUCKET), ("SmartSPIM", "derivatives"),
             ("Selective plane illumination microscopy", "SPIM"), "SmartSPIM", ("stitched", "processed"), 7),
    Platform("smartSPIM", (2023, 2023), (C.OPEN_BUCKET, C.OPEN_BUCKET), ("SmartSPIM",),
             ("Selective plane illumination microscopy", "SPIM"), "SmartSPIM", ("stitched",), 1),
    Platform("exaSPIM", (2023, 2025), (C.OPEN_BUCKET, C.OPEN_BUCKET), ("exaSPIM",),
             ("Selective plane illumination microscopy", "SPIM"), "exaSPIM", ("stitched", "processed"), 2),
    Platform("mesoSPIM", (2022, 2024), (C.OPEN_BUCKET, C.OPEN_BUCKET), ("mesoSPIM",),
             ("Selective plane illumination microscopy", "SPIM"), "mesoSPIM", ("processed",), 1),
    Platform("diSPIM", (2022, 2023), (C.OPEN_BUCKET, C.OPEN_BUCKET), ("diSPIM",),
             ("Selective plane illumination microscopy", "SPIM"), "diSPIM", ("processed",), 1),
    Platform("multiplane-ophys", (2023, 2025), (C.OPHYS_BUCKET, C.PRIVATE_BUCKET),
             ("behavior", "behavior_videos", "pophys"), ("Planar optical physiology", "pophys"),
             "multiplane-ophys", ("processed", "nwb", "dff", "eye_tracking"), 9),
    Platform("single-plane-ophys", (2023, 2025), (C.OPHYS_BUCKET, C.PRIVATE_BUCKET),
             ("behavior", "pophys"), ("Planar optical physiology", "pophys"), "single-plane-ophys",
             ("processed", "nwb", "dff"), 6),
    Platform("ophys", (2021, 2023), (C.OPHYS_BUCKET, C.OPHYS_BUCKET), ("ophys",),
             ("Optical physiology", "ophys"), "ophys", ("processed",), 2),
    Platform("FIP", (2022, 2025), (C.PRIVATE_BUCKET, C.PRIVATE_BUCKET), ("behavior", "fib"),
             ("Fiber photometry", "fib"), "FIP", ("processed", "nwb"), 6),
    Platform("HCR", (2023, 2025), (C.OPEN_BUCKET, C.OPEN_BUCKET), ("SPIM",),
             ("Selective plane illumination microscopy", "SPIM"), "HCR", ("stitched", "processed"), 2),
    Platform("HSFP", (2022, 2024), (C.PRIVATE_BUCKET, C.PRIVATE_BUCKET), ("fib",),
             ("Fiber photometry", "fib"), "HSFP", ("processed",), 1),
    Platform("ISI", (2024, 2025), (C.PRIVATE_BUCKET, C.PRIVATE_BUCKET), ("ISI",),
             ("Intrinsic signal imaging", "ISI"), "ISI", ("processed",), 2),
    Platform("MRI", (2022, 2025), (C.PRIVATE_BUCKET, C.PRIVATE_BUCKET), ("MRI",),
             ("Magnetic resonance imaging", "MRI"), "MRI", ("processed",), 1),
    Platform("SLAP2", (2024, 2025), (C.PRIVATE_BUCKET, C.PRIVATE_BUCKET), ("slap2", "behavior"),
             ("Random access projection microscopy", "slap2"), "SLAP2", ("processed",), 1),
    Platform("motor-observatory", (2024, 2025), (C.PRIVATE_BUCKET, C.PRIVATE_BUCKET),
             ("behavior", "behavior_videos", "EMG"), ("Electromyography", "EMG"), "motor-observatory",
             ("processed", "nwb"), 2),
    Platform("confocal", (2023, 2025), (C.OPEN_BUCKET, C.OPEN_BUCKET), ("confocal",),
             ("Confocal microscopy", "confocal"), "confocal", ("processed",), 1),
    Platform("fMOST", (2022, 2023), (C.OPEN_BUCKET, C.OPEN_BUCKET), ("fMOST",),
             ("Fluorescence micro-optical sectioning tomography", "fMOST"), "fMOST", ("processed",), 1),
    # Schema v2 (from mid 2025): the name is "<subject>_<date>_<time>", no platform.
    Platform(None, (2025, 2025), (C.OPEN_BUCKET, C.OPEN_BUCKET), ("behavior", "behavior-videos"),
             ("Behavior", "behavior"), "behavior", ("processed", "nwb"), 4),
)

BY_PREFIX = {p.prefix: p for p in PLATFORMS}


def raw_bucket(platform: Platform, year: int) -> str:
    return platform.buckets[1] if year >= 2024 else platform.buckets[0]


# data_description.platform of schema-v1 records: {name, abbreviation}. The abbreviation is the
# canonical spelling, which a name prefix need not be (``smartSPIM_...`` uploads say
# ``SmartSPIM``); platformless (schema-v2) sessions have no platform.
PLATFORM_NAMES = {
    "ecephys": "Electrophysiology platform", "behavior": "Behavior platform",
    "SmartSPIM": "SmartSPIM platform", "smartSPIM": "SmartSPIM platform", "exaSPIM": "ExaSPIM platform",
    "mesoSPIM": "MesoSPIM platform", "diSPIM": "diSPIM platform",
    "multiplane-ophys": "Multiplane optical physiology platform",
    "single-plane-ophys": "Single-plane optical physiology platform", "ophys": "Optical physiology platform",
    "FIP": "Frame-projected independent-fiber photometry platform",
    "HCR": "Hybridization chain reaction platform", "HSFP": "Hyperspectral fiber photometry platform",
    "ISI": "Intrinsic signal imaging platform", "MRI": "Magnetic resonance imaging platform",
    "SLAP2": "SLAP2 platform", "motor-observatory": "Motor observatory platform",
    "confocal": "Confocal microscopy platform", "fMOST": "fMOST platform",
}
CANONICAL_ABBREVIATION = {"smartSPIM": "SmartSPIM"}

# Raw folders whose modality is not the platform's own (the platform's data folder is).
FOLDER_MODALITIES = {
    "behavior": ("Behavior", "behavior"),
    "behavior_videos": ("Behavior videos", "behavior-videos"),
    "behavior-videos": ("Behavior videos", "behavior-videos"),
    "EMG": ("Electromyography", "EMG"),
    "fib": ("Fiber photometry", "fib"),
    "derivatives": None,  # SmartSPIM's processing output, not a modality
}

_ANATOMY = ("MSMA Platform", "Thalamus in the middle",
            "Single-neuron computations within brain-wide circuits (SCBC)")
_OPHYS = ("Brain Computer Interface", "OpenScope", "Learning mFISH-V1omFISH")
_FORAGING = ("Cognitive flexibility in patch foraging", "Discovery-Neuromodulator circuit dynamics during foraging",
             "Behavior Platform")
# A handful of projects per platform; the first is the seed world's (its sessions draw nothing).
PROJECTS = {
    "ecephys": ("Dynamic Routing", "Thalamus in the middle", "Ephys Platform", "OpenScope",
                "Single-neuron computations within brain-wide circuits (SCBC)"),
    "behavior": ("Dynamic Routing",) + _FORAGING,
    "SmartSPIM": _ANATOMY, "smartSPIM": _ANATOMY, "exaSPIM": _ANATOMY, "mesoSPIM": _ANATOMY,
    "diSPIM": _ANATOMY, "confocal": _ANATOMY, "fMOST": _ANATOMY, "MRI": _ANATOMY[:2],
    "HCR": ("Learning mFISH-V1omFISH", "MSMA Platform"),
    "multiplane-ophys": _OPHYS, "single-plane-ophys": _OPHYS, "ophys": _OPHYS, "ISI": _OPHYS[:2],
    "SLAP2": ("Brain Computer Interface", "SLAP2 Platform"),
    "FIP": _FORAGING, "HSFP": _FORAGING[1:], "motor-observatory": ("Behavior Platform", "Force Foraging"),
    None: _FORAGING,
}


def platform_block(platform: Platform) -> Optional[dict]:
    """``data_description.platform`` of a schema-v1 record (None for platformless sessions)."""
    if platform.prefix is None:
        return None
    abbreviation = CANONICAL_ABBREVIATION.get(platform.prefix, platform.prefix)
    return {"name": PLATFORM_NAMES[platform.prefix], "abbreviation": abbreviation}


def modalities(platform: Platform, folders) -> list[tuple[str, str]]:
    """(name, abbreviation) of every modality of a raw dir with ``folders``, the platform's first.

    A folder not in :data:`FOLDER_MODALITIES` holds the platform's own modality (``ecephys``,
    ``SmartSPIM``, ``pophys`` ...), so the record and the S3 listing tell the same story.
    """
    out = [platform.modality]
    for folder in folders:
        m = FOLDER_MODALITIES.get(folder, platform.modality)
        if m is not None and m not in out:
            out.append(m)
    return out


def project(platform: Platform, draw: int) -> str:
    """The project of a session on ``platform`` from a seeded ``draw`` (any non-negative int)."""
    names = PROJECTS[platform.prefix]
    return names[draw % len(names)]
