"""The interactive API documentation, served without anything from outside: ``/docs`` (Swagger UI)
and ``/redoc`` (ReDoc) load their scripts, styles and icon from the app itself.

FastAPI's own pages fetch Swagger UI and ReDoc from a CDN and show a blank page offline (yidi
runs inside an agency's network). The files come from the ``fastapi-offline`` package, which
bundles Swagger UI (Apache-2.0) and ReDoc (MIT) and is kept up to date on PyPI; only its files
are used, mounted under ``/api-docs/static``, and FastAPI's page builders point at them.

Who may read them (``YIDI_API_DOCS``): ``staff`` (default) — signed-in staff and administrators
(the web session); anyone else is sent to sign in; ``public``; or ``off`` (404). The machine
description ``/openapi.json`` follows the same rule — it maps every operation and field, so it is
no more public than the pages that show it: staff and administrators by web session or REST
bearer token, else 401 ``UNAUTHENTICATED`` / 403 ``FORBIDDEN``; 404 when off. The pages' own small inline scripts are allowed by their SHA-256 in the
page's Content-Security-Policy; nothing else inline runs (``edge.py``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security.utils import get_authorization_scheme_param
from fastapi.staticfiles import StaticFiles

from yidi.domain.access import AccessDenied
from yidi.domain.accounts import WebRole, WebUser
from yidi.entrypoints.api.deps import NotSignedIn
from yidi.service_layer import api_tokens

STATIC = "/api-docs/static"
DOCS, REDOC, OPENAPI = "/docs", "/redoc", "/openapi.json"
READERS = (WebRole.STAFF, WebRole.ADMIN)
_INLINE = re.compile(r"<script>(.*?)</script>", re.S)


def _with_csp(page: HTMLResponse) -> HTMLResponse:
    """Allow exactly the page's own inline scripts (by hash) and nothing else inline."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.encode()).digest()).decode() + "'"
        for m in _INLINE.findall(bytes(page.body).decode())
    )
    page.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
    return page


def _mode(request: Request) -> str:
    return str(getattr(getattr(request.app.state, "settings", None), "api_docs", "staff"))


def _web_user(request: Request) -> WebUser | None:
    from yidi.entrypoints.web.common import current_user  # the web layer is installed beside this one

    return current_user(request)


def _refused(request: Request) -> Response | None:
    """None when the caller may read the documentation, else the answer (sign in, or 404)."""
    mode = _mode(request)
    if mode == "public":
        return None
    if mode == "off":
        return HTMLResponse("", status_code=404)
    user = _web_user(request)
    if user is not None and user.role in READERS:
        return None
    return RedirectResponse("/ui/login?next=/ui/", status_code=303)


def _spec_reader(request: Request) -> None:
    """Raise unless the caller may read ``/openapi.json``: the rule of ``/docs``, where a REST
    client shows its bearer token instead of a web session."""
    if _mode(request) == "public":
        return
    scheme, token = get_authorization_scheme_param(request.headers.get("Authorization"))
    user = _web_user(request)
    if user is None and scheme.lower() == "bearer" and token:
        user = api_tokens.verify(request.app.state.uow_factory(), token, request.app.state.now())
    if user is None:
        raise NotSignedIn("请先登录：接口说明仅供经办人员和管理员查阅", "sign in as staff or administrator to read the API description")
    if user.role not in READERS:
        raise AccessDenied("接口说明仅供经办人员和管理员查阅", "the API description is for staff and administrators",
                           rule="access.api_docs")  # fmt: skip


def install(app: FastAPI) -> None:
    """Serve the documentation pages (the app is created with ``docs_url=None, redoc_url=None``)."""
    files = resources.files("fastapi_offline") / "static"
    app.mount(STATIC, StaticFiles(directory=str(files)), name="api-docs-static")
    redirect = app.swagger_ui_oauth2_redirect_url or f"{DOCS}/oauth2-redirect"

    @app.get(OPENAPI, include_in_schema=False)
    def openapi(request: Request) -> Response:
        if _mode(request) == "off":
            return HTMLResponse("", status_code=404)
        _spec_reader(request)
        return JSONResponse(app.openapi())

    @app.get(DOCS, include_in_schema=False)
    def swagger_ui(request: Request) -> Response:
        refused = _refused(request)
        if refused is not None:
            return refused
        root = request.scope.get("root_path", "")
        return _with_csp(get_swagger_ui_html(
            openapi_url=f"{root}{OPENAPI}",
            title=f"{app.title} — 接口文档",
            oauth2_redirect_url=f"{root}{redirect}",
            swagger_js_url=f"{root}{STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC}/favicon.png",
            # no badge from the public validator service: nothing leaves the agency's network
            swagger_ui_parameters={**(app.swagger_ui_parameters or {}), "validatorUrl": None},
        ))

    @app.get(redirect, include_in_schema=False)
    def swagger_ui_redirect(request: Request) -> Response:
        return _refused(request) or _with_csp(get_swagger_ui_oauth2_redirect_html())

    @app.get(REDOC, include_in_schema=False)
    def redoc(request: Request) -> Response:
        refused = _refused(request)
        if refused is not None:
            return refused
        root = request.scope.get("root_path", "")
        return _with_csp(get_redoc_html(
            openapi_url=f"{root}{OPENAPI}",
            title=f"{app.title} — 接口文档（ReDoc）",
            redoc_js_url=f"{root}{STATIC}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{STATIC}/favicon.png",
            with_google_fonts=False,
        ))
