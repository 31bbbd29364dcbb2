"""``callService``: one national request in, one national response out (the national interface
specification: transport and envelope; see docs/national-interface.md).

Order: validate the envelope; the sender must be the authenticated hospital; inside one unit of
work look the ``msgid`` up — a known one returns the first response unchanged and changes
nothing (§4.5: never re-send blindly; 5203 or 2601 instead) when it repeats the same request
(same infno, same body digest); a msgid reused for another transaction or another body is
refused by name and changes nothing; check sign-in and region; run the
handler; log request and response in the same transaction as the business change. A refused
transaction is rolled back and only its response is logged. Two concurrent requests with the
same ``msgid`` race on the log's primary key: the loser answers with the winner's response.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from yidi.domain.errors import YidiError
from yidi.domain.national.envelope import Envelope, parse_envelope, peek
from yidi.domain.national.errors import NationalError, err_msg
from yidi.domain.national.idempotency import body_digest, reuse_refusal
from yidi.domain.national.response import FAILURE, SUCCESS, ref_msgid, respond
from yidi.service_layer import audit
from yidi.service_layer.hospital import (
    tx_admission,
    tx_basic,
    tx_change,
    tx_clearing,
    tx_fees,
    tx_files,
    tx_filings,
    tx_outpatient,
    tx_outpatient_settlement,
    tx_person_queries,
    tx_pharmacy,
    tx_queries,
    tx_referral,
    tx_reversal,
    tx_settlement,
    tx_visit_queries,
)
from yidi.service_layer.hospital.context import Call, Outcome
from yidi.service_layer.hospital.uow import HospitalUnitOfWork
from yidi.service_layer.supervision_online import ONLINE_CHECKED, after_settlement
from yidi.service_layer.unit_of_work import WriteConflict

log = logging.getLogger("yidi.national")
Handler = Callable[[Call], Outcome]
HANDLERS: dict[str, Handler] = {
    **tx_basic.HANDLERS,
    **tx_admission.HANDLERS,
    **tx_change.HANDLERS,
    **tx_fees.HANDLERS,
    **tx_files.HANDLERS,
    **tx_filings.HANDLERS,
    **tx_outpatient.HANDLERS,
    **tx_outpatient_settlement.HANDLERS,
    **tx_pharmacy.HANDLERS,
    **tx_settlement.HANDLERS,
    **tx_reversal.HANDLERS,
    **tx_person_queries.HANDLERS,
    **tx_queries.HANDLERS,
    **tx_referral.HANDLERS,
    **tx_visit_queries.HANDLERS,
    **tx_clearing.HANDLERS,
}
NO_SIGN_IN = {"9001"}


def _now(uow: HospitalUnitOfWork) -> datetime:
    """Platform time: the unit of work's date (settable in tests) with the wall-clock time."""
    wall = datetime.now()
    return datetime.combine(uow.clock(), wall.time())


def _failure(region: str, received: datetime, exc: YidiError) -> dict[str, Any]:
    return respond(
        infcode=FAILURE, refmsgid=ref_msgid(region, received, secrets.randbelow(10**10)),
        received=received, responded=datetime.now(), err_msg=err_msg(exc),
    )  # fmt: skip


def _check_session(call: Call) -> None:
    env, hospital = call.env, call.hospital
    if env.mdtrtarea_admvs != hospital["region"]:
        raise NationalError("mdtrtarea_admvs", f"就医地医保区划应为本机构所在区划 {hospital['region']}")
    if env.infno in NO_SIGN_IN:
        return
    if not env.sign_no:
        raise NationalError("sign_no", "缺少交易签到流水号 sign_no，请先【9001】签到")
    sign_in = call.uow.hospital.sign_in(env.sign_no)
    if (
        sign_in is None
        or sign_in["hospital_code"] != hospital["code"]
        or sign_in["signed_out_at"] is not None
    ):
        raise NationalError("sign_no", f"签到流水号 {env.sign_no} 无效或已签退，请重新【9001】签到")


