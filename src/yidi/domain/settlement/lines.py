"""Fee lines (费用明细) and their four-way split (assumption A-SET-14, docs/assumptions.md):

全自费 (fully self-paid: 丙类 ``chrgitm_lv`` 3, or ``selfpay_prop`` ≥ 1) → ``fulamt_ownpay_amt``;
超限价 (above ``cnt × pric_uplmt_amt``) → ``overlmt_selfpay``;
乙类先行自付 ((line − 超限价) × ``selfpay_prop``) → ``preselfpay_amt``;
the rest is in scope (政策范围内) → ``inscp_scp_amt``.

A missing or zero ``pric_uplmt_amt`` means the item has no price cap. Whether 先行自付 is rounded
per line or on the total is the policy parameter ``preselfpay_rounding`` (A-SET-06).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yidi.domain.errors import InvalidInput
from yidi.domain.money import fmt_fen, parse_count, parse_fen, parse_ratio_bp, round_half_up

CHRGITM_LEVELS = {"1": "甲类", "2": "乙类", "3": "丙类（自费）"}
LINE_KEYS = {
    "det_item_fee_sumamt",
    "cnt",
    "pric",
    "pric_uplmt_amt",
    "chrgitm_lv",
    "selfpay_prop",
    "hilist_code",
    "hilist_name",
    "feedetl_sn",
}


@dataclass(frozen=True, slots=True)
class FeeLine:
    amount: int  # det_item_fee_sumamt, fen
    cap: int  # cnt × pric_uplmt_amt rounded half-up, fen; 0 = no price cap
    chrgitm_lv: str
    selfpay_prop: int  # basis points


@dataclass(frozen=True)
class Split:
    fulamt_ownpay_amt: int
    overlmt_selfpay: int
    preselfpay_amt: int
    inscp_scp_amt: int


def parse_fee_line(raw: Any, i: int) -> FeeLine:
    """Validate one fee line; amount must equal cnt × pric to the fen (±1 fen of rounding)."""
    where = f"fee_lines[{i}]"
    if not isinstance(raw, dict):
        raise InvalidInput.of(where, "费用明细应为对象", "a fee line must be an object")
    extra = set(raw) - LINE_KEYS
    if extra:
        name = sorted(extra)[0]
        raise InvalidInput.of(f"{where}.{name}", f"未知字段：{name}", f"unknown field: {name}")
    amount = parse_fen(raw.get("det_item_fee_sumamt"), f"{where}.det_item_fee_sumamt")
    lv = raw.get("chrgitm_lv")
    if lv not in CHRGITM_LEVELS:
        raise InvalidInput.of(
            f"{where}.chrgitm_lv",
            f"收费项目等级应为 1 甲 / 2 乙 / 3 自费，收到 {lv!r}",
            f"chrgitm_lv must be 1, 2 or 3, got {lv!r}",
        )
    prop = parse_ratio_bp(raw.get("selfpay_prop", "0"), f"{where}.selfpay_prop")
    cap = 0
    if "cnt" in raw or "pric" in raw:
        cnt = parse_count(raw.get("cnt"), f"{where}.cnt")
        pric = parse_fen(raw.get("pric"), f"{where}.pric")
        if abs(round_half_up(cnt * pric) - amount) > 1:
            raise InvalidInput.of(
                f"{where}.det_item_fee_sumamt",
                f"明细金额 {fmt_fen(amount)} 与 数量×单价 = {fmt_fen(round_half_up(cnt * pric))} 不符",
                f"det_item_fee_sumamt {fmt_fen(amount)} != cnt × pric = {fmt_fen(round_half_up(cnt * pric))}",
            )
        uplmt = raw.get("pric_uplmt_amt")
        if uplmt not in (None, ""):
            cap = round_half_up(cnt * parse_fen(uplmt, f"{where}.pric_uplmt_amt"))
    elif raw.get("pric_uplmt_amt") not in (None, ""):
        raise InvalidInput.of(
            f"{where}.cnt", "有限价时须提供 cnt 与 pric", "cnt and pric are required with pric_uplmt_amt"
        )
    return FeeLine(amount, cap, lv, prop)
