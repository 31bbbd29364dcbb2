"""The interactive API documentation, served without anything from outside: ``/docs`` (Swagger UI)
and ``/redoc`` (ReDoc) load their scripts, styles and icon from the app itself.

FastAPI's own pages fetch Swagger UI and ReDoc from a CDN and show a blank page offline (yidi
runs inside an agency's network). The files come from the ``fastapi-offline`` package, which
bundles Swagger UI (Apache-2.0) and ReDoc (MIT) and is kept up to date on PyPI; only its files
are used, mounted under ``/api-docs/static``, and FastAPI's page builders point at them.
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = "/api-docs/static"
DOCS, REDOC = "/docs", "/redoc"


def install(app: FastAPI) -> None:
    """Serve the documentation pages (the app is created with ``docs_url=None, redoc_url=None``)."""
    files = resources.files("fastapi_offline") / "static"
    app.mount(STATIC, StaticFiles(directory=str(files)), name="api-docs-static")
    redirect = app.swagger_ui_oauth2_redirect_url or f"{DOCS}/oauth2-redirect"

    @app.get(DOCS, include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} — 接口文档",
            oauth2_redirect_url=f"{root}{redirect}",
            swagger_js_url=f"{root}{STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC}/favicon.png",
            # no badge from the public validator service: nothing leaves the agency's network
            swagger_ui_parameters={**(app.swagger_ui_parameters or {}), "validatorUrl": None},
        )

    @app.get(redirect, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get(REDOC, include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} — 接口文档（ReDoc）",
            redoc_js_url=f"{root}{STATIC}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{STATIC}/favicon.png",
            with_google_fonts=False,
        )
