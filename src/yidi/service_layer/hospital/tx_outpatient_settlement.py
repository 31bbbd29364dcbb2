"""【2204】门诊费用明细上传, 【2205】明细撤销, 【2206】门诊预结算, 【2207】门诊结算, 【2208】门诊结算撤销
(the national interface specification: outpatient; see docs/national-interface.md).

An outpatient visit is settled by charge batch (``chrg_bchno`` 收费批次号): 2204 uploads a
batch's lines (adjudicated like 2301, the batch number kept with each line), 2206/2207 settle the
unsettled lines of one batch with the same kernel, accumulators, account and identities as
2303/2304 (clearing type 11 门诊), 2208 reverses a settlement exactly like 2305 (same reversal
record, restored accumulators and account), 2205 removes unsettled lines of a batch ("0000" =
every unsettled line of the visit). 2207 and 2208 can be undone by 【2601】 (§1.4).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from yidi.domain.national.adjudication import parse_line
from yidi.domain.national.codes import CLR_TYPE_OUTPATIENT, INSUTYPES, MDTRT_CERT_TYPES, OUTPATIENT_MED_TYPES
from yidi.domain.national.errors import NationalError
from yidi.domain.national.fields import Node, node, nodes
from yidi.domain.national.formats import fmt_amount, parse_amount
from yidi.domain.national.visit import Visit
from yidi.service_layer.hospital import clawback
from yidi.service_layer.hospital.context import Call, Outcome, PersonRow, person_for, refuse_if_suspended
from yidi.service_layer.hospital.deductible_chain import chain
from yidi.service_layer.hospital.settlement_calc import Computed, check_hospital_copy, compute
from yidi.service_layer.hospital.tx_fees import MAX_LINES, store_lines
from yidi.service_layer.hospital.tx_outpatient import outpatient_visit
from yidi.service_layer.hospital.tx_settlement import persist, reverse_settlement

ALL_BATCHES = "0000"


def upload(call: Call) -> Outcome:
    """【2204】: one visit's lines, each with its ``chrg_bchno``; refused lines answer in their row."""
    rows = nodes(call.env.input, "feedetail", max_items=MAX_LINES)
    lines = []
    for r in rows:
        r.text("chrg_bchno", "收费批次号", max_len=30)
        if r.values.get("chrg_bchno") == ALL_BATCHES:
            raise NationalError(r.where("chrg_bchno"), "收费批次号不能为 0000（保留给【2205】撤销全部）")
        lines.append(parse_line(r))
    mdtrt_id, psn_no = lines[0].mdtrt_id, lines[0].psn_no
    for i, line in enumerate(lines):
        if line.mdtrt_id != mdtrt_id or line.psn_no != psn_no:
            raise NationalError(f"input.feedetail[{i}].mdtrt_id", "一次上传的明细须属于同一就诊和同一人员")
    visit = outpatient_visit(call, mdtrt_id, psn_no, "input.feedetail[0].mdtrt_id")
    results, refused = store_lines(call, visit, lines)
    warnings = [f"{refused} 条明细未通过，见 result[].memo"] if refused else []
    return Outcome({"result": results}, warnings, psn_no)


def cancel_fees(call: Call) -> Outcome:
    """【2205】: remove the unsettled lines of batch ``chrg_bchno`` ("0000" = all unsettled)."""
    n = node(call.env.input, "data")
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    bchno = n.text("chrg_bchno", "收费批次号", max_len=30)
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    outpatient_visit(call, mdtrt_id, psn_no, n.where("mdtrt_id"))
    unsettled = call.uow.hospital.fees(mdtrt_id, unsettled=True)
    sns = [f.feedetl_sn for f in unsettled if bchno == ALL_BATCHES or f.chrg_bchno == bchno]
    if bchno != ALL_BATCHES and not sns:
        raise NationalError(
            n.where("chrg_bchno"), f"未找到收费批次 {bchno} 的未结算明细（已结算的须先【2208】撤销结算）"
        )
    call.uow.hospital.delete_fee_sns(mdtrt_id, sns)
    return Outcome({}, psn_no=psn_no)


