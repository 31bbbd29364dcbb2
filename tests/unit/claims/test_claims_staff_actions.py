"""What a staff member is offered on a claim (issue 19 scope 8) is exactly what the workflow
would let them do: 审批同意 / 审批不同意 never to the reviewer (初审/审批 by two people,
辽社险办〔2017〕29号 附表1), 受理 only when the materials are complete, one return only
(异地就医结算问题清单 三(一)); and 审批不同意 itself: a second member, a written reason."""

from __future__ import annotations

import pytest
from claims_fixtures import CHIEF, CLERK, INPATIENT_MATERIALS, TODAY, bill, claimant, submit

from yidi.domain.claims import ClaimRefused, ClaimStatus, ClaimType, decisions, workflow
from yidi.domain.claims.actions import staff_actions, waiting_for

RELIEF = ClaimType.INPATIENT_RELIEF


def _reviewed(policy, calendar):
    who = claimant()
    claim = submit(policy, who, RELIEF, INPATIENT_MATERIALS, bill=bill())
    workflow.accept(claim, who, CLERK, TODAY, policy, calendar)
    decisions.review(claim, who, CLERK, TODAY, policy)
    return claim


def test_accept_is_offered_only_for_complete_materials(policy) -> None:
    complete = submit(policy, claimant(), RELIEF, INPATIENT_MATERIALS, bill=bill())
    partial = submit(policy, claimant(), RELIEF, ["medical_receipts"], bill=bill())
    assert staff_actions(complete, CLERK.user, policy, TODAY) == ["accept", "return", "reject"]
    assert staff_actions(partial, CLERK.user, policy, TODAY) == ["return", "reject"]


def test_the_reviewer_is_offered_no_approval_and_told_why(policy, calendar) -> None:
    claim = _reviewed(policy, calendar)
    assert staff_actions(claim, CLERK.user, policy, TODAY) == []
    assert "另一位经办人员" in waiting_for(claim, CLERK.user)
    assert staff_actions(claim, CHIEF.user, policy, TODAY) == ["approve", "disapprove"]
    with pytest.raises(ClaimRefused):  # what is not offered would be refused
        decisions.approve(claim, CLERK, TODAY)


def test_disapproval_needs_a_second_member_and_a_reason(policy, calendar) -> None:
    claim = _reviewed(policy, calendar)
    with pytest.raises(ClaimRefused) as same:
        decisions.disapprove(claim, CLERK, TODAY, reason_zh="票据不实")
    assert same.value.code == "SAME_REVIEWER"
    with pytest.raises(ClaimRefused) as bare:
        decisions.disapprove(claim, CHIEF, TODAY, reason_zh=" ")
    assert bare.value.code == "REASON_REQUIRED"
    decisions.disapprove(claim, CHIEF, TODAY, reason_zh="票据与病历日期不一致")
    assert claim.status is ClaimStatus.REJECTED
    assert claim.decision is not None and claim.decision["decision"] == "disapproved"
    assert "附表1" in str(claim.decision["clause"]) and claim.events[-1].action == "disapprove"
    assert staff_actions(claim, CHIEF.user, policy, TODAY) == []


def test_disapproval_is_only_for_a_reviewed_claim(policy) -> None:
    claim = submit(policy, claimant(), RELIEF, INPATIENT_MATERIALS, bill=bill())
    with pytest.raises(ClaimRefused) as exc:
        decisions.disapprove(claim, CHIEF, TODAY, reason_zh="x")
    assert exc.value.code == "INVALID_STATE"


def test_an_approved_claim_offers_payment_and_nothing_after(policy, calendar) -> None:
    claim = _reviewed(policy, calendar)
    decisions.approve(claim, CHIEF, TODAY)
    assert staff_actions(claim, CLERK.user, policy, TODAY) == ["pay"]
    decisions.pay(claim, claimant(), CLERK, TODAY, policy)
    assert staff_actions(claim, CLERK.user, policy, TODAY) == []
