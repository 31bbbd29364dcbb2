"""Each entry point maps every kind of error in one place (docs/errors.md).

The refusals here are new classes that no entry point knows: that they come out right at every
edge is what "a new refusal needs no edit in any entry point" means.
"""

from __future__ import annotations

import json

import pytest
import typer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from yidi.domain.errors import InvalidInput, Kind, PolicyFileError, Problem, YidiError, refusal
from yidi.domain.national.errors import ERR_MSG_MAX, NationalError, err_msg, translate
from yidi.entrypoints.api.app import create_app
from yidi.entrypoints.cli.errors import ErrorsGroup


class BrandNewRefusal(YidiError):
    """A refusal added after the entry points were written."""

    code = "BRAND_NEW"
    kind = Kind.CONFLICT

    def __init__(self) -> None:
        super().__init__(
            Problem("bill", "同一费用已报销", "already claimed"),
            clause="某文件 三(二)",
            details={"rule_id": "x.y"},
        )


def one_of_each_kind() -> list[YidiError]:
    return [
        refusal(f"KIND_{kind.name}", kind, f"中文说明 {kind.value}", f"english {kind.value}", field="amount")
        for kind in Kind
    ]


def test_every_kind_has_an_http_status() -> None:
    assert {k: k.status for k in Kind} == {
        Kind.BAD_REQUEST: 400, Kind.UNAUTHENTICATED: 401, Kind.FORBIDDEN: 403, Kind.NOT_FOUND: 404,
        Kind.CONFLICT: 409, Kind.TOO_LARGE: 413, Kind.UNPROCESSABLE: 422, Kind.TOO_MANY_REQUESTS: 429,
        Kind.INTERNAL: 500, Kind.UNAVAILABLE: 503,
    }  # fmt: skip


@pytest.fixture
def app() -> FastAPI:
    application = create_app(uow_factory=lambda: None)  # type: ignore[arg-type,return-value]
    errors = {e.code: e for e in [*one_of_each_kind(), BrandNewRefusal()]}

    def raising(code: str) -> None:
        if code == "BUG":
            raise RuntimeError("secret internals")
        raise errors[code]

    application.add_api_route("/api/v1/test/{code}", raising)
    application.add_api_route("/ui/test/{code}", raising)

    def typed(n: int, day: str, size: int) -> dict[str, int]:
        return {"n": n}

    application.add_api_route("/api/v1/typed", typed)
    return application


def test_rest_answers_every_kind_with_its_status_and_the_problem_document(app: FastAPI) -> None:
    client = TestClient(app)
    for exc in [*one_of_each_kind(), BrandNewRefusal()]:
        r = client.get(f"/api/v1/test/{exc.code}")
        body = r.json()
        assert r.status_code == exc.kind.status == body["status"], exc.code
        assert body["code"] == exc.code and body["message_zh"] == exc.zh and body["field"] == exc.field
        assert body["problems"] == [p.as_dict() for p in exc.problems]
    unauthenticated = client.get("/api/v1/test/KIND_UNAUTHENTICATED")
    assert unauthenticated.headers["WWW-Authenticate"] == "Bearer"
    new = client.get("/api/v1/test/BRAND_NEW").json()
    assert new["clause"] == "某文件 三(二)" and new["rule_id"] == "x.y"


def test_rest_validation_errors_name_every_field_and_failures_show_no_traceback(app: FastAPI) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    r = client.get("/api/v1/typed", params={"n": "x", "size": "y"})
    body = r.json()
    assert r.status_code == 422 and body["code"] == "INVALID_INPUT"
    assert sorted(p["field"] for p in body["problems"]) == ["day", "n", "size"]
    assert all("无效" in p["message_zh"] for p in body["problems"])
    bug = client.get("/api/v1/test/BUG")
    assert bug.status_code == 500 and bug.json()["code"] == "INTERNAL_ERROR"
    assert "secret internals" not in bug.text and "Traceback" not in bug.text
    nowhere = client.get("/api/v1/no/such/path")
    assert nowhere.status_code == 404 and nowhere.json()["code"] == "NOT_FOUND"


def test_web_answers_every_kind_with_a_chinese_page_and_a_way_home(app: FastAPI) -> None:
    client = TestClient(app, follow_redirects=False, raise_server_exceptions=False)
    for exc in [*one_of_each_kind(), BrandNewRefusal()]:
        r = client.get(f"/ui/test/{exc.code}")
        if exc.kind is Kind.UNAUTHENTICATED:  # the sign-in page, coming back afterwards
            assert r.status_code == 303 and r.headers["location"] == f"/ui/login?next=/ui/test/{exc.code}"
            continue
        assert r.status_code == exc.kind.status, exc.code
        assert "text/html" in r.headers["content-type"] and exc.zh in r.text and 'href="/ui/"' in r.text
    assert "（依据：某文件 三(二)）" in client.get("/ui/test/BRAND_NEW").text
    for path, words in (("/ui/no/such/page", "找不到您要的页面"), ("/ui/test/BUG", "系统出错了")):
        r = client.get(path)
        assert r.status_code in (404, 500) and words in r.text and 'href="/ui/"' in r.text
        assert "Not Found" not in r.text and "secret internals" not in r.text


def test_national_err_msg_names_the_field_and_the_clause_within_200_characters() -> None:
    for exc in one_of_each_kind():
        assert err_msg(exc) == f"FSI-{exc.zh}［字段 amount］"
    assert err_msg(BrandNewRefusal()) == "FSI-同一费用已报销（依据：某文件 三(二)）［字段 bill］"
    several = InvalidInput([Problem("a", "甲错", "a"), Problem("b", "乙错", "b")])
    assert err_msg(several, "input.data.") == "FSI-甲错［字段 input.data.a］；乙错［字段 input.data.b］"
    assert err_msg(NationalError("", "请求报文不是合法的 JSON")) == "FSI-请求报文不是合法的 JSON"
    assert len(err_msg(InvalidInput([Problem("x", "长" * 150, "")] * 3))) == ERR_MSG_MAX
    moved = translate(BrandNewRefusal(), "input.")
    assert (
        moved.field == "input.bill"
        and moved.err_msg == "FSI-同一费用已报销（依据：某文件 三(二)）［字段 input.bill］"
    )


def test_cli_exits_2_with_the_json_document_for_every_deliberate_error() -> None:
    cli = typer.Typer(cls=ErrorsGroup)
    errors = {e.code: e for e in [*one_of_each_kind(), BrandNewRefusal()]}
    errors["POLICY_FILE_ERROR"] = PolicyFileError("210100.yaml", "params.deductible", "缺少取值 / missing")

    @cli.command()
    def fail(code: str) -> None:
        raise errors[code]

    @cli.command()
    def other() -> None:  # a second command, so "fail" is a sub-command of the root group
        pass

    for code, exc in errors.items():
        result = CliRunner().invoke(cli, ["fail", code])
        assert result.exit_code == 2, code
        body = json.loads(result.stderr)
        assert body == json.loads(json.dumps(exc.as_dict(), default=str)) and body["code"] == code
    policy = json.loads(CliRunner().invoke(cli, ["fail", "POLICY_FILE_ERROR"]).stderr)
    assert policy["field"] == "params.deductible" and "政策文件错误：210100.yaml" in policy["message_zh"]
