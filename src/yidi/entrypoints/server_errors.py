"""Server errors of REST and the web pages kept for 每日报错治理 (seed 004 四: 每日报错治理 covers
every server error of a day, not only the national transactions).

The error mapping (``api.errors`` for REST, ``web.errors`` for pages under ``/ui``) calls
``keep`` for an unexpected exception (kind ``server_error``) and for a named refusal whose status
is 5xx (kind = the refusal's kind: ``internal`` — yidi's own data is broken — or
``unavailable``). One row each in ``ops_server_errors``: no hospital (``fixmedins_code`` ""),
``infno`` ``"api"`` or ``"web"`` (the transaction column of the report names the entry point; the
path is kept beside it), the request id and the exception's type and text. The answer carries the
same id in ``X-Request-ID``, so a caller or a person can quote it to the operator.

Recording must never mask the error itself: a failure to record is logged and the answer goes out.
"""

from __future__ import annotations

import logging
import re
import uuid

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from yidi.domain.errors import YidiError

log = logging.getLogger(__name__)
HEADER = "X-Request-ID"
SERVER_ERROR = "server_error"
_CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}\Z")  # a client's own id, kept when it is plain


def request_id(request: Request) -> str:
    """The caller's ``X-Request-ID`` when it is a plain token, else a fresh one (24 hex digits)."""
    given = request.headers.get(HEADER, "")
    return given if _CLIENT_ID.match(given) else uuid.uuid4().hex[:24]


def entry_point(request: Request) -> str:
    """The report's transaction column for a non-national error: ``web`` (pages) or ``api``."""
    return "web" if request.url.path.startswith("/ui") else "api"


def is_server_error(exc: Exception) -> bool:
    """An unexpected exception, or a named refusal or HTTP error that is the server's fault (5xx)."""
    if isinstance(exc, YidiError):
        return exc.kind.status >= 500
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code >= 500
    return not isinstance(exc, RequestValidationError)


def keep(request: Request, exc: Exception) -> str:
    """Record a server error of REST or a page for the daily report; returns its request id."""
    from yidi.service_layer.ops_daily import record_server_error  # the app's start stays light

    rid = request_id(request)
    kind = exc.kind.value if isinstance(exc, YidiError) else SERVER_ERROR
    if isinstance(exc, YidiError):
        text = f"{exc.code}: {exc.en}"
    elif isinstance(exc, StarletteHTTPException):
        kind, text = f"http_{exc.status_code}", f"HTTP {exc.status_code}: {exc.detail}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    try:
        record_server_error(
            request.app.state.uow_factory(),
            fixmedins_code="",
            infno=entry_point(request),
            kind=kind,
            request_id=rid,
            path=request.url.path[:200],
            error=text[:2000],
        )
    except Exception:
        log.exception("could not record the server error %s for the daily report", rid)
    return rid
