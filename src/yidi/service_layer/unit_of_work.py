"""Unit of work: one use case = one transaction (cosmicpython ch. 6).

Leaving the ``with`` block without ``commit()`` rolls back, so a refused operation changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from yidi.adapters.db import make_engine, session_factory
from yidi.adapters.repository import SqlAlchemyPersonRepository
from yidi.domain.filing.rules import RuleBook
from yidi.policy.filing import packaged_rule_book


class SqlAlchemyUnitOfWork:
    persons: SqlAlchemyPersonRepository

    def __init__(
        self,
        factory: sessionmaker[Session] | None = None,
        *,
        rules: RuleBook | None = None,
        clock: Callable[[], date] = date.today,
    ) -> None:
        self.sessions = factory or session_factory(make_engine())
        self.rules = rules or packaged_rule_book()
        self.clock = clock

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        self.session = self.sessions()
        self.persons = SqlAlchemyPersonRepository(self.session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
