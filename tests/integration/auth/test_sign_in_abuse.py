"""Sign-in abuse (issue 13 scope 5): throttling per account and per address with back-off and a
neutral message; the staff and administrator password policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.errors import InvalidInput, YidiError
from yidi.entrypoints.api.app import create_app
from yidi.service_layer import accounts, sign_in_throttle
from yidi.service_layer.web_users import create_user

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def account(uow_factory) -> str:  # type: ignore[no-untyped-def]
    create_user(uow_factory(), WebUser("clerk", WebRole.STAFF, "clerk"), PASSWORD)
    return "clerk"


def test_fifty_wrong_passwords_then_the_right_one_is_refused(uow_factory, account) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    for i in range(50):
        try:
            assert sign_in_throttle.sign_in(uow_factory, account, f"wrong-{i}", "10.0.0.1", now) is None
        except YidiError as exc:
            assert exc.code == "SIGN_IN_THROTTLED"
    with pytest.raises(YidiError) as locked:
        sign_in_throttle.sign_in(uow_factory, account, PASSWORD, "10.0.0.2", now)
    assert locked.value.code == "SIGN_IN_THROTTLED" and locked.value.kind.status == 429
    # an unknown account gets the same answer: the message tells nothing about existence
    for i in range(6):
        try:
            sign_in_throttle.sign_in(uow_factory, "nobody", f"x{i}", "10.0.0.3", now)
        except YidiError as exc:
            assert exc.zh.startswith("登录尝试次数过多")
    later = now + sign_in_throttle.LONGEST_LOCK + timedelta(seconds=1)
    assert sign_in_throttle.sign_in(uow_factory, account, PASSWORD, "10.0.0.2", later) is not None


def test_back_off_doubles(uow_factory, account) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    for i in range(sign_in_throttle.FREE):
        sign_in_throttle.sign_in(uow_factory, account, f"bad{i}", "", now)
    with pytest.raises(YidiError):  # first lock: 30 s
        sign_in_throttle.sign_in(uow_factory, account, PASSWORD, "", now + timedelta(seconds=29))
    assert sign_in_throttle.sign_in(uow_factory, account, PASSWORD, "", now + timedelta(seconds=31)) is not None


def test_one_address_trying_many_accounts_is_locked(uow_factory) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    for i in range(sign_in_throttle.FREE_ADDRESS):
        sign_in_throttle.sign_in(uow_factory, f"user{i}", "guess-1234", "10.9.9.9", now)
    with pytest.raises(YidiError):
        sign_in_throttle.sign_in(uow_factory, "someone-new", "guess-1234", "10.9.9.9", now)


def test_the_rest_and_web_sign_ins_are_throttled(uow_factory, account) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(uow_factory))
    codes = [
        client.post("/api/v1/auth/token", data={"username": account, "password": "nope-nope"}).status_code
        for _ in range(7)
    ]
    assert codes[:5] == [401] * 5 and codes[-1] == 429
    r = client.post("/api/v1/auth/token", data={"username": account, "password": PASSWORD})
    assert r.status_code == 429 and r.json()["code"] == "SIGN_IN_THROTTLED"
    assert int(r.headers["retry-after"]) > 0


@pytest.mark.parametrize("password", ["12345678", "password", "short-9", "password123456", "Qwertyuiop123"])
def test_staff_and_admin_passwords_must_be_long_and_uncommon(password: str) -> None:
    with pytest.raises(InvalidInput):
        accounts.check_password(password, WebRole.STAFF)
    with pytest.raises(InvalidInput):
        accounts.check_password(password, WebRole.ADMIN)


def test_a_good_staff_password_and_the_insured_rule() -> None:
    accounts.check_password("Lake-Tianchi-2031", WebRole.STAFF, "jingban")
    with pytest.raises(InvalidInput):
        accounts.check_password("jingban-2031-x", WebRole.STAFF, "jingban")  # contains the user name
    accounts.check_password("12345678x", WebRole.INSURED)  # citizens: at least 8 characters


def test_the_web_sign_in_page_says_so_without_naming_the_account(uow_factory, account) -> None:  # type: ignore[no-untyped-def]
    import re

    client = TestClient(create_app(uow_factory), follow_redirects=False)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/ui/login").text).group(1)  # type: ignore[union-attr]
    for name in (account, "no-such-account"):
        answers = [
            client.post("/ui/login", data={"username": name, "password": "wrong-pass", "csrf_token": csrf})
            for _ in range(sign_in_throttle.FREE + 1)
        ]
        assert [a.status_code for a in answers[:-1]] == [400] * sign_in_throttle.FREE
        assert answers[-1].status_code == 429 and "登录尝试次数过多" in answers[-1].text
