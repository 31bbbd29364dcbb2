"""The FastAPI application factory. Other issues add their routers here; keep it small.

``create_app(uow_factory=…)`` lets tests hand in a unit of work bound to a test database; by
default the database is ``YIDI_DATABASE_URL`` or the SQLite file under the data directory
(run ``yidi filing db upgrade`` first).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import FastAPI

from yidi import __version__
from yidi.entrypoints import web
from yidi.entrypoints.api import auth as auth_routes
from yidi.entrypoints.api import claims as claims_routes
from yidi.entrypoints.api import errors
from yidi.entrypoints.api import filing as filing_routes
from yidi.entrypoints.api import national as national_routes
from yidi.entrypoints.api import persons as person_routes
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork


def default_uow_factory() -> Callable[[], SqlAlchemyUnitOfWork]:
    from yidi.adapters.db import make_engine, session_factory

    sessions = session_factory(make_engine())
    return lambda: SqlAlchemyUnitOfWork(sessions)


def create_app(uow_factory: Callable[[], SqlAlchemyUnitOfWork] | None = None) -> FastAPI:
    app = FastAPI(
        title="yidi 异地就医平台 API",
        version=__version__,
        description="备案、直接结算、手工报销与清算（辽宁规则）。错误统一为 {code, message_zh, message_en, clause, field, problems, status}（docs/errors.md）。",
    )
    app.state.uow_factory = uow_factory or default_uow_factory()
    app.state.now = lambda: datetime.now(UTC)  # token expiry; tests replace it
    errors.install(app)
    app.include_router(auth_routes.router)  # POST /api/v1/auth/token: bearer tokens for REST clients
    app.include_router(person_routes.router)
    app.include_router(filing_routes.router)
    app.include_router(claims_routes.router)
    app.include_router(national_routes.router)  # POST /fsi/api/callService (hospital interface)
    web.install(app)  # the web UI under /ui (issue 7)
    return app
