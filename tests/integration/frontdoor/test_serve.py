"""``yidi serve`` as a new user meets it (uvicorn itself replaced by a recorder): without ``--demo``
nothing is seeded, no password or secret is printed and an empty database says how to create the
first administrator; ``--demo`` prints where everything is and the demo's accounts; a database
with demo credentials is refused without ``--demo`` until ``yidi demo remove``."""

from __future__ import annotations

import json
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from yidi.entrypoints.cli.main import app
from yidi.service_layer.web_users import DEMO_PASSWORD


@pytest.fixture
def yidi(db_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run ``yidi …`` on a fresh database; ``served`` records what uvicorn was asked to run."""
    monkeypatch.setenv("YIDI_DATABASE_URL", db_url)
    served: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: served.append({"target": target, **kw}))
    runner = CliRunner()

    def run(*args: str) -> Any:
        result = runner.invoke(app, list(args))
        result.served = list(served)
        served.clear()
        return result

    return run


def test_serve_without_demo_seeds_nothing_and_says_how_to_begin(yidi) -> None:  # type: ignore[no-untyped-def]
    result = yidi("serve", "--port", "8123")
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "http://127.0.0.1:8123/ui/" in err and "http://127.0.0.1:8123/docs" in err
    assert "yidi users add NAME --role admin" in err
    assert DEMO_PASSWORD not in err and "demo-secret" not in err and "paasid" not in err
    (call,) = result.served
    assert call["port"] == 8123 and call["host"] == "127.0.0.1"
    assert json.loads(yidi("users", "list").stdout) == []


def test_demo_then_production_start(yidi) -> None:  # type: ignore[no-untyped-def]
    demo = yidi("serve", "--demo", "--host", "0.0.0.0")
    assert demo.exit_code == 0, demo.output
    err = demo.stderr
    assert "http://127.0.0.1:8000/ui/" in err and "/docs" in err
    assert DEMO_PASSWORD in err and "jingban（经办人员）" in err and "admin（管理员）" in err
    assert "paasid demo-H21010000001" in err and "secret demo-secret-H21010000001" in err
    assert "python examples/his_client.py --url http://127.0.0.1:8000" in err
    assert demo.served[0]["host"] == "0.0.0.0"

    refused = yidi("serve")
    assert refused.exit_code == 2 and refused.served == []
    assert "yidi demo remove" in refused.stderr and "yidi serve --demo" in refused.stderr
    assert DEMO_PASSWORD not in refused.stderr and "demo-secret" not in refused.stderr

    removed = yidi("demo", "remove")
    assert removed.exit_code == 0, removed.output
    body = json.loads(removed.stdout)["removed"]
    assert "admin" in body["accounts"] and "H21010000001" in body["hospitals"]

    again = yidi("serve")
    assert again.exit_code == 0 and len(again.served) == 1
    assert "yidi users add NAME --role admin" in again.stderr


def test_first_admin_as_the_server_says(yidi) -> None:  # type: ignore[no-untyped-def]
    yidi("serve")
    added = yidi("users", "add", "chief", "--role", "admin", "--password", "a-good-password")
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["display_name"] == "chief"
    started = yidi("serve")
    assert started.exit_code == 0 and "yidi users add" not in started.stderr


def test_bad_role_is_named(yidi) -> None:  # type: ignore[no-untyped-def]
    result = yidi("users", "add", "x-user", "--role", "root", "--password", "a-good-password")
    assert result.exit_code == 2 and json.loads(result.stderr)["problems"][0]["field"] == "--role"


def test_staff_commands_on_an_unmigrated_database_say_what_to_run(yidi) -> None:  # type: ignore[no-untyped-def]
    for args in (("users", "list"), ("demo", "remove"), ("filing", "list", "210102197001010016")):
        result = yidi(*args)
        assert result.exit_code == 2 and "yidi filing db upgrade" in result.stderr, args


def test_behind_a_proxy_only_the_named_proxy_is_believed(yidi) -> None:  # type: ignore[no-untyped-def]
    """Security review (Low): "``Secure`` is set only when the scheme is https, with no
    trusted-proxy option" — ``--proxy-headers --forwarded-allow-ips`` makes the proxy's
    ``X-Forwarded-Proto`` count, from that address only; ``--no-proxy-headers`` believes none."""
    behind = yidi("serve", "--proxy-headers", "--forwarded-allow-ips", "10.0.0.5")
    assert behind.exit_code == 0, behind.output
    assert behind.served[0]["proxy_headers"] is True and behind.served[0]["forwarded_allow_ips"] == "10.0.0.5"
    default = yidi("serve").served[0]  # YIDI_TRUSTED_PROXIES: the local proxy only
    assert default["forwarded_allow_ips"] == "127.0.0.1"
    none = yidi("serve", "--no-proxy-headers").served[0]
    assert none["proxy_headers"] is False and none["forwarded_allow_ips"] is None
