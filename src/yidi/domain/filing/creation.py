"""Creating a filing: channel, conditions, materials or commitment, validity, conflicts.

The order of checks is the order a clerk would follow: may this channel file this category, are
the category's conditions met (``conditions.py``), which materials are missing (told at once),
can a commitment cover them, when does cover start and end, and does it overlap a filing in force.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import uuid4

from yidi.domain.actors import Actor, Channel
from yidi.domain.errors import FilingRefused, Problems
from yidi.domain.filing import channels as ch
from yidi.domain.filing import referral_basis
from yidi.domain.filing.categories import Category, TemporaryReason, is_long_term
from yidi.domain.filing.clauses import DOC_TIELING, Citation, Clause, Reason
from yidi.domain.filing.commitment import Commitment
from yidi.domain.filing.conditions import check_channel_open, check_conditions, refuse
from yidi.domain.filing.conflicts import check_no_overlap
from yidi.domain.filing.credit import DirectSettlementSuspended
from yidi.domain.filing.dates import add_months
from yidi.domain.filing.dependants import Guardian, check_minor, veteran_reason
from yidi.domain.filing.filing import Filing, FilingStatus
from yidi.domain.filing.materials import (
    PLACE_BOUND,
    Group,
    Material,
    MaterialKind,
    group_label,
    missing_groups,
    proof_valid_until,
)
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.person_status import not_insured
from yidi.domain.filing.places import check_hospital, treatment_place
from yidi.domain.filing.referral_basis import CatalogueCheck
from yidi.domain.filing.rules import RegionRules
from yidi.domain.filing.scope import check_dates_plausible, check_in_scope
from yidi.domain.filing.validity import start_date, temporary_end


@dataclass(frozen=True)
class MaterialIn:
    kind: MaterialKind
    reference: str = ""
    valid_until: date | None = None


@dataclass(frozen=True)
class NewFiling:
    """The request to file (附件1 fields plus what the rules need)."""

    category: Category
    treatment_region: str
    temporary_reason: TemporaryReason | None = None
    start_date: date | None = None
    admitted_on: date | None = None
    outpatient_hospital: str | None = None
    chronic_hospital: str | None = None
    materials: tuple[MaterialIn, ...] = ()
    sign_commitment: bool = False
    posting_months: int | None = None
    form: dict[str, str] = field(default_factory=dict)
    # a referral: the diagnosis, its ICD-10 code, the referring hospital and what the insured
    # region's catalogue says of the diagnosis (looked up by the service layer)
    diagnosis: str | None = None
    diagnosis_code: str | None = None
    referring_hospital: str | None = None
    catalogue_check: CatalogueCheck | None = None
    # the referring hospital's grade in the hospital registry (hosp_lv; looked up by the service
    # layer): a transfer out of the treatment place needs the region's grade (seed 002 第十八条)
    referring_grade: str | None = None
    # long-term residents on another footing (seed 001 二.4): a minor following a guardian (the
    # guardian's record, looked up by the service layer) or a 自主择业军转 officer
    guardian_id_number: str | None = None
    guardian: Guardian | None = None
    veteran: bool = False


def new_id() -> str:
    return uuid4().hex


def to_materials(items: tuple[MaterialIn, ...], on: date) -> list[Material]:
    return [Material(new_id(), m.kind, on, m.reference, m.valid_until) for m in items]


def materials_notice(missing: list[Group], clause: Clause | Citation) -> Reason:
    """The one-time notice (一次性告知) listing every missing material at once."""
    labels = [group_label(g) for g in missing]
    return Reason(
        "materials.one_time_notice",
        "备案材料不全，须补充：" + "；".join(labels),
        "materials missing: " + "; ".join("/".join(g) for g in missing),
        clause,
        {"missing": [list(g) for g in missing]},
        "materials",
    )


def decide_status(
    person: InsuredPerson,
    req: NewFiling,
    channel: Channel,
    missing: list[Group],
    rules: RegionRules,
    on: date,
) -> tuple[FilingStatus, Commitment | None, list[Reason]]:
    """Active when complete; otherwise a commitment (self-service is always 告知承诺制), a draft at
    the counter, or a refusal — a credit defaulter may not use commitment (seed 001 三(二).3)."""
    if not missing:
        return FilingStatus.ACTIVE, None, []
    materials_param = rules.get("materials", on)
    notice = materials_notice(missing, materials_param.clause)
    allowed_categories = rules.as_tuple("commitment_categories", on)
    wants = channel is Channel.SELF_SERVICE or req.sign_commitment
    if wants and req.category in allowed_categories and not person.credit_default:
        months_param = rules.get("commitment_deadline_months", on)
        due = add_months(on, rules.as_int("commitment_deadline_months", on))
        commitment = Commitment(new_id(), on, due, [list(g) for g in missing])
        why = Reason(
            "commitment.signed",
            f"材料不全，签订承诺书先予备案，须于 {due} 前补齐",
            f"materials missing: filed under a commitment, supply them by {due}",
            months_param.clause,
            {"deadline_months": months_param.value, "due_on": due, "missing": [list(g) for g in missing]},
        )
        return FilingStatus.PENDING_COMMITMENT, commitment, [notice, why]
    if wants and person.credit_default and req.category in allowed_categories:
        raise FilingRefused(
            "COMMITMENT_BLOCKED",
            Reason(
                "commitment.credit_default",
                f"{person.credit_default_on} 起列为医保失信人员，不再享受承诺制备案，须一次提交全部材料："
                + notice.zh.split("：", 1)[1],
                "credit defaulter: commitment filing is no longer available; supply all materials",
                Clause(DOC_TIELING, "三(二).3"),
                {"credit_default_on": person.credit_default_on, **notice.params},
                "materials",
            ),
        )
    if channel is Channel.COUNTER:
        return FilingStatus.DRAFT, None, [notice]
    raise FilingRefused("MATERIALS_MISSING", notice)


def check_fields(
    treatment_region: str,
    outpatient_hospital: str | None = None,
    chronic_hospital: str | None = None,
    form: dict[str, str] | None = None,
) -> tuple[str, str | None, str | None]:
    """The request's own fields, every problem at once (one ``InvalidInput``): the 附件1 form
    (``form``, at the counter), the treatment place, the chosen hospitals and whether they lie in
    the place. Returns the place and the two hospital codes, normalised."""
    problems = Problems()
    if form is not None:
        problems.value(lambda: ch.check_counter_form(form), None)
    place = problems.value(lambda: treatment_place(treatment_region), None)
    outpatient = problems.value(
        lambda: check_hospital(outpatient_hospital, place, "outpatient_hospital"), None
    )
    chronic = problems.value(lambda: check_hospital(chronic_hospital, place, "chronic_hospital"), None)
    problems.check()
    assert place is not None  # no problem: the place was valid
    return place, outpatient, chronic


def _resident_footing(
    person: InsuredPerson, req: NewFiling, required: tuple[Group, ...], on: date, basis: list[Reason]
) -> tuple[tuple[Group, ...], list[Reason]]:
    """A minor following a guardian needs no place proof of their own (the guardian's record
    stands for it); a 军转 officer's work proof counts (seed 001 二.4)."""
    if req.guardian_id_number or req.guardian is not None:
        why = check_minor(person, req.guardian, on)
        kept = tuple(g for g in required if not PLACE_BOUND.intersection(g))
        return kept, [*basis, why]
    if req.veteran:
        return required, [*basis, veteran_reason()]
    return required, basis