def _prepare(call: Call, *, lock: bool) -> tuple[Node, PersonRow, Visit, Computed, list[str]]:
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    bchno = n.text("chrg_bchno", "收费批次号", max_len=30)
    n.code("mdtrt_cert_type", "就诊凭证类型", MDTRT_CERT_TYPES)
    med_type = n.code("med_type", "医疗类别", OUTPATIENT_MED_TYPES)
    n.code("psn_setlway", "个人结算方式", {"01": "按项目结算", "02": "按定额结算"})
    insutype = n.code("insutype", "险种类型", INSUTYPES)
    acct_used = n.flag("acct_used_flag", "个人账户使用标志", default="1")
    medfee = parse_amount(n.values.get("medfee_sumamt"), n.where("medfee_sumamt"), "医疗费总额")
    person = person_for(call, psn_no, n.where("psn_no"), lock=lock)
    visit = outpatient_visit(call, mdtrt_id, psn_no, n.where("mdtrt_id"))
    refuse_if_suspended(call, person.id_number, n.where("psn_no"))
    if insutype != visit.insutype:
        raise NationalError(n.where("insutype"), f"险种类型应为挂号登记的 {visit.insutype}")
    if med_type != visit.med_type:
        raise NationalError(n.where("med_type"), f"医疗类别应为【2203】上传的 {visit.med_type}")
    fees = [f for f in call.uow.hospital.fees(mdtrt_id, unsettled=True) if f.chrg_bchno == bchno]
    if not fees:
        raise NationalError(n.where("chrg_bchno"), f"收费批次 {bchno} 没有未结算的明细，请先【2204】上传")
    total = sum(f.det_item_fee_sumamt for f in fees)
    if medfee != total:
        raise NationalError(
            n.where("medfee_sumamt"),
            f"医疗费总额 {fmt_amount(medfee)} 与收费批次 {bchno} 未结算明细合计 {fmt_amount(total)} 不一致",
        )
    year = call.uow.hospital.year_to_date(person.id_number, call.today.year)
    ytd = replace(year, dedc_paid_in_chain=chain(call, person, visit))  # typed to the kernel
    c = compute(
        person, visit, call.hospital, fees, ytd, call.now, acct_used, call.env.msgid, CLR_TYPE_OUTPATIENT
    )
    c = clawback.deduct_due(call, person.id_number, c)  # seed 004 一(二)
    return n, person, visit, c, [f.feedetl_sn for f in fees]


def _output(c: Computed) -> dict[str, Any]:
    return {"setlinfo": c.setlinfo, "setldetail": c.setldetail, "explanation": c.explanation}


def pre_settle(call: Call) -> Outcome:
    """【2206】门诊预结算: the batch's settlement as it would be now; nothing stored."""
    _, _, visit, c, _ = _prepare(call, lock=False)
    return Outcome(_output(c), psn_no=visit.psn_no)


def settle(call: Call) -> Outcome:
    """【2207】门诊结算: settle the batch; accumulators and account in the same transaction."""
    n, person, visit, c, sns = _prepare(call, lock=True)
    check_hospital_copy(n.values, c)
    output = persist(call, person, visit, c, sns)
    return Outcome(output, psn_no=visit.psn_no)


def cancel(call: Call) -> Outcome:
    """【2208】门诊结算撤销: the reversal record of 2305, for an outpatient settlement."""
    n = node(call.env.input, "data")
    setl_id = n.text("setl_id", "结算ID", max_len=30)
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person_for(call, psn_no, n.where("psn_no"), lock=True)
    outpatient_visit(call, mdtrt_id, psn_no, n.where("mdtrt_id"))
    original = call.uow.hospital.settlement(setl_id)
    if original is not None and original["mdtrt_id"] != mdtrt_id:
        raise NationalError(n.where("setl_id"), f"结算ID {setl_id} 不属于就诊 {mdtrt_id}")
    output = reverse_settlement(call, setl_id, n.where("setl_id"), "【2208】门诊结算撤销")
    return Outcome(output, psn_no=psn_no)


HANDLERS = {"2204": upload, "2205": cancel_fees, "2206": pre_settle, "2207": settle, "2208": cancel}
