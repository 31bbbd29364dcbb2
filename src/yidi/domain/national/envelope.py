"""The request envelope every transaction carries (the national interface specification: request
envelope; see docs/national-interface.md).

``msgid`` is the sender's message id: 定点医药机构编号(12) + yyyyMMddHHmmss(14) + 顺序号(4), so it
must start with the envelope's own ``fixmedins_code``. ``insuplc_admdvs`` is required when the
input names a person (``psn_no``); ``sign_no`` comes from 9001 and is required afterwards.
Note the national spellings: ``mdtrtarea_admvs`` (就医地) but ``insuplc_admdvs`` (参保地).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from yidi.domain.national.errors import NationalError, invalid, missing
from yidi.domain.national.formats import parse_datetime

# field → (label, max length, required)
FIELDS: dict[str, tuple[str, int, bool]] = {
    "infno": ("交易编号", 5, True),
    "msgid": ("发送方报文ID", 30, True),
    "mdtrtarea_admvs": ("就医地医保区划", 6, True),
    "insuplc_admdvs": ("参保地医保区划", 6, False),
    "recer_sys_code": ("接收方系统代码", 10, True),
    "dev_no": ("设备编号", 100, False),
    "dev_safe_info": ("设备安全信息", 2000, False),
    "cainfo": ("数字签名信息", 1024, False),
    "signtype": ("签名类型", 10, False),
    "infver": ("接口版本号", 6, True),
    "opter_type": ("经办人类别", 3, True),
    "opter": ("经办人", 30, True),
    "opter_name": ("经办人姓名", 50, True),
    "inf_time": ("交易时间", 19, True),
    "fixmedins_code": ("定点医药机构编号", 12, True),
    "fixmedins_name": ("定点医药机构名称", 200, True),
    "sign_no": ("交易签到流水号", 30, False),
}
OPTER_TYPES = {"1": "经办人", "2": "自助终端", "3": "移动终端"}
MAX_INPUT_CHARS = 2_000_000  # the SZ table says 40000; 2301 batches of 99 lines exceed that
_INFNO = re.compile(r"\d{4}[A-Z]?\Z|\d{5}\Z")
_REGION = re.compile(r"\d{6}\Z")
_FIXMEDINS = re.compile(r"[A-Z]\d{11}\Z")
_MSGID = re.compile(r"([A-Z]\d{11})(\d{14})(\d{4})\Z")


@dataclass(frozen=True)
class Envelope:
    infno: str
    msgid: str
    mdtrtarea_admvs: str
    insuplc_admdvs: str
    recer_sys_code: str
    infver: str
    opter_type: str
    opter: str
    opter_name: str
    inf_time: datetime
    fixmedins_code: str
    fixmedins_name: str
    sign_no: str
    input: dict[str, Any]
    dev_no: str = ""
    cainfo: str = ""
    signtype: str = ""


def _text(raw: dict[str, Any], name: str) -> str:
    label, length, required = FIELDS[name]
    value = raw.get(name)
    if value is None or value == "":
        if required:
            raise missing(name, label)
        return ""
    if not isinstance(value, str):  # char fields are JSON strings: "2304", never 2304
        raise invalid(name, label, f"应为字符串，收到 {json.dumps(value, ensure_ascii=False)}")
    if len(value) > length:
        raise invalid(name, label, f"长度超过 {length}")
    return value


def check_msgid(msgid: str, fixmedins_code: str) -> None:
    """msgid = 机构编号(12) + yyyyMMddHHmmss(14) + 顺序号(4), and its institution is the sender."""
    m = _MSGID.match(msgid)
    if m is None:
        raise invalid(
            "msgid", "发送方报文ID", "应为 定点医药机构编号(12)+yyyyMMddHHmmss(14)+顺序号(4)，共 30 位"
        )
    if m.group(1) != fixmedins_code:
        raise invalid("msgid", "发送方报文ID", f"前 12 位应为本机构编号 {fixmedins_code}")
    try:
        datetime.strptime(m.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        raise invalid("msgid", "发送方报文ID", f"第 13–26 位不是有效时间：{m.group(2)}") from None


def parse_envelope(raw: object, url_infno: str | None = None) -> Envelope:
    """Validate a request body; ``url_infno`` is the code of ``POST /fsi/api/{infno}``."""
    if not isinstance(raw, dict):
        raise NationalError("", "请求报文应为 JSON 对象", "request body must be a JSON object")
    if url_infno is not None and raw.get("infno") in (None, ""):
        raw = {**raw, "infno": url_infno}
    values = {name: _text(raw, name) for name in FIELDS}
    if not _INFNO.match(values["infno"]):
        raise invalid("infno", "交易编号", f"应为 4 位数字（或扩展 5 位），收到 {values['infno']!r}")
    if url_infno is not None and values["infno"] != url_infno:
        raise invalid("infno", "交易编号", f"报文中的 {values['infno']} 与地址中的 {url_infno} 不一致")
    for name in ("mdtrtarea_admvs", "insuplc_admdvs"):
        if values[name] and not _REGION.match(values[name]):
            raise invalid(name, FIELDS[name][0], "应为 6 位数字区划代码")
    if not _FIXMEDINS.match(values["fixmedins_code"]):
        raise invalid("fixmedins_code", "定点医药机构编号", "应为 1 位字母 + 11 位数字，如 H21010000001")
    check_msgid(values["msgid"], values["fixmedins_code"])
    if values["opter_type"] not in OPTER_TYPES:
        raise invalid("opter_type", "经办人类别", "应为 1 经办人 / 2 自助终端 / 3 移动终端")
    body = raw.get("input")
    if not isinstance(body, dict):
        raise (
            missing("input", "交易输入")
            if body in (None, "")
            else invalid("input", "交易输入", "应为 JSON 对象")
        )
    return Envelope(
        infno=values["infno"],
        msgid=values["msgid"],
        mdtrtarea_admvs=values["mdtrtarea_admvs"],
        insuplc_admdvs=values["insuplc_admdvs"],
        recer_sys_code=values["recer_sys_code"],
        infver=values["infver"],
        opter_type=values["opter_type"],
        opter=values["opter"],
        opter_name=values["opter_name"],
        inf_time=parse_datetime(values["inf_time"], "inf_time", "交易时间"),
        fixmedins_code=values["fixmedins_code"],
        fixmedins_name=values["fixmedins_name"],
        sign_no=values["sign_no"],
        input=body,
        dev_no=values["dev_no"],
        cainfo=values["cainfo"],
        signtype=values["signtype"],
    )


def peek(raw: object, name: str) -> str:
    """A field of a (possibly invalid) request, for echoing in a failure response."""
    if isinstance(raw, dict):
        value = raw.get(name)
        if isinstance(value, str):
            return value
    return ""
