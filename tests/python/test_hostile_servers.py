"""Hardening against hostile servers and hostile settings (issue 11).

Each test reproduces one misbehaviour -- of a server (``aind_session.testing.hostile``) or of
the environment -- and asserts the error class of ``aind_session.errors`` the engine must
raise and how long it may take. Settings and services differ per case, so every case runs
in a fresh child process (``hostile_helpers``): Python children print one ``RESULT`` line
with the exception and the time the call took, CLI children are judged by exit code.

Every URL points at 127.0.0.1: the hostile servers, the seed stack, or closed ports. Every
child's proxy variables point at a local trap (``NO_PROXY=127.0.0.1``), so a request for
any other host -- a default service domain -- would land there, not on the internet.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import threading

import pytest

from aind_session.testing import hostile
from conftest import SESSION
from hostile_helpers import (
    assert_raised, child_env, closed_port, interrupt_after, run_cli, run_python, wait_for,
)

SECRET_TOKEN = "cop_hostileSecretToken0123456789"
GIB_KIB = 1 << 20  # 1 GiB in the KiB of ru_maxrss


@pytest.fixture(scope="module", autouse=True)
def _stack(seed_stack):
    """The seed stack, for the services a case leaves alone (its variables are in os.environ)."""
    yield seed_stack


@pytest.fixture
def trap():
    """The proxy trap: a plain listener every child's proxy variables point at."""
    with hostile.plain_listener() as t:
        yield t


@pytest.fixture
def env(trap):
    """``env(**overrides)``: a hermetic child environment on the seed stack (None unsets)."""
    return lambda **overrides: child_env(overrides, trap_url=trap.url)


def _all_services(url: str) -> dict:
    return {"CODE_OCEAN_DOMAIN": url, "AIND_DOCDB_URL": url, "AWS_ENDPOINT_URL_S3": url}


# ---- 1. a token never travels in clear text unless http:// is explicit -----------------------


@pytest.mark.parametrize("scheme", ["", "http://"], ids=["no-scheme-means-https", "explicit-http-allowed"])
def test_code_ocean_token_reaches_a_plain_listener_only_through_an_explicit_http_domain(scheme, env):
    """A scheme-less CODE_OCEAN_DOMAIN (``127.0.0.1:P``) must mean https: the plain listener
    sees a TLS handshake, never an ``Authorization:`` line. An explicit ``http://`` loopback
    URL stays allowed (the local stack relies on it): the token then arrives in clear."""
    with hostile.plain_listener() as (url, log):
        run = run_python("report(lambda: aind_session.Session(S).data_assets)",
                         env(CODE_OCEAN_DOMAIN=scheme + url.split("//")[1], CODE_OCEAN_API_TOKEN=SECRET_TOKEN,
                             AIND_SESSION_TIMEOUT="1"), timeout=15)
        received = log.raw()
    assert_raised(run, "AindSessionError", within=8)
    if scheme:
        assert b"authorization: basic" in received.lower(), received[:300]
    else:
        assert received, "nothing was sent: a scheme-less domain must be tried as https, not refused"
        assert received[:1] == b"\x16", f"not a TLS handshake: {received[:80]!r}"
        assert b"authorization" not in received.lower()


# ---- 2. gzip bomb -------------------------------------------------------------------------------


def test_gzip_bomb_is_refused_at_the_response_bound_within_a_small_address_space(env):
    """A 1 MB gzip body inflating to 1 GiB, under a 1.5 GiB address-space limit: the engine
    stops inflating at AIND_SESSION_MAX_RESPONSE_BYTES and raises ProtocolError naming it; the
    process ends normally (no abort on a failed allocation)."""
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        pytest.skip("prlimit (util-linux) is not installed")
    with hostile.gzip_bomb() as (url, _):
        run = run_python("report(lambda: aind_session.Session(S).data_assets)",
                         env(CODE_OCEAN_DOMAIN=url), timeout=20, prefix=(prlimit, "--as=1610612736", "--"))
    assert run.returncode == 0, f"the child did not end normally:\n{run.describe()}"
    res = assert_raised(run, "ProtocolError", within=10)
    assert "AIND_SESSION_MAX_RESPONSE_BYTES" in res["message"]


