"""`yidi serve`: migrate the database, optionally seed demo data, and serve the API with uvicorn.

SQLite under the data directory by default; ``YIDI_DATABASE_URL`` (or ``--database-url``)
selects another database. ``--workers N`` starts N uvicorn processes (each builds the app with
``app_factory``; use PostgreSQL — SQLite serialises writers anyway).
"""

from __future__ import annotations

import json
import os
import secrets
from typing import Annotated

import typer
from fastapi import FastAPI


def build_app(url: str | None, demo: bool) -> tuple[FastAPI, dict[str, object] | None]:
    """The app on a migrated database (and the demo data when asked)."""
    from yidi.adapters.db import session_factory
    from yidi.adapters.migrate import upgrade_database
    from yidi.entrypoints.api.app import create_app
    from yidi.service_layer.demo_seed import seed
    from yidi.service_layer.hospital.uow import HospitalUnitOfWork
    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

    engine = upgrade_database(url)
    sessions = session_factory(engine)
    app = create_app(uow_factory=lambda: SqlAlchemyUnitOfWork(sessions))
    app.state.hospital_uow_factory = lambda: HospitalUnitOfWork(sessions)
    seeded = seed(app.state.hospital_uow_factory) if demo else None
    return app, seeded


def app_factory() -> FastAPI:
    """The app for uvicorn worker processes (``--workers`` > 1): database from the environment."""
    app, _ = build_app(None, demo=False)
    return app


def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[int, typer.Option(help="工作进程数（PostgreSQL 时可多于 1）")] = 1,
    database_url: Annotated[
        str | None, typer.Option(help="数据库 URL，默认 YIDI_DATABASE_URL 或数据目录下的 SQLite")
    ] = None,
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help="写入演示医院、人员与备案（幂等）")] = True,
) -> None:
    """启动服务：国家医保接口 /fsi/api/callService 与备案 API（/docs 查看接口文档）。"""
    import uvicorn

    app, seeded = build_app(database_url, demo)
    if seeded is not None:
        first = seeded["hospitals"][0]  # type: ignore[index]
        typer.echo("演示数据已就绪（DEMO ONLY）：", err=True)
        typer.echo(
            json.dumps({"hospital": first, "persons": seeded["persons"]}, ensure_ascii=False, indent=1),
            err=True,
        )
        typer.echo(f"试用：python examples/his_client.py --url http://{host}:{port}", err=True)
    if workers > 1:
        if database_url:  # worker processes read the database from the environment
            os.environ["YIDI_DATABASE_URL"] = database_url
        # Every worker must sign and check web sessions and CSRF tokens with the same key; without
        # YIDI_WEB_SECRET each process would make its own and reject the others' cookies.
        os.environ.setdefault("YIDI_WEB_SECRET", secrets.token_urlsafe(32))
        target = "yidi.entrypoints.cli.serve:app_factory"
        uvicorn.run(target, factory=True, host=host, port=port, workers=workers, log_level="info")
    else:
        uvicorn.run(app, host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    app.command(name="serve")(serve)
