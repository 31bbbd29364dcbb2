"""The FastAPI application factory. Other issues add their routers here; keep it small.

``create_app(uow_factory=…)`` lets tests hand in a unit of work bound to a test database. Without
one (``uvicorn --factory yidi.entrypoints.api.app:create_app``, the worker processes of ``yidi serve
--workers``) the app reads the settings and opens the configured database — ``YIDI_DATABASE_URL``
or the SQLite file in the data directory — and refuses to start, with the reason and exit code 2
rather than a traceback or an error on every request, when a setting is bad, the database is not
migrated (run ``yidi filing db upgrade``), or, outside demo mode, the demo's public credentials
are still in it.

``/`` leads to the web UI; ``/docs`` and ``/redoc`` are served from local files (``docs.py``). On a
clean stop the app closes its database; on SQLite that folds the write-ahead log into ``yidi.db``.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from sqlalchemy import Engine

from yidi import __version__
from yidi import settings as config
from yidi.adapters.db import close_engine, make_engine, session_factory
from yidi.adapters.migrate import DatabaseNotMigrated, require_current
from yidi.entrypoints import startup, web
from yidi.entrypoints.api import audit as audit_routes
from yidi.entrypoints.api import audit_cases as audit_case_routes
from yidi.entrypoints.api import auth as auth_routes
from yidi.entrypoints.api import claims as claims_routes
from yidi.entrypoints.api import clearing as clearing_routes
from yidi.entrypoints.api import docs, errors
from yidi.entrypoints.api import filing as filing_routes
from yidi.entrypoints.api import national as national_routes
from yidi.entrypoints.api import persons as person_routes
from yidi.entrypoints.api.audit_reads import AuditReads
from yidi.entrypoints.api.edge import Edge
from yidi.service_layer.demo_credentials import DemoCredentialsPresent, refuse_outside_demo
from yidi.service_layer.hospital.uow import HospitalUnitOfWork
from yidi.service_layer.supervision_online import drain_all
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork
from yidi.settings import Settings, SettingsError


def configured_database() -> tuple[Settings, Engine]:
    """The settings and the database of a server that got no unit of work: validated, migrated
    and (unless ``YIDI_DEMO``) free of demo credentials — otherwise the reason on stderr and exit
    code 2."""
    try:
        settings = startup.start()
        engine = make_engine(settings.database(), settings.database_pool_size)
        require_current(engine)
        if not settings.demo:
            sessions = session_factory(engine)
            refuse_outside_demo(lambda: HospitalUnitOfWork(sessions))
    except (SettingsError, DatabaseNotMigrated, DemoCredentialsPresent) as exc:
        print(str(exc), file=sys.stderr)
        raise SystemExit(2) from None
    return settings, engine


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    # the settlements still waiting for their online check are checked before the database closes
    await anyio.to_thread.run_sync(lambda: drain_all(timeout=60))
    engine = getattr(app.state, "engine", None)
    if engine is not None:  # the app's own database (tests close theirs)
        close_engine(engine)


def create_app(
    uow_factory: Callable[[], SqlAlchemyUnitOfWork] | None = None,
    *,
    settings: Settings | None = None,
    engine: Engine | None = None,
) -> FastAPI:
    """The app on ``uow_factory`` (``engine``: the database it closes on shutdown), or on the
    configured database when no factory is given."""
    if uow_factory is None:
        settings, engine = configured_database()
        sessions = session_factory(engine)

        def uow_factory() -> SqlAlchemyUnitOfWork:
            return SqlAlchemyUnitOfWork(sessions)

    chosen = settings or config.current()
    app = FastAPI(
        title="yidi 异地就医平台 API",
        version=__version__,
        description="备案、直接结算、手工报销与清算（辽宁规则）。错误统一为 {code, message_zh, message_en, clause, field, problems, status}（docs/errors.md）。",
        docs_url=None,  # served from local files by docs.install
        redoc_url=None,
        openapi_url=None,  # served by docs.install under the rule of /docs
        lifespan=lifespan,
    )
    app.state.settings = chosen
    app.state.engine = engine
    app.state.uow_factory = uow_factory
    app.state.now = lambda: datetime.now(UTC)  # token expiry; tests replace it
    errors.install(app)
    # limits before reading and the security headers of every answer (docs/security.md)
    app.add_middleware(AuditReads)  # who read whose records (service_layer/audit.py)
    app.add_middleware(
        Edge, max_body=app.state.settings.max_body_bytes, max_depth=app.state.settings.max_json_depth
    )
    app.include_router(auth_routes.router)  # POST /api/v1/auth/token: bearer tokens for REST clients
    app.include_router(person_routes.router)
    app.include_router(filing_routes.router)
    app.include_router(claims_routes.router)
    app.include_router(audit_routes.router)  # /api/v1/audit: 基金监管
    app.include_router(audit_case_routes.router)  # /api/v1/audit: 协查, 问题协同, inspections
    app.include_router(clearing_routes.router)  # /api/v1/clearing: statements, confirmations, advance funds
    app.include_router(national_routes.router)  # POST /fsi/api/callService (hospital interface)
    web.install(app)  # the web UI under /ui (issue 7)
    docs.install(app)  # /docs, /redoc without a CDN

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/")

    return app
