"""Fixtures for the claims domain tests: the packaged claims policy and working calendar."""

from __future__ import annotations

import pytest

from yidi.domain.claims import ClaimsPolicy, WorkingCalendar, load_claims_policy
from yidi.domain.claims.workcalendar import packaged_calendar


@pytest.fixture(scope="session")
def policy() -> ClaimsPolicy:
    return load_claims_policy()


@pytest.fixture(scope="session")
def calendar() -> WorkingCalendar:
    return packaged_calendar()
