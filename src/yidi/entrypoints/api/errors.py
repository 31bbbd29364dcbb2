"""REST errors: one problem document for every error, in one place (docs/errors.md).

Body (RFC 9457 style, ``application/json``): ``{code, message_zh, message_en, clause, field,
problems, status}`` plus the error's own members (``rule_id``, ``params``…). The status is the
error's ``kind`` (``YidiError.kind.status``), never guessed here. FastAPI's validation errors
become ``INVALID_INPUT`` with every problem; an unknown address or method the same shape; an
unexpected exception a 500 with the same shape and no traceback (logged). Every 5xx is kept for
每日报错治理 (``server_errors.keep``) and its request id answered in ``X-Request-ID``. Web pages under
``/ui`` are rendered by ``web.errors`` instead, which wraps these handlers.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from yidi.domain.errors import InvalidInput, Kind, Problem, YidiError, refusal
from yidi.entrypoints.server_errors import HEADER, is_server_error, keep

# an HTTP error raised by the framework itself (no route, wrong method): its code and message
HTTP_ERRORS = {
    404: ("NOT_FOUND", "未找到该地址", "no such address"),
    405: ("METHOD_NOT_ALLOWED", "该地址不支持此请求方法", "method not allowed"),
}


def problem(exc: YidiError) -> dict[str, object]:
    return {**exc.as_dict(), "status": exc.kind.status}


def problem_response(exc: YidiError, headers: dict[str, str] | None = None) -> JSONResponse:
    if exc.kind is Kind.UNAUTHENTICATED:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    if exc.kind is Kind.TOO_MANY_REQUESTS and "retry_after" in exc.details:  # sign-in throttling
        headers = {**(headers or {}), "Retry-After": str(exc.details["retry_after"])}
    return JSONResponse(problem(exc), status_code=exc.kind.status, headers=headers)


def from_validation(exc: RequestValidationError) -> InvalidInput:
    """FastAPI's request validation errors as one ``InvalidInput`` naming every field."""
    problems = []
    for err in exc.errors():
        loc = err.get("loc", ())
        field = ".".join(str(x) for x in loc if x not in ("body", "query", "path", "header"))
        problems.append(
            Problem(field or None, f"字段 {field} 无效（格式错误或日期不存在）", str(err.get("msg", "")))
        )
    return InvalidInput(problems or [Problem(None, "请求无效", "invalid request")])


def from_http(exc: StarletteHTTPException) -> tuple[dict[str, Any], int]:
    """A framework HTTP error (404 no route, 405…) as the same document with its own status."""
    detail = str(exc.detail)
    code, zh, en = HTTP_ERRORS.get(exc.status_code, (f"HTTP_{exc.status_code}", detail, detail))
    return {
        **YidiError(Problem(None, zh, en), code=code).as_dict(),
        "status": exc.status_code,
    }, exc.status_code


INTERNAL = refusal(
    "INTERNAL_ERROR",
    Kind.INTERNAL,
    "系统内部错误，请稍后重试；如仍出错请联系经办机构",
    "internal server error",
)


def install(app: FastAPI) -> None:
    """One handler per source of errors; every one answers the same problem document."""

    @app.exception_handler(YidiError)
    async def yidi_error(request: Request, exc: YidiError) -> JSONResponse:
        if is_server_error(exc):  # a named refusal that is the server's fault: 每日报错治理 counts it
            return problem_response(exc, {HEADER: keep(request, exc)})
        return problem_response(exc)

    @app.exception_handler(RequestValidationError)
    async def validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(from_validation(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        body, status = from_http(exc)
        headers = {**(exc.headers or {}), HEADER: keep(request, exc)} if is_server_error(exc) else exc.headers
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after this answer, so the server logs the traceback; the client sees
        # none, only the request id under which the daily report keeps it
        return problem_response(INTERNAL, {HEADER: await run_in_threadpool(keep, request, exc)})
