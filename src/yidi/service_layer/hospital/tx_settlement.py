"""【2303】住院预结算, 【2304】住院结算, 【2305】住院结算撤销 (the national interface specification: settlement; see
docs/national-interface.md).

2303 computes and stores nothing. 2304 stores the settlement, marks its lines, debits the
personal account and adds to the person's year-to-date accumulators — in one transaction,
under the person lock, so two settlements of one person never both use the same remaining
cap. 2305 writes a reversal record with its own ``setl_id`` (amounts negated), restores the
accumulators and the account exactly, and frees the lines for a new settlement.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from yidi.domain.national.codes import INSUTYPES, MDTRT_CERT_TYPES, PSN_SETLWAY
from yidi.domain.national.errors import NationalError
from yidi.domain.national.fields import Node, node
from yidi.domain.national.formats import fmt_amount, parse_amount
from yidi.domain.national.visit import Visit
from yidi.domain.settlement.amounts import SETTLEMENT_AMOUNTS, YTD_AMOUNTS
from yidi.service_layer.hospital import clawback
from yidi.service_layer.hospital.context import (
    Call,
    Outcome,
    PersonRow,
    check_psn,
    is_outpatient,
    new_id,
    own_visit,
    person_for,
    refuse_if_suspended,
)
from yidi.service_layer.hospital.deductible_chain import chain
from yidi.service_layer.hospital.settlement_calc import Computed, check_hospital_copy, compute


def _prepare(call: Call, *, lock: bool) -> tuple[Node, PersonRow, Visit, Computed]:
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    n.code("mdtrt_cert_type", "就诊凭证类型", MDTRT_CERT_TYPES)
    n.code("psn_setlway", "个人结算方式", PSN_SETLWAY)
    insutype = n.code("insutype", "险种类型", INSUTYPES)
    acct_used = n.flag("acct_used_flag", "个人账户使用标志", default="1")
    n.flag("mid_setl_flag", "中途结算标志")
    medfee = parse_amount(n.values.get("medfee_sumamt"), n.where("medfee_sumamt"), "医疗费总额")
    person = person_for(call, psn_no, n.where("psn_no"), lock=lock)
    visit = own_visit(call, mdtrt_id, n.where("mdtrt_id"), lock=lock)
    check_psn(visit, psn_no, n.where("psn_no"))
    refuse_if_suspended(call, person.id_number, n.where("psn_no"))
    if insutype != visit.insutype:
        raise NationalError(n.where("insutype"), f"险种类型应为入院登记的 {visit.insutype}")
    if visit.status == "cancelled":
        raise NationalError(n.where("mdtrt_id"), "该就诊已撤销")
    if is_outpatient(visit):
        raise NationalError(n.where("mdtrt_id"), "门诊就诊请用【2206】/【2207】门诊结算")
    fees = list(call.uow.hospital.fees(mdtrt_id, unsettled=True))
    total = sum(f.det_item_fee_sumamt for f in fees)
    if fees and medfee != total:
        raise NationalError(
            n.where("medfee_sumamt"),
            f"医疗费总额 {fmt_amount(medfee)} 与已上传未结算明细合计 {fmt_amount(total)} 不一致",
        )
    year = call.uow.hospital.year_to_date(person.id_number, call.today.year)
    ytd = replace(year, dedc_paid_in_chain=chain(call, person, visit))  # typed to the kernel
    computed = compute(person, visit, call.hospital, fees, ytd, call.now, acct_used, call.env.msgid)
    return n, person, visit, clawback.deduct_due(call, person.id_number, computed)


def _output(c: Computed, setlinfo: dict[str, Any]) -> dict[str, Any]:
    return {"setlinfo": setlinfo, "setldetail": c.setldetail, "explanation": c.explanation}


def pre_settle(call: Call) -> Outcome:
    """【2303】: the settlement as it would be now (no ``setl_id``), nothing stored."""
    _, _, visit, c = _prepare(call, lock=False)
    return Outcome(_output(c, c.setlinfo), psn_no=visit.psn_no)


def settle(call: Call) -> Outcome:
    """【2304】: settle, persist, update the accumulators and the account."""
    n, person, visit, c = _prepare(call, lock=True)
    check_hospital_copy(n.values, c)
    output = persist(call, person, visit, c, None)
    return Outcome(output, psn_no=visit.psn_no)


def persist(
    call: Call, person: PersonRow, visit: Visit, c: Computed, sns: list[str] | None
) -> dict[str, Any]:
    """Store a computed settlement (2304 / 2207) under the person lock: the settlement row, its
    fee lines (``sns``, or every unsettled line of the visit when None), the year-to-date
    accumulators and the personal account — all in the caller's one transaction."""
    setl_id = new_id("S", str(call.hospital["region"]), call.now)
    setlinfo = c.answer(setl_id).setlinfo()
    r = c.settled.amounts
    amounts = c.settled.stored_amounts()  # typed fen, SETTLEMENT_AMOUNTS
    output = _output(c, setlinfo)
    owed = clawback.record(call, person.id_number, visit, c, setl_id)
    if owed is not None:
        output["explanation"] = [*output["explanation"], owed]
    if c.recovers:  # seed 004 一(二): the 待遇差 due is deducted here; a reversal makes it due again
        clawback.mark_deducted(call, person.id_number, setl_id, c.recovers)
        output["clawback_recovered"] = list(c.recovers)
    call.uow.hospital.add_settlement(
        setl_id=setl_id, mdtrt_id=visit.mdtrt_id, hospital_code=call.code, psn_no=visit.psn_no,
        id_number=person.id_number, insutype=visit.insutype, clr_type=c.head.clr_type,
        clr_optins=c.head.clr_optins, setl_time=call.now, setl_date=call.today, year=call.today.year,
        kind="settle", status="valid", reverses=None, cancelled_by=None, msgid=call.env.msgid, **amounts,
        balc=r["balc"], dedc_paid_in_chain=c.settled.request.ytd.dedc_paid_in_chain, output=output,
    )  # fmt: skip
    if sns is None:
        call.uow.hospital.mark_fees(visit.mdtrt_id, None, setl_id)
    else:
        call.uow.hospital.mark_fee_sns(visit.mdtrt_id, sns, setl_id)
    ytd_delta = {k: r[k] for k in YTD_AMOUNTS}
    call.uow.hospital.add_to_ytd(person.id_number, call.today.year, ytd_delta, 1)
    call.uow.hospital.add_to_balance(person.id_number, -r["acct_pay"])
    return output


