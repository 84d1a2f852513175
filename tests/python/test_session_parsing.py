"""Session(): parsing, identity and ordering, exactly as in the seed's examples."""
import datetime
import doctest
import pickle

import pytest

import aind_session
from aind_session import _core
from aind_session.errors import AindSessionError, InvalidInputError

E = "ecephys_676909_2023-12-13_13-43-40"


def test_session_attributes_match_the_seed_readme():
    session = aind_session.Session(E)
    assert session.id == E
    assert session.platform == "ecephys"
    assert session.subject_id == "676909"
    assert session.dt == datetime.datetime(2023, 12, 13, 13, 43, 40)
    assert (session.date, session.time, session.datetime) == ("2023-12-13", "13:43:40", "2023-12-13 13:43:40")
    assert all(type(v) is str for v in (session.id, session.platform, session.subject_id))
    # date, time and datetime are text that also answers as the original's records did
    assert isinstance(session.date, str) and session.date.dt == datetime.date(2023, 12, 13)
    assert (session.date.year, session.date.month, session.date.day) == (2023, 12, 13)
    assert session.time.dt == datetime.time(13, 43, 40) and session.time.second == 40
    assert session.datetime.dt == session.dt and session.datetime.hour == 13
    assert hash(session.date) == hash("2023-12-13") and repr(session.time) == "'13:43:40'"
    assert repr(session) == "Session('ecephys_676909_2023-12-13_13-43-40')"


@pytest.mark.parametrize(
    "text",
    [
        E,
        E + "_sorted_2024-03-01_16-02-45",
        E + "_sorted_2024-03-01_16-02-45_curated_2024-03-02_01-00-00",
        "/root/capsule/aind_session/" + E,
        "s3://aind-ephys-data/" + E + "/ecephys/ecephys_compressed",
        "ecephys_676909_2023_12_13_13_43_40",
    ],
)
def test_every_name_of_one_acquisition_is_the_same_session(text):
    a, b = aind_session.Session(E), aind_session.Session(text)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1


def test_sessions_sort_by_id_as_in_the_seed_capsule_example():
    names = [
        "ecephys_676909_2023-12-11_14-24-35_sorted_2024-03-29_11-29-39",
        "ecephys_676909_2023-12-13_13-43-40",
        "ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45",
    ]
    attached = sorted(set(aind_session.Session(n) for n in names))
    assert repr(attached) == (
        "[Session('ecephys_676909_2023-12-11_14-24-35'), Session('ecephys_676909_2023-12-13_13-43-40')]"
    )
    assert aind_session.Session("ecephys_676909_2023-12-11_14-24-35") < aind_session.Session(E)


def test_equality_with_other_types_is_not_implemented():
    assert aind_session.Session(E) != E
    with pytest.raises(TypeError):
        aind_session.Session(E) < E  # noqa: B015


def test_platformless_names_are_sessions_with_an_empty_platform():
    session = aind_session.Session("804430_2025-11-26_23-41-33_processed_2025-12-20_09-52-41")
    assert session.id == "804430_2025-11-26_23-41-33"
    assert session.platform == ""
    assert session.subject_id == "804430"


def test_leading_zeros_of_the_subject_are_kept():
    assert aind_session.Session("SmartSPIM_018559_2023-01-10_10-40-57").subject_id == "018559"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("ecephys_67690_2023-12-13_13-43-40", 'subject "67690" has 5 digits'),
        ("ecephys_676909_2023-13-13_13-43-40", "month 13 is out of range"),
        ("ecephys_676909_2023-12-13_25-43-40", "hour 25 is out of range"),
        ("ecephys_676909_2023-02-30_13-43-40", "day 30 is out of range for 2023-02"),
        ("ecephys_676909_2015-12-13_13-43-40", "year 2015"),
        ("Example T1 and T2 MRI Images", "expected <platform>_<subject>"),
    ],
)
def test_invalid_ids_raise_value_errors_that_quote_the_input(text, fragment):
    with pytest.raises(ValueError) as info:
        aind_session.Session(text)
    assert isinstance(info.value, InvalidInputError) and isinstance(info.value, AindSessionError)
    assert f'"{text}"' in str(info.value)
    assert fragment in str(info.value)


