"""起付线连续计算: the deductible already paid in an in-province referral chain (seed 001 四.3).

For people in an assistance group (特困人员, 低保对象, 返贫致贫人口, 监测帮扶对象 — the person's
``assistance_group``), a referral within the province does not start a new deductible: what the
chain already paid counts. The kernel takes that amount as ``ytd.dedc_paid_in_chain`` and the
insured region's policy decides whether it applies (``continued_deductible``: 铁岭 enables it for
referrals); this module only supplies it. The chain is the referral filing (2501) that covers the
visit: the deductible of every valid settlement of the person's visits under that same filing
(reversed settlements no longer count). Anyone else, a non-referral visit, or a cross-province
referral (``pay_loc`` 4) gets 0 — the policy note requires 0 for everyone outside the groups.
"""

from __future__ import annotations

from yidi.domain.national.codes import PAY_LOC_IN_PROVINCE
from yidi.domain.national.visit import Visit
from yidi.service_layer.hospital.context import Call, PersonRow

REFERRAL = "referral"


def chain(call: Call, person: PersonRow, visit: Visit) -> int:
    """Deductible (fen) already paid in the visit's in-province referral chain, or 0."""
    if not person.assistance_group or visit.filing_category != REFERRAL or not visit.filing_id:
        return 0
    if visit.pay_loc != PAY_LOC_IN_PROVINCE:
        return 0
    return call.uow.hospital.deductible_paid_under(person.id_number, str(visit.filing_id))
