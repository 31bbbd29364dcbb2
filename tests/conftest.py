"""Shared by every test: a cheap password hash and random identity numbers.

Database tests (``tests/integration``) run on SQLite always and on PostgreSQL when
YIDI_TEST_DATABASE_URL is set (``.ci/run`` sets it when the server answers); see docs/testing.md.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from tests.integration.databases import SqliteCopies

from yidi import settings
from yidi.domain.identifiers import check_char
from yidi.service_layer.passwords import configure_hasher
from yidi.service_layer.supervision_online import drain_all


def pytest_configure(config: pytest.Config) -> None:
    # argon2's production cost (3 passes over 64 MiB) is ~0.1 s per hash or sign-in; what the
    # tests check about passwords does not depend on it, so the session uses the cheapest valid cost.
    configure_hasher(time_cost=1, memory_cost=8, parallelism=1)


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


@pytest.fixture(scope="session")
def sqlite_copies(tmp_path_factory: pytest.TempPathFactory) -> SqliteCopies:
    """SQLite databases copied from templates built once per session (integration and browser tests)."""
    return SqliteCopies(tmp_path_factory.mktemp("templates"))


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Each test reads the ``YIDI_*`` variables it sets (yidi reads them once per start and keeps
    them; a test is a new start)."""
    settings.reset()
    yield
    settings.reset()
    # a 2304/2207's online check runs on a thread of its own: done before the test's database goes
    drain_all(timeout=60)
