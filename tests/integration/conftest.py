"""Database fixtures for integration tests.

Every database test runs on SQLite (a temporary file) and, when ``YIDI_TEST_DATABASE_URL`` is set,
on PostgreSQL too — in a schema of its own, dropped after the test — so the tests never see each
other's rows and never touch other schemas. A test that uses ``engine`` starts from a copy of a
database the Alembic migrations built once per session (``databases.py``), so the migrations are
what is tested; a test that uses only ``db_url`` gets an empty database; the web tests
(``web/conftest.py``) start from a copy of the demo data.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.fakes import Clock
from tests.integration.databases import MIGRATED, PostgresCopies, SqliteCopies

from yidi.adapters.db import make_engine, session_factory
from yidi.service_layer.supervision_online import drain_all
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

PG_URL = os.environ.get("YIDI_TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)] if PG_URL else ["sqlite"]


@pytest.fixture(scope="session")
def postgres_copies() -> Iterator[PostgresCopies]:
    if not PG_URL:
        pytest.skip("YIDI_TEST_DATABASE_URL not set")
    copies = PostgresCopies(PG_URL)
    yield copies
    copies.close()


@pytest.fixture
def pg_url(postgres_copies: PostgresCopies) -> Iterator[str]:
    """A PostgreSQL URL bound to a fresh, empty schema (skips when no server is configured)."""
    url = postgres_copies.new(None)
    yield url
    postgres_copies.discard(url)


@pytest.fixture(params=BACKENDS)
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_template(request: pytest.FixtureRequest) -> str | None:
    """What the test's database holds at the start: the migrated schema when the test uses
    ``engine``, else nothing. ``web/conftest.py`` overrides it with the demo data."""
    return MIGRATED if "engine" in request.fixturenames else None


@pytest.fixture
def db_url(
    request: pytest.FixtureRequest,
    db_backend: str,
    database_template: str | None,
    sqlite_copies: SqliteCopies,
    tmp_path: Path,
) -> Iterator[str]:
    """The URL of the test's own database (see ``database_template`` for what it holds)."""
    if db_backend == "sqlite":
        yield sqlite_copies.new(database_template, tmp_path)
        return
    copies: PostgresCopies = request.getfixturevalue("postgres_copies")
    url = copies.new(database_template)
    yield url
    drain_all(timeout=60)  # a 2304's online check (its own thread) ends before its schema goes
    copies.discard(url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    drain_all(timeout=60)  # a 2304's online check (its own thread) ends before the engine closes
    eng.dispose()


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
