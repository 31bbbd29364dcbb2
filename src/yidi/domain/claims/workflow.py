"""The claim workflow (办理流程): submit → accept → review → approve / reject → pay, with at most
one return for materials, withdrawal, and the hold of claims under an open commitment.

Every step checks the acting role (staff 经办人员 decide; the person or the employer's agent
submits), moves along ``kinds.TRANSITIONS`` or refuses with ``INVALID_STATE``, and appends a
``ClaimEvent`` carrying the bilingual reason, the rule id and the clause.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from yidi.domain.actors import Actor, Role
from yidi.domain.claims.catalogue import ClaimsPolicy
from yidi.domain.claims.claim import Claim, ClaimEvent
from yidi.domain.claims.claimant import Claimant
from yidi.domain.claims.duplicates import check_duplicates
from yidi.domain.claims.eligibility import Application, check
from yidi.domain.claims.kinds import STATUS_ZH, TRANSITIONS, ClaimStatus
from yidi.domain.claims.notice import check_kinds, missing
from yidi.domain.claims.promise import is_held, promise_reason, start_promise
from yidi.domain.claims.refusal import COMMITMENT_CLAUSE, ONE_TIME_NOTICE, reason, refuse
from yidi.domain.claims.workcalendar import WorkingCalendar
from yidi.domain.errors import InvalidInput
from yidi.domain.filing.clauses import Reason

STAFF = frozenset({Role.STAFF})
APPLICANTS = frozenset({Role.CITIZEN, Role.STAFF})


def require_role(actor: Actor, roles: frozenset[Role], action: str) -> None:
    if actor.role not in roles:
        raise refuse(
            "ROLE_NOT_ALLOWED", "claims.role",
            f"{actor.role} 不能办理“{action}”，须由 {'/'.join(sorted(roles))} 办理",
            f"role {actor.role} may not {action}", None, "actor", action=action, allowed=sorted(roles),
        )  # fmt: skip


def ensure(claim: Claim, to: ClaimStatus, action: str, *, stay: bool = False) -> None:
    """Refuse ``action`` unless the state machine allows the move (or ``stay`` for a note)."""
    before = claim.status
    if not (stay and to is before) and to not in TRANSITIONS[before]:
        raise refuse(
            "INVALID_STATE", "claims.state.transition",
            f"报销申请当前状态为“{STATUS_ZH[before]}”，不能{action}（→ {STATUS_ZH[to]}）",
            f"claim is {before}; cannot {action} (to {to})", None, "status", to=str(to), status=str(before),
        )  # fmt: skip


def record(
    claim: Claim, actor: Actor, today: date, action: str, to: ClaimStatus,
    reasons: Iterable[Reason] = (), **details: Any,
) -> ClaimEvent:  # fmt: skip
    """Move the claim to ``to`` (refused unless the machine allows it) and append the event."""
    before = claim.status
    ensure(claim, to, action, stay=action in ("submit", "release_hold"))
    rs = list(reasons)
    clauses = list(dict.fromkeys(str(r.clause) for r in rs if r.clause))
    event = ClaimEvent(
        claim_id=claim.id, at=datetime.now(UTC), on=today, actor=str(actor), channel=str(actor.channel),
        action=action, from_status=None if action == "submit" else str(before), to_status=str(to),
        reason="；".join(r.zh for r in rs), rule_id=",".join(r.rule_id for r in rs) or None,
        clause="；".join(clauses) or None,
        details={**details, "reasons": [r.as_dict() for r in rs]},
    )  # fmt: skip
    claim.status = to
    claim.events.append(event)
    return event


def submit(
    claim_id: str, claimant: Claimant, app: Application, materials: Iterable[str], actor: Actor, today: date,
    policy: ClaimsPolicy, *, direct_inpatient_settlements: int = 0, existing: Iterable[Claim] = (),
    overlapping_direct_settlements: int = 0,
) -> Claim:  # fmt: skip
    """Check the application and open the claim; the event keeps the one-time notice's gaps.
    ``existing`` are the person's claims and ``overlapping_direct_settlements`` the valid direct
    inpatient settlements overlapping the bill (both for the double-payment check)."""
    require_role(actor, APPLICANTS, "提交报销申请")
    check_duplicates(app, existing, overlapping_direct_settlements)
    kinds = check_kinds(policy, app.claim_type, materials, "materials")
    reasons, filing = check(
        policy, claimant, app, today, direct_inpatient_settlements=direct_inpatient_settlements
    )
    claim = Claim(
        id=claim_id, person_id_number=claimant.id_number, claim_type=app.claim_type,
        insured_region=claimant.insured_region, status=ClaimStatus.SUBMITTED, submitted_on=today,
        bill=app.bill, evidence=app.evidence, filing_id=filing.id if filing else None,
        refund_year=app.refund_year, materials=kinds,
    )  # fmt: skip
    record(
        claim,
        actor,
        today,
        "submit",
        ClaimStatus.SUBMITTED,
        reasons,
        missing=missing(policy, app.claim_type, kinds),
    )
    return claim


def accept(
    claim: Claim,
    claimant: Claimant,
    actor: Actor,
    today: date,
    policy: ClaimsPolicy,
    calendar: WorkingCalendar,
) -> Claim:
    """Accept a complete claim (受理) and promise a date; refuse while anything is missing."""
    require_role(actor, STAFF, "受理")
    ensure(claim, ClaimStatus.ACCEPTED, "受理")
    lacking = missing(policy, claim.claim_type, claim.materials)
    if lacking:
        labels = "、".join(policy.label(k) for k in lacking)
        can_return = claim.returns < policy.value("max_returns", today)
        raise refuse(
            "MATERIALS_MISSING", "claims.accept.complete",
            f"材料不齐，不能受理：缺 {labels}" + ("（请一次性告知后退回补正）" if can_return else "（已退回过一次，可不予报销）"),
            f"materials missing: {lacking}", ONE_TIME_NOTICE, "materials",
            suggestion={"operation": "return" if can_return else "reject"}, missing=lacking,
        )  # fmt: skip
    reasons = [reason("claims.accept.complete", "材料齐全，予以受理", "complete: accepted", ONE_TIME_NOTICE)]
    promise_reasons, details = start_promise(claim, claimant, today, policy, calendar)
    record(claim, actor, today, "accept", ClaimStatus.ACCEPTED, reasons + promise_reasons, **details)
    claim.accepted_on = today
    return claim


def release_hold(
    claim: Claim,
    claimant: Claimant,
    actor: Actor,
    today: date,
    policy: ClaimsPolicy,
    calendar: WorkingCalendar,
) -> bool:
    """The filing's materials are complete: start the promise from today. True if released."""
    if not claim.held or is_held(claim, claimant, policy, today):
        return False
    n = policy.value("promised_working_days", today)
    claim.held, claim.promised_on = False, calendar.add_working_days(today, n)
    why = reason(
        "claims.commitment.released",
        "备案材料已补齐，恢复审核",
        "filing complete: hold released",
        COMMITMENT_CLAUSE,
    )
    record(
        claim,
        actor,
        today,
        "release_hold",
        claim.status,
        [why, promise_reason(claim.promised_on, n, today, policy, calendar)],
    )
    return True


