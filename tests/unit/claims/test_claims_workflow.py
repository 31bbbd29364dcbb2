"""Every transition of the claim workflow, every refused transition, the single return with the
complete list of what is missing (一次性告知), roles, four eyes, the commitment hold and the
credit-default deduction."""

from __future__ import annotations

from datetime import date

import pytest
from claims_fixtures import (
    CHIEF,
    CITIZEN,
    CLERK,
    HOSPITAL,
    INPATIENT_MATERIALS,
    TODAY,
    bill,
    claimant,
    filing,
    submit,
)

from yidi.domain.claims import ClaimRefused, ClaimStatus, ClaimType, decisions, workflow
from yidi.domain.claims.kinds import TRANSITIONS
from yidi.domain.errors import InvalidInput

RELIEF = ClaimType.INPATIENT_RELIEF


def _submitted(policy, who=None, materials=INPATIENT_MATERIALS):
    who = who or claimant()
    return who, submit(policy, who, RELIEF, materials, bill=bill())


def _code(exc: pytest.ExceptionInfo[ClaimRefused]) -> str:
    return exc.value.code


def test_the_happy_path_records_who_when_from_and_to(policy, calendar) -> None:
    who, claim = _submitted(policy, materials=INPATIENT_MATERIALS)
    workflow.accept(claim, who, CLERK, TODAY, policy, calendar)
    decisions.review(claim, who, CLERK, TODAY, policy)
    decisions.approve(claim, CHIEF, TODAY)
    decisions.pay(claim, who, CHIEF, TODAY, policy)
    steps = [(e.action, e.from_status, e.to_status, e.actor) for e in claim.events]
    assert steps == [
        ("submit", None, "submitted", "staff:li"),
        ("accept", "submitted", "accepted", "staff:li"),
        ("review", "accepted", "reviewed", "staff:li"),
        ("approve", "reviewed", "approved", "staff:zhao"),
        ("pay", "approved", "paid", "staff:zhao"),
    ]
    assert all(e.reason and e.on == TODAY for e in claim.events)
    assert claim.events[1].clause and "三(一)" in claim.events[1].clause  # one-time notice clause


def test_accepting_an_incomplete_claim_is_refused_with_everything_missing(policy, calendar) -> None:
    who, claim = _submitted(policy, materials=["medical_receipts"])
    with pytest.raises(ClaimRefused) as exc:
        workflow.accept(claim, who, CLERK, TODAY, policy, calendar)
    assert _code(exc) == "MATERIALS_MISSING"
    assert exc.value.reason.params["missing"] == [
        "inpatient_record_original",
        "fee_details",
        "card_or_id_copy",
    ]
    assert exc.value.suggestion == {"operation": "return"}
    assert claim.status is ClaimStatus.SUBMITTED and len(claim.events) == 1


def test_a_claim_is_returned_at_most_once_and_the_return_lists_everything(policy, calendar) -> None:
    who, claim = _submitted(policy, materials=["medical_receipts"])
    workflow.return_for_materials(
        claim, CLERK, TODAY, policy, calendar, problems=["medical_receipts"], note="票据模糊"
    )
    assert claim.status is ClaimStatus.RETURNED and claim.returns == 1
    assert claim.return_notice == [
        "inpatient_record_original",
        "fee_details",
        "card_or_id_copy",
        "medical_receipts",
    ]
    assert "medical_receipts" not in claim.materials  # the unusable receipt is handed back
    workflow.resubmit(claim, CITIZEN, TODAY, policy, ["inpatient_record_original", "fee_details"])
    assert claim.status is ClaimStatus.SUBMITTED
    with pytest.raises(ClaimRefused) as exc:
        workflow.return_for_materials(claim, CLERK, TODAY, policy, calendar)
    assert _code(exc) == "RETURN_ALREADY_USED" and exc.value.suggestion == {"operation": "reject"}
    with pytest.raises(ClaimRefused) as exc:
        workflow.accept(claim, who, CLERK, TODAY, policy, calendar)
    assert exc.value.suggestion == {"operation": "reject"}
    decisions.reject(
        claim, CLERK, TODAY, reason_zh="一次性告知的材料逾期未补齐", clause="异地就医结算问题清单 三(一)"
    )
    assert claim.status is ClaimStatus.REJECTED and claim.decision["clause"] == "异地就医结算问题清单 三(一)"


def test_a_reviewer_return_after_acceptance_pauses_the_promise(policy, calendar) -> None:
    who, claim = _submitted(policy)
    workflow.accept(claim, who, CLERK, date(2026, 3, 16), policy, calendar)
    assert claim.promised_on == date(2026, 4, 14)  # 20 working days, 清明 4-4…4-6 skipped
    workflow.return_for_materials(claim, CLERK, date(2026, 3, 18), policy, calendar, problems=["fee_details"])
    assert claim.paused_working_days == 18 and claim.promised_on is None
    workflow.resubmit(claim, CITIZEN, date(2026, 3, 30), policy, ["fee_details"])
    workflow.accept(claim, who, CLERK, date(2026, 3, 30), policy, calendar)
    assert claim.promised_on == calendar.add_working_days(date(2026, 3, 30), 18)