# ---- 3. huge session IDs on a small stack ---------------------------------------------------------

HUGE_IDS = r'''
import threading
def parse_both():
    for digits in ("1" * 4096, "1" * (1 << 20)):
        report(lambda: aind_session.Session(digits + "_2023-12-13"))
if {in_thread}:
    threading.stack_size(1 << 20)
    t = threading.Thread(target=parse_both)
    t.start()
    t.join()
else:
    parse_both()
'''


@pytest.mark.parametrize("in_thread", [False, True], ids=["main-thread", "thread-1MiB-stack"])
def test_huge_session_ids_are_invalid_input_on_a_one_mebibyte_stack(in_thread, env):
    """Session IDs of 4 KiB and 1 MiB of digits under ``ulimit -s 1024`` (and in a thread with
    a 1 MiB stack): InvalidInputError, no stack overflow (exit 0, not 139), and a message that
    quotes a shortened input, not the whole of it."""
    prefix = ("bash", "-c", 'ulimit -s 1024 && exec "$@"', "bash")
    run = run_python(HUGE_IDS.format(in_thread=in_thread), env(), timeout=15, prefix=prefix)
    assert run.returncode == 0, f"the child did not end normally:\n{run.describe()}"
    results = run.results()
    assert len(results) == 2, run.describe()
    for res, size in zip(results, (4096, 1 << 20)):
        assert_raised(run, "InvalidInputError", within=5, res=res)
        assert "1" * 4096 not in res["message"] and len(res["message"]) < size


# ---- 4. listings that never end --------------------------------------------------------------------

PAGING = {  # scenario, variable, Session attribute, settings, error, seconds
    "s3-alternating-tokens": (hostile.s3_alternating_tokens, "AWS_ENDPOINT_URL_S3", "modalities", {},
                              "ProtocolError", 5),
    "docdb-never-empty-max-pages": (hostile.docdb_never_empty, "AIND_DOCDB_URL", "docdb",
                                    {"AIND_SESSION_MAX_PAGES": "50"}, "ProtocolError", 5),
    "docdb-never-empty-timeout": (hostile.docdb_never_empty, "AIND_DOCDB_URL", "docdb",
                                  {"AIND_SESSION_TIMEOUT": "3", "AIND_SESSION_MAX_PAGES": "100000000"},
                                  "RequestTimeoutError", 5),
    "codeocean-always-more": (hostile.codeocean_always_more, "CODE_OCEAN_DOMAIN", "data_assets",
                              {"AIND_SESSION_MAX_PAGES": "50"}, "ProtocolError", 5),
}


@pytest.mark.parametrize("case", list(PAGING))
def test_endless_listings_end_in_an_error_promptly_with_bounded_memory(case, env):
    """A listing that never ends -- S3 tokens cycling A, B, A..., DocDB pages never empty,
    Code Ocean always ``has_more`` -- fails (ProtocolError at the page bound or on a repeated
    token, RequestTimeoutError when the listing's time runs out) within seconds, and the
    process never holds 1 GiB. The other services are the seed stack's."""
    scenario, variable, attribute, extra, error, within = PAGING[case]
    with scenario() as (url, log):
        run = run_python(f"report(lambda: aind_session.Session(S).{attribute})",
                         env(**{variable: url}, **extra), timeout=within + 2)
    assert_raised(run, error, within=within)
    assert run.maxrss_kib < GIB_KIB, f"peak RSS {run.maxrss_kib} KiB"
    assert len(log) > 2, "the hostile listing was not reached"


# ---- 5. Ctrl-C --------------------------------------------------------------------------------------