def create_filing(
    person: InsuredPerson, req: NewFiling, actor: Actor, on: date, rules: RegionRules
) -> tuple[Filing, list[Reason]]:
    """Decide and attach a new filing to ``person``; refuse with an explanation otherwise.
    The request's fields are checked together before any rule about the person applies."""
    ch.check_channel(req.category, actor.channel)
    check_channel_open(req.category, actor.channel, rules, on)
    counter_form = req.form if actor.channel is Channel.COUNTER else None
    place, outpatient, chronic = check_fields(
        req.treatment_region, req.outpatient_hospital, req.chronic_hospital, counter_form
    )
    check_in_scope(place, rules, on)
    lapsed = not_insured(person)
    if lapsed is not None:
        raise FilingRefused("NOT_INSURED", lapsed)
    listed = person.credit_default_on
    if listed is not None and listed <= on and person.direct_settlement_suspended(on):
        # 限制…办理异地就医备案 (seed 001 三(二).3), from the day the default is recorded
        assert person.credit_restricted_until is not None
        raise DirectSettlementSuspended(
            person.credit_restricted_until, None, "不能办理异地就医备案", "no cross-region filing"
        )
    check_dates_plausible(on, rules, start_date=req.start_date, admitted_on=req.admitted_on)
    check_conditions(person, req, place, rules, on)
    start, moved = start_date(
        category=req.category, channel=actor.channel, filed_on=on, requested=req.start_date,
        admitted_on=req.admitted_on, insured_region=person.insured_region, treatment_region=place, rules=rules,
    )  # fmt: skip
    # Identity is verified by every channel (card, e-certificate or login), so the ID counts as supplied.
    materials = [
        Material(new_id(), MaterialKind.ID_CARD, on, "identity verified by channel"),
        *to_materials(req.materials, on),
    ]
    required = rules.as_dict("materials", on).get(req.category, ())
    form = dict(req.form)
    basis: list[Reason] = []
    if req.category is Category.REFERRAL and actor.channel is Channel.REFERRAL_AGENCY:
        # the agency files on the catalogue or on a hospital's certificate (seed 001 二.1)
        form.update(referral_basis.check_fields(req.diagnosis, req.diagnosis_code, req.referring_hospital))
        basis.append(referral_basis.decide(req.catalogue_check, materials))
        if req.catalogue_check is not None and req.catalogue_check.best:
            form["catalogue_row"] = str(req.catalogue_check.best.get("row"))
            form["catalogue_score"] = str(req.catalogue_check.score)
    if req.category is Category.LONG_TERM_RESIDENT:
        required, basis = _resident_footing(person, req, required, on, basis)
    # a work proof is a residence proof of a 军转 officer only (seed 001 二.4)
    resident = req.category is Category.LONG_TERM_RESIDENT
    counted = [m for m in materials if req.veteran or not resident or m.kind is not MaterialKind.WORK_PROOF]
    missing = missing_groups(required, counted, start)
    status, commitment, reasons = decide_status(person, req, actor.channel, missing, rules, on)
    reasons = basis + reasons
    end = (
        proof_valid_until(required, materials, start)
        if is_long_term(req.category)
        else temporary_end(start, rules, on)
    )
    if end is not None and end < start:
        raise refuse(
            "PROOF_EXPIRED", "validity.proof_expired", f"证明材料有效期 {end} 早于开始日期 {start}",
            f"proof valid until {end}, before the start {start}", Clause(DOC_TIELING, "三(二).2"),
            {"valid_until": end, "start_date": start}, "materials",
        )  # fmt: skip
    if status is not FilingStatus.DRAFT:
        check_no_overlap(person, start, end, place)
    filing = Filing(
        id=new_id(), person_id_number=person.id_number, category=req.category, channel=actor.channel,
        insured_region=person.insured_region, treatment_region=place, filed_on=on, start_date=start,
        end_date=end, status=status, place_effective_from=start, temporary_reason=req.temporary_reason,
        outpatient_hospital=outpatient, chronic_hospital=chronic, admission_date=req.admitted_on,
        form=form, materials=materials, commitment=commitment,
    )  # fmt: skip
    person.filings.append(filing)
    return filing, ([moved] if moved else []) + reasons
