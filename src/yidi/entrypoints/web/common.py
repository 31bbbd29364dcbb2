"""What every page shares: templates, the signed-in account, role checks and CSRF.

Pages call service functions only; ``web.errors.form_errors`` turns their refusals into messages
beside the field they name (``errors[field]``) and in the summary at the top of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from yidi.domain.access import AccessDenied
from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.actors import Actor, Channel
from yidi.domain.errors import Kind, Problem, YidiError, refusal
from yidi.entrypoints.web import errors, labels, plain_settlement, security, static_files
from yidi.service_layer import accounts, web_sessions
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

HERE = Path(__file__).parent
LARGE_COOKIE = "yidi_large"
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters.update(labels.FILTERS)
templates.env.globals.update(
    labels.GLOBALS,
    static=static_files.static, error_summary_items=errors.summary, plain_settlement=plain_settlement.view
)


class LoginRequired(YidiError):
    """Raised by a page that needs an account; the web answers with a redirect to sign-in."""

    code = "UNAUTHENTICATED"
    kind = Kind.UNAUTHENTICATED

    def __init__(self) -> None:
        super().__init__(Problem(None, "请先登录", "sign in first"))


def key(request: Request) -> bytes:
    return request.app.state.web_key


def current_user(request: Request) -> WebUser | None:
    """The account of the request's server-side session (looked up once per request)."""
    if not hasattr(request.state, "yidi_user"):
        token = request.cookies.get(security.SESSION_COOKIE)
        request.state.yidi_user = web_sessions.resolve(uow(request), token) if token else None
    user: WebUser | None = request.state.yidi_user
    return user


def csrf_seed(request: Request) -> str | None:
    """What the CSRF token is bound to: the session token when there is one, else the
    pre-sign-in ``yidi_csrf`` cookie."""
    return request.cookies.get(security.SESSION_COOKIE) or request.cookies.get(security.CSRF_COOKIE)


def require(*roles: WebRole) -> Callable[[Request], WebUser]:
    """Dependency: the signed-in account, which must have one of ``roles`` (admin always may)."""

    def dep(request: Request) -> WebUser:
        user = current_user(request)  # a revoked, expired or disabled account's session is None
        if user is None:
            raise LoginRequired()
        if roles and user.role not in roles and user.role is not WebRole.ADMIN:
            raise AccessDenied("无权访问此页面", f"the page is for {'/'.join(roles)}", rule="web.role")
        return user

    return dep


Insured = Annotated[WebUser, Depends(require(WebRole.INSURED))]
Staff = Annotated[WebUser, Depends(require(WebRole.STAFF))]
Desk = Annotated[WebUser, Depends(require(WebRole.HOSPITAL, WebRole.STAFF))]
AnyUser = Annotated[WebUser, Depends(require())]


def uow(request: Request) -> SqlAlchemyUnitOfWork:
    return request.app.state.uow_factory()


def actor(user: WebUser, channel: Channel | None = None) -> Actor:
    """The service layer's actor for a web account: the same mapping as the REST API's
    (``accounts.actor_for``: admin acts as staff; the subject is the own ID number / hospital)."""
    return accounts.actor_for(user, channel)


async def checked_form(request: Request) -> dict[str, Any]:
    """The posted form, after the CSRF check (403 when the token does not match the cookie)."""
    form = await request.form()
    if not security.csrf_ok(key(request), csrf_seed(request), str(form.get("csrf_token", ""))):
        raise refusal(
            "CSRF_FAILED", Kind.FORBIDDEN, "表单已过期或来源无效，请刷新页面后重试",
            "the form expired or came from another site; reload the page",
        )  # fmt: skip
    out: dict[str, Any] = {}
    for k in form:
        values = form.getlist(k)
        out[k] = [str(v) for v in values] if len(values) > 1 or k.endswith("[]") else str(values[0])
    return out


Form = Annotated[dict[str, Any], Depends(checked_form)]


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page with the account, the CSRF token and the flash message."""
    seed = csrf_seed(request) or security.new_csrf_seed()
    context.setdefault("errors", {})
    context.setdefault("values", {})
    context.setdefault("large", request.cookies.get(LARGE_COOKIE) == "1")  # 长辈版 (help_pages.large_text)
    response = templates.TemplateResponse(
        request,
        name,
        {"user": current_user(request), "csrf_token": security.csrf_token(key(request), seed), **context},
        status_code=status_code,
    )
    if seed != csrf_seed(request):  # the first page before sign-in: its CSRF cookie
        set_cookie(request, response, security.CSRF_COOKIE, seed, max_age=None)
    return response


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def optional_date(form: dict[str, Any], key: str, errors: dict[str, str]) -> date | None:
    """A YYYY-MM-DD form field that may be left empty; a bad date is reported beside the field."""
    if not form.get(key):
        return None
    try:
        return date.fromisoformat(str(form[key]))
    except ValueError:
        errors[key] = "日期格式应为 年-月-日"
        return None


E = TypeVar("E", bound=Enum)


def choice(
    form: dict[str, Any],
    key: str,
    options: type[E],
    errors: dict[str, str],
    zh: str,
    *,
    required: bool = False,
) -> E | None:
    """A select's value as one of ``options`` (None when left empty); an unknown value — a
    tampered or outdated form — or a required one left empty is reported beside the field."""
    raw = str(form.get(key) or "")
    if not raw:
        if required:
            errors[key] = zh
        return None
    try:
        return options(raw)
    except ValueError:
        errors[key] = zh
        return None
