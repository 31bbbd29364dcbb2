"""【2601】冲正交易: undo a transaction whose answer the hospital never saw, by its ``msgid``.

Reversible here (§1.4 lists 2102/2103/2207/2208/2304/2305/2401): 2304 住院结算, 2207 门诊结算 and
2102 药店结算 (undone as 2305/2208/2103 would), 2305/2208/2103 结算撤销 (the original
settlement is re-instated exactly — ``reinstate``), 2401 入院办理 (as 2404 would). If the original
never arrived, a tombstone is logged under its ``msgid``: should it arrive late, it is answered
"已冲正" and changes nothing. An original that failed needs no reversal.
"""

from __future__ import annotations

from datetime import UTC, datetime

from yidi.domain.national.errors import NationalError
from yidi.domain.national.fields import node
from yidi.domain.national.response import FAILURE, ref_msgid, respond
from yidi.service_layer.hospital.context import Call, Outcome, own_visit, person_for
from yidi.service_layer.hospital.tx_admission import cancel_visit
from yidi.service_layer.hospital.tx_settlement import reinstate, reverse_settlement

REVERSIBLE = {
    "2304": "住院结算",
    "2207": "门诊结算",
    "2305": "住院结算撤销",
    "2208": "门诊结算撤销",
    "2102": "药店结算",
    "2103": "药店结算撤销",
    "2401": "入院办理",
}


def reverse(call: Call) -> Outcome:
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    omsgid = n.text("omsgid", "原发送方报文ID", max_len=30)
    oinfno = n.text("oinfno", "原交易编号", max_len=5)
    if oinfno not in REVERSIBLE:
        raise NationalError(n.where("oinfno"), f"交易 {oinfno} 不支持冲正（可冲正：{'、'.join(REVERSIBLE)}）")
    person_for(call, psn_no, n.where("psn_no"), lock=True)
    hosp = call.uow.hospital
    original = hosp.message(call.code, omsgid)
    if original is None:
        note = f"原报文 {omsgid} 未到达，已登记冲正，之后到达将被拒绝"
        hosp.log_message(
            hospital_code=call.code, msgid=omsgid, infno=oinfno, inf_refmsgid=ref_msgid(str(call.hospital["region"]), call.now, 0),
            infcode=FAILURE, psn_no=psn_no, received_at=datetime.now(UTC), request={}, reversed_by=call.env.msgid,
            response=respond(infcode=FAILURE, refmsgid="", received=call.now, responded=call.now,
                             err_msg=f"FSI-该报文已被【2601】{call.env.msgid} 冲正"),
        )  # fmt: skip
        return Outcome({"omsgid": omsgid, "rslt": "0"}, [note], psn_no)
    if original["infno"] != oinfno:
        raise NationalError(
            n.where("oinfno"), f"原报文 {omsgid} 的交易编号是 {original['infno']}，不是 {oinfno}"
        )
    if original["reversed_by"]:
        raise NationalError(n.where("omsgid"), f"原报文 {omsgid} 已被 {original['reversed_by']} 冲正")
    if original["infcode"] != 0:
        return Outcome({"omsgid": omsgid, "rslt": "0"}, ["原交易未成功，无需冲正"], psn_no)
    if original["psn_no"] != psn_no:
        raise NationalError(n.where("psn_no"), f"人员编号与原报文 {omsgid} 不一致")
    output = original["response"]["output"]
    warnings: list[str] = []
    if oinfno in ("2304", "2207", "2102"):
        setl_id = str(output["setlinfo"]["setl_id"])
        reverse_settlement(call, setl_id, n.where("omsgid"), f"【2601】冲正 {omsgid}")
    elif oinfno in ("2305", "2208", "2103"):
        reinstate(call, str(output["setlinfo"]["setl_id"]), n.where("omsgid"))
    else:
        visit = own_visit(call, str(output["result"]["mdtrt_id"]), n.where("omsgid"), lock=True)
        warnings = cancel_visit(call, visit, n.where("omsgid"))
    hosp.mark_reversed(call.code, omsgid, call.env.msgid)
    return Outcome({"omsgid": omsgid, "rslt": "1"}, warnings, psn_no)


HANDLERS = {"2601": reverse}
