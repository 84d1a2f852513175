"""Every concrete value of the original package's documented examples, in one place.

Each constant says where it comes from:

* ``desc`` -- the examples of the package description of aind-session 0.3.3 (the README
  published with it), which this project's README and tests replay;
* a module name (``session.py``, ``subject.py``, ``codeocean_utils``, ``docdb_utils``,
  ``ecephys``, ``lims``, ``smartspim_neuropixels``) -- the documentation examples
  (doctests) of that module in the original package (aind-session 0.3.x);
* ``ours`` -- a value chosen here to make the world around them realistic.

:mod:`.seed_world` builds the world around them; tests/python/testing/test_catalog.py
checks each one.
"""
from __future__ import annotations

# --- Subject 676909 and session E (desc "Python" block; session.py, ecephys) ------------------
E = "ecephys_676909_2023-12-13_13-43-40"                       # desc: Session('ecephys_676909_2023-12-13_13-43-40')
SUBJECT_676909 = "676909"                                      # desc: session.subject_id
E_RAW_ID = "16d46411-540a-4122-b47f-8cb2a15d593a"              # desc: session.raw_data_asset.id
E_RAW_CREATED = 1702620828                                     # session.py: raw_data_asset.created
E_RAW_TAGS = ["ecephys", "raw", "676909"]                      # codeocean_utils: get_data_assets(E)[0].tags
E_RAW_BUCKET = "aind-ephys-data"                               # desc: raw_data_dir 's3://aind-ephys-data/E'
E_ASSET_COUNT = 42                                             # desc: len(session.data_assets) (SKIP)
E_MODALITY_FOLDERS = ("behavior", "behavior_videos", "ecephys_clipped", "ecephys_compressed")
E_MODALITIES = ("behavior", "behavior_videos", "ecephys")      # desc: session.modalities
E_GENOTYPE = "Pvalb-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt"  # desc: session.docdb['subject']['genotype']
DOCDB_V1_KEYS = ("_id", "acquisition", "created", "data_description", "describedBy", "external_links",
                 "instrument", "last_modified", "location", "metadata_status", "name", "procedures",
                 "processing", "rig", "schema_version", "session", "subject")  # desc: session.docdb.keys()
E_SORTED_FIRST_ID = "1e11bdf5-b452-4fd9-bbb1-48383a9b0842"     # ecephys: sorted_data_assets[0].id
E_SORTED_FIRST_NAME = E + "_sorted_2023-12-17_03-16-51"        # ecephys: sorted_data_assets[0].name
E_SORTED_FIRST_CREATED = 1702783011                            # ecephys: sorted_data_assets[0].created
E_SORTED_FIRST_OUTPUT_END = "FULL PIPELINE time:  161658.77s\n"  # ecephys: .output[-32:-1] (two spaces)
E_SORTED_FIRST_SECONDS = 161658.77
PROBES_A_TO_F = ("ProbeA", "ProbeB", "ProbeC", "ProbeD", "ProbeE", "ProbeF")  # ecephys: sorted_probes
E_SORTED_LATEST_NAME = E + "_sorted_2024-03-01_16-02-45"       # desc: sorter.kilosort2_5.data_assets[-1].name
E_SORTER = "kilosort2_5"                                       # ecephys: sorter_name
# ours: a run whose processing.json names its sorter under code.parameters. Every sorted asset of E
# is kilosort2_5: ecephys's class example expects sorter.names == ('kilosort2_5',).
E_SORTED_CODE_NAME = E + "_sorted_2024-01-22_19-55-07"
E_CLIPPED_DIR = f"s3://{E_RAW_BUCKET}/{E}/ecephys_clipped"     # ecephys: clipped_dir

# Sessions of 676909 (desc get_sessions examples; session.py/subject.py subject.sessions[0]).
S_676909_FIRST = "behavior_676909_2023-10-24_15-15-50"         # desc: sessions[0].platform/.date; modalities ('behavior',)
S_676909_BEFORE_E = "ecephys_676909_2023-12-11_14-24-35"        # session.py: Session(...) < Session(E); capsule example
S_676909_BEFORE_E_SORTED = S_676909_BEFORE_E + "_sorted_2024-03-29_11-29-39"  # desc: capsule example
S_676909_AFTER_E = "ecephys_676909_2023-12-14_12-43-11"         # desc: start_date='2023-12-13' -> (E, this)
S_676909_OTHERS = ("behavior_676909_2023-10-31_14-52-07", "behavior_676909_2023-11-14_15-03-28",
                   "ecephys_676909_2023-11-30_13-20-02")        # ours: a few more before Dec 2023
CAPSULE_TREE_DIRS = (S_676909_BEFORE_E_SORTED, E, E_SORTED_LATEST_NAME)  # desc: capsule_tree/data listing

