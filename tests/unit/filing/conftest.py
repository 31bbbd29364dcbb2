"""Fixtures for the filing domain tests: the packaged rules, people and actors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from filing_fixtures import make_actor, make_person

from yidi.domain.actors import Actor, Channel
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.rules import RegionRules, RuleBook
from yidi.policy.filing import packaged_rule_book


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return packaged_rule_book()


@pytest.fixture
def rules(book: RuleBook) -> Callable[[str], RegionRules]:
    return book.for_region


@pytest.fixture
def person() -> Callable[..., InsuredPerson]:
    return make_person


@pytest.fixture
def actor() -> Callable[[Channel], Actor]:
    return make_actor
