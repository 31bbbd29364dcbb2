"""The yidi app for browser tests: a temp SQLite database with the demo data and demo accounts
(a copy of the session's demo template; migrating and seeding again change nothing), served by
uvicorn. ``today`` is read from a file so a test can move the clock (e.g. past a
commitment deadline) without waiting months.

Run: ``python -m tests.browser.server DATABASE_URL PORT CLOCK_FILE``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import uvicorn

from yidi.adapters.db import session_factory
from yidi.adapters.migrate import upgrade_database
from yidi.entrypoints.api.app import create_app
from yidi.service_layer.demo_seed import seed
from yidi.service_layer.hospital.uow import HospitalUnitOfWork
from yidi.service_layer.passwords import configure_hasher
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork
from yidi.service_layer.web_users import seed_demo_users


def main(url: str, port: int, clock_file: Path) -> None:
    def today() -> date:
        text = clock_file.read_text().strip() if clock_file.exists() else ""
        return date.fromisoformat(text) if text else date.today()

    configure_hasher(time_cost=1, memory_cost=8, parallelism=1)  # as in the test session (tests/conftest.py)
    sessions = session_factory(upgrade_database(url))
    app = create_app(uow_factory=lambda: SqlAlchemyUnitOfWork(sessions, clock=today))
    seed(lambda: HospitalUnitOfWork(sessions))
    seed_demo_users(app.state.uow_factory)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
