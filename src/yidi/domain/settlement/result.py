"""The one-bill settlement result (一单制): ``setlinfo`` + ``setldetail[]`` + ``explanation[]``.

Field names and precisions follow the national 2303/2304 output (amounts 16,2 as strings with
two decimals, ``pool_prop_selfpay`` 5,4). Every amount comes with its explanation.
"""

from __future__ import annotations

from typing import Any

from yidi.domain.money import fmt_fen, fmt_ratio
from yidi.domain.settlement.explain import cite, classification, entry, truncate
from yidi.domain.settlement.fund_line import FundLine
from yidi.domain.settlement.funds import CVLSERV, Fund, major_fund, pooled_fund
from yidi.domain.settlement.lines import Split
from yidi.domain.settlement.recovery import RECOVERED
from yidi.domain.settlement.request import SettlementRequest
from yidi.domain.settlement.resolution import Resolution


def _remaining(fen: int, unlimited: bool) -> int | None:
    return None if unlimited else fen


def setl_amounts(req: SettlementRequest, split: Split, r: dict[str, int]) -> dict[str, int]:
    """setlinfo's amounts in fen (``SETLINFO_AMOUNTS``): the kernel's row and the split, the major
    layer shown under the scheme's own field, a recovered 待遇差 as a negative ``oth_pay``."""
    major = major_fund(req.insutype).field
    return {
        "medfee_sumamt": r["medfee_sumamt"],
        "fulamt_ownpay_amt": split.fulamt_ownpay_amt,
        "overlmt_selfpay": split.overlmt_selfpay,
        "preselfpay_amt": split.preselfpay_amt,
        "inscp_scp_amt": split.inscp_scp_amt,
        "act_pay_dedc": r["act_pay_dedc"],
        "hifp_pay": r["hifp_pay"],
        "cvlserv_pay": r["cvlserv_pay"],
        "hifes_pay": 0,
        "hifmi_pay": r["hifob_pay"] if major == "hifmi_pay" else 0,
        "hifob_pay": r["hifob_pay"] if major == "hifob_pay" else 0,
        "maf_pay": 0,
        "oth_pay": -r.get(RECOVERED, 0),
        "fund_pay_sumamt": r["fund_pay_sumamt"],
        "psn_part_amt": r["psn_part_amt"],
        "acct_pay": r["acct_pay"],
        "psn_cash_pay": r["psn_cash_pay"],
        "balc": r["balc"],
        "hosp_part_amt": 0,
    }


def setlinfo(req: SettlementRequest, split: Split, res: Resolution, r: dict[str, int]) -> dict[str, str]:
    out = {k: fmt_fen(v) for k, v in setl_amounts(req, split, r).items()}
    out["pool_prop_selfpay"] = fmt_ratio(res.number("pooled_ratio"))
    return out


def _detail(fund: Fund, inscp: int, remaining: int | None, pay: int, info: str) -> FundLine:
    return FundLine(fund.code, fund.name, inscp, remaining, pay, truncate(info))


def setldetail(req: SettlementRequest, res: Resolution, r: dict[str, int]) -> list[dict[str, Any]]:
    return [line.wire() for line in fund_lines(req, res, r)]