def _interrupt_when_ready(front: str, log, sent: list, ready: threading.Event):
    """``on_start`` for run_child: SIGINT 1 s after the child is ready (Python: it printed
    "ready"; the CLI prints nothing first: once its first request reached the blackhole)."""
    def start(proc):
        if front == "cli":
            threading.Thread(target=lambda: wait_for(lambda: len(log) > 0, 15) and ready.set(), daemon=True).start()
        threading.Thread(target=interrupt_after, args=(proc, ready, 1.0, sent), daemon=True).start()

    return start


@pytest.mark.parametrize("front", ["python", "cli"])
def test_ctrl_c_stops_a_call_waiting_on_a_silent_server_within_two_seconds(front, env):
    """A call blocked on servers that never answer (Code Ocean, DocDB and S3 all a blackhole)
    gets SIGINT 1 s after it started waiting: Python raises KeyboardInterrupt (with the Code
    Ocean SDK imported first, as a user's script would) and the CLI exits 130, both within 2 s."""
    ready, sent = threading.Event(), []
    with hostile.blackhole() as (url, log):
        start = _interrupt_when_ready(front, log, sent, ready)
        if front == "python":
            code = "import codeocean\nprint('ready', flush=True)\naind_session.Session(S).raw_data_dir\n"
            run = run_python(code, env(**_all_services(url)), timeout=10, on_start=start,
                             on_line=lambda line: line.startswith("ready") and ready.set())
        else:
            run = run_cli(["show", SESSION], env(**_all_services(url)), timeout=10, on_start=start)
    assert sent, f"never interrupted (never ready?):\n{run.describe()}"
    assert not run.killed and run.ended - sent[0] <= 2, f"{run.ended - sent[0]:.2f} s after SIGINT:\n{run.describe()}"
    if front == "python":
        assert "KeyboardInterrupt" in run.stderr, run.describe()
    else:
        assert run.returncode == 130, run.describe()


# ---- 6. timeouts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["environment", "limits", "cli-option"])
def test_a_two_second_timeout_ends_a_call_to_a_silent_server_in_time(how, env):
    """Against a server that reads the request and never answers: AIND_SESSION_TIMEOUT=2, or
    ``with aind_session.limits(timeout=2)`` (no variable), or the CLI's ``--timeout 2``, make
    the call fail with RequestTimeoutError (CLI exit 7) within about 2 s, retries included."""
    with hostile.blackhole() as (url, _):
        if how == "cli-option":
            run = run_cli(["--timeout", "2", "show", SESSION], env(**_all_services(url)), timeout=10)
            assert run.returncode == 7, run.describe()
            assert run.elapsed <= 4.5, run.describe()
            return
        code = ("report(lambda: aind_session.Session(S).data_assets)" if how == "environment" else
                "def call():\n    with aind_session.limits(timeout=2):\n        return aind_session.Session(S).data_assets\n"
                "report(call)")
        settings = {"AIND_SESSION_TIMEOUT": "2"} if how == "environment" else {}
        run = run_python(code, env(**_all_services(url), **settings), timeout=7)
    assert_raised(run, "RequestTimeoutError", within=4)


# ---- 7. bytes that are not UTF-8 -------------------------------------------------------------------

UTF8_CASES = {  # variable pointed at invalid_utf8, Session attribute
    "codeocean-json": ("CODE_OCEAN_DOMAIN", "data_assets"),
    "docdb-json": ("AIND_DOCDB_URL", "docdb"),
    "s3-xml-key": ("AWS_ENDPOINT_URL_S3", "modalities"),
}


@pytest.mark.parametrize("case", list(UTF8_CASES))
def test_invalid_utf8_in_a_service_answer_is_a_protocol_error(case, env):
    """JSON strings (Code Ocean, DocDB) and an S3 key holding a ``\\xff`` byte: ProtocolError,
    never a UnicodeDecodeError escaping from the binding."""
    variable, attribute = UTF8_CASES[case]
    with hostile.invalid_utf8() as (url, log):
        run = run_python(f"report(lambda: aind_session.Session(S).{attribute})", env(**{variable: url}))
    assert_raised(run, "ProtocolError", within=5)
    assert len(log) > 0