def test_year_check_takes_an_injected_current_year():
    with pytest.raises(ValueError, match="outside 2016..2024"):
        _core.naming.parse_session_id("ecephys_676909_2025-01-01_00-00-00", current_year=2024)
    assert _core.naming.parse_session_id("ecephys_676909_2025-01-01_00-00-00", current_year=2025)[0].startswith("ecephys")


def test_construction_does_no_io(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("Session() must not open a socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    aind_session.Session(E)


def test_a_session_copies_another_session_and_pickles():
    session = aind_session.Session(E)
    assert aind_session.Session(session) == session
    assert pickle.loads(pickle.dumps(session)) == session


def test_asset_names_are_classified():
    assert _core.naming.parse_asset_name(E)[1] == "raw"
    sid, kind, steps, tail = _core.naming.parse_asset_name(E + "_sorted_2024-03-01_16-02-45_curated_2024-03-02_01-00-00")
    assert (sid, kind, tail) == (E, "derived", "")
    assert [label for label, _ in steps] == ["sorted", "curated"]
    assert steps[0][1] == (2024, 3, 1, 16, 2, 45)
    assert _core.naming.parse_asset_name(E + ".nwb")[1:] == ("other", [], ".nwb")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023-12-13", ((2023, 12, 13, 0, 0, 0), False)),
        ("20231213_134340", ((2023, 12, 13, 13, 43, 40), True)),
        ("20231213134340", ((2023, 12, 13, 13, 43, 40), True)),
        ("2023-12-13 13:43:40", ((2023, 12, 13, 13, 43, 40), True)),
    ],
)
def test_filter_datetimes(text, expected):
    assert _core.naming.parse_filter_datetime(text) == expected


def test_a_time_that_cannot_be_read_is_an_error_not_midnight():
    with pytest.raises(ValueError, match="hour 24 is out of range"):
        _core.naming.parse_filter_datetime("2023-12-13 24:00:00")


def test_uuids_and_subjects():
    assert _core.naming.normalize_uuid("867ed56ff9cc46498b9f97efc4dbd4cd") == "867ed56f-f9cc-4649-8b9f-97efc4dbd4cd"
    with pytest.raises(ValueError, match='"867ed56f"'):
        _core.naming.normalize_uuid("867ed56f")
    assert _core.naming.find_subject_id("/root/capsule/" + E) == "676909"
    assert _core.naming.find_subject_id("AK028") is None


def test_every_engine_error_kind_maps_to_its_python_class():
    from aind_session import errors

    expected = {
        "invalid_input": (errors.InvalidInputError, ValueError),
        "not_found": (errors.NotFoundError, LookupError),
        "auth": (errors.AuthError, PermissionError),
        "permission": (errors.AccessDeniedError, PermissionError),
        "timeout": (errors.RequestTimeoutError, TimeoutError),
        "rate_limited": (errors.RateLimitedError, ConnectionError),
        "server": (errors.ServerError, ConnectionError),
        "protocol": (errors.ProtocolError, ConnectionError),
    }
    for kind, classes in expected.items():
        with pytest.raises(classes[0]) as info:
            _core.errors._raise_for_test(kind, f"message for {kind}")
        assert isinstance(info.value, classes[1]) and str(info.value) == f"message for {kind}"


def test_the_session_module_doctests_pass():
    import aind_session.session

    result = doctest.testmod(aind_session.session, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10 and result.failed == 0


def test_the_extension_ships_type_stubs():
    from importlib import resources

    stubs = resources.files("aind_session").joinpath("_core")
    assert "naming as naming" in stubs.joinpath("__init__.pyi").read_text()
    naming = stubs.joinpath("naming.pyi").read_text()
    assert "def parse_session_id(" in naming and "def normalize_uuid(" in naming
