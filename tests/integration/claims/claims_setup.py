"""Shared helpers for the claims integration tests: actors, persons, filings and bills."""

from __future__ import annotations

from typing import Any

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import NewFiling
from yidi.service_layer import filing_services as fs
from yidi.service_layer.person_services import register_person

CLERK = Actor("li", Role.STAFF, Channel.COUNTER)
CHIEF = Actor("zhao", Role.STAFF, Channel.COUNTER)
CITIZEN = Actor("me", Role.CITIZEN, Channel.SELF_SERVICE)
SYSTEM = Actor("job", Role.SYSTEM, Channel.SYSTEM)
INPATIENT = ["inpatient_record_original", "medical_receipts", "fee_details", "card_or_id_copy"]
OUTPATIENT = [
    "medical_record_original", "medical_receipts", "fee_details", "exam_reports_copy", "prescriptions_copy",
    "card_or_id_copy",
]  # fmt: skip
SHOCK = {"disease": "休克", "facts": {"systolic_bp": 78, "lactate": 3.4}}


def person(uow, idn: str, region: str = "219900", psn_type: str = "12") -> str:  # type: ignore[no-untyped-def]
    register_person(
        uow, CLERK, id_number=idn, name="王五", insutype="310", psn_type=psn_type, insured_region=region,
        account_balance_fen=0,
    )  # fmt: skip
    return idn


def long_term_filing(uow, idn: str, **kw: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Self-service long-term filing without proof: a commitment filing (告知承诺制)."""
    res = fs.file(uow, CITIZEN, idn, NewFiling(Category.LONG_TERM_RESIDENT, "110100", **kw))
    return res["filing"]  # type: ignore[return-value]


def temporary_filing(uow, idn: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    res = fs.file(
        uow, CITIZEN, idn, NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.TRAVEL)
    )
    return res["filing"]  # type: ignore[return-value]


def bill(inscp: str = "10000.00", **kw: Any) -> dict[str, Any]:
    raw = {
        "medfee_sumamt": inscp, "fulamt_ownpay_amt": "0.00", "overlmt_selfpay": "0.00", "preselfpay_amt": "0.00",
        "inscp_scp_amt": inscp, "hosp_lv": "3", "treatment_region": "110100",
        "care_start": "2026-01-02", "care_end": "2026-01-08",
    }  # fmt: skip
    raw.update(kw)
    return raw


def settled_directly(engine, idn: str, begin: str, end: str, *, year: int = 2026) -> None:  # type: ignore[no-untyped-def]
    """A valid direct settlement of an inpatient visit, written as the hospital interface stores it."""
    from datetime import date, datetime

    from yidi.adapters.orm_hospital import SETTLEMENT_AMOUNTS, hospitals, settlements, visits

    with engine.begin() as conn:
        code = "H11010100009"
        if conn.execute(hospitals.select().where(hospitals.c.code == code)).first() is None:
            conn.execute(hospitals.insert().values(
                code=code, name="北京某医院", region="110100", hosp_lv="3A", uscc="", paasid=f"p-{idn}", secret="s", active=True,
            ))  # fmt: skip
        mdtrt = f"M{idn[-8:]}{begin.replace('-', '')}"
        conn.execute(visits.insert().values(
            mdtrt_id=mdtrt, hospital_code=code, psn_no=idn, id_number=idn, insutype="310", med_type="21",
            insured_region="219900", treatment_region="110100", pay_loc="4", filing_category="temporary",
            filing_id=None, filing_basis="auto_filing", ipt_no=mdtrt, begntime=datetime.fromisoformat(f"{begin} 08:00:00"),
            endtime=datetime.fromisoformat(f"{end} 10:00:00"), status="settled", er_flag=False,
            dscg_maindiag_code="I21.900", dscg_maindiag_name="急性心肌梗死", warnings=[], detail={},
        ))  # fmt: skip
        conn.execute(settlements.insert().values(
            setl_id=f"S{mdtrt}", mdtrt_id=mdtrt, hospital_code=code, psn_no=idn, id_number=idn, insutype="310",
            clr_type="21", clr_optins="219900", setl_time=datetime.fromisoformat(f"{end} 10:00:00"),
            setl_date=date.fromisoformat(end), year=year, kind="settle", status="valid", reverses=None,
            cancelled_by=None, msgid=f"m{mdtrt}", balc=0, dedc_paid_in_chain=0, output={},
            **dict.fromkeys(SETTLEMENT_AMOUNTS, 0),
        ))  # fmt: skip