def test_return_needs_something_to_return(policy, calendar) -> None:
    _, claim = _submitted(policy)
    with pytest.raises(InvalidInput):
        workflow.return_for_materials(claim, CLERK, TODAY, policy, calendar)


@pytest.mark.parametrize(
    ("status", "operation"),
    [
        (ClaimStatus.SUBMITTED, "review"), (ClaimStatus.SUBMITTED, "approve"), (ClaimStatus.SUBMITTED, "pay"),
        (ClaimStatus.SUBMITTED, "resubmit"), (ClaimStatus.ACCEPTED, "accept"), (ClaimStatus.ACCEPTED, "approve"),
        (ClaimStatus.ACCEPTED, "reject"), (ClaimStatus.REVIEWED, "pay"), (ClaimStatus.REVIEWED, "withdraw"),
        (ClaimStatus.REVIEWED, "return"), (ClaimStatus.APPROVED, "reject"), (ClaimStatus.APPROVED, "withdraw"),
        (ClaimStatus.PAID, "pay"), (ClaimStatus.PAID, "withdraw"), (ClaimStatus.REJECTED, "approve"),
        (ClaimStatus.WITHDRAWN, "accept"), (ClaimStatus.RETURNED, "accept"), (ClaimStatus.RETURNED, "review"),
    ],
)  # fmt: skip
def test_refused_transitions_change_nothing(policy, calendar, status, operation) -> None:
    who, claim = _submitted(policy)
    claim.status, claim.reviewed_by = status, "li"
    claim.recommendation = {"decision": "reject", "reasons": []} if operation == "reject" else None
    events = len(claim.events)
    ops = {
        "accept": lambda: workflow.accept(claim, who, CLERK, TODAY, policy, calendar),
        "review": lambda: decisions.review(claim, who, CLERK, TODAY, policy),
        "approve": lambda: decisions.approve(claim, CHIEF, TODAY),
        "reject": lambda: decisions.reject(claim, CHIEF, TODAY, reason_zh="x", clause="y"),
        "pay": lambda: decisions.pay(claim, who, CHIEF, TODAY, policy),
        "withdraw": lambda: workflow.withdraw(claim, CITIZEN, TODAY),
        "return": lambda: workflow.return_for_materials(
            claim, CLERK, TODAY, policy, calendar, problems=["fee_details"]
        ),
        "resubmit": lambda: workflow.resubmit(claim, CITIZEN, TODAY, policy, ["fee_details"]),
    }
    with pytest.raises(ClaimRefused) as exc:
        ops[operation]()
    assert _code(exc) == "INVALID_STATE"
    assert claim.status is status and len(claim.events) == events


def test_the_state_machine_has_no_way_out_of_terminal_states() -> None:
    for terminal in (ClaimStatus.PAID, ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN):
        assert TRANSITIONS[terminal] == frozenset()


@pytest.mark.parametrize("status", [ClaimStatus.SUBMITTED, ClaimStatus.RETURNED, ClaimStatus.ACCEPTED])
def test_the_applicant_may_withdraw_before_review(policy, status) -> None:
    _, claim = _submitted(policy)
    claim.status = status
    workflow.withdraw(claim, CITIZEN, TODAY, "已在参保地报销")
    assert claim.status is ClaimStatus.WITHDRAWN and claim.events[-1].from_status == str(status)


def test_staff_decide_citizens_and_hospitals_do_not(policy, calendar) -> None:
    who, claim = _submitted(policy)
    for actor in (CITIZEN, HOSPITAL):
        with pytest.raises(ClaimRefused) as exc:
            workflow.accept(claim, who, actor, TODAY, policy, calendar)
        assert _code(exc) == "ROLE_NOT_ALLOWED"
    with pytest.raises(ClaimRefused):
        submit(policy, who, RELIEF, INPATIENT_MATERIALS, bill=bill(), actor=HOSPITAL)


def test_approval_needs_a_second_person(policy, calendar) -> None:
    who, claim = _submitted(policy)
    workflow.accept(claim, who, CLERK, TODAY, policy, calendar)
    decisions.review(claim, who, CLERK, TODAY, policy)
    with pytest.raises(ClaimRefused) as exc:
        decisions.approve(claim, CLERK, TODAY)
    assert _code(exc) == "SAME_REVIEWER" and "附表1" in str(exc.value.reason.clause)


