"""Fixed vocabulary of the generated AIND world: buckets, capsules, owners, platforms, markers.

Values here are facts about the real AIND deployment (buckets: docs/protocols.md §3.1;
platforms: docs/naming.md §7; capsules and error markers: the original package's
constants), not choices of the generator.
"""
from __future__ import annotations

TOKEN = "cop_localstack0000"

# Buckets (docs/protocols.md §3.1). The first seven are probed in this order by aind-session.
CO_BUCKET = "codeocean-s3datasetsbucket-1u41qdg42ur9"
PRIVATE_BUCKET = "aind-private-data-prod-o5171v"
OPEN_PROD_BUCKET = "aind-open-data-prod-o5171v"
OPEN_BUCKET = "aind-open-data"
BEHAVIOR_BUCKET = "aibs-behavior-data"
EPHYS_BUCKET = "aind-ephys-data"
OPHYS_BUCKET = "aind-ophys-data"
SCRATCH_BUCKET = "aind-scratch-data"
MORPHOLOGY_BUCKET = "aind-msma-morphology-data"
ALL_BUCKETS = (CO_BUCKET, PRIVATE_BUCKET, OPEN_PROD_BUCKET, OPEN_BUCKET, BEHAVIOR_BUCKET, EPHYS_BUCKET,
               OPHYS_BUCKET, SCRATCH_BUCKET, MORPHOLOGY_BUCKET)
PUBLIC_BUCKETS = frozenset({OPEN_BUCKET})
DEFAULT_REGION = "us-west-2"
# One bucket lives in another region so that S3 clients must follow a 301
# PermanentRedirect / x-amz-bucket-region hint instead of assuming us-west-2.
BUCKET_REGIONS = {OPHYS_BUCKET: "us-east-1"}

# Capsules and pipelines: the original's ecephys extension defaults (DEFAULT_TRIGGER_CAPSULE_ID,
# DEFAULT_SORTING_PIPELINE_ID).
TRIGGER_CAPSULE_ID = "eb5a26e4-a391-4d79-9da5-1ab65b71253f"
SORTING_PIPELINE_ID = "1f8f159a-7670-47a9-baf1-078905fc9c2e"
# Other capsules that produced derived assets (stable made-up ids).
NWB_CAPSULE_ID = "c3a5d4e2-1b7f-4e0a-9d3c-2f6b8a1e5c70"
STITCH_CAPSULE_ID = "a81f0c66-3e2d-4b5a-8f19-7d4c2b9e6a31"
PROCESS_CAPSULE_ID = "5e2b7c90-8d41-4f3a-a6e2-0c9d1b4f7e85"
# The SmartSPIM-Neuropixels extension's capsules (IBLDataConverterExtension): the IBL data
# converter, and the pipeline monitor that runs it and captures its output as an asset.
DATA_CONVERTER_CAPSULE_ID = "9fe42995-ffff-40ff-9c4c-c8206b8aacb5"
PIPELINE_MONITOR_CAPSULE_ID = "567b5b98-8d41-413b-9375-9ca610ca2fd3"
IDLE_CAPSULE_ID = "0f3e9a2b-6c1d-4e8f-b7a5-3d2c1e0f9b84"  # known, never run: its listing is []

OWNERS = (
    ("5f0c1a52-3c1e-4a3e-9a4b-1d2e3f4a5b6c", "svc-aind-upload@example.org"),
    ("8a7d6e5f-4c3b-4a29-8187-6f5e4d3c2b1a", "ben.hardcastle@example.org"),
    ("2b4d6f80-1a3c-4e5f-9a7b-c9d1e3f5a7b9", "arjun.sridhar@example.org"),
    ("6e8f0a2c-4b6d-4f81-a3c5-e7f9b1d3f5a7", "scientific.computing@example.org"),
)

# Markers of a failed run in its `output` text, as the original's is_output_error looks for them
# (ours: core::output_error_marker in src/core/outputs.cpp); the CUDA marker is tolerated in
# sorting-pipeline output.
ERROR_MARKERS = (
    "Essential container in task exited",
    "Out of memory.",
    "Task failed to start - DockerTimeoutError",
    "The CUDA error was:",
    "Traceback (most recent call last):",
    "Command error:",
    "WARN: Killing running tasks",
)

SORTERS = ("kilosort2_5", "kilosort4", "spykingcircus2")
PIPELINE_TYPE = {"kilosort2_5": "ecephys_ks25", "kilosort4": "ecephys_ks4", "spykingcircus2": "ecephys_sc2"}

GENOTYPES = (
    "Pvalb-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt",
    "Sst-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt",
    "VGAT-ChR2-YFP/wt",
    "wt/wt",
    "Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt",
    "Vip-IRES-Cre/wt;Ai148(TIT2L-GC6f-ICL-tTA2)/wt",
    "Chat-IRES-Cre-neo/wt",
    "Dbh-Cre-KI/wt",
)
# The random part draws a session's project over this tuple, then maps the draw onto its
# platform's own few (platforms.PROJECTS): the draw, hence the rest of the seeded stream, is
# the same as when every platform shared this list.
PROJECTS = ("Dynamic Routing", "Brain Computer Interface", "Thalamus in the middle", "OpenScope",
            "Cognitive flexibility in patch foraging", "Learning mFISH-V1omFISH", "Ephys Platform",
            "Discovery-Neuromodulator circuit dynamics during foraging")
