"""Changing a filing after it exists: cancel, change, supply materials, complete, deadlines.

Each operation returns the ``Change`` records the service layer turns into history entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from yidi.domain.errors import FilingRefused
from yidi.domain.filing.clauses import DOC_2021_45, DOC_2025, Clause, Reason
from yidi.domain.filing.commitment import ClawbackStatus, CommitmentStatus
from yidi.domain.filing.conflicts import check_no_overlap
from yidi.domain.filing.creation import MaterialIn, materials_notice, to_materials
from yidi.domain.filing.filing import Filing, FilingStatus
from yidi.domain.filing.locks import check_lock
from yidi.domain.filing.materials import PLACE_BOUND, Group, missing_groups, proof_valid_until
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.places import check_hospital, treatment_place
from yidi.domain.filing.rules import RegionRules
from yidi.domain.filing.scope import check_in_scope


@dataclass
class Change:
    filing: Filing
    action: str
    before: dict[str, object] | None
    reasons: list[Reason] = field(default_factory=list)


def _required(filing: Filing, rules: RegionRules, on: date) -> tuple[Group, ...]:
    return tuple(rules.as_dict("materials", on).get(filing.category, ()))


def cancel(person: InsuredPerson, filing_id: str, today: date, rules: RegionRules, why: str = "") -> Change:
    """Cancel (取消备案): temporary any time, long-term subject to the lock (seed 004 一(一))."""
    filing = person.filing(filing_id)
    before = filing.snapshot()
    reasons = [r for r in [check_lock(filing, "cancel", today, rules)] if r] if filing.in_force else []
    filing.move(FilingStatus.CANCELLED)
    # end_reason is a short label (64 chars); the full words also go to the history entry
    filing.ended_on, filing.end_reason = today, (why or "cancelled")[:64]
    if filing.commitment and filing.commitment.status is CommitmentStatus.OPEN:
        filing.commitment.status, filing.commitment.closed_on = CommitmentStatus.WITHDRAWN, today
    return Change(filing, "cancel", before, reasons)


def supply_materials(
    person: InsuredPerson, filing_id: str, items: tuple[MaterialIn, ...], today: date, rules: RegionRules
) -> Change:
    """Add proof; a draft or commitment filing becomes active once nothing is missing."""
    filing = person.filing(filing_id)
    if filing.status not in (FilingStatus.DRAFT, FilingStatus.PENDING_COMMITMENT, FilingStatus.ACTIVE):
        raise FilingRefused(
            "INVALID_STATE",
            Reason(
                "state.supply", f"备案状态为 {filing.status}，不能补充材料", f"cannot supply materials to a {filing.status} filing",
                Clause(DOC_2025, "一(二)"), {"status": filing.status}, "filing_id",
            ),
        )  # fmt: skip
    before = filing.snapshot()
    # decide on the would-be state first: a refusal must leave the filing untouched
    materials = [*filing.materials, *to_materials(items, today)]
    required = _required(filing, rules, filing.filed_on)
    on = max(today, filing.start_date)
    missing = missing_groups(required, materials, on)
    end = proof_valid_until(required, materials, on) if filing.long_term else filing.end_date
    activates = not missing and filing.status is not FilingStatus.ACTIVE
    # the interval in force changes (longer proof, or a draft coming into force): no overlap allowed
    if (filing.in_force or activates) and (end != filing.end_date or filing.status is FilingStatus.DRAFT):
        check_no_overlap(person, filing.start_date, end, filing.treatment_region, exclude=filing.id)
    filing.materials, filing.end_date = materials, end
    reasons: list[Reason] = []
    if missing:
        reasons.append(materials_notice(missing, rules.get("materials", filing.filed_on).clause))
        if filing.commitment and filing.commitment.status is CommitmentStatus.OPEN:
            filing.commitment.missing = [list(g) for g in missing]
    elif activates:
        filing.move(FilingStatus.ACTIVE)
        if filing.commitment:
            filing.commitment.status, filing.commitment.closed_on = CommitmentStatus.FULFILLED, today
            filing.commitment.missing = []
            reasons.append(
                Reason(
                    "commitment.fulfilled", "承诺材料已补齐，备案转为正式有效", "commitment fulfilled: filing complete",
                    Clause(DOC_2025, "一(二)"), {"due_on": filing.commitment.due_on},
                )
            )  # fmt: skip
    return Change(filing, "supply_materials", before, reasons)


def change(
    person: InsuredPerson,
    filing_id: str,
    today: date,
    rules: RegionRules,
    *,
    treatment_region: str | None = None,
    outpatient_hospital: str | None = None,
    chronic_hospital: str | None = None,
    workplace_changed: bool = False,
    items: tuple[MaterialIn, ...] = (),
) -> Change:
    """Change place or chosen hospitals of a long-term filing (变更), subject to the locks."""
    filing = person.filing(filing_id)
    if not filing.in_force or not filing.long_term:
        raise FilingRefused(
            "CHANGE_NOT_APPLICABLE",
            Reason(
                "change.not_applicable", "只能变更有效的长期备案；临时备案可随时取消后重新办理",
                "only a long-term filing in force can be changed; cancel and re-file a temporary one",
                Clause(DOC_2025, "一(一)"), {"status": filing.status, "category": filing.category}, "filing_id",
            ),
        )  # fmt: skip
    before = filing.snapshot()
    reasons: list[Reason] = []
    place = treatment_place(treatment_region) if treatment_region else filing.treatment_region
    moved = place != filing.treatment_region
    if moved:
        check_in_scope(place, rules, today)
    # validate everything before changing anything: a refusal leaves the filing untouched
    outpatient = (
        check_hospital(outpatient_hospital, place, "outpatient_hospital") if outpatient_hospital else None
    )
    chronic = check_hospital(chronic_hospital, place, "chronic_hospital") if chronic_hospital else None
    new_materials = to_materials(items, today)
    if moved:
        exempt = check_lock(
            filing, "change", today, rules, new_region=place, workplace_changed=workplace_changed
        )
        reasons += [exempt] if exempt else []
        required = _required(filing, rules, today)
        kept = [m for m in filing.materials if m.kind not in PLACE_BOUND]
        missing = missing_groups(required, kept + new_materials, today)
        if missing:
            raise FilingRefused(
                "MATERIALS_MISSING", materials_notice(missing, rules.get("materials", today).clause)
            )
        end = proof_valid_until(required, kept + new_materials, today)
        check_no_overlap(person, filing.start_date, end, place, exclude=filing.id)
        filing.treatment_region, filing.place_effective_from, filing.end_date = place, today, end
        filing.outpatient_hospital = filing.chronic_hospital = None
        reasons.append(
            Reason(
                "change.place", f"就医地变更为 {place}，自 {today} 起生效", f"treatment place changed to {place} from {today}",
                Clause(DOC_2021_45, "一"), {"from": before["treatment_region"], "to": place},
            )
        )  # fmt: skip
    filing.materials.extend(new_materials)
    if outpatient is not None:
        filing.outpatient_hospital = outpatient
    if chronic is not None:
        filing.chronic_hospital = chronic
    return Change(filing, "change", before, reasons)


def complete(person: InsuredPerson, filing_id: str, discharge: date) -> Change:
    """A temporary stay is settled (结算完成): the filing ends at discharge (seed 000 二(二))."""
    filing = person.filing(filing_id)
    if filing.long_term or discharge < filing.start_date:
        raise FilingRefused(
            "INVALID_STATE",
            Reason(
                "state.complete", "只有临时类备案可在出院结算后完结，且出院日期不能早于开始日期",
                "only a temporary filing completes, at a discharge not before its start",
                Clause(DOC_2021_45, "二(二)"), {"discharge_date": discharge}, "discharge_date",
            ),
        )  # fmt: skip
    before = filing.snapshot()
    filing.move(FilingStatus.COMPLETED)
    filing.discharge_date, filing.ended_on, filing.end_reason = discharge, discharge, "settled"
    return Change(filing, "complete", before, [])


def revoke_for_broken_commitment(
    person: InsuredPerson, filing: Filing, today: date, restriction_months: int
) -> Change:
    """Deadline passed without materials: revoke, mark settlements for claw-back, credit default
    with direct settlement suspended for ``restriction_months`` (seed 001 三(二).3)."""
    assert filing.commitment is not None
    before = filing.snapshot()
    filing.move(FilingStatus.REVOKED)
    filing.ended_on, filing.end_reason = today, "commitment_broken"
    filing.commitment.status, filing.commitment.closed_on = CommitmentStatus.BROKEN, today
    due = 0
    for s in filing.settlements:
        if s.under_commitment and s.clawback is ClawbackStatus.NONE:
            s.clawback = ClawbackStatus.DUE
            due += s.benefit_difference_fen
    person.record_credit_default(today, f"commitment broken on filing {filing.id}", restriction_months)
    return Change(
        filing,
        "revoke",
        before,
        [
            Reason(
                "commitment.broken",
                f"未在 {filing.commitment.due_on} 前补齐材料，撤销备案；承诺制备案期间享受的待遇差 {due} 分予以扣减；"
                f"列为医保失信人员，不再享受承诺制备案，{person.credit_restricted_until} 前暂停医保直接结算"
                "（铁岭市参保人员异地就医联网结算服务指南 三(二).3）",
                f"materials not supplied by {filing.commitment.due_on}: filing revoked, benefit difference {due} fen "
                f"to be clawed back, person marked credit default, direct settlement suspended until "
                f"{person.credit_restricted_until}",
                Clause(DOC_2025, "一(二)"),
                {"due_on": filing.commitment.due_on, "clawback_fen": due,
                 "credit_restricted_until": person.credit_restricted_until},
            )
        ],
    )


def expire(filing: Filing, today: date) -> Change:
    """End of validity (有效期届满)."""
    before = filing.snapshot()
    filing.move(FilingStatus.EXPIRED)
    filing.ended_on, filing.end_reason = today, "validity_ended"
    return Change(filing, "expire", before, [])


def revocations_due(person: InsuredPerson, today: date) -> list[Filing]:
    """The filings the deadline job revokes today — each also makes the person a credit
    defaulter: a commitment still open past its due date (seed 001 三(二).3). The job's own
    test, so its preview (将撤销 N 条、记失信 N 人) names exactly what it will do."""
    return [
        f for f in person.filings
        if f.status is FilingStatus.PENDING_COMMITMENT and f.commitment is not None and f.commitment.overdue(today)
    ]  # fmt: skip


def run_deadlines(person: InsuredPerson, today: date, rules: RegionRules) -> list[Change]:
    """The daily job for one person: reminders, revocations at the deadline, expiries."""
    changes: list[Change] = []
    days: tuple[int, ...] = rules.as_tuple("commitment_reminder_days", today)
    revoke = revocations_due(person, today)
    for filing in person.filings:
        c = filing.commitment
        if filing.status is FilingStatus.PENDING_COMMITMENT and c is not None:
            if filing in revoke:
                months = rules.as_int("credit_restriction_months", today)
                changes.append(revoke_for_broken_commitment(person, filing, today, months))
                continue
            due = c.reminders_due(today, days)
            if due:
                d = due[0]
                before = filing.snapshot()
                c.reminders_sent = [*c.reminders_sent, *(str(x) for x in due)]
                reason = Reason(
                    "commitment.reminder", f"请于 {c.due_on} 前补齐承诺的备案材料（提前 {d} 天提醒）",
                    f"please supply the committed materials by {c.due_on} ({d}-day reminder)",
                    rules.get("commitment_reminder_days", today).clause, {"days_before": d, "due_on": c.due_on},
                )  # fmt: skip
                changes.append(Change(filing, "commitment_reminder", before, [reason]))
        if filing.in_force and filing.end_date is not None and filing.end_date < today:
            changes.append(expire(filing, today))
    return changes