def test_a_rejection_needs_a_reason_and_a_clause(policy, calendar) -> None:
    who, claim = _submitted(policy)
    workflow.accept(claim, who, CLERK, TODAY, policy, calendar)
    decisions.review(claim, who, CLERK, TODAY, policy)
    with pytest.raises(ClaimRefused) as exc:
        decisions.reject(claim, CHIEF, TODAY, reason_zh="票据不实")
    assert _code(exc) == "REASON_REQUIRED"
    decisions.reject(
        claim, CHIEF, TODAY, reason_zh="票据不实", clause="辽医保中心发〔2021〕45号 五(一)（有效医疗票据）"
    )
    assert claim.decision and claim.decision["decision"] == "rejected" and claim.promised_on is None


def test_a_claim_under_an_open_commitment_is_accepted_but_waits(policy, calendar) -> None:
    """seed 001 三(二).3: 手工报销的可先行受理报销材料，待材料补充齐全后再进行审核结算拨付."""
    pending = claimant(filing(commitment_open=True))
    claim = submit(policy, pending, RELIEF, INPATIENT_MATERIALS, bill=bill(), filing_id="F1")
    workflow.accept(claim, pending, CLERK, TODAY, policy, calendar)
    assert claim.status is ClaimStatus.ACCEPTED and claim.held and claim.promised_on is None
    with pytest.raises(ClaimRefused) as exc:
        decisions.review(claim, pending, CLERK, TODAY, policy)
    assert _code(exc) == "COMMITMENT_PENDING" and "三(二).3" in str(exc.value.reason.clause)
    fulfilled = claimant(filing(commitment_open=False))
    assert not workflow.release_hold(claim, pending, CLERK, TODAY, policy, calendar)
    assert workflow.release_hold(claim, fulfilled, CLERK, date(2026, 3, 20), policy, calendar)
    assert claim.promised_on == calendar.add_working_days(date(2026, 3, 20), 20)
    decisions.review(claim, fulfilled, CLERK, TODAY, policy)
    decisions.approve(claim, CHIEF, TODAY)
    decisions.pay(claim, fulfilled, CHIEF, TODAY, policy)
    assert claim.status is ClaimStatus.PAID


def test_payment_waits_for_the_commitment_too(policy, calendar) -> None:
    fulfilled, pending = claimant(filing()), claimant(filing(commitment_open=True))
    claim = submit(policy, fulfilled, RELIEF, INPATIENT_MATERIALS, bill=bill(), filing_id="F1")
    workflow.accept(claim, fulfilled, CLERK, TODAY, policy, calendar)
    decisions.review(claim, fulfilled, CLERK, TODAY, policy)
    decisions.approve(claim, CHIEF, TODAY)
    with pytest.raises(ClaimRefused) as exc:
        decisions.pay(claim, pending, CHIEF, TODAY, policy)
    assert _code(exc) == "COMMITMENT_PENDING" and claim.status is ClaimStatus.APPROVED


def test_a_credit_defaulter_has_the_benefit_difference_deducted(policy, calendar) -> None:
    """seed 004 一(二): 在参保人后续医保结算时对承诺制备案享受的待遇差予以扣减; seed 001 三(二).3 失信."""
    who = claimant(credit_default=True)
    claim = submit(policy, who, RELIEF, INPATIENT_MATERIALS, bill=bill())
    workflow.accept(claim, who, CLERK, TODAY, policy, calendar)
    assert "claims.credit_default" in (claim.events[-1].rule_id or "")
    decisions.review(claim, who, CLERK, TODAY, policy)
    decisions.approve(claim, CHIEF, TODAY)
    dues = [("S1", 100_000), ("S2", 400_000), ("S3", 20_000)]  # S2 does not fit into what is left
    payment = decisions.pay(claim, who, CHIEF, TODAY, policy, clawback=dues)
    assert payment.recovered == ("S1", "S3") and payment.deducted_fen == 120_000
    assert payment.paid_fen == 425_000 - 120_000 and claim.deducted_fen == 120_000
    assert payment.ytd_delta["hifp_pay"] == 425_000  # the fund still paid the whole benefit


def test_a_claim_on_a_revoked_commitment_filing_is_recommended_for_rejection(policy, calendar) -> None:
    who = claimant(filing(chronic_hospital="H11010100001"))
    claim = submit(policy, who, ClaimType.CHRONIC_OUTPATIENT, [
        "medical_record_original", "medical_receipts", "fee_details", "exam_reports_copy", "prescriptions_copy",
        "card_or_id_copy"], bill=bill("500.00"))  # fmt: skip
    workflow.accept(claim, who, CLERK, TODAY, policy, calendar)
    revoked = claimant(filing(status="revoked", chronic_hospital="H11010100001"), credit_default=True)
    decisions.review(claim, revoked, CLERK, TODAY, policy)
    assert claim.recommendation["decision"] == "reject"
    with pytest.raises(ClaimRefused) as exc:
        decisions.approve(claim, CHIEF, TODAY)
    assert _code(exc) == "REVIEW_RECOMMENDS_REJECTION"
    decisions.reject(claim, CHIEF, TODAY)
    assert claim.decision["rule_id"] == "claims.filing.revoked"
