"""``yidi users add|list|disable|passwd`` on a real database (the admin pages' rules)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from yidi.domain.actors import Actor, Channel, Role
from yidi.entrypoints.cli.main import app
from yidi.service_layer.person_services import register_person
from yidi.service_layer.web_users import authenticate


@pytest.fixture
def cli(db_url: str, engine, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YIDI_DATABASE_URL", db_url)
    runner = CliRunner()

    def run(*args: str, code: int = 0, stdin: str | None = None) -> object:
        result = runner.invoke(app, ["users", *args], input=stdin)
        assert result.exit_code == code, (result.stdout, result.stderr)
        if code:
            return json.loads(result.stderr)
        out = result.stdout  # after the password prompts, when there were any
        return json.loads(out[min(i for i in (out.find("{"), out.find("[")) if i >= 0) :])

    return run


def test_add_list_disable_and_reset(cli, uow_factory, new_id_number) -> None:  # type: ignore[no-untyped-def]
    idn = new_id_number()
    clerk = Actor("li", Role.STAFF, Channel.COUNTER)
    register_person(uow_factory(), clerk, id_number=idn, name="王五", insutype="310", psn_type="12",
                    insured_region="219900", account_balance_fen=0)  # fmt: skip
    added = cli(
        "add",
        "wangwu",
        "--role",
        "insured",
        "--name",
        "王五",
        "--id-number",
        idn,
        stdin="pass-word-1\npass-word-1\n",
    )
    assert added["role"] == "insured" and added["id_number"] == idn and added["disabled_at"] is None
    refused = cli(
        "add",
        "ghost",
        "--role",
        "insured",
        "--name",
        "无",
        "--id-number",
        new_id_number(),
        "--password",
        "pass-word-1",
        code=2,
    )
    assert (
        refused["problems"][0]["field"] == "id_number" and "尚未登记" in refused["problems"][0]["message_zh"]
    )
    cli("add", "xiaoli", "--role", "staff", "--name", "小李", "--password", "pass-word-2")
    assert [u["username"] for u in cli("list")] == ["wangwu", "xiaoli"]  # by role, then name
    assert authenticate(uow_factory(), "wangwu", "pass-word-1") is not None
    assert cli("disable", "wangwu")["disabled_at"] is not None
    assert authenticate(uow_factory(), "wangwu", "pass-word-1") is None
    assert cli("disable", "wangwu", "--enable")["disabled_at"] is None
    assert cli("passwd", "wangwu", "--password", "pass-word-3")["password_reset"] is True
    assert authenticate(uow_factory(), "wangwu", "pass-word-3") is not None
    assert cli("passwd", "nobody", "--password", "pass-word-3", code=2)["problems"][0]["field"] == "username"


def test_role_change_from_the_command_line(cli, uow_factory) -> None:  # type: ignore[no-untyped-def]
    """``yidi users role NAME --role R`` ends the account's tokens (scope 4) and says what it needs."""
    from datetime import UTC, datetime

    from yidi.domain.accounts import WebRole, WebUser
    from yidi.service_layer import api_tokens
    from yidi.service_layer.web_users import create_user

    create_user(uow_factory(), WebUser("zhao", WebRole.STAFF, "赵"), "a-long-pass-word-1")
    user = authenticate(uow_factory(), "zhao", "a-long-pass-word-1")
    assert user is not None
    issued = api_tokens.issue(uow_factory(), user)
    assert api_tokens.verify(uow_factory(), issued.token) is not None
    refused = cli("role", "zhao", "--role", "hospital", "--hospital-code", "H99999999999", code=2)
    assert "没有此定点医疗机构编码" in json.dumps(refused, ensure_ascii=False)
    assert api_tokens.verify(uow_factory(), issued.token) is not None
    changed = cli("role", "zhao", "--role", "admin")
    assert changed["role"] == "admin" and changed["sessions_ended"] is True
    assert api_tokens.verify(uow_factory(), issued.token, datetime.now(UTC)) is None
    # staff → admin: both under the staff password rule, the password is kept
    assert authenticate(uow_factory(), "zhao", "a-long-pass-word-1") is not None
    assert cli("role", "zhao", "--role", "admin", code=2)
