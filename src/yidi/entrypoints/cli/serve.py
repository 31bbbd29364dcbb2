"""`yidi serve`: migrate the database, seed the demo only when asked, say where everything is, and
serve the API, the national interface and the web UI with uvicorn.

SQLite under the data directory by default; ``YIDI_DATABASE_URL`` (or ``--database-url``)
selects another database. ``--workers N`` starts N uvicorn processes (each builds the app with
``create_app`` from the environment; use PostgreSQL — SQLite serialises writers anyway).

Without ``--demo`` nothing is seeded and no demo password or secret is printed; a database that
still holds the demo's public credentials is refused (``yidi demo remove`` ends them), and on a
database without any account the server says how to create the first administrator.
"""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from fastapi import FastAPI


def build_app(url: str | None, demo: bool) -> tuple[FastAPI, dict[str, Any] | None]:
    """The app on a migrated database, with the demo data when ``demo`` (returned as the seed
    describes it); without ``demo``, ``DemoCredentialsPresent`` if demo credentials remain."""
    from yidi import settings as config
    from yidi.adapters.db import session_factory
    from yidi.adapters.migrate import upgrade_database
    from yidi.entrypoints.api.app import create_app
    from yidi.service_layer.demo_credentials import refuse_outside_demo
    from yidi.service_layer.demo_seed import seed
    from yidi.service_layer.hospital.uow import HospitalUnitOfWork
    from yidi.service_layer.hospital_onboarding import seal_plain_secrets
    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

    engine = upgrade_database(url)
    sessions = session_factory(engine)

    def hospital_uow() -> HospitalUnitOfWork:
        return HospitalUnitOfWork(sessions)

    seeded = seed(hospital_uow) if demo else None
    if demo:  # cleared months of cross-region settlements for the clearing pages (issue 16)
        from yidi.service_layer.demo_clearing import seed_clearing

        seed_clearing(hospital_uow)
    if demo:  # this month's supervision demo: stays hitting the review rules, a 协查, tickets, plans
        from yidi.service_layer.demo_supervision import seed_supervision

        seed_supervision(hospital_uow)
    if not demo:
        refuse_outside_demo(hospital_uow)
        seal_plain_secrets(hospital_uow)  # secrets stored before encryption at rest (0840)
    app = create_app(lambda: SqlAlchemyUnitOfWork(sessions), settings=config.current(), engine=engine)
    app.state.hospital_uow_factory = hospital_uow
    return app, seeded


def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[int, typer.Option(help="工作进程数（PostgreSQL 时可多于 1）")] = 1,
    database_url: Annotated[
        str | None, typer.Option(help="数据库 URL，默认 YIDI_DATABASE_URL 或数据目录下的 SQLite")
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="写入并使用演示医院、人员、备案和登录账号（仅供演示，幂等）")
    ] = False,
    proxy_headers: Annotated[
        bool | None,
        typer.Option(
            "--proxy-headers/--no-proxy-headers",
            help="信任反向代理的 X-Forwarded-For/-Proto（https 时 Cookie 加 Secure）；默认：设置了可信代理时开启",
        ),
    ] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option("--forwarded-allow-ips", help="可信代理地址，逗号分隔（默认 YIDI_TRUSTED_PROXIES，127.0.0.1）"),
    ] = None,
) -> None:
    """启动服务：网页 /ui/、接口文档 /docs、国家医保接口 /fsi/api/callService 与 REST API。"""
    import uvicorn

    from yidi import settings as config
    from yidi.adapters.db import close_engine
    from yidi.entrypoints.cli import banner
    from yidi.entrypoints.cli.errors import cli_errors
    from yidi.service_layer.demo_credentials import DemoCredentialsPresent

    try:
        with cli_errors():  # a bad --database-url, a data directory that cannot be written
            app, seeded = build_app(config.checked_url(database_url, "--database-url"), demo)
    except DemoCredentialsPresent as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=2) from None
    typer.echo(banner.text(app, host, port, seeded), err=True)
    # X-Forwarded-* believed only from YIDI_TRUSTED_PROXIES (uvicorn's own default: 127.0.0.1)
    proxies = forwarded_allow_ips if forwarded_allow_ips is not None else ",".join(config.current().trusted_proxies)
    if proxy_headers is False:
        proxies = ""
    if workers > 1:
        close_engine(app.state.engine)  # each worker opens its own
        # Worker processes build the app from the environment: they inherit these values.
        if database_url:
            os.environ["YIDI_DATABASE_URL"] = database_url
        if demo:
            os.environ["YIDI_DEMO"] = "1"  # the demo data are there on purpose
        # Every worker must sign and check web sessions and CSRF tokens with the same key; without
        # a configured secret each process would make its own and reject the others' cookies.
        if config.current().web_key() is None:
            os.environ["YIDI_WEB_SECRET"] = secrets.token_urlsafe(32)
    uvicorn.run(
        "yidi.entrypoints.api.app:create_app" if workers > 1 else app,
        factory=workers > 1,
        workers=workers if workers > 1 else None,
        host=host,
        port=port,
        log_level="info",
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )


def register(app: typer.Typer) -> None:
    app.command(name="serve")(serve)
