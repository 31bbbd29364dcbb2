"""退单 lines of 2301/2204 and how they net against their original line (the national interface:
fee details — ``init_feedetl_sn`` "退单时传入被退单的费用明细流水号", ``cnt`` "退单时数量填写负数").

A 退单 line returns part or all of an earlier line of the same visit: same catalogue code, same
unit price, a negative count no larger (in total, with earlier 退单 lines) than the original.
It is stored as its own line (so 5204 and the reconciliation show it) with negative amounts:
the difference between the original at its remaining net count and before this return. So the
lines of an original and its returns always add up to the original line at its net count, and
a settlement folds them into that one net line (``net_lines``) before splitting — the split of
the net line, not of a negative line. Settled lines are immutable: a return of a settled line is
refused (cancel the settlement with 2305 first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from yidi.domain.national.adjudication import FeeLineIn, columns
from yidi.domain.national.formats import yuan_times
from yidi.domain.national.visit import FeeLine
from yidi.domain.settlement.line_columns import split_columns
from yidi.domain.settlement.lines import Split


@dataclass(frozen=True)
class Refund:
    """A 退单 line accepted against its original: its amounts are the change of the net line."""

    original: FeeLine
    split: Split
    price_cap: int


def _split(amount: int, cap: int, original: FeeLine) -> Split:
    cols = columns([(amount, cap, int(original.chrgitm_lv), original.selfpay_prop_bp)])
    return split_columns(cols, per_line=True)


def _cap(cnt: Decimal, original: FeeLine) -> int:
    unit = original.pric_uplmt_amt
    return 0 if unit is None else yuan_times(cnt, Decimal(unit) / 100)


def check_refund(line: FeeLineIn, original: FeeLine | None, earlier: Sequence[FeeLine]) -> Refund | str:
    """The refund's amounts, or why it is refused (the text for ``memo`` / ``err_msg``).
    ``earlier`` are the 退单 lines already stored against the same original."""
    sn = line.init_feedetl_sn
    if original is None:
        return f"退单的原费用流水号 {sn} 在本次就诊中不存在"
    if original.init_feedetl_sn:
        return f"原费用流水号 {sn} 本身是退单行，不能再退"
    if original.setl_id is not None:
        return f"原费用明细 {sn} 已结算，不可更改；须先【2305】撤销结算再退单"
    if line.med_list_codg != original.med_list_codg or line.pric != original.pric:
        return f"退单行的医疗目录编码和单价须与原明细 {sn} 相同"
    before_cnt = original.cnt + sum((r.cnt for r in earlier), Decimal(0))
    after_cnt = before_cnt + line.cnt
    if after_cnt < 0:
        return f"退单数量 {-line.cnt} 超过原明细 {sn} 的剩余数量 {before_cnt}"
    before_amount = original.det_item_fee_sumamt + sum(r.det_item_fee_sumamt for r in earlier)
    before_cap = original.price_cap + sum(r.price_cap for r in earlier)
    after_amount, after_cap = before_amount + line.amount, _cap(after_cnt, original)
    if after_amount < 0:
        return f"退单金额超过原明细 {sn} 的剩余金额"
    b, a = _split(before_amount, before_cap, original), _split(after_amount, after_cap, original)
    delta = Split(
        a.fulamt_ownpay_amt - b.fulamt_ownpay_amt,
        a.overlmt_selfpay - b.overlmt_selfpay,
        a.preselfpay_amt - b.preselfpay_amt,
        a.inscp_scp_amt - b.inscp_scp_amt,
    )
    return Refund(original, delta, after_cap - before_cap)


def net_lines(fees: Sequence[FeeLine]) -> list[tuple[int, int, int, int]] | str:
    """(amount, price_cap, chrgitm_lv, selfpay_prop_bp) per original line with its returns folded
    in, for the settlement's split; or why the lines cannot be settled together (a return whose
    original is not among them)."""
    net: dict[str, list[int]] = {}
    for f in fees:
        if not f.init_feedetl_sn:
            net[f.feedetl_sn] = [f.det_item_fee_sumamt, f.price_cap, int(f.chrgitm_lv), f.selfpay_prop_bp]
    for f in fees:
        sn = f.init_feedetl_sn
        if not sn:
            continue
        if sn not in net:
            return f"退单行 {f.feedetl_sn} 的原明细 {sn} 不在本次结算的明细中"
        net[sn][0] += f.det_item_fee_sumamt
        net[sn][1] += f.price_cap
    return [(a, c, lv, p) for a, c, lv, p in net.values()]
