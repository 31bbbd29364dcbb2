"""Static files with cache headers and versioned URLs (issue 19 scope 12: weight).

Templates link ``static('yidi.css')`` → ``/ui/static/yidi.css?v=<content hash>``: a new file gets
a new URL, so a versioned URL may be cached for a year (``immutable``); a URL without the version
(the print stylesheet the PDF renderer reads, old links) is cached for an hour. The favicon is
served at ``/favicon.ico`` too, so browsers asking there get no 404 (and no console error).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

HERE = Path(__file__).parent / "static"
YEAR = "public, max-age=31536000, immutable"
HOUR = "public, max-age=3600"

router = APIRouter(include_in_schema=False)


@cache
def version(name: str) -> str:
    """A short hash of the file's content (read once per process)."""
    return hashlib.sha256((HERE / name).read_bytes()).hexdigest()[:10]


def static(name: str) -> str:
    """The URL of a static file, versioned by its content."""
    return f"/ui/static/{name}?v={version(name)}"


class CachedStatic(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            versioned = b"v=" in (scope.get("query_string") or b"")
            response.headers["Cache-Control"] = YEAR if versioned else HOUR
        return response


@router.get("/favicon.ico")
def favicon() -> Response:
    return FileResponse(HERE / "favicon.svg", media_type="image/svg+xml", headers={"Cache-Control": HOUR})


class PageCompression:
    """gzip for the web pages and their static files (``/ui``) only: the REST API and the
    national hospital interface keep their bytes exactly as they are."""

    def __init__(self, app: ASGIApp, minimum_size: int = 1000) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope.get("path", "")).startswith("/ui"):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