def test_a_token_that_is_not_utf8_is_an_error_of_ours_not_a_decode_error(env):
    """CODE_OCEAN_API_TOKEN holding the bytes ``cop_\\xfc\\xf1\\xed`` (set through a bytes
    environment; Code Ocean is a local plain listener): InvalidInputError or AuthError from
    Python (CLI exit 3 or 5), never a UnicodeDecodeError."""
    with hostile.plain_listener() as (url, _):
        base = env(CODE_OCEAN_DOMAIN=url, CODE_OCEAN_API_TOKEN=None)
        benv = {k.encode(): v.encode() for k, v in base.items()}
        benv[b"CODE_OCEAN_API_TOKEN"] = b"cop_\xfc\xf1\xed"
        run = run_python("report(lambda: aind_session.Session(S).data_assets)", benv)
        cli = run_cli(["assets", SESSION], benv)
    assert_raised(run, ("InvalidInputError", "AuthError"), within=2)
    assert cli.returncode in (3, 5) and "UnicodeDecodeError" not in cli.stderr, cli.describe()


# ---- 8. secrets ------------------------------------------------------------------------------------


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _leaks(text: str, *secrets: str) -> list:
    return [s for s in secrets if s in text]


def test_a_password_in_the_docdb_url_never_appears_in_config_logs_or_errors(env):
    """AIND_DOCDB_URL=``http://u:pw-secret@127.0.0.1:P`` (a server answering 500 with every
    request header echoed): ``aind-session config``, the stderr of ``aind-session -vv show``
    (retry warnings quote URLs) and the Python exception never hold the password, nor the
    Basic credentials built from it."""
    with hostile.echo_headers_error() as (url, _):
        child = env(AIND_DOCDB_URL=url.replace("http://", "http://u:pw-secret@"), AIND_SESSION_TIMEOUT="1")
        config = run_cli(["config"], child)
        shown = run_cli(["-vv", "show", SESSION], child)
        run = run_python("report(lambda: aind_session.Session(S).docdb)", child)
    res = assert_raised(run, "AindSessionError", within=5)
    secrets = ("pw-secret", _b64("u:pw-secret"))
    assert "AIND_DOCDB_URL" in config.stdout + config.stderr or "DocDB" in config.stdout, config.describe()
    assert not _leaks(config.stdout + config.stderr, *secrets), config.describe()
    assert not _leaks(shown.stdout + shown.stderr, *secrets), shown.describe()
    assert not _leaks(res["message"] + res["repr"], *secrets), res["message"]


def test_a_server_echoing_the_token_back_cannot_make_us_print_it(env):
    """Code Ocean answering 500 with the request's headers (``Authorization`` first) in its
    message and in response headers: neither the Python exception nor ``aind-session show
    --json`` (nor its stderr) contains the token or its Basic-auth base64."""
    with hostile.echo_headers_error() as (url, log):
        child = env(CODE_OCEAN_DOMAIN=url, CODE_OCEAN_API_TOKEN=SECRET_TOKEN, AIND_SESSION_TIMEOUT="1")
        run = run_python("report(lambda: aind_session.Session(S).data_assets)", child)
        shown = run_cli(["show", SESSION, "--json"], child)
    secrets = (SECRET_TOKEN, _b64(SECRET_TOKEN + ":"))
    assert any(e.header("Authorization") for e in log.entries()), "the token was never sent: nothing to leak"
    res = assert_raised(run, "ServerError", within=5)
    assert not _leaks(res["message"] + res["repr"], *secrets), res["message"]
    assert not _leaks(shown.stdout + shown.stderr, *secrets), shown.describe()


