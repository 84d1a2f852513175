"""The examples of the original package's description (aind-session 0.3.3), for real, on the
local stack's "seed" world."""
import datetime
import pathlib

import pytest

import aind_session
from aind_session.testing.catalog import seed_values as sv

pytestmark = pytest.mark.usefixtures("seed_stack")
REPO = pathlib.Path(__file__).resolve().parents[2]
E = sv.E


def test_common_attributes():
    session = aind_session.Session(E)
    assert (session.platform, session.subject_id) == ("ecephys", "676909")
    assert session.dt == datetime.datetime(2023, 12, 13, 13, 43, 40)


def test_data_assets_raw_asset_and_upload():
    session = aind_session.Session(E)
    assert len(session.data_assets) == 42
    assert session.is_uploaded is True
    assert session.raw_data_asset.id == "16d46411-540a-4122-b47f-8cb2a15d593a"


def test_raw_data_dir_modalities_and_docdb():
    session = aind_session.Session(E)
    assert session.raw_data_dir.as_posix() == "s3://aind-ephys-data/ecephys_676909_2023-12-13_13-43-40"
    assert session.modalities == ("behavior", "behavior_videos", "ecephys")
    assert list(session.docdb.keys()) == ['_id', 'acquisition', 'created', 'data_description', 'describedBy',
                                          'external_links', 'instrument', 'last_modified', 'location',
                                          'metadata_status', 'name', 'procedures', 'processing', 'rig',
                                          'schema_version', 'session', 'subject']
    assert session.docdb['subject']['genotype'] == 'Pvalb-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt'


def test_get_sessions_and_its_filters():
    sessions = aind_session.get_sessions(subject_id=676909)
    assert (sessions[0].platform, sessions[0].date) == ("behavior", "2023-10-24")
    assert aind_session.get_sessions(subject_id=676909, platform='ecephys')[0].platform == 'ecephys'
    forms = ['2023-12-13', '2023-12-13_13-43-40', '2023-12-13 13:43:40', '20231213', '20231213_134340']
    results = [aind_session.get_sessions(subject_id=676909, date=d) for d in forms]
    assert all(r == results[0] for r in results) and aind_session.Session(E) in results[0]
    assert repr(aind_session.get_sessions(subject_id=676909, start_date='2023-12-13')) == (
        "(Session('ecephys_676909_2023-12-13_13-43-40'), Session('ecephys_676909_2023-12-14_12-43-11'))")
    assert repr(aind_session.get_sessions(subject_id=676909, start_date='2023-12-13',
                                          end_date='2023-12-14_10-00-00')) == (
        "(Session('ecephys_676909_2023-12-13_13-43-40'),)")


def test_capsule_example_raw_asset_name_not_attached():
    data = REPO / "tests/resources/capsule_tree/data"
    names = sorted(d.name for d in data.iterdir())
    attached = sorted(set(aind_session.Session(n) for n in names))
    assert attached[0].raw_data_asset.name not in names


def test_subject_first_asset_is_the_demo_asset():
    assert aind_session.Subject(676909).data_assets[0].name == "Example T1 and T2 MRI Images"
    assert aind_session.Subject(676909).sessions[0].id == "behavior_676909_2023-10-24_15-15-50"