def reverse_settlement(call: Call, setl_id: str, field: str, msgid_note: str) -> dict[str, Any]:
    """Undo a valid 2304 of this hospital; returns the reversal's output (shared with 2601)."""
    hosp = call.uow.hospital
    found = hosp.settlement_with_answer(setl_id)
    if found is None or found[0]["hospital_code"] != call.code or found[0]["kind"] != "settle":
        raise NationalError(field, f"未找到本机构的结算ID {setl_id}")
    original, answer = found
    if original["status"] != "valid":
        raise NationalError(field, f"结算 {setl_id} 已撤销（撤销记录 {original['cancelled_by']}）")
    person = hosp.person_row(original["id_number"], for_update=True)
    assert person is not None
    restored = int(person["account_balance_fen"]) + int(original["acct_pay"])
    rev_id = new_id("S", str(call.hospital["region"]), call.now)
    out = original["output"]
    # the stored answer's amounts, parsed once by the repository: it shows what the amount
    # columns do not keep (a claw-back deduction in oth_pay, the resident's major layer as hifmi_pay)
    reversal = answer.reversal(rev_id, call.env.msgid, restored)
    broken = reversal.violations()
    if broken:  # a reversal must add up exactly like the settlement it undoes
        raise NationalError("setlinfo", "撤销结果恒等式不成立：" + "；".join(broken))
    output = {
        "setlinfo": reversal.setlinfo(), "setldetail": reversal.setldetail(), "original_setl_id": setl_id,
        "memo": msgid_note,
    }  # fmt: skip
    freed = [f.feedetl_sn for f in hosp.fees(original["mdtrt_id"], setl_id=setl_id)]
    dropped = clawback.remove(call, str(original["id_number"]), setl_id)
    clawback.reopen_deducted(call, str(original["id_number"]), list(out.get("clawback_recovered", [])))
    hosp.add_settlement(
        setl_id=rev_id, mdtrt_id=original["mdtrt_id"], hospital_code=call.code, psn_no=original["psn_no"],
        id_number=original["id_number"], insutype=original["insutype"], clr_type=original["clr_type"],
        clr_optins=original["clr_optins"], setl_time=call.now, setl_date=call.today, year=original["year"],
        kind="reversal", status="valid", reverses=setl_id, cancelled_by=None, msgid=call.env.msgid,
        **{k: -int(original[k]) for k in SETTLEMENT_AMOUNTS}, balc=restored,
        dedc_paid_in_chain=0, output={**output, "freed_feedetl_sns": freed, "settlement_ref": dropped},
    )  # fmt: skip
    hosp.update_settlement(setl_id, status="cancelled", cancelled_by=rev_id)
    hosp.mark_fees(original["mdtrt_id"], setl_id, None)
    hosp.add_to_ytd(original["id_number"], original["year"], {k: -int(original[k]) for k in YTD_AMOUNTS}, -1)
    hosp.add_to_balance(original["id_number"], int(original["acct_pay"]))
    return output


