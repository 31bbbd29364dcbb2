"""The vocabulary of the benefit policy (待遇政策参数): dimensions, parameters and their kinds.

A region file may only use the parameters listed here; each has a kind that the loader checks
(ratios in [0, 1], amounts ≥ 0, enums from a fixed set) and a Chinese label for tables and
explanations.
"""

from __future__ import annotations

from dataclasses import dataclass

# Request fields that select a policy row, in the order of a combination key.
DIMENSIONS: tuple[str, ...] = ("insutype", "psn_type", "filing_category", "hosp_lv")
DIMENSION_LABELS = {
    "insutype": "险种",
    "psn_type": "人员类别",
    "filing_category": "备案类别",
    "hosp_lv": "医院等级",
}


@dataclass(frozen=True)
class ParamSpec:
    """What one policy parameter is (参数定义)."""

    name: str
    kind: str  # amount | amount_or_null | ratio | bool | enum
    label: str
    choices: tuple[str, ...] = ()


PARAMS: dict[str, ParamSpec] = {
    p.name: p
    for p in (
        ParamSpec("deductible", "amount", "起付标准"),
        ParamSpec("pooled_ratio", "ratio", "统筹基金支付比例"),
        ParamSpec("pooled_annual_cap", "amount_or_null", "统筹基金年度最高支付限额"),
        ParamSpec("major_ratio", "ratio", "大额补充（大病保险）支付比例"),
        ParamSpec("major_annual_cap", "amount_or_null", "大额补充（大病保险）年度最高限额"),
        ParamSpec("cvlserv_ratio", "ratio", "公务员医疗补助比例"),
        ParamSpec("cvlserv_annual_cap", "amount_or_null", "公务员医疗补助年度限额"),
        ParamSpec("catastrophic_subsidy_eligible", "bool", "个人负担纳入重特大疾病年度补助"),
        ParamSpec("continued_deductible", "bool", "起付线连续计算"),
        ParamSpec("deductible_basis", "enum", "起付线计算口径", ("per_admission", "per_year")),
        ParamSpec("cvlserv_base_includes_preselfpay", "bool", "公务员补助基数含乙类先行自付"),
        ParamSpec("preselfpay_rounding", "enum", "乙类先行自付舍入位置", ("per_line", "aggregate")),
        ParamSpec("acct_pay_scope", "enum", "个人账户支付范围", ("psn_part", "inscp_personal")),
    )
}

CHOICE_LABELS = {
    "per_admission": "按次（每次住院）",
    "per_year": "按年度累计",
    "per_line": "逐条明细舍入",
    "aggregate": "汇总后舍入",
    "psn_part": "个人负担总额",
    "inscp_personal": "政策范围内个人负担",
}
