"""``His``: a tiny hospital information system for the tests — builds national envelopes with
valid msgids and sends them to the dispatcher (or, with ``HttpHis``, signed over HTTP)."""

from __future__ import annotations

import itertools
import json
import re
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from yidi.service_layer.hospital.auth import sign
from yidi.service_layer.hospital.dispatcher import call_service
from yidi.service_layer.hospital.uow import HospitalUnitOfWork

_seq = itertools.count(1)


_ID_NUMBER = re.compile(r"\d{17}[\dX]\Z")


class His:
    """A hospital information system talking to yidi through ``call_service``.

    Like a real HIS it keeps each patient's ``psn_no`` (the platform's opaque person number) from
    the 1101 answer against the patient's ID number: the tests write the ID number wherever the
    interface wants ``psn_no`` and the HIS sends the person number it learnt (``learn_psn_no``
    off sends the body as written — to test what yidi does with an ID number there)."""

    def __init__(self, factory: Callable[[], HospitalUnitOfWork], code: str, region: str) -> None:
        self.factory, self.code, self.region = factory, code, region
        self.sign_no = ""
        self.insuplc = ""
        self.learn_psn_no = True
        self.psn_nos: dict[str, str] = {}

    def psn_no(self, id_number: str) -> str:
        """The person's ``psn_no`` as 1101 returns it (cached like a HIS's patient index)."""
        if id_number not in self.psn_nos:
            body = {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": id_number}}
            resp = self.send(self.envelope("1101", body, insuplc_admdvs="", _raw=True))
            if resp["infcode"] != 0:
                return id_number  # unknown or not signed in: the test sees yidi's refusal
            self.psn_nos[id_number] = str(resp["output"]["baseinfo"]["psn_no"])
        return self.psn_nos[id_number]

    def with_psn_nos(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: self.psn_no(v) if k == "psn_no" and isinstance(v, str) and _ID_NUMBER.match(v)
                else self.with_psn_nos(v)
                for k, v in value.items()
            }  # fmt: skip
        if isinstance(value, list):
            return [self.with_psn_nos(v) for v in value]
        return value

    def msgid(self) -> str:
        return f"{self.code}{datetime.now():%Y%m%d%H%M%S}{next(_seq) % 10000:04d}"

    def envelope(
        self, infno: str, body: dict[str, Any], msgid: str | None = None, _raw: bool = False, **over: Any
    ) -> dict[str, Any]:
        if self.learn_psn_no and not _raw and infno != "1101":
            body = self.with_psn_nos(body)
        env = {
            "infno": infno, "msgid": msgid or self.msgid(), "mdtrtarea_admvs": self.region,
            "insuplc_admdvs": self.insuplc, "recer_sys_code": "01", "dev_no": "", "dev_safe_info": "",
            "cainfo": "", "signtype": "", "infver": "V1.0", "opter_type": "1", "opter": "001",
            "opter_name": "收费员", "inf_time": f"{datetime.now():%Y-%m-%d %H:%M:%S}",
            "fixmedins_code": self.code, "fixmedins_name": "演示医院", "sign_no": self.sign_no, "input": body,
        }  # fmt: skip
        env.update(over)
        return env

    def send(self, env: dict[str, Any], url_infno: str | None = None) -> dict[str, Any]:
        return call_service(self.factory(), self.code, env, url_infno)

    def call(self, infno: str, body: dict[str, Any], **over: Any) -> dict[str, Any]:
        return self.send(self.envelope(infno, body, **over))

    def ok(self, infno: str, body: dict[str, Any], **over: Any) -> dict[str, Any]:
        resp = self.call(infno, body, **over)
        assert resp["infcode"] == 0, resp["err_msg"]
        return resp

    def sign_in(self) -> None:
        out = self.ok("9001", {"signIn": {"opter_no": "001", "mac": "", "ip": ""}})
        self.sign_no = out["output"]["signinoutb"]["sign_no"]


class HttpHis(His):
    """The same HIS over HTTP (a TestClient), signing every request with the hospital's secret."""

    def __init__(self, client: Any, code: str, region: str, paasid: str, secret: str) -> None:
        super().__init__(lambda: None, code, region)  # type: ignore[arg-type, return-value]
        self.client, self.paasid, self.secret = client, paasid, secret

    def headers(self, body: bytes, **over: str) -> dict[str, str]:
        ts, nonce = str(int(time.time())), secrets.token_hex(8)
        h = {"x-tif-paasid": self.paasid, "x-tif-timestamp": ts, "x-tif-nonce": nonce,
             "x-tif-signature": sign(self.secret, ts, nonce, body), "content-type": "application/json"}  # fmt: skip
        h.update(over)
        return h

    def send(self, env: dict[str, Any], url_infno: str | None = None) -> dict[str, Any]:
        body = json.dumps(env, ensure_ascii=False).encode()
        path = f"/fsi/api/{url_infno}" if url_infno else "/fsi/api/callService"
        resp = self.client.post(path, content=body, headers=self.headers(body))
        assert resp.status_code == 200, resp.text
        return dict(json.loads(resp.content, parse_float=Decimal))  # amounts are JSON numbers
