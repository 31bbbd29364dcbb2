"""The edge of every HTTP request (ASGI middleware): limits before reading, security headers on
every answer.

Limits (security review, issue 13 scope 7; docs/security.md "Limits"):

* **Body size** ``YIDI_MAX_BODY_BYTES`` (2 MiB): a ``Content-Length`` above it is refused with 413
  before a byte of the body is read; a body sent without one is counted as it arrives and refused
  at the first byte over.
* **JSON** bodies of the REST API (``application/json``, outside ``/fsi``): nesting deeper than
  ``YIDI_MAX_JSON_DEPTH`` is 400 ``JSON_TOO_DEEP``; ``NaN`` / ``Infinity`` are 422
  ``JSON_NOT_A_NUMBER`` (JSON has no such numbers; PostgreSQL's json refuses them). The national
  interface checks the same after it has authenticated the caller (``entrypoints/api/national.py``).

Headers (scope 6): a Content-Security-Policy with no inline script and ``frame-ancestors 'none'``,
``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``, a
Permissions-Policy that turns off what yidi never uses, HSTS under https, and
``Cache-Control: no-store`` on every page and API answer (they carry personal data) unless the
route set its own (static files may be cached).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import numpy as np

from yidi.domain.errors import Kind, YidiError, refusal

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

NATIONAL = "/fsi/"
STATIC = ("/ui/static/", "/api-docs/static/")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    b"content-security-policy": CSP.encode(),
    b"x-frame-options": b"DENY",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    b"cross-origin-opener-policy": b"same-origin",
}
HSTS = b"max-age=31536000; includeSubDomains"


class BodyTooLarge(Exception):
    pass


def too_large(limit: int) -> YidiError:
    return refusal(
        "BODY_TOO_LARGE", Kind.TOO_LARGE, f"请求内容超过 {limit} 字节的上限", f"request body over {limit} bytes"
    )


def _not_a_number(name: str) -> float:
    raise refusal(
        "JSON_NOT_A_NUMBER", Kind.UNPROCESSABLE, f"JSON 中不能使用 {name}（不是数值）",
        f"{name} is not a JSON number", value=name,
    )  # fmt: skip


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')  # a JSON string (unrolled: linear, no backtracking)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # open +1, close -1 (as int8)


def depth(body: bytes) -> int:
    """The deepest nesting of ``[`` / ``{`` in a JSON text (brackets inside strings do not count);
    about 30 ms for 2 MB."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKET)
    if not brackets:
        return 0
    steps = np.frombuffer(brackets.translate(_STEP), dtype=np.int8)
    return int(np.cumsum(steps, dtype=np.int64).max())


def check_json(body: bytes, max_depth: int) -> None:
    """Refuse a JSON text nested deeper than ``max_depth`` or holding NaN / Infinity (named)."""
    if depth(body) > max_depth:
        raise refusal(
            "JSON_TOO_DEEP", Kind.BAD_REQUEST, f"JSON 嵌套超过 {max_depth} 层", f"JSON nested deeper than {max_depth}",
            max_depth=max_depth,
        )  # fmt: skip
    try:
        json.loads(body, parse_constant=_not_a_number)
    except ValueError:
        return  # not JSON at all: the route's own parser answers that


class Edge:
    """``app.add_middleware(Edge, max_body=…, max_depth=…)``."""

    def __init__(self, app: App, max_body: int, max_depth: int) -> None:
        self.app, self.max_body, self.max_depth = app, max_body, max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        headers = dict(scope.get("headers") or [])
        https = scope.get("scheme") == "https"
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS.items() if k not in have]
                if https:
                    extra.append((b"strict-transport-security", HSTS))
                if b"cache-control" not in have and not path.startswith(STATIC):
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body:
            await self._refuse(too_large(self.max_body), send_with_headers)
            return
        try:
            if path.startswith(NATIONAL) or not headers.get(b"content-type", b"").startswith(b"application/json"):
                await self.app(scope, self._counted(receive), send_with_headers)
                return
            body = await self._read(receive)
            check_json(body, self.max_depth)
        except BodyTooLarge:
            if not started:
                await self._refuse(too_large(self.max_body), send_with_headers)
            return
        except YidiError as exc:
            await self._refuse(exc, send_with_headers)
            return
        await self.app(scope, self._replay(body, receive), send_with_headers)

    def _counted(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise BodyTooLarge
            return message

        return counted

    async def _read(self, receive: Receive) -> bytes:
        chunks, seen, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_body:
                raise BodyTooLarge
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    @staticmethod
    def _replay(body: bytes, receive: Receive) -> Receive:
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay

    @staticmethod
    async def _refuse(exc: YidiError, send: Send) -> None:
        body = json.dumps({**exc.as_dict(), "status": exc.kind.status}, ensure_ascii=False).encode()
        await send({
            "type": "http.response.start", "status": exc.kind.status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        })  # fmt: skip
        await send({"type": "http.response.body", "body": body})