def fund_lines(req: SettlementRequest, res: Resolution, r: dict[str, int]) -> list[FundLine]:
    """setldetail as typed lines (fen): the pooled fund, the major layer, the civil-servant subsidy."""
    v = res.values
    base = r["pooled_base"] + r["major_base"] + r["above_caps"]
    pooled = pooled_fund(req.insutype)
    out = [
        _detail(
            pooled, r["pooled_base"], _remaining(r["pooled_remaining"], res.cap("pooled_annual_cap") is None), r["hifp_pay"],
            f"{pooled.name}：政策范围内 {fmt_fen(base + r['act_pay_dedc'])} 元 − 实际起付线 {fmt_fen(r['act_pay_dedc'])} 元 = {fmt_fen(base)} 元；"
            f"统筹段 {fmt_fen(r['pooled_base'])} 元 × {fmt_ratio(res.number('pooled_ratio'))} = {fmt_fen(r['hifp_pay'])} 元（四舍五入到分）。"
            f"依据：{cite(v['deductible'])}；{cite(v['pooled_ratio'])}；{cite(v['pooled_annual_cap'])}。",
        )
    ]  # fmt: skip
    if res.number("major_ratio") > 0 or r["hifob_pay"]:
        major = major_fund(req.insutype)
        out.append(_detail(
            major, r["major_base"], _remaining(r["major_remaining"], res.cap("major_annual_cap") is None), r["hifob_pay"],
            f"{major.name}：超过统筹基金年度限额的政策范围内费用 {fmt_fen(r['major_base'] + r['above_caps'])} 元，其中限额内 {fmt_fen(r['major_base'])} 元 × "
            f"{fmt_ratio(res.number('major_ratio'))} = {fmt_fen(r['hifob_pay'])} 元；超出年度限额 {fmt_fen(r['above_caps'])} 元由个人负担。"
            f"依据：{cite(v['major_ratio'])}；{cite(v['major_annual_cap'])}。",
        ))  # fmt: skip
    if req.cvlserv_flag:
        out.append(_detail(
            CVLSERV, r["cvlserv_base"], _remaining(r["cvlserv_remaining"], res.cap("cvlserv_annual_cap") is None), r["cvlserv_pay"],
            f"{CVLSERV.name}：符合基本医疗保险和大额补充规定的个人负担部分（不含起付标准）{fmt_fen(r['cvlserv_base'])} 元 × "
            f"{fmt_ratio(res.number('cvlserv_ratio'))} = {fmt_fen(r['cvlserv_pay'])} 元。依据：{cite(v['cvlserv_ratio'])}；{cite(v['cvlserv_base_includes_preselfpay'])}。",
        ))  # fmt: skip
    return out


