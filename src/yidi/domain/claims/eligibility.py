"""Who may claim what (申请条件), checked at submission from the type's ``requires`` data.

Each check either passes with a ``Reason`` (kept in the submission event) or refuses with the
clause: the type must exist in the person's region on the care date; maternity outside the
province is for women in employee insurance treated outside Liaoning (seed 001 四.7); the
emergency outpatient claim needs a filing (两类人员) and an admission or death (seed 000 五(二));
chronic outpatient costs need a long-term filing with a chosen chronic-disease hospital (五(三));
the account refund is applied for from 1 to 20 January of the next year by a cross-province
filer without direct-settled inpatient costs that year (seed 002 第二十二条).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from yidi.domain.claims.catalogue import ClaimsPolicy, ClaimTypeSpec
from yidi.domain.claims.claim import Bill, Evidence
from yidi.domain.claims.claimant import LIAONING, Claimant, FilingView
from yidi.domain.claims.kinds import ClaimType
from yidi.domain.claims.refusal import reason, refuse
from yidi.domain.errors import InvalidInput, Problems
from yidi.domain.filing.clauses import Reason

# The plausible horizon of dates (assumption A-FIL-12, the filing rules' ``max_days_ahead``).
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class Application:
    """What the claimant hands in at submission."""

    claim_type: ClaimType
    bill: Bill | None = None
    evidence: Evidence = field(default_factory=Evidence)
    filing_id: str | None = None
    refund_year: int | None = None

    @classmethod
    def parse(
        cls,
        claim_type: object,
        bill: object,
        evidence: object,
        filing_id: str | None,
        refund_year: int | None,
    ) -> Application:
        """From client input: the type, the bill and the evidence checked together, every
        problem named in one ``InvalidInput``."""
        problems = Problems()
        kind = problems.value(lambda: ClaimType.parse(claim_type), None)
        parsed = problems.value(lambda: Bill.parse(bill), None) if bill is not None else None
        found = problems.value(lambda: Evidence.parse(evidence), Evidence())
        problems.check()
        assert kind is not None  # no problem: the type parsed
        return cls(kind, parsed, found, filing_id, refund_year)


def reference_day(app: Application) -> date:
    """The day that decides which rules apply: the end of care, or 1 January after the refund year."""
    if app.bill is not None:
        return app.bill.care_end
    if app.refund_year is not None:
        return date(app.refund_year + 1, 1, 1)
    raise InvalidInput.of("bill", "缺少票据信息", "bill is required")


def check(
    policy: ClaimsPolicy,
    claimant: Claimant,
    app: Application,
    today: date,
    *,
    direct_inpatient_settlements: int = 0,
) -> tuple[list[Reason], FilingView | None]:
    """All submission checks; returns the reasons that admitted the claim and its filing."""
    spec = policy.spec(app.claim_type)
    req = spec.requires
    if req.get("bill") and app.bill is None:
        raise InvalidInput.of("bill", f"{spec.label}须提供票据拆分金额", f"{app.claim_type} needs a bill")
    if app.claim_type is ClaimType.ACCOUNT_REFUND and app.refund_year is None:
        raise InvalidInput.of("refund_year", "请填写申请返还的年度", "refund_year is required")
    day = reference_day(app)
    if app.bill is not None and (app.bill.care_end - today).days > MAX_DAYS_AHEAD:
        # a claim reimburses costs already paid: care ending years ahead (2999) is a typing error
        raise InvalidInput.of(
            "bill.care_end",
            f"就医结束日期 {app.bill.care_end} 晚于申请日期 {today} 一年以上，请核对：只能报销已经发生的医疗费用",
            f"care_end {app.bill.care_end} is more than a year after the application day {today}",
        )
    if not spec.available(claimant.insured_region, day):
        raise refuse(
            "CLAIM_TYPE_NOT_AVAILABLE", "claims.type.region",
            f"{spec.label}适用于统筹区 {'、'.join(sorted(spec.regions))}，自 {spec.start} 起；本人参保地 {claimant.insured_region}，日期 {day}",
            f"{app.claim_type} applies to regions {sorted(spec.regions)} from {spec.start}",
            spec.clause, "claim_type", region=claimant.insured_region, day=day,
        )  # fmt: skip
    reasons = [reason("claims.type.region", f"{spec.label}（{spec.clause}）", spec.label_en, spec.clause)]
    if "insutype" in req and claimant.insutype != req["insutype"]:
        raise _not_eligible(
            spec, "insutype", f"限参加职工医保（{req['insutype']}）的人员", "employee insurance only"
        )
    if req.get("female") and not claimant.female:
        raise _not_eligible(spec, "female", "限参加生育保险的女职工", "female employees only")
    if req.get("out_of_province") and app.bill and app.bill.treatment_region.startswith(LIAONING):
        raise _not_eligible(
            spec, "out_of_province",
            "省内异地联网定点医疗机构生育住院享受免申即享自动备案和直接结算，无需手工报销",
            "maternity inside the province is settled directly",
        )  # fmt: skip
    if "outcome" in req and (app.evidence.outcome is None or str(app.evidence.outcome) not in req["outcome"]):
        raise _not_eligible(
            spec,
            "outcome",
            "须由急诊转住院治疗或抢救无效去世",
            "the visit must have become an admission or ended in death",
        )
    if req.get("emergency_criteria"):
        _check_evidence(app.evidence, policy)
    filing = _filing(spec, claimant, app, day)
    if filing is not None:
        reasons.append(
            reason(
                "claims.filing", f"备案 {filing.id}（{filing.category}）", f"filing {filing.id}", spec.clause
            )
        )
    if req.get("refund_window"):
        reasons.append(_refund_window(policy, spec, app, today))
    if req.get("no_direct_inpatient") and direct_inpatient_settlements:
        raise _not_eligible(
            spec, "no_direct_inpatient",
            f"{app.refund_year} 年度已发生直接结算住院医疗费用 {direct_inpatient_settlements} 笔",
            f"{direct_inpatient_settlements} direct inpatient settlements in {app.refund_year}",
        )  # fmt: skip
    return reasons, filing


def _not_eligible(spec: ClaimTypeSpec, rule: str, zh: str, en: str) -> Exception:
    return refuse("NOT_ELIGIBLE", f"claims.requires.{rule}", f"{spec.label}：{zh}", en, spec.clause, rule)


def _check_evidence(evidence: Evidence, policy: ClaimsPolicy) -> None:
    from yidi.domain.criteria import evaluate

    if not evidence.disease:
        raise InvalidInput.of(
            "evidence.disease",
            "请填写急危重病种（如：急性心肌梗死→急性冠脉综合征）",
            "evidence.disease is required",
        )
    evaluate(
        policy.emergency_criteria(), evidence.disease, dict(evidence.facts)
    )  # unknown disease / facts → InvalidInput


def _filing(spec: ClaimTypeSpec, claimant: Claimant, app: Application, day: date) -> FilingView | None:
    need = spec.requires.get("filing")
    if need is None:
        return claimant.filing(app.filing_id) if app.filing_id else None
    if need == "cross_province_in_year":
        year = app.refund_year or day.year - 1
        lo, hi = date(year, 1, 1), date(year, 12, 31)
        hits = [
            f for f in claimant.filings
            if f.cross_province and f.status not in ("draft", "revoked") and f.start <= hi and (f.end is None or f.end >= lo)
        ]  # fmt: skip
        if not hits:
            raise _not_eligible(
                spec, "filing", f"{year} 年度无跨省异地就医备案", f"no cross-province filing in {year}"
            )
        return hits[-1]
    care = app.bill.care_start if app.bill else day
    filing = claimant.filing(app.filing_id) if app.filing_id else claimant.filing_on(care)
    if filing is None or not filing.covers(care):
        raise _not_eligible(
            spec, "filing", f"就医日期 {care} 无有效异地就医备案", f"no filing in force on {care}"
        )
    if need == "long_term" and not filing.long_term:
        raise _not_eligible(spec, "filing", "限异地长期居住人员", "long-term filers only")
    if spec.requires.get("chronic_hospital"):
        if not filing.chronic_hospital:
            raise _not_eligible(
                spec, "chronic_hospital", "备案未选定门诊特慢病定点医院", "no chronic-disease hospital chosen"
            )
        hospital = app.bill.hospital_code if app.bill else None
        if hospital and hospital != filing.chronic_hospital:
            raise _not_eligible(
                spec, "chronic_hospital",
                f"就诊医院 {hospital} 不是选定的门诊特慢病定点医院 {filing.chronic_hospital}",
                "not the chosen chronic-disease hospital",
            )  # fmt: skip
    return filing


def _refund_window(policy: ClaimsPolicy, spec: ClaimTypeSpec, app: Application, today: date) -> Reason:
    assert app.refund_year is not None
    last = policy.value("refund_window_last_day", today)
    first_day, last_day = date(app.refund_year + 1, 1, 1), date(app.refund_year + 1, 1, last)
    if not first_day <= today <= last_day:
        raise refuse(
            "OUTSIDE_APPLICATION_WINDOW", "claims.refund.window",
            f"{app.refund_year} 年度个人账户返还应于 {first_day} 至 {last_day} 申请，今天是 {today}",
            f"the refund for {app.refund_year} is applied for from {first_day} to {last_day}; today is {today}",
            policy.param("refund_window_last_day", today).clause, "refund_year",
            window_from=first_day, window_to=last_day,
        )  # fmt: skip
    return reason(
        "claims.refund.window", f"申请期 {first_day} 至 {last_day}", "inside the window", spec.clause
    )