def call_service(
    uow: HospitalUnitOfWork, hospital_code: str, raw: object, url_infno: str | None = None
) -> dict[str, Any]:
    """Handle one request from the authenticated hospital ``hospital_code``."""
    received = datetime.now()
    try:
        env = parse_envelope(raw, url_infno)
        if env.fixmedins_code != hospital_code:
            raise NationalError(
                "fixmedins_code", f"定点医药机构编号 {env.fixmedins_code} 与认证的机构 {hospital_code} 不一致"
            )
        handler = HANDLERS.get(env.infno)
        if handler is None:
            raise NationalError("infno", f"暂不支持交易 {env.infno}")
    except YidiError as exc:
        return _failure(peek(raw, "mdtrtarea_admvs"), received, exc)
    try:
        return _run(uow, hospital_code, env, handler, raw)
    except WriteConflict:
        with uow:  # the same msgid committed concurrently: answer as the first
            stored = uow.hospital.message(hospital_code, env.msgid)
        if stored is None:
            raise
        if not _same_message(stored, env):
            refusal = reuse_refusal(env.msgid, str(stored["infno"]), env.infno)
            return _failure(env.mdtrtarea_admvs, datetime.now(), refusal)
        return dict(stored["response"])


def _same_message(stored: Any, env: Envelope) -> bool:
    """A retry repeats the request: the same transaction code and the same business body
    (``domain.national.idempotency``). Anything else under the same msgid is another request."""
    if stored["infno"] != env.infno:
        return False
    request = stored["request"]
    if not request:  # a 2601 tombstone: whatever body arrives late under it is "已冲正"
        return True
    before = request.get("input") if isinstance(request, dict) else None
    return body_digest(str(stored["infno"]), before) == body_digest(env.infno, env.input)


def _run(uow: HospitalUnitOfWork, code: str, env: Envelope, handler: Handler, raw: Any) -> dict[str, Any]:
    with uow:
        stored = uow.hospital.message(code, env.msgid)
        if stored is not None:
            if not _same_message(stored, env):
                refusal = reuse_refusal(env.msgid, str(stored["infno"]), env.infno)
                return _failure(env.mdtrtarea_admvs, datetime.now(), refusal)
            return dict(stored["response"])
        hospital = uow.hospital.hospital(code)
        if hospital is None or not hospital["active"]:
            return _failure(
                env.mdtrtarea_admvs,
                datetime.now(),
                NationalError("fixmedins_code", "定点医药机构未登记或已停用"),
            )
        now = _now(uow)
        received = datetime.now()
        refmsgid = ref_msgid(str(hospital["region"]), received, secrets.randbelow(10**10))
        outcome = Outcome({})
        try:
            call = Call(uow, env, hospital, now, refmsgid)
            _check_session(call)
            outcome = handler(call)
            audit.national_read(uow, code, outcome.psn_no, env.infno, env.msgid)
            response = respond(
                infcode=SUCCESS, refmsgid=refmsgid, received=received, responded=datetime.now(),
                output=outcome.output, warn_msg="；".join(outcome.warnings),
            )  # fmt: skip
        except YidiError as exc:
            uow.rollback()
            log.info("national %s %s refused: %s %s", env.infno, env.msgid, exc.code, exc)
            response = respond(
                infcode=FAILURE,
                refmsgid=refmsgid,
                received=received,
                responded=datetime.now(),
                err_msg=err_msg(exc),
            )
        uow.hospital.log_message(
            hospital_code=code, msgid=env.msgid, infno=env.infno, inf_refmsgid=refmsgid,
            infcode=response["infcode"], psn_no=outcome.psn_no, received_at=datetime.now(UTC),
            request=raw, response=response,
        )  # fmt: skip
        uow.commit()
    if env.infno in ONLINE_CHECKED and response["infcode"] == SUCCESS:
        after_settlement(uow, response["output"])
    return response