def explanation(
    req: SettlementRequest, split: Split, res: Resolution, r: dict[str, int], lines: int
) -> list[dict[str, Any]]:
    base = r["pooled_base"] + r["major_base"] + r["above_caps"]
    major = major_fund(req.insutype).field
    src = "费用明细" if lines else "请求中的拆分金额"
    items = [
        classification(res),
        entry(
            "inscp_scp_amt", split.inscp_scp_amt,
            f"{src}{f'（{lines} 条）' if lines else ''}分为：全自费 {fmt_fen(split.fulamt_ownpay_amt)}（丙类或自付比例≥1）、超限价 {fmt_fen(split.overlmt_selfpay)}（超过 数量×限价）、"
            f"乙类先行自付 {fmt_fen(split.preselfpay_amt)}（(金额−超限价)×自付比例）、政策范围内 {fmt_fen(split.inscp_scp_amt)}。",
            res, ("preselfpay_rounding",), ("A-SET-14",), medfee_sumamt=r["medfee_sumamt"],
        ),
        entry(
            "act_pay_dedc", r["act_pay_dedc"],
            f"实际起付线 = min(政策范围内 {fmt_fen(split.inscp_scp_amt)}, 起付标准 {fmt_fen(res.number('deductible'))} − 已计起付线 {fmt_fen(r['dedc_credit'])})；已计起付线按起付线连续计算和起付线计算口径确定。",
            res, ("deductible", "continued_deductible", "deductible_basis"), ("A-SET-15",),
            dedc_paid_in_chain=req.ytd.dedc_paid_in_chain, ytd_act_pay_dedc=req.ytd.act_pay_dedc,
        ),
        entry(
            "hifp_pay", r["hifp_pay"],
            f"统筹基金支付 = 统筹段 {fmt_fen(r['pooled_base'])} × 支付比例，统筹段为起付线以上 {fmt_fen(base)} 中年度限额剩余额度可覆盖的部分。",
            res, ("pooled_ratio", "pooled_annual_cap"), ("A-SET-07", "A-SET-16"), ytd_hifp_pay=req.ytd.hifp_pay,
        ),
        entry(
            major, r["hifob_pay"],
            f"{major_fund(req.insutype).name} = 超过统筹限额部分 {fmt_fen(r['major_base'] + r['above_caps'])} 中本年限额可覆盖的 {fmt_fen(r['major_base'])} × 支付比例；其余 {fmt_fen(r['above_caps'])} 个人负担。",
            res, ("major_ratio", "major_annual_cap"), ("A-SET-16",), ytd_hifob_pay=req.ytd.hifob_pay,
        ),
        entry(
            "cvlserv_pay", r["cvlserv_pay"],
            ("公务员医疗补助 = 个人负担部分（统筹段自付 + 大额段自付，不含起付标准）" f"{fmt_fen(r['cvlserv_base'])} × 补助比例。")
            if req.cvlserv_flag else "非公务员（cvlserv_flag=0），不享受公务员医疗补助。",
            res, ("cvlserv_ratio", "cvlserv_base_includes_preselfpay", "cvlserv_annual_cap"), ytd_cvlserv_pay=req.ytd.cvlserv_pay,
        ),
        entry("fund_pay_sumamt", r["fund_pay_sumamt"], "基金支付总额 = 统筹 + 大额/大病 + 公务员补助（不含个人账户）。", res, (), ("A-SET-08",)),
        entry("psn_part_amt", r["psn_part_amt"], "个人负担总额 = 医疗费总额 − 基金支付总额 − 医院负担（各基金金额各舍入一次，个人负担为余额）。", res, (), ("A-SET-06",)),
        entry(
            "acct_pay", r["acct_pay"],
            "个人账户支付 = min(账户余额, 可由账户支付的个人负担)" if req.acct_used_flag else "未使用个人账户（acct_used_flag=0）。",
            res, ("acct_pay_scope",), acct_balc=req.acct_balc,
        ),
        entry("psn_cash_pay", r["psn_cash_pay"], "个人现金支付 = 个人负担总额 − 个人账户支付。", res, ()),
        entry(
            "catastrophic_subsidy", None,
            "本次个人负担部分纳入重特大疾病医疗费用年度补助（结算后按年度另行补助，不在本次结算中支付）。"
            if res.value("catastrophic_subsidy_eligible") is True else "本次个人负担部分不纳入重特大疾病医疗费用年度补助。",
            res, ("catastrophic_subsidy_eligible",),
        ),
    ]  # fmt: skip
    for note in res.policy.notes:
        applies = note.get("applies_to", {})
        request_values = {"mdtrtarea_admvs": req.mdtrtarea_admvs, "filing_category": req.filing_category}
        if all(request_values.get(k) == v for k, v in applies.items()):
            items.append(
                {
                    "field": "note",
                    "amount": None,
                    "rule": note.get("text", ""),
                    "parameters": [],
                    "values": {},
                    **({"assumption_ids": [note["assumption"]]} if note.get("assumption") else {}),
                }
            )
    return items


SETLINFO_LABELS = {
    "medfee_sumamt": "医疗费总额",
    "fulamt_ownpay_amt": "全自费金额",
    "overlmt_selfpay": "超限价自费费用",
    "preselfpay_amt": "先行自付金额",
    "inscp_scp_amt": "符合政策范围金额",
    "act_pay_dedc": "实际支付起付线",
    "hifp_pay": "基本医疗保险统筹基金支出",
    "pool_prop_selfpay": "统筹基金支付比例",
    "cvlserv_pay": "公务员医疗补助资金支出",
    "hifes_pay": "企业补充医疗保险基金支出",
    "hifmi_pay": "居民大病保险资金支出",
    "hifob_pay": "职工大额医疗费用补助基金支出",
    "maf_pay": "医疗救助基金支出",
    "oth_pay": "其他支出",
    "fund_pay_sumamt": "基金支付总额",
    "psn_part_amt": "个人负担总金额",
    "acct_pay": "个人账户支出",
    "psn_cash_pay": "个人现金支出",
    "balc": "个人账户余额",
    "hosp_part_amt": "医院负担金额",
}