# --- The demo asset (subject.py, codeocean_utils) ---------------------------------------------
DEMO_ID = "867ed56f-f9cc-4649-8b9f-97efc4dbd4cd"               # codeocean_utils: get_normalized_uuid(get_subject_data_assets(668759)[0])
DEMO_NAME = "Example T1 and T2 MRI Images"                     # subject.py: Subject(676909).data_assets[0].name
DEMO_CREATED = 1673996872                                      # codeocean_utils: .created
DEMO_TAGS = ["T1", "T2", "MRI", "demo"]                        # codeocean_utils: .tags
# Why it matches "subject id:676909" and "subject id:668759" although it belongs to neither:
# on the real server the subject query is not a strict filter. We model it with a
# multi-valued custom field; the Code Ocean emulator matches a clause against any
# comma-separated part of the value.
DEMO_SUBJECT_FIELD = "668759, 676909"

# --- Subject 668759 (codeocean_utils) ---------------------------------------------------------
S_668759 = "ecephys_668759_2023-07-11_13-07-32"                # codeocean_utils: get_data_asset_model('83636983-…').name
S_668759_RAW_ID = "83636983-f80d-42d6-a075-09b60c6abd5e"       # codeocean_utils: is_raw_data_asset -> True
S_668759_BUCKET = "aind-ephys-data"                            # codeocean_utils: get_data_asset_source_dir
SORTED_NOT_RAW_ID = "173e2fdc-0ca3-4a4e-9886-b74207a91a9a"     # codeocean_utils/ecephys: is_raw False, is_sorted_data_asset True
LEGACY_LINK_ID = "47308d52-98dc-42fd-995e-1ac58a686fd1"        # docdb_utils: get_docdb_record (legacy list format)
S_668759_LEGACY = "behavior_668759_2023-06-28_10-41-55"        # the session 47308d52 is the raw asset of

# --- Raw dirs found in various ways (session.py) ----------------------------------------------
S_721291 = "multiplane-ophys_721291_2024-05-08_08-05-54"        # session.py: raw_data_dir in aind-private-data-prod-o5171v (probed)
S_741863 = "multiplane-ophys_741863_2024-08-13_09-26-41"        # session.py: the v0.3.3 session, same bucket
PRIVATE_BUCKET = "aind-private-data-prod-o5171v"
S_717121 = "behavior_717121_2024-06-16_11-39-34"               # session.py: raw_data_dir in aind-open-data
S_717121_RAW_ID = "7c45df9f-7c52-469f-9574-0b337ea838f4"        # docdb_utils: DocDB record with one external link
OPEN_BUCKET = "aind-open-data"
S_NOWHERE = "SmartSPIM_123456_2024-07-20_21-47-21"              # session.py: raw_data_dir raises AttributeError

# --- SmartSPIM 738819 (session.py, docdb_utils) -----------------------------------------------
S_738819 = "SmartSPIM_738819_2024-06-21_13-48-58"               # session.py: data_assets non-empty
S_738819_FIRST_LINK = "537f2e0f-631a-4ac3-9f6f-1972feb11892"     # docdb_utils: get_codeocean_data_asset_ids_from_docdb(...)[0]
SEVERAL_LINKS_ID = "282063a7-943e-4590-bbb6-507da5df9ef8"        # docdb_utils: record with several links (a re-upload)

# --- Computations (codeocean_utils, ecephys) --------------------------------------------------
TRIGGER_CAPSULE_ID = "eb5a26e4-a391-4d79-9da5-1ab65b71253f"      # ecephys: EcephysExtension.DEFAULT_TRIGGER_CAPSULE_ID
SORTING_PIPELINE_ID = "1f8f159a-7670-47a9-baf1-078905fc9c2e"     # ecephys: EcephysExtension.DEFAULT_SORTING_PIPELINE_ID
FAILED_COMPUTATION_ID = "7646f92f-d225-464c-b7aa-87a87f34f408"   # codeocean_utils: is_computation_error -> True
FAILED_COMPUTATION_NAME = "Run With Parameters 4688130"
RUNNING_COMPUTATION_NAME = "Run With Parameters 4689084"         # ecephys: current_sorting_pipeline_computations
S_733887 = "ecephys_733887_2024-08-16_12-16-49"                  # ecephys: has that running computation

# --- Output texts (codeocean_utils) -----------------------------------------------------------
OUTPUT_OK_ID = "153419c7-09c4-43ce-9776-45bd63c50f72"            # is_data_asset_error -> False
OUTPUT_ERROR_ID = "9eb51aaf-9b45-4bd9-8b43-85d7c2781ac7"         # is_data_asset_error -> True
OUTPUT_DOCKER_ID = "5116b590-c240-4413-8a0f-1686659d13cc"        # is_output_error -> True (DockerTimeoutError)
OUTPUT_OK2_ID = "03b8a999-d1fb-4a27-b28f-7b880fbdef4b"           # is_output_error -> False

