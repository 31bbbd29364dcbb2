"""The settlement kernel (一单制结算核心): columns of integer fen in, every fund amount out.

One code path for the desk (a one-row call) and the batch (millions of rows): there is no
second copy of the rules. Order (issue 2 §3; the assumptions named are in docs/assumptions.md):

1. deductible actually charged  ``act_pay_dedc = min(inscp, max(0, std − credit))``, where the
   credit is the deductible already paid in a referral chain (连续计算, A-SET-05) and, when the
   policy charges it per year (A-SET-02), the deductible already charged this year (A-SET-15);
2. pooled fund (统筹) pays ``ratio × X`` for the first X of the base ``inscp − act_pay_dedc``, X
   as large as the remaining annual cap allows (A-SET-16: remaining = cap − year-to-date paid);
3. supplementary major-expense (大额) pays its ratio on the next segment, up to its own cap; the
   rest above both caps is the person's;
4. civil-servant subsidy (公务员补助) pays its ratio of the personal burden in those two segments
   (不含起付标准; 先行自付 only if the policy says so, A-SET-03);
5. the person's part is the residual (the national settlement identities, A-SET-06); the
   personal account pays up to its balance (A-SET-08).

Each fund amount is rounded once, half-up to the fen (A-SET-06). A segment boundary is the largest base
whose rounded payment still fits the remaining cap, so no fund ever exceeds its cap and a larger
bill never gets less.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]
SCALE = 10_000
HALF = SCALE // 2
# The cap used for "no cap" (null in policy files): above any possible amount (1e12 fen) plus any
# year-to-date total, yet small enough that (R + 1) × SCALE fits in int64.
UNLIMITED = 10**14


@dataclass
class KernelInput:
    """One column per field; all int64 (fen, basis points, or 0/1 flags). No cap = ``UNLIMITED``."""

    fulamt_ownpay_amt: I64
    overlmt_selfpay: I64
    preselfpay_amt: I64
    inscp_scp_amt: I64
    deductible: I64
    continued_deductible: I64
    dedc_paid_in_chain: I64
    deductible_per_year: I64
    ytd_act_pay_dedc: I64
    pooled_ratio: I64
    pooled_annual_cap: I64
    ytd_hifp_pay: I64
    major_ratio: I64
    major_annual_cap: I64
    ytd_hifob_pay: I64
    cvlserv_ratio: I64
    cvlserv_annual_cap: I64
    ytd_cvlserv_pay: I64
    cvlserv_flag: I64
    cvlserv_base_includes_preselfpay: I64
    acct_used_flag: I64
    acct_balc: I64
    acct_pay_inscp_only: I64


@dataclass
class KernelOutput:
    medfee_sumamt: I64
    act_pay_dedc: I64
    dedc_credit: I64
    pooled_base: I64
    pooled_remaining: I64
    hifp_pay: I64
    major_base: I64
    major_remaining: I64
    hifob_pay: I64
    above_caps: I64
    cvlserv_base: I64
    cvlserv_remaining: I64
    cvlserv_pay: I64
    fund_pay_sumamt: I64
    psn_part_amt: I64
    acct_pay: I64
    psn_cash_pay: I64
    balc: I64

    def row(self, i: int) -> dict[str, int]:
        return {f.name: int(getattr(self, f.name)[i]) for f in fields(self)}


def _remaining(cap: I64, ytd: I64) -> I64:
    """Annual cap left (A-SET-16); an UNLIMITED cap stays far above any amount after subtraction."""
    return np.maximum(cap - ytd, 0)


def _segment(rest: I64, remaining: I64, ratio: I64) -> tuple[I64, I64]:
    """(segment base, payment): the largest base ≤ rest whose half-up payment fits ``remaining``.

    round(b·r) ≤ R  ⇔  b·r + HALF < (R + 1)·SCALE  ⇔  b ≤ ((R + 1)·SCALE − HALF − 1) // r.
    A zero ratio takes the whole rest and pays nothing.
    """
    limit = ((remaining + 1) * SCALE - HALF - 1) // np.maximum(ratio, 1)
    base = np.where(ratio > 0, np.minimum(rest, limit), rest)
    return base, (base * ratio + HALF) // SCALE


def settle(k: KernelInput) -> KernelOutput:
    """Settle every row; vectorised, exact integer arithmetic."""
    inscp = k.inscp_scp_amt
    medfee = k.fulamt_ownpay_amt + k.overlmt_selfpay + k.preselfpay_amt + inscp
    credit = k.continued_deductible * k.dedc_paid_in_chain + k.deductible_per_year * k.ytd_act_pay_dedc
    dedc = np.minimum(inscp, np.maximum(k.deductible - credit, 0))
    base = inscp - dedc

    pooled_remaining = _remaining(k.pooled_annual_cap, k.ytd_hifp_pay)
    pooled_base, hifp = _segment(base, pooled_remaining, k.pooled_ratio)
    rest = base - pooled_base
    major_remaining = _remaining(k.major_annual_cap, k.ytd_hifob_pay)
    major_base, hifob = _segment(rest, major_remaining, k.major_ratio)
    above = rest - major_base

    cs_base = (
        (pooled_base - hifp) + (major_base - hifob) + k.cvlserv_base_includes_preselfpay * k.preselfpay_amt
    )
    cs_base = cs_base * k.cvlserv_flag
    cs_remaining = _remaining(k.cvlserv_annual_cap, k.ytd_cvlserv_pay)
    _, cvlserv = _segment(cs_base, cs_remaining, k.cvlserv_ratio)

    fund = hifp + hifob + cvlserv
    psn_part = medfee - fund  # hosp_part_amt is 0: no rule in the seeds puts a share on the hospital
    payable = np.where(
        k.acct_pay_inscp_only > 0, psn_part - k.fulamt_ownpay_amt - k.overlmt_selfpay, psn_part
    )
    acct = k.acct_used_flag * np.minimum(k.acct_balc, np.maximum(payable, 0))
    return KernelOutput(
        medfee_sumamt=medfee, act_pay_dedc=dedc, dedc_credit=np.minimum(credit, k.deductible),
        pooled_base=pooled_base, pooled_remaining=pooled_remaining, hifp_pay=hifp,
        major_base=major_base, major_remaining=major_remaining, hifob_pay=hifob, above_caps=above,
        cvlserv_base=cs_base, cvlserv_remaining=cs_remaining, cvlserv_pay=cvlserv,
        fund_pay_sumamt=fund, psn_part_amt=psn_part, acct_pay=acct, psn_cash_pay=psn_part - acct,
        balc=k.acct_balc - acct,
    )  # fmt: skip


def input_fields() -> list[str]:
    return [f.name for f in fields(KernelInput)]
