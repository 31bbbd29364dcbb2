"""Use cases on the in-memory unit of work (``tests/fakes.py``): the same fixture names as the
database tests (``uow``, ``uow_factory``, ``clock``), so a test reads the same on either."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.fakes import Clock, FakeDatabase, FakeUnitOfWork


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake_database() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
def uow_factory(fake_database: FakeDatabase, clock: Clock) -> Callable[[], FakeUnitOfWork]:
    return fake_database.uow_factory(clock=clock)


@pytest.fixture
def uow(uow_factory: Callable[[], FakeUnitOfWork]) -> FakeUnitOfWork:
    return uow_factory()
