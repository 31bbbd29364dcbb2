"""Hospital onboarding (issue 13 scope 2): ``yidi hospitals add|list|rotate-secret|disable`` with
a random secret shown once and stored only encrypted, a grace period for the old secret after a
rotation, disabling at once, and every change in the audit log."""

from __future__ import annotations

import json
import os
import stat
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from yidi.adapters import hospital_cache
from yidi.entrypoints.cli.main import app
from yidi.service_layer.hospital.auth import AuthRefused, Credentials, authenticate, sign

Fernet = pytest.importorskip("cryptography.fernet", reason="pip install cryptography (pyproject)").Fernet

CODE = "H21010000077"


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    k = Fernet.generate_key().decode()
    monkeypatch.setenv("YIDI_SECRET_KEY", k)
    return k


@pytest.fixture
def cli(db_url: str, engine, key, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YIDI_DATABASE_URL", db_url)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> object:
        result = runner.invoke(app, ["hospitals", *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stderr if code else result.stdout)

    return run


def signs_in(uow_factory, paasid: str, secret: str) -> bool:  # type: ignore[no-untyped-def]
    body = b'{"infno": "9001"}'
    ts, nonce = str(int(time.time())), os.urandom(8).hex()
    try:
        authenticate(uow_factory(), Credentials(paasid, ts, nonce, sign(secret, ts, nonce, body)), body)
    except AuthRefused:
        return False
    return True


def test_add_shows_the_secret_once_and_stores_it_encrypted(cli, uow_factory, engine) -> None:  # type: ignore[no-untyped-def]
    added = cli("add", CODE, "--name", "沈阳测试医院", "--level", "3A")
    secret, paasid = added["secret"], added["paasid"]
    assert len(secret) >= 43 and paasid.startswith(CODE)
    listed = cli("list")
    assert [h["code"] for h in listed] == [CODE] and "secret" not in listed[0]
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT secret FROM hospitals WHERE code = :c"), {"c": CODE}).scalar_one()
    assert stored.startswith("fernet:") and secret not in stored
    assert signs_in(uow_factory, paasid, secret)
    refused = cli("add", CODE, "--name", "again", "--level", "3A", code=2)
    assert refused["code"] == "HOSPITAL_EXISTS"
    bad = cli("add", "X1", "--name", "", "--level", "9", code=2)
    assert {p["field"] for p in bad["problems"]} == {"code", "name", "hosp_lv"}


def test_rotation_keeps_the_old_secret_for_the_grace_period_then_disable(cli, uow_factory, engine) -> None:  # type: ignore[no-untyped-def]
    added = cli("add", CODE, "--name", "沈阳测试医院", "--level", "3")
    paasid, old = added["paasid"], added["secret"]
    rotated = cli("rotate-secret", CODE)
    new = rotated["secret"]
    assert new != old and rotated["previous_secret_valid_until"]
    assert signs_in(uow_factory, paasid, new) and signs_in(uow_factory, paasid, old)
    with engine.begin() as conn:  # the grace period is over
        conn.execute(
            text("UPDATE hospitals SET previous_secret_until = :t WHERE code = :c"),
            {"t": datetime.now(UTC) - timedelta(minutes=1), "c": CODE},
        )
    hospital_cache.invalidate()  # a write behind the repository's back: drop the cached row (≤ 5 s)
    assert signs_in(uow_factory, paasid, new) and not signs_in(uow_factory, paasid, old)
    at_once = cli("rotate-secret", CODE, "--grace-hours", "0")
    assert not signs_in(uow_factory, paasid, new) and signs_in(uow_factory, paasid, at_once["secret"])
    assert cli("disable", CODE)["active"] is False
    assert not signs_in(uow_factory, paasid, at_once["secret"])
    assert cli("disable", CODE, "--enable")["active"] is True
    with engine.connect() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_log WHERE subject = :c ORDER BY id"), {"c": CODE})]
        logged = " ".join(str(r[0]) for r in conn.execute(text("SELECT detail FROM audit_log")))
    assert actions == ["hospital.add", "hospital.rotate_secret", "hospital.rotate_secret", "hospital.disable", "hospital.enable"]
    assert old not in logged and new not in logged  # no secret in any log


def test_the_key_file_is_made_owner_only_in_the_data_dir(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from yidi.adapters import secret_box

    monkeypatch.delenv("YIDI_SECRET_KEY", raising=False)
    monkeypatch.setenv("YIDI_DATA_DIR", str(tmp_path / "data"))
    sealed = secret_box.seal("s3cret")
    assert sealed.startswith("fernet:") and secret_box.open_secret(sealed) == "s3cret"
    key_file = tmp_path / "data" / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700


def test_a_secret_stored_in_plain_text_is_sealed_at_start(key, uow_factory, engine) -> None:  # type: ignore[no-untyped-def]
    """Security review (Medium): "Hospital secrets stored in plain text" — a secret from before
    encryption at rest is sealed by the production start (``seal_plain_secrets``) and still works."""
    from yidi.service_layer.hospital_onboarding import seal_plain_secrets

    cred = {"paasid": f"paas{CODE}", "secret": "a-secret-from-before-0840"}
    with uow_factory() as uow:  # written as it was before 0840: in plain text
        uow.hospital.add_hospital(
            code=CODE, name="沈阳测试医院", region=CODE[1:7], hosp_lv="3", uscc="", active=True, **cred
        )
        uow.commit()
    assert seal_plain_secrets(uow_factory) == 1
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT secret FROM hospitals WHERE code = :c"), {"c": CODE}).scalar_one()
    assert stored.startswith("fernet:") and cred["secret"] not in stored
    hospital_cache.invalidate()
    assert signs_in(uow_factory, cred["paasid"], cred["secret"])
    assert seal_plain_secrets(uow_factory) == 0  # once is enough
