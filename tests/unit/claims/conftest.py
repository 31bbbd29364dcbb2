"""Fixtures for the claims domain tests: the packaged claims policy and working calendar."""

from __future__ import annotations

import pytest

from yidi.domain.claims import ClaimsPolicy, WorkingCalendar
from yidi.policy.calendar import packaged_calendar
from yidi.service_layer.claims_services import policy as claims_policy


@pytest.fixture(scope="session")
def policy() -> ClaimsPolicy:
    return claims_policy()  # the packaged policy, priced with the settlement kernel


@pytest.fixture(scope="session")
def calendar() -> WorkingCalendar:
    return packaged_calendar()
