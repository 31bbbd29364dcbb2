"""The web UI (网页端) in Chinese: server-rendered Jinja2 pages under ``/ui`` in the API's app.

``install(app)`` mounts the static files (hand-written CSS/JS, vendored htmx), includes the page
routers and answers "not signed in" with a redirect to the sign-in page. Pages are thin: they
parse a form, call a service function and render its result. See ``docs/web-ui.md``.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from yidi.entrypoints.web import admin_pages as admin_pages
from yidi.entrypoints.web import auth, security
from yidi.entrypoints.web import claim_pages as claim_pages
from yidi.entrypoints.web import counter_pages as counter_pages
from yidi.entrypoints.web import desk_pages as desk_pages
from yidi.entrypoints.web import filing_actions as filing_actions
from yidi.entrypoints.web import insured_pages as insured_pages
from yidi.entrypoints.web import lookup_pages as lookup_pages
from yidi.entrypoints.web import print_pages as print_pages
from yidi.entrypoints.web import settlement_pages as settlement_pages
from yidi.entrypoints.web import staff_pages as staff_pages
from yidi.entrypoints.web.common import HERE, LoginRequired, render


def install(app: FastAPI) -> None:
    """Add the web UI to ``app`` (which already has ``state.uow_factory`` and ``state.settings``)."""
    app.state.web_key = security.server_key(app.state.settings)
    app.mount("/ui/static", StaticFiles(directory=str(HERE / "static")), name="ui-static")
    for module in (
        auth,
        desk_pages,
        insured_pages,
        filing_actions,
        claim_pages,
        lookup_pages,
        counter_pages,
        staff_pages,
        print_pages,
        settlement_pages,
        admin_pages,
    ):
        app.include_router(module.router)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        response = RedirectResponse(f"/ui/login?next={request.url.path}", status_code=303)
        # a still-signed cookie of a disabled account would send the sign-in page straight back
        response.delete_cookie(security.SESSION_COOKIE, path="/")
        return response

    previous = app.exception_handlers.get(StarletteHTTPException)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/ui"):
            return render(request, "error.html", status_code=exc.status_code, message=exc.detail)
        if previous is not None:
            return await previous(request, exc)  # type: ignore[misc]
        return HTMLResponse(str(exc.detail), status_code=exc.status_code)
