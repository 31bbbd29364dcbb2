"""Random sequences of workflow operations (hypothesis): whatever staff and applicants try,
a claim is returned at most once, every refusal leaves it exactly as it was, every change adds
one event whose from/to match, and a paid claim's payment is its reimbursement minus the
claw-back, never negative."""

from __future__ import annotations

import copy
from datetime import date, timedelta

from claims_fixtures import CHIEF, CITIZEN, CLERK, INPATIENT_MATERIALS, bill, claimant, filing, submit
from hypothesis import event as note_event
from hypothesis import given, settings
from hypothesis import strategies as st

from yidi.domain.claims import ClaimRefused, ClaimStatus, ClaimType, decisions, workflow
from yidi.domain.claims.kinds import TRANSITIONS
from yidi.domain.errors import InvalidInput

# the happy path is more frequent so that sequences reach review, approval and payment
OPS = (
    ("accept",) * 3
    + ("review", "approve", "pay") * 3
    + ("return", "resubmit", "reject", "withdraw", "release")
)
step = st.tuples(
    st.sampled_from(OPS),
    st.sampled_from([CLERK, CLERK, CHIEF, CHIEF, CITIZEN]),
    st.lists(st.sampled_from(INPATIENT_MATERIALS), max_size=4),
    st.integers(0, 5),
)


def _apply(op, claim, who, actor, today, materials, policy, calendar) -> None:  # type: ignore[no-untyped-def]
    if op == "accept":
        workflow.accept(claim, who, actor, today, policy, calendar)
    elif op == "return":
        workflow.return_for_materials(claim, actor, today, policy, calendar, problems=materials[:1])
    elif op == "resubmit":
        workflow.resubmit(claim, actor, today, policy, materials)
    elif op == "review":
        decisions.review(claim, who, actor, today, policy)
    elif op == "approve":
        decisions.approve(claim, actor, today)
    elif op == "reject":
        decisions.reject(claim, actor, today, reason_zh="材料不实", clause="辽医保中心发〔2021〕45号 五(一)")
    elif op == "pay":
        decisions.pay(claim, who, actor, today, policy, clawback=[("S", 1_000_000), ("T", 5_000)])
    elif op == "withdraw":
        workflow.withdraw(claim, actor, today)
    else:
        workflow.release_hold(claim, who, actor, today, policy, calendar)


def _state(claim):  # type: ignore[no-untyped-def]
    return copy.deepcopy({k: v for k, v in vars(claim).items() if k != "events"}), len(claim.events)


@settings(max_examples=150, deadline=None)
@given(
    start=st.one_of(st.just(INPATIENT_MATERIALS), st.lists(st.sampled_from(INPATIENT_MATERIALS), max_size=4)),
    committed=st.booleans(),
    noise=st.lists(st.tuples(step, st.integers(0, 4)), max_size=12),
    happy_days=st.lists(st.integers(0, 5), min_size=4, max_size=4),
)
def test_random_operation_sequences_keep_the_invariants(
    policy, calendar, start, committed, noise, happy_days
) -> None:
    # the happy path (accept, review, approve by a second person, pay) with random steps mixed in
    happy = [
        (op, actor, list(INPATIENT_MATERIALS), d)
        for (op, actor), d in zip(
            [("accept", CLERK), ("review", CLERK), ("approve", CHIEF), ("pay", CHIEF)],
            happy_days,
            strict=True,
        )
    ]
    steps: list = []  # type: ignore[type-arg]
    for i, h in enumerate(happy):
        steps += [n for n, at in noise if at == i] + [h]
    steps += [n for n, at in noise if at == 4]
    pending, complete = claimant(filing(commitment_open=committed)), claimant(filing())
    claim = submit(policy, pending, ClaimType.INPATIENT_RELIEF, start, bill=bill(), filing_id="F1")
    today = date(2026, 3, 16)
    for op, actor, materials, days in steps:
        today += timedelta(days=days)
        who = pending if committed and days < 3 else complete  # the commitment is fulfilled at some point
        before = _state(claim)
        status = claim.status
        try:
            _apply(op, claim, who, actor, today, materials, policy, calendar)
        except (ClaimRefused, InvalidInput):
            assert _state(claim) == before
            continue
        if len(claim.events) > before[1]:
            event = claim.events[-1]
            assert event.from_status == str(status) and event.to_status == str(claim.status)
            assert claim.status is status or claim.status in TRANSITIONS[status]
            assert event.rule_id and event.reason
        assert claim.returns <= 1
        if claim.status is ClaimStatus.PAID:
            assert claim.paid_fen == claim.amounts["reimbursement"] - claim.deducted_fen >= 0
            assert claim.deducted_fen in (0, 5_000)  # whole settlements only: 1 000 000 never fits
        if claim.held:
            assert claim.promised_on is None
    note_event(f"final status: {claim.status}")
