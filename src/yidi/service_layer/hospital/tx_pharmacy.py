"""【2101】药店预结算, 【2102】药店结算, 【2103】药店结算撤销 (the national interface lists them among
the reversible transactions; see docs/national-interface.md): purchases at a designated retail
pharmacy (定点零售药店) paid from the personal account.

Seed 000 四(一): "省直参保人员无需备案，在全国异地就医门诊联网定点医疗机构门诊及定点零售药店发生的
医药费用，可以…使用个人账户基金直接结算". A pharmacy purchase is settled like an account-only
outpatient batch: one visit (med_type 41 定点药店购药) per 2102 holding the ``drugdetail[]`` lines
(adjudicated against the pharmacy region's catalogue, as 2204), the one kernel under
``policy/account_only.py`` (no fund share; the account pays within its balance), stored, with the
year-to-date accumulators and the account in the same transaction. The pharmacy sends the lines
of a purchase with the purchase (no separate upload); 2101 answers the same without storing.
Who may: a person whose insured region allows account settlement without a filing
(``outpatient_account_without_filing``), or who holds a filing in force for the pharmacy's
region (A-SET-21: pharmacy purchases are account-only, no pooled benefit). 2103 reverses a 2102
exactly like 2305 / 2208.
"""

from __future__ import annotations

from typing import Any

from yidi.domain.filing import eligibility as elig
from yidi.domain.national.adjudication import parse_line
from yidi.domain.national.codes import CLR_TYPE_OUTPATIENT, INSUTYPES, MDTRT_CERT_TYPES, pay_loc
from yidi.domain.national.errors import NationalError
from yidi.domain.national.fields import Node, node, nodes
from yidi.domain.national.formats import fmt_amount, fmt_datetime, parse_amount
from yidi.domain.national.visit import Visit
from yidi.service_layer.hospital.context import (
    Call,
    Outcome,
    PersonRow,
    check_psn,
    new_id,
    own_visit,
    person_aggregate_for,
    person_for,
    refuse_if_suspended,
)
from yidi.service_layer.hospital.settlement_calc import ACCOUNT_ONLY_BASIS, Computed, compute
from yidi.service_layer.hospital.tx_fees import MAX_LINES, store_lines
from yidi.service_layer.hospital.tx_settlement import persist, reverse_settlement

PHARMACY_MED_TYPE = "41"  # 定点药店购药
CLAUSE = "辽医保中心发〔2021〕45号 四(一)"


def _purchase(call: Call) -> tuple[Node, str, str, int, bool]:
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    n.code("mdtrt_cert_type", "就诊凭证类型", MDTRT_CERT_TYPES)
    n.text("mdtrt_cert_no", "就诊凭证编号", max_len=50)
    insutype = n.code("insutype", "险种类型", INSUTYPES)
    medfee = parse_amount(n.values.get("medfee_sumamt"), n.where("medfee_sumamt"), "医疗费总额")
    acct_used = n.flag("acct_used_flag", "个人账户使用标志", default="1")
    return n, psn_no, insutype, medfee, acct_used


def _check_person(call: Call, psn_no: str, field: str) -> None:
    person = person_aggregate_for(call, psn_no, field)
    refuse_if_suspended(call, person, field)
    rules = call.uow.rules.for_region(person.insured_region)
    result = elig.check(person, rules, call.today, hospital=call.code, care="outpatient")
    if result.basis == "local":
        raise NationalError(field, "参保地与药店所在地相同，属于本地购药，不经异地就医直接结算办理")
    if result.basis not in (ACCOUNT_ONLY_BASIS, "filing"):
        reasons = "；".join(r.zh for r in result.reasons)
        err = NationalError(field, f"定点药店购药使用个人账户直接结算须参保地允许免备案或有就医地有效备案：{reasons}")
        err.clause = CLAUSE
        raise err


def _lines(call: Call, psn_no: str, mdtrt_id: str) -> list[Any]:
    rows = nodes(call.env.input, "drugdetail", max_items=MAX_LINES)
    lines = []
    for r in rows:
        r.values.setdefault("fee_ocur_time", fmt_datetime(call.now))
        for name in ("bilg_dept_codg", "bilg_dept_name", "bilg_dr_codg", "bilg_dr_name"):
            r.values.setdefault(name, "药店")
        lines.append(parse_line(Node({**r.values, "mdtrt_id": mdtrt_id, "psn_no": psn_no,
                                      "med_type": PHARMACY_MED_TYPE}, r.path)))  # fmt: skip
    return lines


