"""Files of the SmartSPIM-Neuropixels annotation workflow: a Neuroglancer state and an IBL
data-converter manifest.

An annotator opens the stitched SmartSPIM volume in Neuroglancer, traces each probe track as
a point-annotation layer named by its track ID (plus a ``targets`` layer), and saves the
state json to the scratch bucket; a manifest csv then maps each track to a probe of a sorted
recording. The seed world holds one of each for subject 717381, and
``tests/resources/example_neuroglancer_state.json`` is a copy of that state (the original
package's examples read it by that path; tests/python/testing/test_neuroglancer_fixture.py checks
that the copy is current and says how to regenerate it).

Everything here is computed, not random: the same state comes out on every run.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Sequence

from . import constants as C

# Track IDs, in layer order; they do not name a probe and a day (no "A1", "B-2"...), so the
# original's partial manifest lists every track against every sorted recording.
ANNOTATION_NAMES = ("268", "269", "270", "265", "263", "262", "targets")
IMAGE_DIR = "test_data/SmartSPIM/{stitched}/image_tile_fusing/OMEZarr"  # in the morphology bucket
IMAGE_ROOT = "zarr://s3://" + C.MORPHOLOGY_BUCKET + "/" + IMAGE_DIR + "/"
CHANNELS = (("Ex_561_Em_593.ome.zarr", "#00ff00"), ("Ex_639_Em_667.zarr", "#ff00ff"))
COLORS = ("#ffff00", "#00ffff", "#ff8000", "#80ff00", "#0080ff", "#ff0080", "#ffffff")
SHADER = ('#uicontrol vec3 color color(default="{color}")\n#uicontrol invlerp normalized\n'
          "void main() {{\n  emitRGB(color * normalized());\n}}\n")
# Axis order of every coordinate below: z (2 um), y and x (4 um), t (1 ms), as the stitched
# OME-Zarr is shown at its 4 um level.
DIMENSIONS = {"z": [2e-06, "m"], "y": [4e-06, "m"], "x": [4e-06, "m"], "t": [0.001, "s"]}
POINTS_PER_TRACK = 6


def image_sources(stitched: str) -> tuple[str, ...]:
    """The two channel sources of a stitched asset's copy in the morphology bucket."""
    return tuple(IMAGE_ROOT.format(stitched=stitched) + name + "/" for name, _ in CHANNELS)


def zarr_dir(stitched: str) -> tuple[str, dict[str, bytes]]:
    """The prefix and objects (relative key -> body) behind :func:`image_sources`, so that the
    sources resolve on the stack."""
    axes = [{"name": a, "type": t} for a, t in (("t", "time"), ("c", "channel"), ("z", "space"), ("y", "space"),
                                                 ("x", "space"))]
    return IMAGE_DIR.format(stitched=stitched), {
        f"{name}/.zattrs": json.dumps({"multiscales": [{"version": "0.4", "name": name.split(".")[0],
                                                        "axes": axes}]}).encode()
        for name, _ in CHANNELS}


def _annotation_id(layer: str, index: int) -> str:
    # Neuroglancer gives each annotation a random 40-hex-digit ID; ours are hashes, so stable.
    return hashlib.sha1(f"{layer}:{index}".encode()).hexdigest()


def _track(i: int) -> list[list[float]]:
    """Points from the brain surface down one probe track (track ``i``), as [z, y, x, t]."""
    entry = (2400.0 + 180.0 * i, 420.0 + 35.0 * (i % 3), 1300.0 + 140.0 * i)
    step = (14.5 - 3.0 * (i % 2), 96.0, -11.25 + 4.5 * (i % 4))
    return [[entry[0] + k * step[0], entry[1] + k * step[1], entry[2] + k * step[2], 0.5]
            for k in range(POINTS_PER_TRACK)]


def _targets() -> list[list[float]]:
    """One planned target per probe track: a little beyond the track's last point."""
    return [[p[0] + 20.0, p[1] + 150.0, p[2] - 10.0, 0.5] for p in (_track(i)[-1] for i in range(6))]


def _annotation_layer(name: str, points: list[list[float]], color: str) -> dict:
    return {"type": "annotation", "source": "local://annotations", "tab": "annotations",
            "annotationColor": color, "tool": "annotatePoint",
            "annotations": [{"point": p, "type": "point", "id": _annotation_id(name, k)}
                            for k, p in enumerate(points)],
            "name": name}


def _image_layers(stitched: str) -> list[dict]:
    # One source as a plain string and one as {"url": ...}: Neuroglancer writes both forms.
    first, second = image_sources(stitched)
    (name1, color1), (name2, color2) = CHANNELS
    return [
        {"type": "image", "source": first, "tab": "rendering", "opacity": 1, "blend": "additive",
         "shader": SHADER.format(color=color1), "shaderControls": {"normalized": {"range": [40, 600]}},
         "name": name1.split(".")[0]},
        {"type": "image", "source": {"url": second, "transform": {"outputDimensions": DIMENSIONS}},
         "tab": "rendering", "opacity": 0.8, "blend": "additive", "shader": SHADER.format(color=color2),
         "shaderControls": {"normalized": {"range": [30, 450]}}, "visible": False, "name": name2.split(".")[0]},
    ]


def state(stitched: str) -> dict:
    """A saved Neuroglancer state over the stitched asset ``stitched``, with the probe-track layers."""
    tracks = [_annotation_layer(name, _track(i), COLORS[i]) for i, name in enumerate(ANNOTATION_NAMES[:-1])]
    targets = _annotation_layer(ANNOTATION_NAMES[-1], _targets(), COLORS[-1])
    return {
        "dimensions": DIMENSIONS,
        "position": [2816.5, 1408.5, 1650.5, 0.5],
        "crossSectionOrientation": [0.5, 0.5, -0.5, 0.5],
        "crossSectionScale": 2.5,
        "projectionOrientation": [-0.2849, 0.3314, 0.1366, 0.8887],
        "projectionScale": 8192,
        "layers": _image_layers(stitched) + tracks + [targets],
        "showSlices": False,
        "selectedLayer": {"visible": True, "layer": ANNOTATION_NAMES[0]},
        "layout": "4panel",
        "selection": {"layers": {ANNOTATION_NAMES[0]: {"annotationId": _annotation_id(ANNOTATION_NAMES[0], 0),
                                                       "annotationSource": 0, "annotationSubsource": "default"}}},
        "layerListPanel": {"visible": True},
    }


def state_json(stitched: str) -> bytes:
    """The state as the original writes it (``json.dumps(content, indent=2)``)."""
    return json.dumps(state(stitched), indent=2).encode()


MANIFEST_COLUMNS = ("mouseid", "sorted_recording", "probe_file", "probe_name", "probe_shank", "probe_id",
                    "surface_finding", "annotation_format")


def manifest_csv(subject_id: str, sorted_recording: str, state_name: str, surface_recording: str,
                 probes: Sequence[str]) -> bytes:
    """A completed converter manifest: one row per probe track, each mapped to a probe of one recording."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    for track, probe in zip(ANNOTATION_NAMES[:-1], probes):
        writer.writerow((subject_id, sorted_recording, state_name, probe, "", track, surface_recording, "json"))
    return out.getvalue().encode()

