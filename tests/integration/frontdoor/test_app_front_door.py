"""The app's front door: ``/`` leads to the web UI, ``/docs`` and ``/redoc`` load nothing from
outside, a server on the configured database refuses to start (exit 2, the reason, no traceback)
on an unmigrated database or on demo credentials outside demo mode, and a clean stop leaves
``yidi.db`` complete without its write-ahead log."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from yidi.adapters.db import session_factory
from yidi.adapters.migrate import upgrade_database
from yidi.entrypoints.api.app import create_app
from yidi.service_layer import demo_credentials
from yidi.service_layer.demo_seed import seed
from yidi.service_layer.hospital.uow import HospitalUnitOfWork
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork
from yidi.service_layer.web_users import WebRole, WebUser, create_user

URL = re.compile(r"""(?:https?:)?//([^/"'\s)<>]+)""")
ASSET = re.compile(r"""(?:src|href)="([^"]+)\"""")


@pytest.fixture
def client(uow_factory, monkeypatch: pytest.MonkeyPatch) -> TestClient:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YIDI_API_DOCS", "public")  # who may read them: tests/integration/web/test_web_headers.py
    return TestClient(create_app(uow_factory), follow_redirects=False)


def test_root_leads_to_the_web_ui(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code in (302, 303, 307) and r.headers["location"] == "/ui/"


@pytest.mark.parametrize("page", ["/docs", "/redoc", "/docs/oauth2-redirect"])
def test_api_docs_load_nothing_from_outside(client: TestClient, page: str) -> None:
    r = client.get(page)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    hosts = set(URL.findall(r.text))
    assert hosts <= {"testserver"}, hosts
    for asset in ASSET.findall(r.text):
        assert asset.startswith("/"), asset
        assert client.get(asset).status_code == 200, asset


def test_swagger_ui_reads_this_apps_openapi(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/openapi.json" in html and '"validatorUrl": null' in html
    assert client.get("/openapi.json").json()["info"]["title"].startswith("yidi")


def test_unmigrated_database_is_refused_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("YIDI_DATA_DIR", str(tmp_path / "fresh"))
    with pytest.raises(SystemExit) as stopped:
        create_app()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "尚未建立" in err and "yidi filing db upgrade" in err and "Traceback" not in err


def test_configured_app_refuses_demo_credentials_outside_demo_mode(
    db_url: str, engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YIDI_DATABASE_URL", db_url)
    app = create_app()  # migrated, no demo: starts
    assert TestClient(app).get("/ui/login").status_code == 200
    sessions = session_factory(engine)

    def factory() -> HospitalUnitOfWork:
        return HospitalUnitOfWork(sessions)

    seed(factory)
    with pytest.raises(SystemExit) as stopped:
        create_app()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "yidi demo remove" in err and "admin" in err and "H21010000001" in err
    monkeypatch.setenv("YIDI_DEMO", "1")  # the worker processes of `yidi serve --demo`
    create_app()
    monkeypatch.delenv("YIDI_DEMO")
    removed = demo_credentials.remove(factory)
    assert set(removed.accounts) == {"canbao", "jingban", "shenpi", "yiyuan", "admin"}
    assert len(removed.hospitals) == 8
    assert not demo_credentials.find(factory)
    create_app()


def test_changed_demo_password_is_no_longer_a_demo_credential(engine) -> None:  # type: ignore[no-untyped-def]
    sessions = session_factory(engine)
    create_user(SqlAlchemyUnitOfWork(sessions), WebUser("admin", WebRole.ADMIN, "管理员"), "a-real-password")
    assert demo_credentials.find(lambda: HospitalUnitOfWork(sessions)).accounts == ()


def test_clean_stop_leaves_a_complete_yidi_db(tmp_path: Path) -> None:
    db = tmp_path / "yidi.db"
    engine = upgrade_database(f"sqlite:///{db}")
    sessions = session_factory(engine)
    app = create_app(lambda: SqlAlchemyUnitOfWork(sessions), engine=engine)
    with TestClient(app):  # runs the lifespan: startup, then shutdown on leaving
        create_user(
            SqlAlchemyUnitOfWork(sessions), WebUser("wal-check", WebRole.STAFF, "测试"), "pass-word-1"
        )
        assert Path(f"{db}-wal").stat().st_size > 0  # the write sits in the log while serving
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    copy = tmp_path / "copy" / "yidi.db"
    copy.parent.mkdir()
    shutil.copy(db, copy)  # the database file alone
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM web_users WHERE username = 'wal-check'").fetchone() == (1,)


def test_configured_lifetimes_reach_the_cookie_and_the_token(
    uow_factory, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YIDI_SESSION_SECONDS", "600")
    monkeypatch.setenv("YIDI_TOKEN_SECONDS", "900")
    create_user(uow_factory(), WebUser("short-day", WebRole.STAFF, "测试"), "pass-word-1")
    client = TestClient(create_app(uow_factory), follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/ui/login").text)
    assert token is not None
    signed_in = client.post(
        "/ui/login", data={"username": "short-day", "password": "pass-word-1", "csrf_token": token[1]}
    )
    assert signed_in.status_code == 303 and "Max-Age=600" in signed_in.headers["set-cookie"]
    issued = client.post("/api/v1/auth/token", data={"username": "short-day", "password": "pass-word-1"})
    assert issued.json()["expires_in"] == 900