def reinstate(call: Call, rev_id: str, field: str) -> None:
    """【2601】 of a 2305/2208: put the state back exactly as before the cancellation — the
    reversal record is removed (its request and response stay in the message log, marked
    reversed), the original settlement is valid again with its own fee lines, and the
    accumulators and the account carry its amounts again. Refused when anything has happened
    since that the original amounts did not see: a later settlement or reversal of the person
    (it may have used the freed cap), or the freed lines deleted or settled again."""
    hosp = call.uow.hospital
    rev = hosp.settlement(rev_id)
    if rev is None or rev["hospital_code"] != call.code or rev["kind"] != "reversal":
        raise NationalError(field, f"未找到本机构的撤销记录 {rev_id}")
    original = hosp.settlement(str(rev["reverses"]))
    assert original is not None and original["cancelled_by"] == rev_id
    if hosp.settled_after(str(original["id_number"]), rev["setl_time"]):
        raise NationalError(field, "结算撤销之后该人员已有新的结算或撤销，不能冲正恢复原结算，请重新结算")
    sns = [str(sn) for sn in rev["output"].get("freed_feedetl_sns", [])]
    free = {f.feedetl_sn for f in hosp.fees(original["mdtrt_id"], unsettled=True)}
    if not set(sns) <= free:
        raise NationalError(field, "原结算的费用明细已被撤销或重新结算，不能冲正恢复原结算")
    hosp.delete_settlement(rev_id)
    hosp.update_settlement(original["setl_id"], status="valid", cancelled_by=None)
    hosp.mark_fee_sns(original["mdtrt_id"], sns, original["setl_id"])
    hosp.add_to_ytd(original["id_number"], original["year"], {k: int(original[k]) for k in YTD_AMOUNTS}, 1)
    hosp.add_to_balance(original["id_number"], -int(original["acct_pay"]))
    clawback.restore(
        call, str(original["id_number"]), str(original["setl_id"]), rev["output"].get("settlement_ref")
    )
    again = original["output"].get("clawback_recovered", [])
    if again:
        clawback.mark_deducted(call, str(original["id_number"]), str(original["setl_id"]), again)


def cancel(call: Call) -> Outcome:
    """【2305】住院结算撤销."""
    n = node(call.env.input, "data")
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    setl_id = n.text("setl_id", "结算ID", max_len=30)
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person_for(call, psn_no, n.where("psn_no"), lock=True)
    visit = own_visit(call, mdtrt_id, n.where("mdtrt_id"))
    check_psn(visit, psn_no, n.where("psn_no"))
    original = call.uow.hospital.settlement(setl_id)
    if original is not None and original["mdtrt_id"] != mdtrt_id:
        raise NationalError(n.where("setl_id"), f"结算ID {setl_id} 不属于就诊 {mdtrt_id}")
    if is_outpatient(visit):
        raise NationalError(n.where("mdtrt_id"), "门诊结算请用【2208】门诊结算撤销")
    output = reverse_settlement(call, setl_id, n.where("setl_id"), "【2305】住院结算撤销")
    return Outcome(output, psn_no=psn_no)


HANDLERS = {"2303": pre_settle, "2304": settle, "2305": cancel}
