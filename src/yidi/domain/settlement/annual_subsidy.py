"""重特大疾病医疗费用年度补助 (seed 000 三(一)): the annual subsidy of the personal part.

"异地长期居住人员直接结算后的个人负担部分按规定纳入重特大疾病医疗费用年度补助" — and 三(二): a
temporary patient's personal part is not included. Whether one settlement's personal part counts
is the benefit parameter ``catastrophic_subsidy_eligible`` its explanation cites; the subsidy is
annual: per person and calendar year, the counted personal parts are summed and the subsidy is
``percent`` % of the sum above ``threshold``, at most ``cap`` (the numbers are not in the
documents: A-SET-20, ``claims/parameters.yaml``). What counts of a personal part is its part
within the policy scope — the deductible, the 先行自付 and the pooled share the person bore — not
全自费 or 超限价 amounts (A-SET-20).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yidi.domain.money import fmt_fen, parse_fen, round_half_up

ELIGIBLE = "catastrophic_subsidy_eligible"


@dataclass(frozen=True)
class SubsidyRule:
    threshold_fen: int
    percent: int
    cap_fen: int
    citation: str


def counted_part(output: dict[str, Any]) -> int:
    """The personal part of one settlement that counts (fen): 0 unless its explanation shows the
    settlement eligible; else ``psn_part_amt − fulamt_ownpay_amt − overlmt_selfpay``."""
    items = [e for e in output.get("explanation", []) if e.get("field") == "catastrophic_subsidy"]
    eligible = any(p.get("name") == ELIGIBLE and p.get("value") == "是" for e in items for p in e.get("parameters", []))
    if not eligible:
        return 0
    s = output["setlinfo"]
    part = sum(sign * parse_fen(s[k], k) for sign, k in ((1, "psn_part_amt"), (-1, "fulamt_ownpay_amt"), (-1, "overlmt_selfpay")))
    return max(part, 0)


def subsidy(counted_fen: int, rule: SubsidyRule) -> int:
    """``percent`` % of what exceeds the threshold (half-up to the fen), at most the cap."""
    above = max(counted_fen - rule.threshold_fen, 0)
    return min(round_half_up(Decimal(above) * rule.percent / 100), rule.cap_fen)


def person_year(outputs: Iterable[dict[str, Any]], rule: SubsidyRule) -> dict[str, Any]:
    """One person-year: the settlements' counted parts, their sum and the subsidy, explained."""
    counted = [counted_part(o) for o in outputs]
    total = sum(counted)
    pays = subsidy(total, rule)
    return {
        "counted_fen": total, "subsidy_fen": pays, "settlements_counted": sum(1 for c in counted if c),
        "rule": f"年度内纳入补助的个人负担 {fmt_fen(total)} 元，超过 {fmt_fen(rule.threshold_fen)} 元的部分按 "
                f"{rule.percent}% 补助，年度最高 {fmt_fen(rule.cap_fen)} 元：补助 {fmt_fen(pays)} 元（{rule.citation}）。",
    }  # fmt: skip
