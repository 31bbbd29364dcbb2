"""【2301】住院费用明细上传 and 【2302】住院费用明细撤销 (the national interface specification: fee details; see
docs/national-interface.md).

Each line is adjudicated against the treatment region's catalogue (就医地目录) and split the
settlement's way; the answer ``result[]`` has one row per line. A line whose code is not in
the catalogue, or a 退单 line that does not fit its original, is refused *in its row* (``memo``)
and not stored; the other lines are. A ``feedetl_sn`` repeated within the upload or already on
the visit refuses the whole upload, naming it (docs/national-interface.md, "Fee lines"). Lines of tests or drugs obtained at another
institution (``etip_flag`` 1, seed 001 四.2) are stored with the stay and settle with it.
"""

from __future__ import annotations

from typing import Any

from yidi.domain.national.adjudication import (
    Adjudicated,
    FeeLineIn,
    adjudicate,
    parse_line,
    price_cap,
    result_row,
)
from yidi.domain.national.errors import NationalError
from yidi.domain.national.fields import node, nodes
from yidi.domain.national.plausibility import check_not_future
from yidi.domain.national.refunds import check_refund
from yidi.domain.national.visit import FeeLine, Visit
from yidi.policy.catalogue import default_registry
from yidi.service_layer.hospital.context import Call, Outcome, check_psn, own_visit, person_for

MAX_LINES = 5000
OPEN_STATES = ("admitted", "discharged")


def upload(call: Call) -> Outcome:
    """【2301】: validate all lines, adjudicate each, store the accepted ones."""
    rows = nodes(call.env.input, "feedetail", max_items=MAX_LINES)
    lines = [parse_line(r) for r in rows]
    mdtrt_id, psn_no = lines[0].mdtrt_id, lines[0].psn_no
    for i, line in enumerate(lines):
        if line.mdtrt_id != mdtrt_id or line.psn_no != psn_no:
            raise NationalError(f"input.feedetail[{i}].mdtrt_id", "一次上传的明细须属于同一就诊和同一人员")
    person_for(call, psn_no, "input.feedetail[0].psn_no", lock=True)
    visit = own_visit(call, mdtrt_id, "input.feedetail[0].mdtrt_id", lock=True)
    check_psn(visit, psn_no, "input.feedetail[0].psn_no")
    if visit.status not in OPEN_STATES:
        raise NationalError("input.feedetail[0].mdtrt_id", f"就诊状态为 {visit.status}，不能上传费用明细")
    results, refused = store_lines(call, visit, lines)
    warnings = [f"{refused} 条明细未通过，见 result[].memo"] if refused else []
    return Outcome({"result": results}, warnings, psn_no)


def _refuse_repeated_sns(lines: list[FeeLineIn], known: set[str]) -> None:
    """``feedetl_sn`` is unique within one visit (fee details: "单次就诊内唯一"): a repeat within the
    upload, or of a line already on the visit, refuses the whole upload by name — never a silent
    keep of one of two amounts. A line is changed by 【2302】 then a new upload, or by a 退单 line."""
    seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        sn = line.feedetl_sn
        if sn in seen:
            raise NationalError(
                f"input.feedetail[{i}].feedetl_sn",
                f"费用明细流水号 {sn} 在本次上传中重复（第 {seen[sn] + 1} 条与第 {i + 1} 条），整批未保存",
            )
        seen[sn] = i
        if sn in known:
            raise NationalError(
                f"input.feedetail[{i}].feedetl_sn",
                f"费用明细流水号 {sn} 在本次就诊中已上传（单次就诊内唯一），整批未保存；"
                "修改须先【2302】撤销该明细再上传，或上传退单行（数量为负数，init_feedetl_sn 填原流水号）",
            )