def return_for_materials(
    claim: Claim, actor: Actor, today: date, policy: ClaimsPolicy, calendar: WorkingCalendar,
    *, problems: Iterable[str] = (), note: str = "",
) -> Claim:  # fmt: skip
    """Send the claim back once, listing everything missing or unusable (一次性告知)."""
    require_role(actor, STAFF, "退回补正")
    ensure(claim, ClaimStatus.RETURNED, "退回补正")
    limit = policy.value("max_returns", today)
    if claim.returns >= limit:
        raise refuse(
            "RETURN_ALREADY_USED", "claims.return.once",
            f"已于此前一次性告知并退回补正，不能再次退回（至多 {limit} 次）；材料仍不齐的可不予报销",
            f"the claim was already returned {claim.returns} time(s); at most {limit}",
            ONE_TIME_NOTICE, "status", suggestion={"operation": "reject"}, returns=claim.returns,
        )  # fmt: skip
    flagged = check_kinds(policy, claim.claim_type, problems, "problems")
    notice = [k for k in missing(policy, claim.claim_type, claim.materials) if k not in flagged] + flagged
    if not notice:
        raise InvalidInput.of(
            "problems",
            "材料齐全，无可退回事项；请列出不合格的材料",
            "nothing is missing: list the unusable materials",
        )
    if claim.status is ClaimStatus.ACCEPTED and claim.promised_on is not None:
        claim.paused_working_days = max(0, calendar.working_days_between(today, claim.promised_on))
    labels = "、".join(policy.label(k) for k in notice)
    why = reason(
        "claims.return.once", f"一次性告知，请补正：{labels}" + (f"（{note}）" if note else ""),
        f"returned once for: {notice}", ONE_TIME_NOTICE, "materials", missing=notice,
    )  # fmt: skip
    record(claim, actor, today, "return", ClaimStatus.RETURNED, [why], notice=notice, note=note)
    claim.returns += 1
    claim.return_notice = notice
    claim.materials = [k for k in claim.materials if k not in flagged]
    claim.promised_on = None
    return claim


def resubmit(
    claim: Claim, actor: Actor, today: date, policy: ClaimsPolicy, materials: Iterable[str]
) -> Claim:
    """Hand in the materials of the notice; the claim goes back to the counter (submitted)."""
    require_role(actor, APPLICANTS, "补正材料")
    if claim.status is not ClaimStatus.RETURNED:  # only a returned claim takes materials back
        raise refuse(
            "INVALID_STATE", "claims.state.transition",
            f"报销申请当前状态为“{STATUS_ZH[claim.status]}”，只有退回补正的申请才能补正材料",
            f"claim is {claim.status}; only a returned claim can be resubmitted", None, "status",
            status=str(claim.status),
        )  # fmt: skip
    added = check_kinds(policy, claim.claim_type, materials, "materials")
    claim_materials = claim.materials + [k for k in added if k not in claim.materials]
    lacking = [k for k in claim.return_notice if k not in claim_materials]
    why = reason("claims.resubmit", "补正材料" + ("；仍缺：" + "、".join(policy.label(k) for k in lacking) if lacking else "齐全"),
                 "materials resupplied", ONE_TIME_NOTICE, missing=lacking)  # fmt: skip
    record(claim, actor, today, "resubmit", ClaimStatus.SUBMITTED, [why], added=added, missing=lacking)
    claim.materials = claim_materials
    return claim


def withdraw(claim: Claim, actor: Actor, today: date, note: str = "") -> Claim:
    require_role(actor, APPLICANTS, "撤回")
    why = reason(
        "claims.withdraw", "申请人撤回" + (f"：{note}" if note else ""), "withdrawn by the applicant"
    )
    record(claim, actor, today, "withdraw", ClaimStatus.WITHDRAWN, [why])
    claim.promised_on = None
    return claim
