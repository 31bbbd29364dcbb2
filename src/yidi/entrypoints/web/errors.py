"""Errors on web pages, mapped in one place (docs/errors.md).

* A page that catches a refusal shows it with ``form_errors(exc, fields)``: each problem beside
  the field it names when the form has that field, every other one (no field, or a field the form
  does not show, e.g. a duplicate claim's ``bill``) in the summary only. ``base.html`` puts the
  summary at the top of every page with errors: all of them, each linking to its field
  (``#f-<field>``), ``role="alert"``, focused on load (yidi.js).
* A refusal no page caught: "not signed in" → the sign-in page; any other kind → ``error.html``
  with the kind's status, the Chinese message and a link home. The framework's own 404/405 and an
  unexpected error get the same page in Chinese. Paths outside ``/ui`` keep the REST handlers.
  A page's server error (5xx) is kept for 每日报错治理 as REST's are (``entrypoints.server_errors``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from yidi.domain.errors import Kind, Problem, YidiError
from yidi.entrypoints.server_errors import HEADER, is_server_error, keep
from yidi.entrypoints.web import security

T = TypeVar("T")
GENERAL = "_"  # the key of messages with no field on the form: shown in the summary only
ALIASES = {"person": "id_number"}  # NotFound("person") is the ID number field's problem
PAGE_TITLES = {
    403: "无权访问",
    404: "找不到页面",
    409: "无法办理",
    422: "无法办理",
    500: "系统出错了",
    503: "暂时无法使用",
}
HTTP_MESSAGES = {
    403: "无权访问此页面",
    404: "找不到您要的页面，可能地址有误或内容已不存在",
    405: "该页面不支持此操作",
}
INTERNAL = "系统出错了，请稍后重试；如仍出错，请联系经办机构"


def message(exc: YidiError, problem: Problem) -> str:
    """A problem in Chinese for people, with the clause the refusal rests on."""
    return problem.zh + (f"（依据：{exc.clause_text}）" if exc.clause_text else "")


def form_errors(
    exc: YidiError, fields: Iterable[str] = (), rename: Callable[[str], str] | None = None
) -> dict[str, str]:
    """Field → message for the fields the form shows (``fields``, after ``rename`` of the error's
    field names — "" for none — to the form's); everything else under ``GENERAL``. Two problems
    of one field are joined, so nothing is lost."""
    fields = tuple(fields)
    shown = set(fields)
    out: dict[str, list[str]] = {}
    for p in exc.problems:
        key = ALIASES.get(p.field or "", p.field or "")  # "": the problem names no field
        key = rename(key) if rename else key
        out.setdefault(key if key in shown else GENERAL, []).append(message(exc, p))
    return ordered({k: "；".join(v) for k, v in out.items()}, fields)


def ordered(errors: dict[str, str], fields: Iterable[str]) -> dict[str, str]:
    """``errors`` in the order of the form's fields (the summary reads top to bottom)."""
    rank = {f: i for i, f in enumerate(fields)}
    return dict(sorted(errors.items(), key=lambda kv: rank.get(kv[0], -1)))


def add(errors: dict[str, str], more: dict[str, str]) -> dict[str, str]:
    """``more`` added to ``errors`` (a second message of a field joins the first)."""
    for k, v in more.items():
        errors[k] = f"{errors[k]}；{v}" if errors.get(k) else v
    return errors


def check(
    errors: dict[str, str],
    fields: Iterable[str],
    fn: Callable[[], T],
    fallback: T,
    rename: Callable[[str], str] | None = None,
) -> T:
    """``fn()`` — a domain check of some fields — with its problems added to ``errors`` instead of
    stopping, so a form reports its own parsing problems and the domain's together."""
    try:
        return fn()
    except YidiError as exc:  # a rule naming a field (a hospital code given as a place) shows there too
        add(errors, form_errors(exc, fields, rename))
        return fallback


def picked(
    form: dict[str, Any], key: str, options: Iterable[object], prompt: str, errors: dict[str, str]
) -> str | None:
    """A select's value when it is one of ``options``; otherwise None with ``prompt`` — the list in
    the person's words (请选择医院等级), never the codes a service would name — beside the field."""
    value = str(form.get(key) or "").strip()
    if value in {str(o) for o in options}:
        return value
    errors[key] = prompt
    return None


def summary(errors: dict[str, Any]) -> list[tuple[str | None, str]]:
    """The summary's items: (anchor of the field or None, message), general messages first."""
    items = [(None, str(errors[GENERAL]))] if errors.get(GENERAL) else []
    return items + [(k, str(v)) for k, v in errors.items() if k != GENERAL and v]


def error_page(request: Request, status: int, text: str) -> Response:
    from yidi.entrypoints.web.common import render  # common imports this module (the summary)

    title = PAGE_TITLES.get(status, "无法完成")
    return render(request, "error.html", status_code=status, title=title, message=text, back=_back(request))


def _back(request: Request) -> str | None:
    """The page the person came from, when it is one of ours (a way back besides 返回首页)."""
    referer = request.headers.get("referer", "")
    origin = f"{request.url.scheme}://{request.url.netloc}"
    path = referer.removeprefix(origin)
    if referer.startswith(origin + "/ui") and path != request.url.path and "\n" not in path:
        return path
    return None


def page_for(request: Request, exc: YidiError) -> Response:
    if exc.kind is Kind.UNAUTHENTICATED:
        response = RedirectResponse(f"/ui/login?next={request.url.path}", status_code=303)
        # a still-signed cookie of a disabled account would send the sign-in page straight back
        response.delete_cookie(security.SESSION_COOKIE, path="/")
        return response
    return error_page(request, exc.kind.status, "；".join(message(exc, p) for p in exc.problems))


def _http_message(exc: StarletteHTTPException) -> str:
    default = exc.detail == HTTPStatus(exc.status_code).phrase  # the framework's English phrase
    return HTTP_MESSAGES.get(exc.status_code, "请求无法完成") if default else str(exc.detail)


def is_page(request: Request) -> bool:
    return request.url.path.startswith("/ui")


def install(app: FastAPI) -> None:
    """Answer errors on ``/ui`` paths with pages; leave every other path to the handler before."""

    def wrap(kind: type[Exception], page: Callable[[Request, Any], Response]) -> None:
        previous = app.exception_handlers.get(kind)

        async def handler(request: Request, exc: Exception) -> Response:
            if is_page(request) or previous is None:
                response = page(request, exc)
                if is_server_error(exc):  # 每日报错治理 counts a page's server errors too
                    response.headers[HEADER] = await run_in_threadpool(keep, request, exc)  # off the event loop
                return response
            answer = previous(request, exc)
            return await answer if isinstance(answer, Awaitable) else answer

        app.add_exception_handler(kind, handler)

    wrap(YidiError, page_for)
    wrap(
        StarletteHTTPException,
        lambda request, exc: error_page(request, exc.status_code, _http_message(exc)),
    )
    wrap(
        RequestValidationError,
        lambda request, exc: error_page(request, 422, "页面地址中的参数无效，请从菜单重新进入"),
    )
    wrap(Exception, lambda request, exc: error_page(request, 500, INTERNAL))
