"""Settled stays written straight into the hospital interface's tables (the rows 2401–2304 store),
for the supervision integration tests: a stay is a person, a visit, one settlement and its lines,
amounts that add up (fund pays 80 % of the in-scope part)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from yidi.adapters.orm import insured_persons
from yidi.adapters.orm_hospital import SETTLEMENT_AMOUNTS, fee_details, hospitals, settlements, visits
from yidi.policy.catalogue import default_registry

SHENYANG = "H21010000001"  # a 三级甲等 hospital in 沈阳 (210100)
PCI = "003107010010000-310701001"
ASPIRIN = "XB01ACA056A001010100000"
CBC = "002501010010000-250101001"
_n = itertools.count(1)


@dataclass
class Stay:
    id_number: str
    insured_region: str
    begin: datetime
    end: datetime
    lines: list[tuple[str, str, int]] = field(default_factory=list)  # code, cnt, amount fen
    pay_loc: str = "4"
    hospital: str = SHENYANG
    inpatient: bool = True
    line_time: datetime | None = None
    setl_id: str = ""


def ensure_hospital(conn: object, code: str) -> None:
    if conn.execute(hospitals.select().where(hospitals.c.code == code)).first() is None:  # type: ignore[attr-defined]
        conn.execute(hospitals.insert().values(  # type: ignore[attr-defined]
            code=code, name=f"测试医院 {code}", region=code[1:7], hosp_lv="3A", uscc="", paasid=f"sup-{code}",
            secret="s", active=True))  # fmt: skip


def add(engine: Engine, stay: Stay) -> str:
    n = next(_n)
    mdtrt_id, setl_id = f"SUPM{n:06d}", stay.setl_id or f"SUPS{n:06d}"
    total = sum(a for _, _, a in stay.lines)
    fund = total * 8 // 10
    amounts = dict.fromkeys(SETTLEMENT_AMOUNTS, 0)
    amounts.update(medfee_sumamt=total, inscp_scp_amt=total, fund_pay_sumamt=fund, hifp_pay=fund,
                   psn_part_amt=total - fund, psn_cash_pay=total - fund)  # fmt: skip
    with engine.begin() as conn:
        ensure_hospital(conn, stay.hospital)
        if conn.execute(insured_persons.select().where(insured_persons.c.id_number == stay.id_number)).first() is None:
            conn.execute(insured_persons.insert().values(
                id_number=stay.id_number, name="测试", insutype="310", psn_type="11", civil_servant=False,
                insured_region=stay.insured_region, account_balance_fen=0))  # fmt: skip
        conn.execute(visits.insert().values(
            mdtrt_id=mdtrt_id, hospital_code=stay.hospital, psn_no=stay.id_number, id_number=stay.id_number,
            insutype="310", med_type="21" if stay.inpatient else "11", insured_region=stay.insured_region,
            treatment_region=stay.hospital[1:7], pay_loc=stay.pay_loc, filing_category="temporary", filing_id=None,
            filing_basis="auto_filing", ipt_no=f"IPT{n}", begntime=stay.begin, endtime=stay.end, status="settled",
            er_flag=False, dscg_maindiag_code="I21.0", dscg_maindiag_name="急性心肌梗死", warnings=[], detail={}))  # fmt: skip
        setl_time = stay.end + timedelta(hours=1)
        conn.execute(settlements.insert().values(
            setl_id=setl_id, mdtrt_id=mdtrt_id, hospital_code=stay.hospital, psn_no=stay.id_number,
            id_number=stay.id_number, insutype="310", clr_type="21" if stay.inpatient else "11",
            clr_optins=stay.insured_region, setl_time=setl_time, setl_date=setl_time.date(), year=setl_time.year,
            kind="settle", status="valid", msgid=f"MSG{n}", balc=0, dedc_paid_in_chain=0, output={}, **amounts))  # fmt: skip
        catalogue = default_registry().for_region(stay.hospital[1:7])
        for i, (code, cnt, amount) in enumerate(stay.lines, start=1):
            item = catalogue.get(code)
            lv, bp = (item.chrgitm_lv, item.selfpay_prop) if item else ("1", 0)
            conn.execute(fee_details.insert().values(
                mdtrt_id=mdtrt_id, feedetl_sn=f"{i}", med_list_codg=code, medins_list_codg=code,
                fee_ocur_time=stay.line_time or stay.begin + timedelta(hours=2), cnt=cnt, pric="0",
                det_item_fee_sumamt=amount, chrgitm_lv=lv, selfpay_prop_bp=bp, pric_uplmt_amt=None, price_cap=0,
                fulamt_ownpay_amt=0, overlmt_amt=0, preselfpay_amt=0, inscp_scp_amt=amount, etip_flag=False,
                etip_hosp_code="", setl_id=setl_id, raw={}))  # fmt: skip
    return setl_id


def march(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, 0)


def month_of(d: date) -> str:
    return f"{d:%Y-%m}"
