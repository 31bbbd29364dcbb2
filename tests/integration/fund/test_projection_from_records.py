"""The projection invariant over recorded settlements on a synthetic history (SQLite, and
PostgreSQL when configured): settlements recorded in the hospital tables — priced in order with
their year-to-date amounts, some settled, reversed and settled again — re-priced with no overlay
give every recorded amount back to the fen, over a mid-year window and over the whole history."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from sqlalchemy import Engine, insert, text

from yidi.adapters.db import session_factory
from yidi.adapters.orm import insured_persons
from yidi.adapters.orm_hospital import SETTLEMENT_AMOUNTS, hospitals, settlements, visits
from yidi.demo_data.synthetic import claims_table
from yidi.domain.arrow_money import unscaled_int64
from yidi.service_layer import fund_projection as fp
from yidi.service_layer.batch import reprice
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

SPLIT = ("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")


def _fen(t: pa.Table, name: str) -> np.ndarray:
    return unscaled_int64(t.column(name).combine_chunks().cast(pa.decimal128(18, 2)))


def _history(n: int, seed: int) -> tuple[pa.Table, pa.Table]:
    t = claims_table(n, seed=seed, persons=max(1, n // 8))
    order = pc.sort_indices(t, [("setl_time", "ascending")])  # stable: same-day claims keep their order
    t = t.take(order)
    return t, reprice(t).table


def _record(engine: Engine, t: pa.Table, out: pa.Table, reversal_every: int) -> None:
    n = t.num_rows
    cols = {c: t.column(c).to_pylist() for c in ("psn_no", "insuplc_admdvs", "mdtrtarea_admvs", "insutype",
                                                  "psn_type", "cvlserv_flag", "filing_category", "hosp_lv", "setl_time")}  # fmt: skip
    amounts = {k: _fen(t, k) for k in ("medfee_sumamt", *SPLIT, "acct_balc")}
    got = {k: _fen(out, f"out_{k}") for k in ("act_pay_dedc", "hifp_pay", "cvlserv_pay", "hifob_pay", "hifmi_pay",
                                               "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay")}  # fmt: skip
    assert out.column("error").null_count == n, "the synthetic claims must all settle"
    lv_codes = sorted({(r, lv) for r, lv in zip(cols["mdtrtarea_admvs"], cols["hosp_lv"], strict=True)})
    hospital_of = {key: f"H{key[0]}{i:05d}" for i, key in enumerate(lv_codes)}
    persons = {p: (r, it, pt) for p, r, it, pt in zip(cols["psn_no"], cols["insuplc_admdvs"], cols["insutype"],
                                                       cols["psn_type"], strict=True)}  # fmt: skip
    idn = {p: f"{i:018d}" for i, p in enumerate(sorted(persons))}
    with engine.begin() as conn:
        conn.execute(insert(hospitals), [
            {"code": code, "name": code, "region": r, "hosp_lv": lv, "uscc": "", "paasid": code, "secret": "x", "active": True}
            for (r, lv), code in hospital_of.items()
        ])  # fmt: skip
        conn.execute(insert(insured_persons), [
            {"id_number": idn[p], "name": p, "insutype": it, "psn_type": pt, "civil_servant": False,
             "insured_region": r, "account_balance_fen": 0}
            for p, (r, it, pt) in persons.items()
        ])  # fmt: skip
        vrows, srows = [], []
        for i in range(n):
            day = cols["setl_time"][i]
            at = datetime(day.year, day.month, day.day, 8) + timedelta(seconds=3 * i)
            code = hospital_of[(cols["mdtrtarea_admvs"][i], cols["hosp_lv"][i])]
            mdtrt = f"M{i:012d}"
            vrows.append({
                "mdtrt_id": mdtrt, "hospital_code": code, "psn_no": cols["psn_no"][i], "id_number": idn[cols["psn_no"][i]],
                "insutype": cols["insutype"][i], "med_type": "21", "insured_region": cols["insuplc_admdvs"][i],
                "treatment_region": cols["mdtrtarea_admvs"][i], "pay_loc": "2", "filing_category": cols["filing_category"][i],
                "filing_id": None, "filing_basis": "filing", "ipt_no": mdtrt, "begntime": at, "endtime": at,
                "status": "settled", "er_flag": False, "dscg_maindiag_code": "X", "dscg_maindiag_name": "X",
                "warnings": [], "detail": {},
            })  # fmt: skip
            recorded: dict[str, int] = {k: int(amounts[k][i]) for k in ("medfee_sumamt", *SPLIT)}
            recorded |= {k: int(got[k][i]) for k in got}
            recorded["hifob_pay"] += recorded[
                "hifmi_pay"
            ]  # as 2304 records it: the kernel's one major amount
            recorded["hifmi_pay"] = 0
            base = {
                "mdtrt_id": mdtrt, "hospital_code": code, "psn_no": cols["psn_no"][i], "id_number": idn[cols["psn_no"][i]],
                "insutype": cols["insutype"][i], "clr_type": "21", "clr_optins": cols["mdtrtarea_admvs"][i],
                "setl_date": day, "year": day.year, "msgid": f"G{i:012d}", "dedc_paid_in_chain": 0,
                "balc": int(amounts["acct_balc"][i]) - recorded["acct_pay"],
                "output": {"setlinfo": {"psn_type": cols["psn_type"][i], "cvlserv_flag": cols["cvlserv_flag"][i]}},
            }  # fmt: skip
            if i % reversal_every == 0:  # settled, reversed, settled again: the same amounts twice
                srows.append({**base, **recorded, "setl_id": f"S{i:012d}a", "setl_time": at, "kind": "settle",
                              "status": "cancelled", "reverses": None, "cancelled_by": f"S{i:012d}r"})  # fmt: skip
                srows.append({**base, **{k: -v for k, v in recorded.items()}, "setl_id": f"S{i:012d}r",
                              "setl_time": at + timedelta(seconds=1), "kind": "reversal", "status": "valid",
                              "reverses": f"S{i:012d}a", "cancelled_by": None})  # fmt: skip
                at += timedelta(seconds=2)
            srows.append({**base, **recorded, "setl_id": f"S{i:012d}z", "setl_time": at, "kind": "settle",
                          "status": "valid", "reverses": None, "cancelled_by": None})  # fmt: skip
        conn.execute(insert(visits), vrows)
        conn.execute(insert(settlements), srows)
    assert set(SETTLEMENT_AMOUNTS) <= set(srows[0])


@pytest.mark.parametrize(("first", "last"), [("2024-04", "2024-09"), ("2023-01", "2025-12")])
def test_recorded_settlements_are_reproduced_to_the_fen(engine: Engine, first: str, last: str) -> None:
    t, out = _history(2_400, seed=11)
    _record(engine, t, out, reversal_every=17)
    sessions = session_factory(engine)
    for region in ("219900", "211200"):
        run = fp.run(SqlAlchemyUnitOfWork(sessions), region, fp.window(first, last))
        assert run.unreproduced == []
        assert run.projection.skipped == 0 and run.projection.delta.amounts == dict.fromkeys(
            run.projection.delta.amounts, 0
        )
        with engine.connect() as conn:
            claims, hifp = conn.execute(
                text(
                    "select count(*), coalesce(sum(s.hifp_pay), 0) from hospital_settlements s"
                    " join hospital_visits v on v.mdtrt_id = s.mdtrt_id where v.insured_region = :r"
                    " and s.kind = 'settle' and s.status = 'valid' and s.setl_date between :a and :b"
                ),
                {"r": region, "a": fp.window(first, last).first, "b": fp.window(first, last).end},
            ).one()
        assert run.projection.baseline.claims == claims > 0
        assert run.projection.baseline.amounts["hifp_pay"] == int(hifp)


def test_a_late_reversal_cuts_the_chain() -> None:
    """A reversed after B was settled: B was priced with A in its year-to-date, the claim after the
    reversal without — the record's year-to-date jumps, so the chain is cut there."""
    w = fp.window("2025-01", "2025-12")

    def row(sid: str, kind: str, status: str, hifp: int, day: int) -> dict[str, Any]:
        from datetime import date

        return {
            "setl_id": sid, "psn_no": "P1", "id_number": "1", "insutype": "310", "year": 2025, "kind": kind,
            "status": status, "setl_date": date(2025, 1, day), "insured_region": "219900", "treatment_region": "210100",
            "filing_category": "temporary", "hosp_lv": "3", "balc": 0, "dedc_paid_in_chain": 0,
            "output": {"setlinfo": {"psn_type": "11", "cvlserv_flag": "0"}},
            **dict.fromkeys(("medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt",
                             "inscp_scp_amt", "act_pay_dedc", "hifob_pay", "cvlserv_pay", "fund_pay_sumamt",
                             "psn_part_amt", "acct_pay"), 0),
            "hifp_pay": hifp,
        }  # fmt: skip

    rows = [row("A", "settle", "cancelled", 100, 1), row("B", "settle", "valid", 50, 2),
            row("R", "reversal", "valid", -100, 3), row("C", "settle", "valid", 70, 4)]  # fmt: skip
    table, recorded = fp.recorded_claims(rows, w)
    assert [r["setl_id"] for r in recorded] == ["B", "C"]
    assert table.column("psn_no").to_pylist() == ["P1#0", "P1#1"]
    assert [str(v) for v in table.column("ytd_hifp_pay").to_pylist()] == ["1.00", "0.50"]
