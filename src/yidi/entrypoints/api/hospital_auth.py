"""FastAPI dependency authenticating a hospital by its signed request (x-tif-* headers).

Headers: ``x-tif-paasid``, ``x-tif-timestamp`` (Unix seconds), ``x-tif-nonce`` and
``x-tif-signature`` = hex(HMAC-SHA256(secret, timestamp + nonce + raw body)). A refused request
gets HTTP 401 with a national-style body (``infcode -1``, Chinese ``err_msg``) and is logged;
the dependency reports the refusal in ``Caller.refused`` so the route answers it in that shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from yidi.domain.national.errors import err_msg
from yidi.service_layer.hospital.auth import AuthRefused, Credentials, authenticate, precheck
from yidi.service_layer.hospital.uow import HospitalUnitOfWork


@dataclass(frozen=True)
class Caller:
    """The authenticated hospital and the exact body it signed (or why it was refused)."""

    hospital_code: str
    body: bytes
    refused: str = ""


def hospital_uow(request: Request) -> HospitalUnitOfWork:
    """``app.state.hospital_uow_factory`` if the app sets one, else one built on the filing
    unit of work's session factory, rules and clock (so tests' clocks apply)."""
    factory = getattr(request.app.state, "hospital_uow_factory", None)
    if factory is not None:
        uow: HospitalUnitOfWork = factory()
        return uow
    base = request.app.state.uow_factory()
    return HospitalUnitOfWork(base.sessions, rules=base.rules, clock=base.clock)


async def signed_hospital(
    request: Request,
    x_tif_paasid: Annotated[str, Header(description="接入账号")] = "",
    x_tif_timestamp: Annotated[str, Header(description="Unix 秒")] = "",
    x_tif_nonce: Annotated[str, Header(description="随机串，6–64 位字母数字，不得重复")] = "",
    x_tif_signature: Annotated[
        str, Header(description="hex(HMAC-SHA256(secret, timestamp+nonce+body))")
    ] = "",
) -> Caller:
    cred = Credentials(x_tif_paasid, x_tif_timestamp, x_tif_nonce, x_tif_signature)
    remote = request.client.host if request.client else ""
    # Both checks may reach the database: on a worker thread, never on the event loop, which
    # would otherwise wait for each round trip with every other request (issue 14 §5).
    try:  # before a byte of the body is read
        await run_in_threadpool(precheck, hospital_uow(request), cred, remote)
    except AuthRefused as exc:
        return Caller("", b"", err_msg(exc))
    body = await request.body()  # bounded by YIDI_MAX_BODY_BYTES (entrypoints/api/edge.py)
    try:
        code = await run_in_threadpool(authenticate, hospital_uow(request), cred, body, remote)
    except AuthRefused as exc:
        return Caller("", body, err_msg(exc))
    return Caller(code, body)


CallerDep = Annotated[Caller, Depends(signed_hospital)]
