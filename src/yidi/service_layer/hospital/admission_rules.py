"""How an admission (2401) becomes covered cross-region care, using the filing service's rules.

* an in-force filing for this place covers the stay → its category;
* 省直 no-filing cities → temporary benefits without a filing (seed 000 一);
* emergency (``med_type`` 24 or ``er_flag`` 1 in ``exp_content``) → the flag counts as a filing
  (seed 001 二.2); the 急危重病种标准 evidence (``emergency_disease`` + ``emergency_facts``) is
  evaluated, and a stay that does not meet it is admitted with a warning for later audit;
* maternity (``med_type`` 52) → the maternity filing at admission (seed 001 四.7);
* otherwise, when the insured region allows it, the temporary filing is generated at admission
  (即申即享, seed 004 一(二)); a referral admission (23) without a referral filing is told so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.criteria import Verdict, evaluate
from yidi.domain.errors import InvalidInput, YidiError
from yidi.domain.filing import admission as filing_admission
from yidi.domain.filing import eligibility as elig
from yidi.domain.filing import stays
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import NewFiling
from yidi.domain.filing.lifecycle import Change
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.rules import RegionRules
from yidi.domain.national.codes import EMERGENCY_MED_TYPE, MATERNITY_MED_TYPE, REFERRAL_MED_TYPE
from yidi.domain.national.errors import NationalError
from yidi.domain.referral import NoReferralCatalogue
from yidi.policy.criteria import load_criteria
from yidi.policy.referral import is_listed

# filing category → the settlement contract's filing_category (request.py FILING_CATEGORIES)
SETTLEMENT_CATEGORY = {
    Category.LONG_TERM_RETIREE: "long_term_retiree",
    Category.LONG_TERM_RESIDENT: "long_term_resident",
    Category.POSTED_WORKER: "posted_worker",
    Category.STUDENT: "long_term_resident",
    Category.REFERRAL: "referral",
    Category.EMERGENCY: "emergency",
    Category.TEMPORARY: "temporary",
    Category.MATERNITY: "maternity",  # the insured region's local standard (seed 001 四.7)
}


@dataclass
class Cover:
    category: str  # settlement filing_category
    basis: str
    filing_id: str | None
    filing_created: bool
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)


def emergency_evidence(exp: dict[str, Any], on: date, where: str) -> tuple[dict[str, Any], str | None]:
    """Evaluate the emergency criteria; returns the evaluation summary and a warning if not met."""
    disease, facts = exp.get("emergency_disease"), exp.get("emergency_facts")
    if not disease:
        return (
            {},
            "急诊入院未提供急危重病种证据（exp_content.emergency_disease / emergency_facts），按急诊标志视同备案办理，事后须按急危重病种标准审核",
        )
    try:
        ev = evaluate(load_criteria(on), str(disease), facts if facts is not None else {})
    except InvalidInput as exc:
        p = exc.problems[0]
        raise NationalError(
            f"{where}.exp_content.emergency_{p.field if p.field == 'disease' else 'facts'}", p.zh
        ) from None
    summary = {
        "disease": ev.disease.code,
        "name": ev.disease.name,
        "verdict": ev.verdict.value,
        "missing": list(ev.missing),
    }
    if ev.verdict is Verdict.QUALIFIES:
        return summary, None
    why = "缺少：" + "、".join(ev.missing) if ev.missing else "关键指标不符合"
    return (
        summary,
        f"急诊证据未达到急危重病种标准（{ev.disease.name}：{ev.verdict.zh}，{why}），按急诊标志视同备案办理，事后审核可能追回差额",
    )


def _admit(person: InsuredPerson, req: NewFiling, actor: Actor, rules: RegionRules) -> Cover:
    filing, changes = filing_admission.admit(person, req, actor, rules)
    return Cover(
        SETTLEMENT_CATEGORY[filing.category],
        "filing" if not changes else "admission_filing",
        filing.id,
        bool(changes),
        changes,
    )


def decide_cover(
    person: InsuredPerson, rules: RegionRules, hospital: str, region: str, on: date, med_type: str,
    er_flag: bool, exp: dict[str, Any], diagnosis: str, where: str,
) -> Cover:  # fmt: skip
    result = elig.check(person, rules, on, hospital=hospital, admitted_on=on)
    if result.basis == "local":
        raise NationalError(f"{where}.psn_no", "参保地与就医地相同，属于本地就医，不经异地就医直接结算办理")
    emergency = med_type == EMERGENCY_MED_TYPE or er_flag
    evidence, warning = emergency_evidence(exp, on, where) if emergency else ({}, None)
    warnings = [warning] if warning else []
    if result.basis == "filing" and result.filing_id and result.category:
        bound = stays.bind_stay(person, result.filing_id, on)  # a referral filing: this stay only
        changes = [bound] if bound else []
        cover = Cover(SETTLEMENT_CATEGORY[Category(result.category)], "filing", result.filing_id, False, changes)
    elif emergency:
        actor = Actor(hospital, Role.HOSPITAL, Channel.EMERGENCY_FLAG)
        cover = _admit(person, NewFiling(Category.EMERGENCY, region, admitted_on=on), actor, rules)
    elif med_type == MATERNITY_MED_TYPE:
        actor = Actor(hospital, Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)
        cover = _admit(person, NewFiling(Category.MATERNITY, region, admitted_on=on), actor, rules)
    elif result.basis == "no_filing_region":
        cover = Cover("temporary", "no_filing_region", None, False)
    elif result.basis == "auto_filing":
        actor = Actor(hospital, Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)
        req = NewFiling(Category.TEMPORARY, region, temporary_reason=TemporaryReason.OTHER, admitted_on=on)
        cover = _admit(person, req, actor, rules)
        cover.basis = "auto_filing"
    else:
        reasons = "；".join(r.zh for r in result.reasons)
        raise NationalError(f"{where}.psn_no", f"该人员无有效异地就医备案，不能直接结算：{reasons}")
    if med_type == REFERRAL_MED_TYPE and cover.category != "referral":
        warnings.append(_referral_note(person.insured_region, diagnosis))
    cover.warnings, cover.evidence = warnings, evidence
    return cover


def _referral_note(insured_region: str, diagnosis: str) -> str:
    note = "转外诊治住院但未找到有效的转诊备案，按临时外出就医待遇办理；转诊备案须由参保地经办机构或其授权医院办理"
    try:
        listed = is_listed(insured_region, diagnosis)
    except NoReferralCatalogue:
        return note
    except YidiError:
        return note
    if listed.listed:
        return note + "（诊断在参保地转诊目录内，可补办转诊备案）"
    return note + "（诊断不在参保地转诊目录内）"
