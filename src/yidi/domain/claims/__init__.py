"""Manual reimbursement (手工报销 / 零星报销) and the annual personal-account refund.

When direct settlement did not happen — no card, an emergency outpatient visit that became an
admission or ended in death, chronic-disease outpatient costs paid in advance, maternity outside
the province — the insured person claims at the agency (seed 000 五; seed 001 四.7); a 省直
person with no direct-settled inpatient costs in a year may have the personal-account funds
refunded in January (seed 002 第二十二条). Each claim is a tracked case: one complete notice of
materials (一次性告知), at most one return, a promised date in working days, and every decision
explained with its rule id and clause. See ``docs/claims.md``; the data is loaded by
``yidi.policy.claims``.
"""

from yidi.domain.claims.catalogue import ClaimsPolicy, ClaimTypeSpec
from yidi.domain.claims.claim import Bill, Claim, ClaimEvent, Evidence
from yidi.domain.claims.claimant import Claimant, FilingView
from yidi.domain.claims.kinds import ClaimStatus, ClaimType, Outcome
from yidi.domain.claims.refusal import ClaimRefused
from yidi.domain.claims.workcalendar import WorkingCalendar

__all__ = [
    "Bill",
    "Claim",
    "ClaimEvent",
    "ClaimRefused",
    "ClaimStatus",
    "ClaimType",
    "ClaimTypeSpec",
    "Claimant",
    "ClaimsPolicy",
    "Evidence",
    "FilingView",
    "Outcome",
    "WorkingCalendar",
]
