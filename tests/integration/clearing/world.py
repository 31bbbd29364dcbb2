"""A small world of hospitals, insured persons, visits and settlement rows written straight into
the hospital tables (no national transactions: clearing only reads what 2304/2305 store)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, select, update

from yidi.adapters.orm import insured_persons
from yidi.adapters.orm_hospital import SETTLEMENT_AMOUNTS, hospitals, settlements, visits

# (参保地, 就医地): in-province pairs, the provincial-direct scheme, and a cross-province pair
PAIRS = [("210100", "211200"), ("211200", "210100"), ("219900", "210200"), ("211300", "110100")]
HOSPITALS = {"210100": ["H21010000001", "H21010000002"], "211200": ["H21120000001"],
             "210200": ["H21020000001"], "110100": ["H11010000001"]}  # fmt: skip


@dataclass
class Settled:
    setl_id: str
    insured: str
    treatment: str
    hospital: str
    insutype: str
    time: datetime
    amounts: dict[str, int]
    reversal_of: str | None = None


@dataclass
class World:
    conn: Connection
    settled: dict[str, Settled] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def setup(self) -> World:
        for region, codes in HOSPITALS.items():
            for code in codes:
                if (
                    self.conn.execute(select(hospitals.c.code).where(hospitals.c.code == code)).first()
                    is None
                ):
                    self.conn.execute(hospitals.insert().values(
                        code=code, name=f"医院{code}", region=region, hosp_lv="3A", uscc="", paasid=f"p-{code}",
                        secret="s", active=True))  # fmt: skip
        return self

    def _person(self, insured: str, insutype: str) -> str:
        id_number = f"{insured}19600101{insutype}"[:17] + "X"
        if (
            self.conn.execute(
                select(insured_persons.c.id_number).where(insured_persons.c.id_number == id_number)
            ).first()
            is None
        ):
            self.conn.execute(insured_persons.insert().values(
                id_number=id_number, name="测试", insutype=insutype, psn_type="12", civil_servant=False,
                insured_region=insured, account_balance_fen=0))  # fmt: skip
        return id_number

    def settle(self, pair: tuple[str, str], hospital_no: int, time: datetime, fund: int, acct: int, cash: int,
               *, insutype: str = "310", cvlserv: int = 0, recovered: int = 0) -> Settled:  # fmt: skip
        """``recovered``: a revoked commitment's 待遇差 this settlement deducted (A-SET-19): the funds'
        own columns stay ``fund``, ``fund_pay_sumamt`` is less by it and the person paid it in cash."""
        insured, treatment = pair
        codes = HOSPITALS[treatment]
        code = codes[hospital_no % len(codes)]
        n = next(self._ids)
        mdtrt_id, setl_id = f"M{n:09d}", f"S{n:09d}"
        id_number = self._person(insured, insutype)
        self.conn.execute(visits.insert().values(
            mdtrt_id=mdtrt_id, hospital_code=code, psn_no=id_number, id_number=id_number, insutype=insutype,
            med_type="21", insured_region=insured, treatment_region=treatment, pay_loc="3", filing_category="x",
            filing_id=None, filing_basis="filing", ipt_no=mdtrt_id, begntime=time, endtime=time, status="settled",
            er_flag=False, dscg_maindiag_code="I10", dscg_maindiag_name="高血压", warnings=[], detail={}))  # fmt: skip
        hifp, major = fund - cvlserv - fund // 5, fund // 5
        amounts = {name: 0 for name in SETTLEMENT_AMOUNTS}
        amounts.update(medfee_sumamt=fund + acct + cash, inscp_scp_amt=fund + acct + cash, hifp_pay=hifp,
                       hifob_pay=major, cvlserv_pay=cvlserv, fund_pay_sumamt=fund - recovered,
                       psn_part_amt=acct + cash + recovered, acct_pay=acct, psn_cash_pay=cash + recovered)  # fmt: skip
        self._insert(setl_id, mdtrt_id, code, id_number, insutype, time, "settle", None, amounts)
        one = Settled(setl_id, insured, treatment, code, insutype, time, amounts)
        self.settled[setl_id] = one
        return one

    def reverse(self, original: Settled, time: datetime) -> Settled:
        n = next(self._ids)
        setl_id = f"R{n:09d}"
        amounts = {k: -v for k, v in original.amounts.items()}
        mdtrt_id = self.conn.execute(
            select(settlements.c.mdtrt_id).where(settlements.c.setl_id == original.setl_id)
        ).scalar_one()
        self._insert(
            setl_id,
            mdtrt_id,
            original.hospital,
            "",
            original.insutype,
            time,
            "reversal",
            original.setl_id,
            amounts,
        )
        self.conn.execute(update(settlements).where(settlements.c.setl_id == original.setl_id)
                          .values(status="cancelled", cancelled_by=setl_id))  # fmt: skip
        one = Settled(setl_id, original.insured, original.treatment, original.hospital, original.insutype, time,
                      amounts, original.setl_id)  # fmt: skip
        self.settled[setl_id] = one
        return one

    def _insert(self, setl_id: str, mdtrt_id: str, code: str, id_number: str, insutype: str, time: datetime,
                kind: str, reverses: str | None, amounts: dict[str, int]) -> None:  # fmt: skip
        self.conn.execute(settlements.insert().values(
            setl_id=setl_id, mdtrt_id=mdtrt_id, hospital_code=code, psn_no=id_number or "p", id_number=id_number or "p",
            insutype=insutype, clr_type="21", clr_optins=code[1:7], setl_time=time, setl_date=time.date(),
            year=time.year, kind=kind, status="valid", reverses=reverses, cancelled_by=None, msgid=setl_id,
            balc=0, dedc_paid_in_chain=0, output={}, **amounts))  # fmt: skip
