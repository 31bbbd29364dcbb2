"""Translate a policy resolution into the kernel's integer inputs (one place, desk and batch)."""

from __future__ import annotations

from yidi.domain.settlement.kernel import UNLIMITED
from yidi.domain.settlement.resolution import Resolution


def policy_inputs(res: Resolution) -> dict[str, int]:
    """Kernel columns that come from the policy (fen, basis points, 0/1 flags; no cap = UNLIMITED)."""
    v = res.value

    def cap(name: str) -> int:
        c = res.cap(name)
        return UNLIMITED if c is None else c

    return {
        "deductible": res.number("deductible"),
        "continued_deductible": int(v("continued_deductible") is True),
        "deductible_per_year": int(v("deductible_basis") == "per_year"),
        "pooled_ratio": res.number("pooled_ratio"),
        "pooled_annual_cap": cap("pooled_annual_cap"),
        "major_ratio": res.number("major_ratio"),
        "major_annual_cap": cap("major_annual_cap"),
        "cvlserv_ratio": res.number("cvlserv_ratio"),
        "cvlserv_annual_cap": cap("cvlserv_annual_cap"),
        "cvlserv_base_includes_preselfpay": int(v("cvlserv_base_includes_preselfpay") is True),
        "acct_pay_inscp_only": int(v("acct_pay_scope") == "inscp_personal"),
    }


POLICY_COLUMNS = (
    "deductible", "continued_deductible", "deductible_per_year", "pooled_ratio", "pooled_annual_cap",
    "major_ratio", "major_annual_cap", "cvlserv_ratio", "cvlserv_annual_cap",
    "cvlserv_base_includes_preselfpay", "acct_pay_inscp_only",
)  # fmt: skip