def test_the_code_ocean_sdk_client_repr_hides_the_token(env):
    """``repr(aind_session.get_codeocean_client())``: the SDK client the front hands out
    shows no token (a repr ends up in logs and tracebacks)."""
    with hostile.echo_headers_error() as (url, _):
        code = "report(lambda: repr(aind_session.get_codeocean_client(check_credentials=False)))"
        run = run_python(code, env(CODE_OCEAN_DOMAIN=url, CODE_OCEAN_API_TOKEN=SECRET_TOKEN))
    res = run.result()
    assert res.get("ok"), run.describe()
    assert not _leaks(res["value"], SECRET_TOKEN, _b64(SECRET_TOKEN + ":")), res["value"]


# ---- 9. header injection through AWS settings ---------------------------------------------------------


@pytest.mark.parametrize("variable", ["AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"])
def test_a_line_break_in_an_aws_setting_is_invalid_input_and_injects_nothing(variable, env):
    """An AWS setting ending in ``\\r\\nX-Injected: 1``: InvalidInputError naming the
    variable, and the S3 endpoint (a plain listener) never receives an ``X-Injected`` header."""
    value = {"AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "key"), "AWS_SESSION_TOKEN": "token",
             "AWS_DEFAULT_REGION": "us-west-2"}[variable] + "\r\nX-Injected: 1"
    with hostile.plain_listener() as (url, log):
        run = run_python("report(lambda: aind_session.Session(S).modalities)",
                         env(AWS_ENDPOINT_URL_S3=url, AWS_REGION=None, **{variable: value}))
    res = assert_raised(run, "InvalidInputError", within=5)
    assert variable in res["message"], res["message"]
    assert b"x-injected" not in log.raw().lower()


# ---- 10. AWS files that never end or never open ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
@pytest.mark.parametrize("variable", ["AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"])
def test_an_aws_file_that_is_endless_or_a_fifo_is_invalid_input_quickly(variable, kind, env, tmp_path):
    """With no AWS keys in the environment, an AWS file that is ``/dev/zero`` (endless) or a
    FIFO nobody writes to (an ``open`` that blocks): InvalidInputError naming the variable
    within 2 s -- no MemoryError, no hang."""
    path = "/dev/zero"
    if kind == "fifo":
        path = str(tmp_path / "aws-fifo")
        os.mkfifo(path)
    keys = dict.fromkeys(("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"))
    run = run_python("report(lambda: aind_session.Session(S).modalities)", env(**keys, **{variable: path}),
                     timeout=8)
    assert not run.killed, f"hung on {path}:\n{run.describe()}"
    res = assert_raised(run, "InvalidInputError", within=2)
    assert variable in res["message"], res["message"]


# ---- 11. service URLs that are not URLs ---------------------------------------------------------------


def test_a_code_ocean_domain_that_is_not_a_url_is_invalid_input(env):
    """CODE_OCEAN_DOMAIN='not a url': InvalidInputError from Python, exit 3 from the CLI."""
    child = env(CODE_OCEAN_DOMAIN="not a url")
    run = run_python("report(lambda: aind_session.Session(S).data_assets)", child)
    assert_raised(run, "InvalidInputError", within=2)
    cli = run_cli(["assets", SESSION], child)
    assert cli.returncode == 3, cli.describe()


def test_an_s3_endpoint_without_scheme_is_tried_as_https_like_the_other_urls(env):
    """AWS_ENDPOINT_URL_S3=``127.0.0.1:P`` (no scheme) is read as CODE_OCEAN_DOMAIN and
    AIND_DOCDB_URL are: https assumed (the listener sees a TLS handshake), not refused as
    invalid input and not sent in clear."""
    with hostile.plain_listener() as (url, log):
        run = run_python("report(lambda: aind_session.Session(S).modalities)",
                         env(AWS_ENDPOINT_URL_S3=url.split("//")[1], AIND_SESSION_TIMEOUT="1"), timeout=15)
        received = log.raw()
    res = assert_raised(run, "AindSessionError", within=8)
    assert "InvalidInputError" not in res["mro"], res["message"]
    assert received[:1] == b"\x16", f"not a TLS handshake: {received[:80]!r}"


