"""The upath.UPath paths the package hands out open (iterdir, exists, read_text), reaching
the same S3 as the engine: environment, .env files, anonymous for public buckets."""
from __future__ import annotations

import aind_session
from aind_session.testing.catalog import seed_values as sv

AWS_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL",
                 "AWS_REGION", "AWS_DEFAULT_REGION")


def test_a_raw_data_dir_lists_and_reads(fresh_seed_stack):
    raw = aind_session.Session(sv.E).raw_data_dir
    names = {p.name for p in raw.iterdir()}
    assert {"ecephys_clipped", "ecephys_compressed", "behavior"} <= names
    assert raw.exists() and (raw / "session.json").exists()
    assert (raw / "session.json").read_text().startswith("{")


def test_an_asset_path_globs(fresh_seed_stack):
    asset = aind_session.ecephys.get_sorted_data_asset_model(sv.E_SORTED_FIRST_ID)
    assert any(p.name == "output" for p in asset.path.iterdir())
    assert (asset.path / "output").read_text().endswith(sv.E_SORTED_FIRST_OUTPUT_END)


def test_a_public_bucket_opens_without_credentials(fresh_seed_stack, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    path = aind_session.get_source_dir_by_name(sv.S_717121)
    assert path.as_posix() == f"s3://{sv.OPEN_BUCKET}/{sv.S_717121}"
    assert len(list(path.iterdir())) > 0


def test_settings_from_a_dotenv_file_reach_the_paths(fresh_seed_stack, monkeypatch, tmp_path):
    lines = [f"{name}={fresh_seed_stack.env[name]}" for name in AWS_VARIABLES if name in fresh_seed_stack.env]
    (tmp_path / ".env").write_text("\n".join(lines) + "\n")
    for name in AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.chdir(tmp_path)
    raw = aind_session.Session(sv.E).raw_data_dir
    assert "ecephys_clipped" in {p.name for p in raw.iterdir()}


def test_many_paths_share_one_lookup_of_the_settings(fresh_seed_stack, monkeypatch):
    from aind_session.utils import s3_utils

    lookups = []
    real = s3_utils._s3_storage_options
    monkeypatch.setattr(s3_utils, "_s3_storage_options", lambda: lookups.append(1) or real())
    raw_uri = f"s3://{sv.E_RAW_BUCKET}/{sv.E}"
    paths = s3_utils.as_upaths([raw_uri, f"{raw_uri}/behavior", "file:///tmp"])
    assert len(lookups) == 1
    assert [p.as_posix() for p in paths] == [raw_uri, f"{raw_uri}/behavior", "file:///tmp"]
    assert "behavior" in {p.name for p in paths[0].iterdir()}
