"""Database fixtures for integration tests.

Every database test runs on SQLite (a fresh temporary file) and, when ``YIDI_TEST_DATABASE_URL``
is set, on PostgreSQL too — in a fresh schema created for the test and dropped after it, so the
tests never assume an empty database and never touch other schemas. The schema is built by the
Alembic migrations (``upgrade_database``), so the migrations are what is tested.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, create_engine, text

from yidi.adapters.db import session_factory
from yidi.adapters.migrate import upgrade_database
from yidi.domain.identifiers import check_char
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

PG_URL = os.environ.get("YIDI_TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)] if PG_URL else ["sqlite"]


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL bound to a fresh, empty schema (skips when no server is configured)."""
    if not PG_URL:
        pytest.skip("YIDI_TEST_DATABASE_URL not set")
    schema = f"yidi_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_search_path(PG_URL, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/yidi-test.db"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = upgrade_database(db_url)
    yield eng
    eng.dispose()


@dataclass
class Clock:
    """A settable 'today' so deadlines can be tested without waiting six months."""

    today: date = date(2026, 1, 10)

    def __call__(self) -> date:
        return self.today


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def uow_factory(engine: Engine, clock: Clock) -> Callable[[], SqlAlchemyUnitOfWork]:
    sessions = session_factory(engine)
    return lambda: SqlAlchemyUnitOfWork(sessions, clock=clock)


@pytest.fixture
def uow(uow_factory: Callable[[], SqlAlchemyUnitOfWork]) -> SqlAlchemyUnitOfWork:
    return uow_factory()


def random_id_number(*, female: bool | None = None, born: date | None = None) -> str:
    """A valid, random 18-digit identity number (GB 11643); ~18 million choices, so the persons
    of one test (and of a reused database) do not collide."""
    born = born or date(1950, 1, 1) + timedelta(days=random.randint(0, 18_000))
    serial = random.randint(0, 99)
    sex = random.choice([1, 3, 5, 7, 9] if female is False else [0, 2, 4, 6, 8] if female else range(10))
    body = f"210102{born:%Y%m%d}{serial:02d}{sex}"
    return body + check_char(body)


@pytest.fixture
def new_id_number() -> Callable[..., str]:
    return random_id_number


API_PASSWORD = "yidi-test-pass-1"


def ensure_hospital(engine: Engine, code: str) -> None:
    """A hospital row (the national interface's registry) so a hospital account can point at it."""
    from yidi.adapters.orm_hospital import hospitals

    with engine.begin() as conn:
        if conn.execute(hospitals.select().where(hospitals.c.code == code)).first() is None:
            conn.execute(
                hospitals.insert().values(
                    code=code, name=f"测试医院 {code}", region=code[1:7], hosp_lv="3A",
                    uscc="", paasid=f"test-{code}", secret="test-secret", active=True,
                )
            )  # fmt: skip


@pytest.fixture
def bearer(engine: Engine, uow_factory: Callable[[], SqlAlchemyUnitOfWork]) -> Callable[..., dict[str, str]]:
    """``bearer(client, username, role, channel, id_number=…, hospital_code=…)`` → request headers
    with a fresh REST token of that account (created on first use) and the channel."""
    from fastapi.testclient import TestClient

    from yidi.service_layer.web_users import WebRole, WebUser, create_user, find_user

    def make(
        client: TestClient,
        username: str,
        role: str,
        channel: str | None = None,
        *,
        id_number: str | None = None,
        hospital_code: str | None = None,
    ) -> dict[str, str]:
        uow = uow_factory()
        with uow:
            exists = find_user(uow, username) is not None
        if not exists:
            if hospital_code:
                ensure_hospital(engine, hospital_code)
            user = WebUser(
                username, WebRole(role), username, id_number=id_number, hospital_code=hospital_code
            )
            create_user(uow_factory(), user, API_PASSWORD)
        r = client.post("/api/v1/auth/token", data={"username": username, "password": API_PASSWORD})
        assert r.status_code == 200, r.text
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        if channel:
            headers["X-Yidi-Channel"] = channel
        return headers

    return make
