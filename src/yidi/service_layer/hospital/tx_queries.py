"""【5203】结算信息查询 and 【3201】医药机构费用结算对总账 (the national interface specification: queries,
reconciliation; see docs/national-interface.md).

5203 answers a settlement of this hospital (the original or its reversal record) with the 2304
amounts plus where it was paid (``pay_loc`` 3 省内异地 / 4 跨省异地) and the hospital grades
the insured region's policy applied. 3201 compares the hospital's totals for a period with
yidi's, to the fen: ``refd_setl_flag`` 1 (or empty) includes refunds (cancelled settlements and
their reversal records, which cancel out), 0 counts only settlements still valid.
"""

from __future__ import annotations

from typing import Any

from yidi.domain.national.codes import HOSP_LV_NAMES, INSUTYPES, STMT_RESULTS
from yidi.domain.national.errors import NationalError
from yidi.domain.national.external_ids import filing_sn
from yidi.domain.national.fields import node
from yidi.domain.national.formats import fmt_amount, fmt_date, parse_amount, parse_date
from yidi.service_layer.hospital.context import Call, Outcome, own_visit, person_for


def settlement_info(call: Call) -> Outcome:
    """【5203】."""
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    setl_id = n.text("setl_id", "结算ID", max_len=30)
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    person_for(call, psn_no, n.where("psn_no"))
    visit = own_visit(call, mdtrt_id, n.where("mdtrt_id"))
    found = call.uow.hospital.settlement_with_answer(setl_id)
    if found is None or found[0]["mdtrt_id"] != mdtrt_id or found[0]["psn_no"] != psn_no:
        raise NationalError(n.where("setl_id"), f"未找到本机构就诊 {mdtrt_id} 的结算ID {setl_id}")
    row, answer = found  # the 2304 / 2305 answer as stored, typed, assembled again as it was answered
    lv = str(call.hospital["hosp_lv"])
    setlinfo: dict[str, Any] = {
        **answer.setlinfo(), "pay_loc": visit.pay_loc, "fixmedins_code": call.code,
        "fixmedins_name": call.hospital["name"], "hosp_lv": lv, "lmtpric_hosp_lv": lv, "dedc_hosp_lv": lv,
        "hosp_lv_name": HOSP_LV_NAMES.get(lv, ""), "fixmedins_poolarea": visit.treatment_region,
        "insu_optins": visit.insured_region, "begndate": fmt_date(visit.begntime.date()),
        "enddate": fmt_date(visit.endtime.date()) if visit.endtime else "", "year": str(row["year"]),
        "psn_pay": fmt_amount(answer.amounts.psn_part_amt), "cash_payamt": fmt_amount(answer.amounts.psn_cash_pay),
        "refd_setl_flag": "1" if row["kind"] == "reversal" else "0", "vali_flag": "1" if row["status"] == "valid" else "0",
        "dise_codg": visit.dscg_maindiag_code, "dise_name": visit.dscg_maindiag_name,
        "filing_category": visit.filing_category, "trt_dcla_detl_sn": filing_sn(visit.filing_id or ""),
    }  # fmt: skip
    return Outcome({"setlinfo": setlinfo, "setldetail": answer.setldetail()}, psn_no=psn_no)


def _compare(ours: dict[str, int], theirs: dict[str, int]) -> str:
    if ours == theirs:
        return "0"
    diffs = [ours[k] - theirs[k] for k in ours]
    if all(d >= 0 for d in diffs):
        return "1"
    if all(d <= 0 for d in diffs):
        return "2"
    return "3"


def reconcile_totals(call: Call) -> Outcome:
    """【3201】对总账: stmt_rslt 0 对平 / 1 中心多 / 2 医药机构多 / 3 数据不一致."""
    n = node(call.env.input, "data")
    insutype = n.code("insutype", "险种类型", INSUTYPES)
    clr_type = n.text("clr_type", "清算类别", max_len=6)
    setl_optins = n.text("setl_optins", "结算经办机构", max_len=6)
    begin = parse_date(n.values.get("stmt_begndate"), n.where("stmt_begndate"), "对账开始日期")
    end = parse_date(n.values.get("stmt_enddate"), n.where("stmt_enddate"), "对账结束日期")
    if end < begin:
        raise NationalError(n.where("stmt_enddate"), "对账结束日期早于开始日期")
    refunds = (n.text("refd_setl_flag", "退费结算标志", max_len=1, required=False) or "1") != "0"
    theirs = {
        "medfee_sumamt": parse_amount(n.values.get("medfee_sumamt"), n.where("medfee_sumamt"), "医疗费总额", allow_negative=True),
        "fund_pay_sumamt": parse_amount(n.values.get("fund_pay_sumamt"), n.where("fund_pay_sumamt"), "基金支付总额", allow_negative=True),
        "acct_pay": parse_amount(n.values.get("acct_pay"), n.where("acct_pay"), "个人账户支出", allow_negative=True),
        "fixmedins_setl_cnt": _count(n.text("fixmedins_setl_cnt", "结算笔数", max_len=10), n.where("fixmedins_setl_cnt")),
    }  # fmt: skip
    rows = [
        r for r in call.uow.hospital.settlements_between(call.code, begin, end)
        if r["insutype"] == insutype and r["clr_type"] == clr_type and r["clr_optins"] == setl_optins
        and (refunds or (r["kind"] == "settle" and r["status"] == "valid"))
    ]  # fmt: skip
    ours = {
        "medfee_sumamt": sum(int(r["medfee_sumamt"]) for r in rows),
        "fund_pay_sumamt": sum(int(r["fund_pay_sumamt"]) for r in rows),
        "acct_pay": sum(int(r["acct_pay"]) for r in rows),
        "fixmedins_setl_cnt": len(rows),
    }
    rslt = _compare(ours, theirs)
    dscr = (
        STMT_RESULTS[rslt]
        + "：中心 "
        + "，".join(f"{k}={fmt_amount(v) if k != 'fixmedins_setl_cnt' else v}" for k, v in ours.items())
    )
    return Outcome({"stmtinfo": {"setl_optins": setl_optins, "stmt_rslt": rslt, "stmt_rslt_dscr": dscr}})


def _count(text: str, field: str) -> int:
    if not text.isdigit():
        raise NationalError(field, "定点医药机构结算笔数应为非负整数")
    return int(text)


HANDLERS = {"5203": settlement_info, "3201": reconcile_totals}
