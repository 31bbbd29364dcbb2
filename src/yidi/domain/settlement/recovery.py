"""Deducting a revoked commitment's 待遇差 at a later direct settlement (seed 004 一(二)).

"未按承诺时限补齐材料的，撤销备案，承诺制备案期间享受的待遇差在参保人后续医保结算时予以扣减". The
benefit difference of each settlement made under the commitment is recorded on the filing
(``service_layer/hospital/clawback.py``); when the filing is revoked those amounts fall due, and
the person's next settlement — a manual claim's payment or, here, a direct settlement — deducts
them. How the deduction shows in a direct settlement (assumption A-SET-19):

* whole settlements, oldest first, as far as this settlement's fund payment covers them (the same
  order and rule as a claim's payment, ``domain/claims/decisions.pay``);
* the funds' own amounts (``hifp_pay``, …) and the year-to-date accumulators stay what the kernel
  computed for this stay; the recovery is a negative 其他支出 (``oth_pay``) with its own
  ``setldetail`` line, so ``fund_pay_sumamt`` is what the fund pays the hospital, net;
* the person pays it at the desk in cash (``psn_part_amt`` and ``psn_cash_pay`` grow by it; the
  personal account is not touched).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yidi.domain.money import fmt_fen
from yidi.domain.settlement.explain import truncate
from yidi.domain.settlement.fund_line import FundLine

CLAUSE = "辽宁省医保局 辽宁省财政厅《关于继续做好异地就医直接结算管理服务的通知》(2025) 一(二)"
FUND_PAY_TYPE = "999901"  # yidi's code of the recovery line (A-SET-19); not a national fund
FUND_PAY_TYPE_NAME = "扣减承诺制备案待遇差"
RECOVERED = "recovered_fen"  # the amounts' key of the deduction (the funds' payment before it is gross)


@dataclass(frozen=True)
class Recovery:
    fen: int
    settlement_ids: tuple[str, ...]


def plan(dues: list[tuple[str, int]], room: int) -> Recovery:
    """Whole ``(settlement_id, fen)`` dues, oldest first (as given), while they fit in ``room``."""
    total, ids = 0, []
    for settlement_id, fen in dues:
        if fen > 0 and total + fen <= room:
            total += fen
            ids.append(settlement_id)
    return Recovery(total, tuple(ids))


def apply(
    lines: list[FundLine], amounts: dict[str, int], r: Recovery
) -> tuple[list[FundLine], dict[str, int], dict[str, Any]]:
    """The settlement with the recovery deducted (its amounts: ``RECOVERED`` shows in setlinfo as
    a negative ``oth_pay``), its recovery line of setldetail, and its explanation item."""
    rule = (
        f"扣减撤销的承诺制备案在结算 {'、'.join(r.settlement_ids)} 中享受的待遇差 {fmt_fen(r.fen)} 元："
        f"基金向医院少支付该金额，由参保人现金支付（{CLAUSE}：承诺制备案期间享受的待遇差在参保人后续医保结算时予以扣减）。"
    )
    detail = [*lines, FundLine(FUND_PAY_TYPE, FUND_PAY_TYPE_NAME, 0, None, -r.fen, truncate(rule))]
    out = {
        **amounts,
        "fund_pay_sumamt": amounts["fund_pay_sumamt"] - r.fen,
        "psn_part_amt": amounts["psn_part_amt"] + r.fen,
        "psn_cash_pay": amounts["psn_cash_pay"] + r.fen,
        RECOVERED: r.fen,
    }
    item = {
        "field": "clawback_deducted", "amount": fmt_fen(r.fen), "rule": rule, "parameters": [],
        "values": {"settlements": list(r.settlement_ids)}, "clause": CLAUSE, "assumption_id": "A-SET-19",
    }  # fmt: skip
    return detail, out, item