def _settle(call: Call) -> tuple[Node, PersonRow, Visit, Computed, list[dict[str, Any]]]:
    n, psn_no, insutype, medfee, acct_used = _purchase(call)
    _check_person(call, psn_no, n.where("psn_no"))
    person = person_for(call, psn_no, n.where("psn_no"), lock=True)
    if insutype != person.insutype:
        raise NationalError(n.where("insutype"), f"险种类型应为参保登记的 {person.insutype}")
    region = str(call.hospital["region"])
    mdtrt_id = new_id("M", region, call.now)
    call.uow.hospital.add_visit(
        mdtrt_id=mdtrt_id, hospital_code=call.code, psn_no=psn_no, id_number=person.id_number, insutype=insutype,
        med_type=PHARMACY_MED_TYPE, insured_region=person.insured_region, treatment_region=region,
        pay_loc=pay_loc(person.insured_region, region), filing_category="temporary", filing_id=None,
        filing_basis=ACCOUNT_ONLY_BASIS, ipt_no=mdtrt_id, begntime=call.now, endtime=call.now, status="registered",
        er_flag=False, dscg_maindiag_code="", dscg_maindiag_name="", warnings=[],
        detail={"mdtrtinfo": n.values, "diseinfo": [], "filing_created": False, "pharmacy": True},
    )  # fmt: skip
    visit = call.uow.hospital.visit(mdtrt_id, for_update=True)
    assert visit is not None
    results, refused = store_lines(call, visit, _lines(call, psn_no, mdtrt_id))
    if refused:
        raise NationalError("input.drugdetail", f"{refused} 条药品明细未通过：" + "；".join(
            str(r.get("memo", "")) for r in results if r.get("memo")))  # fmt: skip
    fees = list(call.uow.hospital.fees(mdtrt_id, unsettled=True))
    total = sum(f.det_item_fee_sumamt for f in fees)
    if medfee != total:
        raise NationalError(n.where("medfee_sumamt"), f"医疗费总额 {fmt_amount(medfee)} 与药品明细合计 {fmt_amount(total)} 不一致")
    ytd = call.uow.hospital.year_to_date(person.id_number, call.today.year)  # no referral chain
    c = compute(person, visit, call.hospital, fees, ytd, call.now, acct_used, call.env.msgid, CLR_TYPE_OUTPATIENT)
    return n, person, visit, c, results


def pre_settle(call: Call) -> Outcome:
    """【2101】药店预结算: the settlement as it would be now; nothing stays stored."""
    _, person, _, c, _ = _settle(call)
    call.uow.rollback()  # the visit and lines written to compute it are not kept
    return Outcome({"setlinfo": c.setlinfo, "setldetail": c.setldetail, "explanation": c.explanation}, psn_no=person.psn_no)


def settle(call: Call) -> Outcome:
    """【2102】药店结算: store the purchase, settle it from the account, update the accumulators."""
    _, person, visit, c, _ = _settle(call)
    output = persist(call, person, visit, c, None)
    return Outcome(output, psn_no=person.psn_no)


def cancel(call: Call) -> Outcome:
    """【2103】药店结算撤销: the reversal record of 2305 for a 2102."""
    n = node(call.env.input, "data")
    setl_id = n.text("setl_id", "结算ID", max_len=30)
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person_for(call, psn_no, n.where("psn_no"), lock=True)
    original = call.uow.hospital.settlement(setl_id)
    if original is None or original["hospital_code"] != call.code:
        raise NationalError(n.where("setl_id"), f"未找到本药店的结算ID {setl_id}")
    visit = own_visit(call, str(original["mdtrt_id"]), n.where("setl_id"))
    check_psn(visit, psn_no, n.where("psn_no"))
    if visit.med_type != PHARMACY_MED_TYPE:
        raise NationalError(n.where("setl_id"), "该结算不是药店结算，请用【2305】/【2208】撤销")
    output = reverse_settlement(call, setl_id, n.where("setl_id"), "【2103】药店结算撤销")
    return Outcome(output, psn_no=psn_no)


HANDLERS = {"2101": pre_settle, "2102": settle, "2103": cancel}
