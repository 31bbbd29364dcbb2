"""The clearing parameters: one typed value with documented defaults.

The seeds fix the principles (002 第四条, 第五条; 004 三) but none of these numbers; each is an
assumption with an id (``A-CLR-nn``, registered in docs/assumptions.md) to confirm with the
agency. The values in force come from the dated rule data ``policy/data/clearing/parameters.yaml``
(``policy.clearing.clearing_parameters(on)``); these defaults are the same values, for pure
functions and tests, and a test keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Assumption:
    id: str
    parameter: str
    default: str
    reason: str


@dataclass(frozen=True)
class ClearingParameters:
    home_province: str = "210000"  # A-CLR-01: whose provincial platform carries cross-province flows
    close_after_days: int = 5  # A-CLR-02: month M may be cleared from M+1-01 + this many days
    confirm_days: int = 10  # A-CLR-03: 参保地 confirms or disputes within this many days of the build
    deemed_confirmed: bool = True  # A-CLR-03: silence past the deadline counts as confirmation
    pay_days: int = 15  # A-CLR-04: 参保地 pays within this many days of confirming
    hospital_pay_days: int = 10  # A-CLR-05: 就医地 pays its hospitals within this many days
    advance_months: int = 2  # A-CLR-06: advance fund = this many average months of fund payment
    advance_minimum_fen: int = 5_000_000  # A-CLR-07: 50 000 yuan
    advance_unit_fen: int = 1_000_000  # A-CLR-08: rounded up to 10 000 yuan
    usage_warning_bp: int = 7_000  # A-CLR-09: warning when a month uses ≥ 70 % of the advance fund
    clear_account_part: bool = True  # A-CLR-13: the 参保地 also pays what its persons' accounts paid


DEFAULTS = ClearingParameters()

ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption("A-CLR-01", "home_province", "210000",
               "Seed 002 第四条 names national, provincial and city systems but not the money route. "
               "Cross-province flows go through the provincial platform of Liaoning (the province yidi "
               "runs for), which faces the other province; flows between Liaoning's pooling regions "
               "(including 省直 219900) are direct between the two agencies."),
    Assumption("A-CLR-02", "close_after_days", "5",
               "A month is cleared once it has ended and the hospitals have had the first days of the "
               "next month to reconcile (3201/3202) and correct (2601) its last settlements."),
    Assumption("A-CLR-03", "confirm_days / deemed_confirmed", "10 / true",
               "The 参保地 must answer a statement within a fixed time or the clearing stalls; as in the "
               "national cross-province procedure, silence past the deadline counts as confirmation."),
    Assumption("A-CLR-04", "pay_days", "15",
               "Time for the 参保地 to move money after confirming; the seeds give no figure."),
    Assumption("A-CLR-05", "hospital_pay_days", "10",
               "Time for the 就医地 to pay its hospitals after the money arrived; no figure in the seeds."),
    Assumption("A-CLR-06", "advance_months", "2",
               "Seed 002 第五条 sets 先预付后清算 without a size; the national cross-province procedure "
               "sizes the advance at two months of the previous year's average fund payment."),
    Assumption("A-CLR-07", "advance_minimum_fen", "5 000 000 (50 000 yuan)",
               "A pair with little or no history still needs a buffer for one or two large inpatient "
               "stays (the 协查 threshold of seed 004 三(二) is 30 000 yuan)."),
    Assumption("A-CLR-08", "advance_unit_fen", "1 000 000 (10 000 yuan), rounded up",
               "Notices carry round amounts; rounding up never leaves the fund short."),
    Assumption("A-CLR-09", "usage_warning_bp", "7000 (70 %)",
               "The issue's threshold, after the national practice of an urgent top-up at 70 % usage."),
    Assumption("A-CLR-10", "top-up amount", "sizing rule applied to the month that warned",
               "A top-up brings the advance to advance_months × that month's cleared amount, rounded "
               "up to the unit, so the next such month uses half of it."),
    Assumption("A-CLR-11", "psntime", "settlements minus reversals",
               "人次 of a statement counts a reversal as −1 in the month it happens, like its amounts."),
    Assumption("A-CLR-12", "usage ratio", "month's cleared amount ÷ advance fund held",
               "The share of the standing advance that one month's clearing consumes, in basis points "
               "rounded half-up."),
    Assumption("A-CLR-13", "clear_account_part", "true",
               "Seed 002 第七条 settles 统筹基金 and 个人账户 in one bill: the hospital received no cash for "
               "the account part either, so the 参保地 pays it with the fund part."),
    Assumption("A-CLR-14", "clr_stas of a statement", "built 10, confirmed/paid by 参保地 20, paid to "
               "hospitals 50",
               "The hospital-side status codes (10 已申请, 20 已受理, 50 已清算) mapped onto the agency "
               "lifecycle; the interface reference gives the codes but not the mapping."),
)  # fmt: skip
