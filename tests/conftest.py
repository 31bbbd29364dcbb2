"""Shared fixtures. Database tests run on SQLite always and on PostgreSQL when
YIDI_TEST_DATABASE_URL is set (CI sets it when the server answers)."""

from collections.abc import Iterator

import pytest

from yidi import settings


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Each test reads the ``YIDI_*`` variables it sets (yidi reads them once per start and keeps
    them; a test is a new start)."""
    settings.reset()
    yield
    settings.reset()