# ---- 12. records that are not records ---------------------------------------------------------------


def test_docdb_answering_numbers_instead_of_records_is_a_protocol_error(env):
    """DocDB answering ``[1,2,3]`` to a ``find``: ``Session(S).docdb`` raises ProtocolError
    (not an empty record, not a TypeError)."""
    with hostile.docdb_not_records() as (url, log):
        run = run_python("report(lambda: aind_session.Session(S).docdb)", env(AIND_DOCDB_URL=url))
    assert_raised(run, "ProtocolError", within=5)
    assert len(log) > 0


# ---- 13. unknown is not "no" -------------------------------------------------------------------------

UNANSWERED = {"raw data asset": "raw_data_asset", "DocDB record": "docdb", "data assets": "data_assets"}
DEPENDENT = {"uploaded": "is_uploaded", "raw data dir": "raw_data_dir", "modalities": "modalities"}


def _show_lines(text: str) -> dict:
    return {label: line[len(label):].strip() for line in text.splitlines()
            for label in (*UNANSWERED, *DEPENDENT) if line.startswith(label + " ")}


def test_show_says_unknown_for_what_could_not_be_asked(env):
    """``aind-session show`` with no Code Ocean token and DocDB on a closed port: the lines
    those services answer say ``unknown`` (text) or are ``null`` with a reason under
    ``"unknown"`` (JSON), instead of ``none``/``no``/``0``; lines S3 alone can answer (the
    seed stack's) are either answered or unknown too, never a negative."""
    child = env(CODE_OCEAN_API_TOKEN=None, AIND_DOCDB_URL=f"http://127.0.0.1:{closed_port()}",
                AIND_SESSION_TIMEOUT="1")
    child = {k: v for k, v in child.items() if not v.startswith("cop_")}  # no fallback token either
    text, js = run_cli(["show", SESSION], child), run_cli(["show", SESSION, "--json"], child)
    lines = _show_lines(text.stdout)
    assert set(lines) == {*UNANSWERED, *DEPENDENT}, text.describe()
    for label in UNANSWERED:
        assert lines[label].startswith("unknown"), f"{label}: {lines[label]!r}"
    for label in DEPENDENT:
        assert lines[label] not in ("no", "none", "0", ""), f"{label}: {lines[label]!r}"
    doc = json.loads(js.stdout)
    unknown = doc.get("unknown")
    assert isinstance(unknown, dict), f"no 'unknown' object: {js.stdout[:500]}"
    for field in UNANSWERED.values():
        assert doc.get(field) is None and unknown.get(field), f"{field}: {doc.get(field)!r}, reason {unknown.get(field)!r}"
    for field in DEPENDENT.values():
        assert doc.get(field) not in (False, [], "") or unknown.get(field), f"{field}: {doc.get(field)!r}"


# ---- 14. empty service URLs --------------------------------------------------------------------------

EMPTY_URLS = {"code-ocean-empty": ("CODE_OCEAN_DOMAIN", "", "data_assets"),
              "code-ocean-bare-scheme": ("CODE_OCEAN_DOMAIN", "http://", "data_assets"),
              "docdb-empty": ("AIND_DOCDB_URL", "", "docdb")}


@pytest.mark.parametrize("case", list(EMPTY_URLS))
def test_an_empty_service_url_fails_fast_and_contacts_nothing(case, env, trap):
    """CODE_OCEAN_DOMAIN='' or 'http://', AIND_DOCDB_URL='': InvalidInputError naming the
    variable in under 1 s -- not a fall-back to the default (internet) domain: the proxy trap,
    where any non-local request would land, receives nothing."""
    variable, value, attribute = EMPTY_URLS[case]
    run = run_python(f"report(lambda: aind_session.Session(S).{attribute})", env(**{variable: value}))
    res = assert_raised(run, "InvalidInputError", within=1)
    assert variable in res["message"], res["message"]
    assert trap.log.raw() == b"", f"a request left for another host: {trap.log.raw()[:200]!r}"
