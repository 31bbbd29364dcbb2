"""Properties of the kernel over random claims and policies (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from yidi.domain.settlement import kernel

amount = st.integers(0, 10**9)  # fen, up to 10 million yuan
ratio = st.integers(0, 10_000)
cap = st.one_of(st.just(kernel.UNLIMITED), st.integers(0, 10**8))
flag = st.integers(0, 1)


@st.composite
def claims(draw: st.DrawFn) -> dict[str, int]:
    return {
        "fulamt_ownpay_amt": draw(amount), "overlmt_selfpay": draw(amount), "preselfpay_amt": draw(amount),
        "inscp_scp_amt": draw(amount), "deductible": draw(st.integers(0, 500_000)),
        "continued_deductible": draw(flag), "dedc_paid_in_chain": draw(st.integers(0, 500_000)),
        "deductible_per_year": draw(flag), "ytd_act_pay_dedc": draw(st.integers(0, 500_000)),
        "pooled_ratio": draw(ratio), "pooled_annual_cap": draw(cap), "ytd_hifp_pay": draw(amount),
        "major_ratio": draw(ratio), "major_annual_cap": draw(cap), "ytd_hifob_pay": draw(amount),
        "cvlserv_ratio": draw(ratio), "cvlserv_annual_cap": draw(cap), "ytd_cvlserv_pay": draw(amount),
        "cvlserv_flag": draw(flag), "cvlserv_base_includes_preselfpay": draw(flag),
        "acct_used_flag": draw(flag), "acct_balc": draw(amount), "acct_pay_inscp_only": draw(flag),
    }  # fmt: skip


def run(rows: list[dict[str, int]]) -> kernel.KernelOutput:
    cols = {k: np.array([r[k] for r in rows], dtype=np.int64) for k in rows[0]}
    return kernel.settle(kernel.KernelInput(**cols))


def remaining(cap: int, ytd: int) -> int | None:
    return None if cap == kernel.UNLIMITED else max(cap - ytd, 0)


@settings(max_examples=400, deadline=None)
@given(st.lists(claims(), min_size=1, max_size=20))
def test_identities_and_bounds(rows: list[dict[str, int]]) -> None:
    out = run(rows)
    for i, c in enumerate(rows):
        r = out.row(i)
        assert all(v >= 0 for v in r.values()), r
        medfee = c["fulamt_ownpay_amt"] + c["overlmt_selfpay"] + c["preselfpay_amt"] + c["inscp_scp_amt"]
        assert r["medfee_sumamt"] == medfee
        assert r["fund_pay_sumamt"] == r["hifp_pay"] + r["hifob_pay"] + r["cvlserv_pay"]
        assert r["psn_part_amt"] == medfee - r["fund_pay_sumamt"] == r["acct_pay"] + r["psn_cash_pay"]
        assert r["act_pay_dedc"] <= min(c["inscp_scp_amt"], c["deductible"])
        assert r["pooled_base"] + r["major_base"] + r["above_caps"] + r["act_pay_dedc"] == c["inscp_scp_amt"]
        for pay, cap_name, ytd_name in (
            ("hifp_pay", "pooled_annual_cap", "ytd_hifp_pay"),
            ("hifob_pay", "major_annual_cap", "ytd_hifob_pay"),
            ("cvlserv_pay", "cvlserv_annual_cap", "ytd_cvlserv_pay"),
        ):
            limit = remaining(c[cap_name], c[ytd_name])
            assert limit is None or r[pay] <= limit
        assert r["acct_pay"] <= (c["acct_balc"] if c["acct_used_flag"] else 0)
        assert r["balc"] == c["acct_balc"] - r["acct_pay"]
        if not c["cvlserv_flag"]:
            assert r["cvlserv_pay"] == 0


@settings(max_examples=400, deadline=None)
@given(claims(), st.integers(0, 10**8), st.integers(0, 10**7))
def test_larger_bill_never_gets_less(c: dict[str, int], more_inscp: int, more_self: int) -> None:
    bigger = {
        **c,
        "inscp_scp_amt": c["inscp_scp_amt"] + more_inscp,
        "fulamt_ownpay_amt": c["fulamt_ownpay_amt"] + more_self,
    }
    small, large = run([c, bigger]).row(0), run([c, bigger]).row(1)
    for fund in ("hifp_pay", "hifob_pay", "cvlserv_pay", "fund_pay_sumamt"):
        assert large[fund] >= small[fund], fund


def test_cap_boundary_is_the_largest_base_that_fits() -> None:
    """With 1000.00 left and 89%, the pooled segment is 1123.60: 1123.60×0.89 = 1000.004 → 1000.00."""
    c = {name: 0 for name in kernel.input_fields()}
    c.update(
        inscp_scp_amt=1_000_000,
        pooled_ratio=8900,
        pooled_annual_cap=15_000_000,
        ytd_hifp_pay=14_900_000,
        major_ratio=7500,
        major_annual_cap=kernel.UNLIMITED,
    )
    r = run([c]).row(0)
    assert (r["pooled_base"], r["hifp_pay"]) == (112_360, 100_000)
    c2 = {**c, "inscp_scp_amt": 112_361}
    assert run([c2]).row(0)["hifp_pay"] == 100_000  # one more fen does not breach the cap
