"""The claim (报销申请) aggregate: what was claimed, the materials handed in, where it stands,
the promised date, the amounts and every event (who, when, from/to state, why, clause)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from yidi.domain.claims.kinds import ClaimStatus, ClaimType, Outcome
from yidi.domain.errors import InvalidInput, Problems
from yidi.domain.money import fmt_fen, parse_fen
from yidi.domain.regions import known_place
from yidi.domain.settlement.request import HOSP_LEVELS, SPLIT_FIELDS

BILL_AMOUNTS = ("medfee_sumamt", *SPLIT_FIELDS)


@dataclass(frozen=True)
class Bill:
    """The receipts' split totals (票据拆分金额, integer fen) and where and when care happened."""

    medfee_sumamt: int
    fulamt_ownpay_amt: int
    overlmt_selfpay: int
    preselfpay_amt: int
    inscp_scp_amt: int
    hosp_lv: str
    treatment_region: str
    care_start: date
    care_end: date
    hospital_code: str | None = None

    @classmethod
    def parse(cls, raw: Any) -> Bill:
        """From JSON: amounts as yuan strings (``"1200.00"``), dates ``YYYY-MM-DD``; every bad
        field is named, all in one ``InvalidInput``."""
        if not isinstance(raw, dict):
            raise InvalidInput.of("bill", "票据信息应为对象", "bill must be an object")
        problems = Problems()
        v = problems.value
        amounts = {k: v(partial(parse_fen, raw.get(k), f"bill.{k}"), 0) for k in BILL_AMOUNTS}
        parts = sum(amounts[k] for k in SPLIT_FIELDS)
        if not any(problems.has(f"bill.{k}") for k in BILL_AMOUNTS) and parts != amounts["medfee_sumamt"]:
            problems.add(
                "bill.medfee_sumamt",
                f"医疗费总额 {fmt_fen(amounts['medfee_sumamt'])} ≠ 全自费+超限价+先行自付+政策范围内 {fmt_fen(parts)}",
                f"medfee_sumamt != sum of the split amounts {fmt_fen(parts)}",
            )
        if raw.get("hosp_lv") not in HOSP_LEVELS:
            problems.add(
                "bill.hosp_lv",
                f"医院等级应为 {'/'.join(HOSP_LEVELS)} 之一",
                f"hosp_lv must be one of {HOSP_LEVELS}",
            )
        region = v(
            lambda: known_place(raw.get("treatment_region"), "bill.treatment_region"),
            "",
        )
        start = v(lambda: _date(raw.get("care_start"), "bill.care_start"), None)
        end = v(lambda: _date(raw.get("care_end"), "bill.care_end"), None)
        if start is not None and end is not None and end < start:
            problems.add("bill.care_end", "结束日期早于开始日期", "care_end is before care_start")
        problems.check()
        assert start is not None and end is not None  # no problem: both dates parsed
        hospital = raw.get("hospital_code")
        return cls(
            **amounts,
            hosp_lv=str(raw["hosp_lv"]),
            treatment_region=region,
            care_start=start,
            care_end=end,
            hospital_code=str(hospital) if hospital else None,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            **{k: fmt_fen(getattr(self, k)) for k in BILL_AMOUNTS},
            "hosp_lv": self.hosp_lv,
            "treatment_region": self.treatment_region,
            "care_start": self.care_start.isoformat(),
            "care_end": self.care_end.isoformat(),
            "hospital_code": self.hospital_code,
        }


