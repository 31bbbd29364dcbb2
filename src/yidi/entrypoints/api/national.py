"""The national interface endpoint: ``POST /fsi/api/callService`` and ``POST /fsi/api/{infno}``.

Both take the national request envelope and answer the national response (HTTP 200 with
``infcode`` 0 or -1, as the platform does; refused authentication is HTTP 401 and an unexpected
error HTTP 500, both with the national body). The second form serves HIS clients that append the
transaction code to the URL (Guangdong style, §1.3). A body must be ``application/json`` without
repeated keys (``domain/national/wire.py``); a successful 9102 answers the file's bytes. Include with
``app.include_router(national.router)``.
"""

from __future__ import annotations

import base64
import logging
from datetime import datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from yidi import settings as config
from yidi.domain.errors import YidiError
from yidi.domain.national.errors import NationalError
from yidi.domain.national.response import FAILURE, ref_msgid, respond
from yidi.domain.national.wire import check_content_type, parse_body, render
from yidi.entrypoints.api.edge import check_json
from yidi.entrypoints.api.hospital_auth import Caller, CallerDep, hospital_uow
from yidi.service_layer.hospital.dispatcher import call_service
from yidi.settings import Settings

router = APIRouter(tags=["national 国家医保接口"])
log = logging.getLogger("yidi.national")


def _failure(err_msg: str, status: int = 200) -> JSONResponse:
    now = datetime.now()
    body = respond(
        infcode=FAILURE, refmsgid=ref_msgid("", now, 0), received=now, responded=now, err_msg=err_msg
    )
    return JSONResponse(body, status_code=status)


def _settings(request: Request) -> Settings:
    found: Settings | None = getattr(request.app.state, "settings", None)
    return found or config.current()  # an app of this router alone (tests)


def _handle(request: Request, caller: Caller, url_infno: str | None) -> Response:
    if caller.refused:
        return _failure(caller.refused, 401)
    try:
        check_content_type(request.headers.get("content-type", ""))
        check_json(caller.body, _settings(request).max_json_depth)  # nesting, NaN/Infinity
        raw = parse_body(caller.body)  # one JSON object, no repeated keys
    except NationalError as exc:
        return _failure(exc.err_msg)
    except YidiError as exc:
        return _failure(NationalError("", exc.zh).err_msg)
    try:
        return _answer(call_service(hospital_uow(request), caller.hospital_code, raw, url_infno))
    except Exception as exc:  # not logged under the msgid: a retry with the same msgid is processed anew
        log.exception("national %s from %s failed", url_infno or "callService", caller.hospital_code)
        _keep_server_error(request, caller, raw, url_infno, exc)
        return _failure("FSI-系统内部错误，请稍后用原报文ID重试或【5203】查询", 500)


def _answer(response: dict[str, Any]) -> Response:
    """The national response; a successful 9102 is the file itself (the zip bytes, as the
    platform streams it), every other answer the JSON envelope."""
    output = response.get("output")
    if response.get("infcode") == 0 and isinstance(output, dict) and "file" in output and "filename" in output:
        name = str(output["filename"])
        return Response(
            base64.b64decode(output["file"]),
            media_type="application/zip",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
        )
    return Response(render(response), media_type="application/json")


def _keep_server_error(
    request: Request, caller: Caller, raw: object, url_infno: str | None, exc: Exception
) -> None:
    """Record the failure for 每日报错治理 (``yidi ops daily``); recording must never mask it."""
    from yidi.service_layer.ops_daily import record_server_error

    envelope = raw if isinstance(raw, dict) else {}
    try:
        record_server_error(
            request.app.state.uow_factory(),
            fixmedins_code=str(caller.hospital_code or "")[:12],
            infno=str(url_infno or envelope.get("infno") or "")[:5],
            msgid=str(envelope.get("msgid") or "")[:30],
            path=request.url.path[:200],
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
    except Exception:
        log.exception("could not record the server error for the daily report")


@router.post("/fsi/api/callService", summary="国家医保接口统一入口（infno 在报文中）")
def call_service_route(request: Request, caller: CallerDep) -> Response:
    return _handle(request, caller, None)


@router.post("/fsi/api/{infno}", summary="国家医保接口（交易编号在地址中）")
def call_by_code(infno: str, request: Request, caller: CallerDep) -> Response:
    return _handle(request, caller, infno)
