"""Errors as JSON ``{code, message_zh, message_en, clause, field}`` (plus details)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from yidi.domain.access import AccessDenied
from yidi.domain.errors import InvalidInput, PolicyFileError, PolicyUndecidable
from yidi.domain.filing.clauses import FilingRefused, NotFound
from yidi.entrypoints.api.deps import NotSignedIn


def _problem(code: str, zh: str, en: str, field: str | None, **extra: object) -> dict[str, object]:
    return {"code": code, "message_zh": zh, "message_en": en, "clause": None, "field": field, **extra}


def install(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(_: Request, exc: NotSignedIn) -> JSONResponse:
        body = _problem("UNAUTHENTICATED", exc.zh, exc.en, "Authorization")
        return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(AccessDenied)
    async def forbidden(request: Request, exc: AccessDenied) -> Response:
        if request.url.path.startswith("/ui"):  # a page that did not catch it: the error page
            from yidi.entrypoints.web.common import render

            return render(request, "error.html", status_code=403, message=exc.zh)
        return JSONResponse(exc.as_dict(), status_code=403)

    @app.exception_handler(FilingRefused)
    async def refused(_: Request, exc: FilingRefused) -> JSONResponse:
        return JSONResponse(exc.as_dict(), status_code=409)

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(exc.as_dict(), status_code=404)

    @app.exception_handler(InvalidInput)
    async def invalid(_: Request, exc: InvalidInput) -> JSONResponse:
        first = exc.problems[0]
        body = _problem(
            "INVALID_INPUT", first.zh, first.en, first.field, problems=[p.as_dict() for p in exc.problems]
        )
        return JSONResponse(body, status_code=422)

    @app.exception_handler(PolicyUndecidable)
    async def undecidable(_: Request, exc: PolicyUndecidable) -> JSONResponse:
        p = exc.problem
        return JSONResponse(_problem("POLICY_UNDECIDABLE", p.zh, p.en, p.field), status_code=422)

    @app.exception_handler(PolicyFileError)
    async def policy_file(_: Request, exc: PolicyFileError) -> JSONResponse:
        body = _problem("POLICY_FILE_ERROR", f"政策文件错误：{exc}", f"policy file error: {exc}", exc.key)
        return JSONResponse(body, status_code=500)

    @app.exception_handler(RequestValidationError)
    async def validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            field = ".".join(
                str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "header")
            )
            problems.append(
                {
                    "field": field,
                    "message_zh": f"字段 {field} 无效（格式错误或日期不存在）",
                    "message_en": err.get("msg", ""),
                }
            )
        first = (
            problems[0]
            if problems
            else {"field": None, "message_zh": "请求无效", "message_en": "invalid request"}
        )
        body = _problem(
            "INVALID_INPUT",
            str(first["message_zh"]),
            str(first["message_en"]),
            first["field"],
            problems=problems,
        )
        return JSONResponse(body, status_code=422)
