"""The response envelope (the national interface specification: response envelope; see
docs/national-interface.md).

``inf_refmsgid`` = 接收方医保区划(6) + yyyyMMddHHmmss(14) + 流水号(10); ``refmsg_time`` and
``respond_time`` are ``yyyyMMddHHmmssSSS``. Success is ``infcode 0`` (err_msg "成功", as the
Jilin platform answers); failure is ``infcode -1`` with the Chinese reason in ``err_msg``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from yidi.domain.national.formats import stamp17

SUCCESS, FAILURE = 0, -1


def ref_msgid(admdvs: str, at: datetime, seq: int) -> str:
    """接收方报文ID: region(6) + yyyyMMddHHmmss(14) + serial(10)."""
    region = admdvs if len(admdvs) == 6 and admdvs.isdigit() else "000000"
    return f"{region}{at:%Y%m%d%H%M%S}{seq % 10**10:010d}"


def respond(
    *,
    infcode: int,
    refmsgid: str,
    received: datetime,
    responded: datetime,
    output: dict[str, Any] | None = None,
    err_msg: str = "",
    warn_msg: str = "",
) -> dict[str, Any]:
    return {
        "infcode": infcode,
        "inf_refmsgid": refmsgid,
        "refmsg_time": stamp17(received),
        "respond_time": stamp17(responded),
        "err_msg": "成功" if infcode == SUCCESS and not err_msg else err_msg,
        "warn_msg": warn_msg,
        "output": output if output is not None else {},
    }
