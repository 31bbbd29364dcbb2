"""Helpers for the claims domain tests: actors, claimants built directly (no database), bills,
and walking a claim through the workflow."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.claims import (
    Bill,
    Claim,
    Claimant,
    ClaimsPolicy,
    ClaimType,
    Evidence,
    FilingView,
    WorkingCalendar,
    decisions,
    workflow,
)
from yidi.domain.claims.eligibility import Application
from yidi.domain.identifiers import check_char

CLERK = Actor("li", Role.STAFF, Channel.COUNTER)
CHIEF = Actor("zhao", Role.STAFF, Channel.COUNTER)
CITIZEN = Actor("self", Role.CITIZEN, Channel.SELF_SERVICE)
HOSPITAL = Actor("H21010100001", Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)

INPATIENT_MATERIALS = ["inpatient_record_original", "medical_receipts", "fee_details", "card_or_id_copy"]
OUTPATIENT_MATERIALS = [
    "medical_record_original", "medical_receipts", "fee_details", "exam_reports_copy", "prescriptions_copy",
    "card_or_id_copy",
]  # fmt: skip
REFUND_MATERIALS = ["social_security_card", "filing_form"]
SHOCK = {"systolic_bp": 78, "lactate": 3.4}  # 休克: 收缩压 ≤ 80mmHg 伴乳酸 > 3mmol/L
NOT_SHOCK = {"systolic_bp": 95, "lactate": 3.4}


def id_number(*, female: bool = False, born: str = "19700101") -> str:
    body = f"210102{born}01{2 if female else 1}"
    return body + check_char(body)


def filing(
    fid: str = "F1",
    category: str = "long_term_resident",
    *,
    region: str = "110100",
    start: date = date(2025, 1, 1),
    end: date | None = None,
    status: str = "active",
    chronic_hospital: str | None = None,
    commitment_open: bool = False,
) -> FilingView:
    return FilingView(
        fid, category, category.startswith("long_term") or category in ("posted_worker", "student"),
        region, start, end, status, chronic_hospital, commitment_open, status == "revoked",
    )  # fmt: skip


def claimant(
    *filings: FilingView,
    region: str = "219900",
    female: bool = False,
    credit_default: bool = False,
    psn_type: str = "11",
    civil_servant: bool = False,
) -> Claimant:
    return Claimant(
        id_number(female=female),
        "张三",
        "310",
        psn_type,
        civil_servant,
        region,
        female,
        credit_default,
        filings,
    )


def bill(inscp: str = "10000.00", *, hosp_lv: str = "3", region: str = "110100", **kw: Any) -> dict[str, Any]:
    raw = {
        "medfee_sumamt": inscp, "fulamt_ownpay_amt": "0.00", "overlmt_selfpay": "0.00", "preselfpay_amt": "0.00",
        "inscp_scp_amt": inscp, "hosp_lv": hosp_lv, "treatment_region": region,
        "care_start": "2026-03-02", "care_end": "2026-03-10",
    }  # fmt: skip
    raw.update(kw)
    return raw


TODAY = date(2026, 3, 16)  # a Monday


def submit(
    policy: ClaimsPolicy, who: Claimant, claim_type: ClaimType, materials: Iterable[str], *,
    bill: dict[str, Any] | None = None, evidence: Evidence | None = None, refund_year: int | None = None,
    today: date = TODAY, **kw: Any,
) -> Claim:  # fmt: skip
    app = Application(
        claim_type, Bill.parse(bill) if bill else None, evidence or Evidence(), refund_year=refund_year,
        filing_id=kw.pop("filing_id", None),
    )  # fmt: skip
    return workflow.submit("C1", who, app, materials, kw.pop("actor", CLERK), today, policy, **kw)


def to_paid(
    claim: Claim,
    who: Claimant,
    policy: ClaimsPolicy,
    calendar: WorkingCalendar,
    *,
    today: date = TODAY,
    **kw: Any,
) -> decisions.Payment:
    workflow.accept(claim, who, CLERK, today, policy, calendar)
    decisions.review(claim, who, CLERK, today, policy, **kw)
    decisions.approve(claim, CHIEF, today)
    return decisions.pay(claim, who, CHIEF, today, policy)
