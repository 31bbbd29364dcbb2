"""Commitment claw-backs (承诺制待遇差) deducted at a direct settlement, returned through clearing.

Seed 004 一(二): the 待遇差 of a revoked commitment filing "在参保人后续医保结算时予以扣减"; at a
direct settlement (2304 / 2207) it is deducted as a negative 其他支出 (A-SET-19): the funds' own
columns (``hifp_pay`` …) stay what the kernel computed, ``fund_pay_sumamt`` is less by the amount
and the person pays it in cash at the desk. Issue 16 §5: such claw-backs enter the next clearing
as returns to the insured region, each with its reference. So in the statement builder:

* a settlement's line carries what the funds paid for the stay (``fund_pay_sumamt`` + the
  deduction) and the stay's own cash (``psn_cash_pay`` − the deduction), so the statement's fund
  split adds up to its fund part;
* the deduction becomes a return of kind ``clawback`` with id ``CB-<setl_id>`` (idempotent: one
  per settlement, never twice), decided at the settlement's time — it joins the statement of the
  month the settlement is cleared in, is journaled back along the route on confirmation
  (hospital → 就医地 → 参保地) and the 参保地 pays net of it: the same money as the netting, now
  visible with its reference;
* a reversal row of such a settlement stays as settled (net): the hospital refunds the person's
  cash, the claw-back is due again, and the fund split of the statement shows the reopened amount
  under the recovery code ``999901`` (``domain.settlement.recovery``) so it still adds up.

The deduction is recognised from the amounts alone (funds' columns − ``fund_pay_sumamt`` > 0 on
a settlement row), no JSON is read: the builder stays one set-based pass over a million rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import and_, case, exists, literal, literal_column, select

from yidi.adapters.clearing_journal import Db
from yidi.adapters.orm_clearing import lines as ln
from yidi.adapters.orm_clearing import returns as rt
from yidi.adapters.orm_hospital import settlements as s
from yidi.domain.clearing.funds import FUND_COLUMNS
from yidi.domain.clearing.month import Month
from yidi.domain.settlement.recovery import FUND_PAY_TYPE

ZERO: Any = literal_column("0")
RETURN_PREFIX = "CB-"


def _funds(cols: Any) -> Any:
    total = cols[FUND_COLUMNS[0]]
    for c in FUND_COLUMNS[1:]:
        total = total + cols[c]
    return total


def deducted() -> Any:
    """The 待遇差 a settlement row deducted (fen, 0 for any other row)."""
    gap = _funds(s.c) - s.c.fund_pay_sumamt
    return case((and_(s.c.kind == "settle", gap > 0), gap), else_=ZERO)


def reopened(lines: Any = ln.c) -> Any:
    """On a statement line: the deduction a reversal row gives back (fen, 0 for any other line)."""
    gap = lines.fund_pay_sumamt - _funds(lines)
    return case((and_(lines.refd_setl_flag == "1", gap > 0), gap), else_=ZERO)


def insert_returns(db: Db, month: Month, in_month: Callable[[Any], Any]) -> None:
    """A ``clawback`` return for every settlement of the month's new lines that deducted a 待遇差
    and has none yet, left for ``_join_carried_and_returns`` to put into the month's statement.

    The line is looked up per candidate (a scalar subquery by primary key), not as EXISTS: the
    planner turns an EXISTS into a semi-join over the whole month of lines before the cheap filter
    on the amounts has left the few settlements that deducted anything — 3.7 s of a 1 M month."""
    amount = deducted()
    line_statement = select(ln.c.statement_id).where(ln.c.setl_id == s.c.setl_id).scalar_subquery()
    src = (
        select(
            literal(RETURN_PREFIX) + s.c.setl_id,
            literal("clawback"),
            s.c.setl_id,
            select(ln.c.insuplc_admdvs).where(ln.c.setl_id == s.c.setl_id).scalar_subquery(),
            select(ln.c.mdtrtarea_admvs).where(ln.c.setl_id == s.c.setl_id).scalar_subquery(),
            s.c.hospital_code,
            amount,
            literal("扣减撤销的承诺制备案待遇差：直接结算时由参保人现金支付，返还参保地（2025 通知 一(二)）"),
            s.c.setl_time,
        )
        .where(
            s.c.kind == "settle",
            _funds(s.c) > s.c.fund_pay_sumamt,
            s.c.setl_time < month.end,
            in_month(line_statement),
            ~exists().where(rt.c.id == literal(RETURN_PREFIX) + s.c.setl_id),
        )
    )  # fmt: skip
    cols = ["id", "kind", "setl_id", "insuplc_admdvs", "mdtrtarea_admvs", "hospital_code", "amount", "reason",
            "decided_at"]  # fmt: skip
    db.execute(rt.insert().from_select(cols, src))


RECOVERY_FUND = FUND_PAY_TYPE
