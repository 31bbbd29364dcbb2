"""A web client signed in per role, on a copy of the demo database (built once per session:
``tests/integration/databases.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from tests.integration.databases import DEMO

from yidi.adapters.db import session_factory
from yidi.entrypoints.api.app import create_app
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork
from yidi.service_layer.web_users import DEMO_PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "page has no CSRF token"
    return found.group(1)


@pytest.fixture
def database_template() -> str:
    """The web tests start from the demo data: hospitals, persons, accounts, settled stays."""
    return DEMO


@pytest.fixture
def app(engine, clock):
    sessions = session_factory(engine)
    return create_app(uow_factory=lambda: SqlAlchemyUnitOfWork(sessions, clock=clock))


@pytest.fixture
def login(app) -> Callable[[str], TestClient]:
    def sign_in(username: str) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        page = client.get("/ui/login")
        r = client.post(
            "/ui/login",
            data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token(page.text)},
        )
        assert r.status_code == 303, r.text
        return client

    return sign_in
