"""``yidi.settings``: the ``YIDI_*`` variables read in one place, every bad one named at once in
Chinese and English, the CLI ending with exit code 2 and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yidi import settings
from yidi.entrypoints import startup
from yidi.entrypoints.cli.main import app
from yidi.service_layer import passwords
from yidi.settings import SettingsError


def fields(exc: SettingsError) -> list[str]:
    return [p.field for p in exc.problems]


def test_defaults_and_todays_variable_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YIDI_DATA_DIR", str(tmp_path / "data"))
    s = settings.load()
    assert s.database_url is None and s.data_dir == tmp_path / "data"
    assert s.max_body_bytes == 2 * 1024 * 1024 and s.session_seconds == s.token_seconds == 8 * 3600
    assert s.trusted_proxies == ("127.0.0.1",) and s.web_key() is None and s.demo is False
    assert s.database() == f"sqlite:///{tmp_path / 'data' / 'yidi.db'}"
    assert (tmp_path / "data").is_dir() and (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    monkeypatch.setenv("YIDI_DATABASE_URL", "postgresql+psycopg://u@h:5432/db")
    monkeypatch.setenv("YIDI_WEB_SECRET", "a-long-enough-secret")
    s = settings.load()
    assert s.database() == "postgresql+psycopg://u@h:5432/db" and s.web_key() == b"a-long-enough-secret"
    assert settings.current() is s


def test_every_bad_variable_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YIDI_DATABASE_URL", "mysql://root:hunter2@db/yidi")
    monkeypatch.setenv("YIDI_MAX_BODY_BYTES", "two megabytes")
    monkeypatch.setenv("YIDI_MAX_JSON_DEPTH", "1")
    monkeypatch.setenv("YIDI_TRUSTED_PROXIES", "10.0.0.0/8, proxy.example")
    monkeypatch.setenv("YIDI_WEB_SECRET", "s3cr3t-x")
    with pytest.raises(SettingsError) as caught:
        settings.load()
    assert fields(caught.value) == [
        "YIDI_DATABASE_URL", "YIDI_WEB_SECRET", "YIDI_MAX_BODY_BYTES", "YIDI_MAX_JSON_DEPTH",
        "YIDI_TRUSTED_PROXIES",
    ]  # fmt: skip
    text = str(caught.value)
    assert "不是可用的数据库地址" in text and "not a usable database URL" in text
    assert "hunter2" not in text and "s3cr3t-x" not in text  # no password or secret in a message
    assert "不能小于 2" in text and "proxy.example" in text


def test_web_secret_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "web.key"
    key.write_text("0123456789abcdef0123\n", encoding="utf-8")
    monkeypatch.setenv("YIDI_WEB_SECRET_FILE", str(key))
    assert settings.load().web_key() == b"0123456789abcdef0123"
    monkeypatch.setenv("YIDI_WEB_SECRET", "0123456789abcdef-other")
    with pytest.raises(SettingsError) as caught:
        settings.load()
    assert fields(caught.value) == ["YIDI_WEB_SECRET"]
    monkeypatch.delenv("YIDI_WEB_SECRET")
    monkeypatch.setenv("YIDI_WEB_SECRET_FILE", str(tmp_path / "missing.key"))
    with pytest.raises(SettingsError) as caught:
        settings.load()
    assert fields(caught.value) == ["YIDI_WEB_SECRET_FILE"]


def test_trusted_proxies_list_and_empty_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YIDI_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7,::1")
    monkeypatch.setenv("YIDI_DATABASE_URL", "")  # empty counts as unset
    s = settings.load()
    assert s.trusted_proxies == ("10.0.0.0/8", "192.168.1.7", "::1") and s.database_url is None


def test_data_dir_that_cannot_be_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("YIDI_DATA_DIR", str(blocker / "data"))
    s = settings.load()  # only the commands that use the database need it
    with pytest.raises(SettingsError) as caught:
        s.database()
    assert fields(caught.value) == ["YIDI_DATA_DIR"] and "无法创建数据目录" in str(caught.value)


def test_cli_refuses_a_bad_variable_with_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YIDI_DATABASE_URL", "not a url")
    result = CliRunner().invoke(app, ["policy", "list"])
    assert result.exit_code == 2
    body = json.loads(result.stderr)
    assert body["problems"][0]["field"] == "YIDI_DATABASE_URL"


def test_cli_data_dir_problem_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("YIDI_DATA_DIR", str(blocker / "data"))
    result = CliRunner().invoke(app, ["users", "list"])
    assert result.exit_code == 2
    assert json.loads(result.stderr)["problems"][0]["field"] == "YIDI_DATA_DIR"


def test_apply_hands_the_hash_cost_to_the_account_module(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dict[str, int]] = []
    monkeypatch.setattr(passwords, "configure_hasher", lambda **kw: seen.append(kw))
    startup.start()
    assert seen == []  # unset: the account module keeps its own cost
    monkeypatch.setenv("YIDI_PASSWORD_TIME_COST", "2")
    monkeypatch.setenv("YIDI_PASSWORD_MEMORY_KIB", "19456")
    startup.start()
    assert seen == [{"time_cost": 2, "memory_cost": 19456}]


@pytest.mark.parametrize(("args", "option"), [(["serve", "--database-url", "nonsense"], "--database-url"),
                                              (["filing", "db", "upgrade", "--url", "nonsense"], "--url")])  # fmt: skip
def test_database_url_options_are_checked_like_the_variable(args: list[str], option: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and json.loads(result.stderr)["problems"][0]["field"] == option
