"""Writes the reads of each request to the audit log (``service_layer.audit``): the request
collects which persons staff or a hospital read, and once the answer is made the entries are
written with the address that read them (``GET /api/v1/persons/…``, ``/ui/staff/persons``)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool

from yidi.entrypoints.api.edge import App, Receive, Scope, Send
from yidi.service_layer import audit


class AuditReads:
    """``app.add_middleware(AuditReads)``; needs ``app.state.uow_factory``."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with audit.collecting() as notes:
            await self.app(scope, receive, send)
        if notes:
            state: Any = scope["app"].state
            via = f"{scope.get('method', '')} {scope.get('path', '')}"
            # a database write: on a worker thread, never blocking the event loop
            await run_in_threadpool(audit.flush, state.uow_factory, notes, via)