def _date(value: object, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput.of(
            field, f"日期无效：{value!r}（YYYY-MM-DD）", f"invalid date {value!r}"
        ) from None


@dataclass(frozen=True)
class Evidence:
    """Emergency evidence (急危重病种标准): the disease claimed and the facts from the record."""

    disease: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    outcome: Outcome | None = None

    @classmethod
    def parse(cls, raw: Any) -> Evidence:
        """From JSON ``{disease, facts, outcome}``; facts are checked by the criteria vocabulary later."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            raise InvalidInput.of("evidence", "急危重病证据应为对象", "evidence must be an object")
        outcome, facts = raw.get("outcome"), raw.get("facts") or {}
        problems = Problems()
        if outcome is not None and outcome not in {o.value for o in Outcome}:
            problems.add(
                "evidence.outcome",
                "转归应为 admitted（转住院）或 died（抢救无效去世）",
                "outcome: admitted or died",
            )
        if not isinstance(facts, dict):
            problems.add("evidence.facts", "事实应为对象", "facts must be an object")
        problems.check()
        disease = raw.get("disease")
        return cls(str(disease) if disease else None, facts, Outcome(outcome) if outcome else None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "disease": self.disease,
            "facts": dict(self.facts),
            "outcome": str(self.outcome) if self.outcome else None,
        }


@dataclass(eq=False)
class ClaimEvent:
    """One history record of a claim: who, through which channel, when, from/to state, why."""

    claim_id: str
    at: datetime
    on: date  # the business day (the clock of the use case)
    actor: str
    channel: str
    action: str
    from_status: str | None
    to_status: str
    reason: str = ""
    rule_id: str | None = None
    clause: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "on": self.on.isoformat(),
            "actor": self.actor,
            "channel": self.channel,
            "action": self.action,
            "from": self.from_status,
            "to": self.to_status,
            "reason": self.reason,
            "rule_id": self.rule_id,
            "clause": self.clause,
            "details": self.details,
        }


@dataclass(eq=False)
class Claim:
    id: str
    person_id_number: str
    claim_type: ClaimType  # as submitted
    insured_region: str
    status: ClaimStatus
    submitted_on: date
    bill: Bill | None = None
    evidence: Evidence = field(default_factory=Evidence)
    filing_id: str | None = None
    refund_year: int | None = None
    materials: list[str] = field(default_factory=list)  # kinds handed in (and not sent back)
    returns: int = 0
    return_notice: list[str] = field(default_factory=list)  # everything missing, told once
    accepted_on: date | None = None
    promised_on: date | None = None
    paused_working_days: int | None = None  # promise left when returned after acceptance
    held: bool = False  # under an open commitment: review and payment wait (seed 001 三(二).3)
    route: ClaimType | None = None  # the type it is priced as (after the criteria check)
    reviewed_by: str | None = None
    recommendation: dict[str, Any] | None = None
    amounts: dict[str, int] = field(default_factory=dict)  # fen
    settlement: dict[str, Any] = field(default_factory=dict)  # setlinfo / setldetail / explanation
    decision: dict[str, Any] | None = None
    paid_on: date | None = None
    paid_fen: int | None = None
    deducted_fen: int = 0  # claw-back deducted at payment (seed 004 一(二))
    ref_no: str | None = None  # short number people quote (domain/short_refs.py), set when stored
    events: list[ClaimEvent] = field(default_factory=list)

    @property
    def effective_type(self) -> ClaimType:
        return self.route or self.claim_type

    def snapshot(self) -> dict[str, Any]:
        """Plain JSON view (API, CLI, history)."""
        return {
            "id": self.id,
            "ref_no": self.ref_no,
            "person_id_number": self.person_id_number,
            "claim_type": str(self.claim_type),
            "route": str(self.effective_type),
            "insured_region": self.insured_region,
            "status": str(self.status),
            "submitted_on": self.submitted_on.isoformat(),
            "bill": self.bill.as_dict() if self.bill else None,
            "evidence": self.evidence.as_dict(),
            "filing_id": self.filing_id,
            "refund_year": self.refund_year,
            "materials": list(self.materials),
            "returns": self.returns,
            "return_notice": list(self.return_notice),
            "accepted_on": _iso(self.accepted_on),
            "promised_on": _iso(self.promised_on),
            "held": self.held,
            "reviewed_by": self.reviewed_by,
            "recommendation": self.recommendation,
            "amounts": {k: fmt_fen(v) for k, v in self.amounts.items()},
            "decision": self.decision,
            "paid_on": _iso(self.paid_on),
            "paid": fmt_fen(self.paid_fen) if self.paid_fen is not None else None,
            "deducted": fmt_fen(self.deducted_fen),
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