def _row(mdtrt_id: str, line: FeeLineIn, a: Adjudicated, cap: int) -> dict[str, Any]:
    assert a.item is not None and a.split is not None
    s = a.split
    return {
        "mdtrt_id": mdtrt_id, "feedetl_sn": line.feedetl_sn, "med_list_codg": line.med_list_codg,
        "medins_list_codg": line.medins_list_codg, "fee_ocur_time": line.fee_ocur_time,
        "cnt": str(line.cnt), "pric": str(line.pric), "det_item_fee_sumamt": line.amount,
        "chrgitm_lv": a.item.chrgitm_lv, "selfpay_prop_bp": a.item.selfpay_prop,
        "pric_uplmt_amt": a.item.pric_uplmt_amt, "price_cap": cap,
        "fulamt_ownpay_amt": s.fulamt_ownpay_amt, "overlmt_amt": s.overlmt_selfpay,
        "preselfpay_amt": s.preselfpay_amt, "inscp_scp_amt": s.inscp_scp_amt,
        "etip_flag": line.etip_flag, "etip_hosp_code": line.etip_hosp_code, "setl_id": None, "raw": line.raw,
    }  # fmt: skip


def store_lines(call: Call, visit: Visit, lines: list[FeeLineIn]) -> tuple[list[dict[str, Any]], int]:
    """Adjudicate each line against the treatment region's catalogue and store the accepted
    ones (shared by 2301 and the outpatient 2204); returns the ``result[]`` rows and how many
    lines were refused in their row. 退单 lines net against their original (``refunds``)."""
    mdtrt_id = visit.mdtrt_id
    for i, line in enumerate(lines):
        check_not_future(line.fee_ocur_time, call.now, f"input.feedetail[{i}].fee_ocur_time", "费用发生时间")
    catalogue = default_registry().for_region(visit.treatment_region, call.today)
    _refuse_repeated_sns(lines, call.uow.hospital.fee_sns(mdtrt_id))
    on_visit: dict[str, FeeLine] = {}
    refunds = any(line.is_refund for line in lines)
    if refunds:
        on_visit = {f.feedetl_sn: f for f in call.uow.hospital.fees(mdtrt_id)}
    results, stored = [], []
    for line in lines:
        a = adjudicate(line, catalogue)
        cap = price_cap(a.item, line.cnt) if a.item is not None else 0
        if line.is_refund and a.accepted:
            earlier = [f for f in on_visit.values() if f.init_feedetl_sn == line.init_feedetl_sn]
            refund = check_refund(line, on_visit.get(line.init_feedetl_sn), earlier)
            if isinstance(refund, str):
                a = Adjudicated(line, None, None, refund)
            else:
                a, cap = Adjudicated(line, a.item, refund.split), refund.price_cap
        results.append(result_row(a))
        if not a.accepted or a.item is None or a.split is None:
            continue
        row = _row(mdtrt_id, line, a, cap)
        stored.append(row)
        if refunds:  # a 退单 line later in this upload may return this one
            on_visit[line.feedetl_sn] = FeeLine.from_row(row)
    call.uow.hospital.add_fees(stored)
    return results, len(lines) - len(stored)


def cancel(call: Call) -> Outcome:
    """【2302】: ``feedetl_sn`` "0000" removes every unsettled line of the visit; one line goes
    with its 退单 lines."""
    n = node(call.env.input, "data")
    sn = n.text("feedetl_sn", "费用明细流水号", max_len=30)
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person_for(call, psn_no, n.where("psn_no"), lock=True)
    visit = own_visit(call, mdtrt_id, n.where("mdtrt_id"), lock=True)
    check_psn(visit, psn_no, n.where("psn_no"))
    removed = call.uow.hospital.delete_unsettled_fees(mdtrt_id, None if sn == "0000" else sn)
    if sn != "0000" and removed == 0:
        raise NationalError(
            n.where("feedetl_sn"), f"未找到未结算的费用明细 {sn}（已结算的明细须先【2305】撤销结算）"
        )
    if sn != "0000":  # the 退单 lines of a cancelled line go with it: nothing left to net against
        returns = [
            f.feedetl_sn for f in call.uow.hospital.fees(mdtrt_id, unsettled=True) if f.init_feedetl_sn == sn
        ]
        if returns:
            call.uow.hospital.delete_fee_sns(mdtrt_id, returns)
    return Outcome({}, psn_no=psn_no)


HANDLERS = {"2301": upload, "2302": cancel}