# --- Sorted-asset layouts (ecephys: get_sorter_name, is_sorting_analyzer_asset) ---------------
ANALYZER_ID = "616375f1-836b-4187-823f-3457f07b7223"             # */*.zarr two levels deep
SORTER_CASES = {  # asset id -> (processing layout, expected sorter name or None for ValueError)
    "d50a3447-7f12-4da7-83c5-845744c4d4f9": ("pipeline", "kilosort2_5"),  # processing_pipeline.data_processes
    "01d9d159-96f0-43f1-9d14-29b5c2521d94": ("pipeline", "kilosort4"),
    "205fc2d0-5f00-468f-a82d-47c94afcd40c": ("top", "kilosort2_5"),       # top-level data_processes
    "82894efb-2302-4e4c-927f-e2d7d477690e": ("code", "kilosort4"),        # code.parameters.sorter_name
    "bd0ad804-4a33-4613-9d6c-6281e442bade": ("si", "kilosort2_5"),        # spikesorted/**/si_folder.json
    "0eca2d35-5c8c-48bb-a921-e48cf3d871de": ("params", "kilosort2_5"),    # params.json
    "b4a7757c-6826-49eb-b3dd-d6cd871c5e7c": ("incomplete", None),         # nothing: ValueError
}

# --- LIMS (lims) ------------------------------------------------------------------------------
S_747816 = "ecephys_747816_2024-08-14_13-57-37"                  # lims.get_session(747816, 1386750279)
LIMS_ID = 1386750279
LIMS_SYNC_FILE = "behavior/1386750279_747816_20240814.sync"       # under a modality dir of the raw dir

# --- Subject 717381 (smartspim_neuropixels: IBL data converter, Neuroglancer) -----------------
S_717381_ECEPHYS = ("ecephys_717381_2024-04-09_11-14-13", "ecephys_717381_2024-04-09_11-44-16",
                    "ecephys_717381_2024-04-10_16-29-12", "ecephys_717381_2024-04-10_16-51-20")
S_717381_SORTED_WITH_ERROR = "ecephys_717381_2024-04-09_11-14-13_sorted_2024-04-10_22-15-25"
S_717381_SPIM = ("SmartSPIM_717381_2024-05-20_15-19-15", "SmartSPIM_717381_2024-07-03_10-49-01")
S_717381_STITCHED = ("SmartSPIM_717381_2024-05-20_15-19-15_stitched_2024-06-23_02-34-02",
                     "SmartSPIM_717381_2024-07-03_10-49-01_stitched_2024-08-16_23-15-47")
S_717381_NG_STATE = "SmartSPIM_717381_2024-07-03_10-49-01_neuroglancer-state_2024-12-06_19-25-10"
# NeuroglancerState examples: the fixture tests/resources/example_neuroglancer_state.json is
# a copy of this seed state (catalog/neuroglancer.py): its session, track layers, first source.
NG_SESSION = S_717381_SPIM[1]
NG_ANNOTATION_NAMES = ("268", "269", "270", "265", "263", "262", "targets")
NG_FIRST_IMAGE_SOURCE = ("zarr://s3://aind-msma-morphology-data/test_data/SmartSPIM/" + S_717381_STITCHED[1]
                         + "/image_tile_fusing/OMEZarr/Ex_561_Em_593.ome.zarr/")
NG_STATES_PREFIX = "aind-session/neuroglancer_states"            # NeuroglancerExtension.state_json_dir
S_717381_MANIFEST = "717381_data_converter_manifest"              # ibl_data_converter.manifest_data_asset
MANIFESTS_PREFIX = "aind-session/manifests/717381"               # ibl_data_converter.csv_manifest_path

# --- Subject 795555: IBL probe alignments in DocDB quality_control (ecephys) ------------------
S_795555 = "ecephys_795555_2025-08-26_11-29-20"
IBL_CHANNEL_0 = {"x": -7933.268896065394, "y": 8776.9523900287, "z": -3895.4259052459756, "axial": 0.0,
                 "lateral": 16.0, "brain_region_id": 56, "brain_region": "ACB"}
IBL_CCF_CHANNEL_0 = {"x": -4.235408306121826, "y": 3.959097146987915, "z": -5.8538970947265625, "axial": 0.0,
                     "lateral": 16.0, "brain_region_id": 56, "brain_region": "ACB"}

# Subjects the documented examples name: their IDs never appear among random subjects.
RESERVED_SUBJECTS = ("676909", "676908", "668759", "738819", "747816", "717381", "717121", "721291", "733887",
                     "795555", "741863", "123456", "366122", "804430")
PLATFORMLESS_EXAMPLE = "804430_2025-11-26_23-41-33"              # ours: a schema-v2 name without platform
