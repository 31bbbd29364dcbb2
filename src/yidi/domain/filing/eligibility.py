"""Eligibility query (待遇资格查询): is person P covered for care in region R (or at hospital H)
on date D, under which category and with which benefits — with reasons and clauses.

Used by the hospital's benefit check (2001) and the citizen's self-check. Order of answers:
local care; a filing in force; temporary patients in their region's no-filing cities (data: only
省直 lists any, seed 000 一); auto filing at admission (即申即享, seed 004 一(二)); the emergency
flag (seed 001 二.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from yidi.domain.filing.categories import LABELS_ZH, Category, filing_class
from yidi.domain.filing.clauses import DOC_2021_45, DOC_2025, DOC_TIELING, Clause, Reason
from yidi.domain.filing.conflicts import home_benefits
from yidi.domain.filing.filing import Filing
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.person_status import not_insured
from yidi.domain.filing.places import hospital_region, in_place, treatment_place
from yidi.domain.filing.rules import RegionRules
from yidi.domain.filing.scope import outside_reason
from yidi.domain.filing.stays import other_stay
from yidi.domain.filing.validity import covers
from yidi.domain.regions import division_name, is_cross_province


@dataclass
class Eligibility:
    covered: bool
    basis: str  # local | filing | no_filing_region | auto_filing | personal_account | none
    region: str
    on: date
    category: str | None = None
    filing_id: str | None = None
    benefits: dict[str, object] = field(default_factory=dict)
    reasons: list[Reason] = field(default_factory=list)
    filing_ref: str | None = None  # the filing's short number people quote (BA…)

    def as_dict(self) -> dict[str, object]:
        return {
            "covered": self.covered,
            "basis": self.basis,
            "region": self.region,
            "date": self.on.isoformat(),
            "category": self.category,
            "filing_id": self.filing_id,
            "filing_ref": self.filing_ref,
            "benefits": self.benefits,
            "reasons": [r.as_dict() for r in self.reasons],
        }


def check(
    person: InsuredPerson,
    rules: RegionRules,
    on: date,
    *,
    region: str | None = None,
    hospital: str | None = None,
    admitted_on: date | None = None,
    care: str = "inpatient",
) -> Eligibility:
    where = hospital_region(hospital, "hospital") if hospital else treatment_place(region, "region")
    place = where if where.endswith("0000") else where[:4] + "00"
    lapsed = not_insured(person)
    if lapsed is not None:  # suspended or terminated insurance (seed 002 第十三条(二))
        return Eligibility(False, "none", place, on, reasons=[lapsed])
    home = (person.insured_region, *rules.as_tuple("home_regions", on))
    if place in home or place[:4] == person.insured_region[:4]:
        r = Reason(
            "eligibility.local",
            "就医地属于参保地，按本地待遇结算",
            "care is local",
            Clause(DOC_2021_45, "一"),
        )
        return _local(person, rules, on, place, r)
    outside = outside_reason(place, rules, on)
    if outside is not None:  # 香港、澳门、台湾: no filing, no auto filing (seed 001 一)
        return Eligibility(False, "none", place, on, reasons=[outside])
    for f in person.filings:
        if in_place(place, f.treatment_region) and covers(f, on, admitted_on):
            used = other_stay(f, admitted_on)
            if used is not None:  # one referral filing, one stay (seed 002 第十六条)
                return Eligibility(False, "none", place, on, str(f.category), f.id, reasons=[used], filing_ref=f.ref_no)
            return _by_filing(person, f, rules, on, place, hospital, care, admitted_on)
    notes: list[Reason] = []
    # which insured regions have no-filing cities is data (only 省直 lists any), not code
    if care == "inpatient":
        param = rules.get("no_filing_temporary_regions", on)
        if place in rules.as_tuple("no_filing_temporary_regions", on):
            home_name = division_name(person.insured_region) or person.insured_region
            r = Reason(
                "eligibility.no_filing_region",
                f"{home_name}临时外出人员在 {place} 住院免备案直接结算",
                f"provincial-direct temporary patients settle in {place} without filing",
                param.clause,
                {"regions": param.value},
            )
            return Eligibility(
                True, "no_filing_region", place, on, str(Category.TEMPORARY), None, _temp(), [r]
            )
    if care == "inpatient" and rules.value("auto_filing_temporary", on):
        param = rules.get("auto_filing_temporary", on)
        r = Reason(
            "eligibility.auto_filing",
            "非急诊且未转诊的临时外出住院，由就医地在办理入院时即申即享自动备案",
            "temporary inpatient care: the hospital files at admission (auto filing)",
            param.clause,
        )
        benefits = _temp()
        if is_cross_province(person.insured_region, place):
            benefits["note"] = "跨省即申即享以就医地开通情况为准"
        return Eligibility(True, "auto_filing", place, on, str(Category.TEMPORARY), None, benefits, [r])
    if care == "outpatient" and rules.value("outpatient_account_without_filing", on):
        param = rules.get("outpatient_account_without_filing", on)
        r = Reason(
            "eligibility.outpatient_account",
            "门诊及定点药店费用无需备案，可使用个人账户直接结算（统筹待遇须备案）",
            "outpatient and pharmacy costs: personal account settles directly without filing",
            param.clause,
        )
        benefits = {"benefit_class": "personal_account_only", "settlement_mode": "direct"}
        return Eligibility(True, "personal_account", place, on, None, None, benefits, [r])
    notes.append(
        Reason(
            "eligibility.none",
            "无有效备案；可通过自助备案或窗口办理；急危重病由医院上传急诊标志视同备案",
            "no filing in force; file online or at the counter; an emergency flag from the hospital counts as a filing",
            Clause(DOC_TIELING, "二.2"),
        )
    )
    return Eligibility(False, "none", place, on, reasons=notes)


def _local(person: InsuredPerson, rules: RegionRules, on: date, place: str, local: Reason) -> Eligibility:
    """Care at home: covered, unless a long-term filing in force suspends home benefits — under an
    open commitment until the materials are supplied (seed 004 一(二): 材料补齐后…双向享受), or
    throughout where the region suspends them (省直 2021, seed 000 一)."""
    for f in person.filings:
        if f.in_force and f.long_term and covers(f, on):
            mode, why = home_benefits(f, on, rules)
            if mode == "suspended":
                benefits: dict[str, object] = {"benefit_class": "local", "home_benefits": mode, "filing_id": f.id}
                return Eligibility(False, "local", place, on, None, f.id, benefits, [local, why], filing_ref=f.ref_no)
    return Eligibility(True, "local", place, on, benefits={"benefit_class": "local"}, reasons=[local])


def _temp() -> dict[str, object]:
    return {"benefit_class": "temporary", "settlement_mode": "direct", "home_benefits": "suspended"}


def _by_filing(
    person: InsuredPerson,
    f: Filing,
    rules: RegionRules,
    on: date,
    place: str,
    hospital: str | None,
    care: str,
    admitted_on: date | None,
) -> Eligibility:
    mode, home_reason = home_benefits(f, on, rules)
    settlement = "direct"
    reasons = [
        Reason(
            "eligibility.filing",
            f"备案 {f.ref_no or f.id}（{LABELS_ZH[f.category]}，{division_name(f.treatment_region) or f.treatment_region}，"
            f"{f.start_date}–{f.end_date or '长期'}）覆盖该日期",
            f"filing {f.id} covers this date",
            Clause(DOC_2025, "一(一)"),
            {"start_date": f.start_date, "end_date": f.end_date, "admitted_on": admitted_on},
        ),
        home_reason,
    ]
    if f.category is Category.MATERNITY and is_cross_province(person.insured_region, place):
        settlement = "manual"
        reasons.append(
            Reason("eligibility.maternity_manual", "省外生育住院自动备案后手工报销", "maternity out of province: manual reimbursement", Clause(DOC_TIELING, "四.7"))
        )  # fmt: skip
    benefits: dict[str, object] = {
        "benefit_class": str(filing_class(f.category)),
        "settlement_mode": settlement,
        "home_benefits": mode,
        "outpatient_pooling_hospital": f.outpatient_hospital,
        "chronic_hospital": f.chronic_hospital,
        "under_commitment": f.commitment is not None and str(f.commitment.status) == "open",
        "credit_default": person.credit_default,
    }
    if care == "outpatient" and hospital and hospital.upper() != (f.outpatient_hospital or ""):
        reasons.append(
            Reason("eligibility.outpatient_pooling", "门诊统筹待遇只在选定的门诊统筹定点医院享受", "outpatient pooling only at the chosen hospital", Clause(DOC_2021_45, "四(二)"), {"chosen": f.outpatient_hospital})
        )  # fmt: skip
        benefits["outpatient_pooling"] = False
    return Eligibility(True, "filing", place, on, str(f.category), f.id, benefits, reasons, filing_ref=f.ref_no)
