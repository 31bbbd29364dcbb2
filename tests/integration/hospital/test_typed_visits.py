"""Issue 14 item 4, the typed settlement path: visits and fee lines are typed values built once by
the repository (``domain/national/visit.py``): fen as int, times as datetime, counts and prices as
Decimal — the handlers read attributes, not row keys."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from hospital_flow import fee_line, settle_data
from tests.integration.hospital.test_hospital_idempotency import stay

from yidi.domain.national.visit import FeeLine, Visit
from yidi.domain.settlement.request import Ytd


def test_the_repository_returns_typed_visits_and_fee_lines(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    with huow_factory() as uow:
        visit = uow.hospital.visit(mdtrt_id)
        assert isinstance(visit, Visit)
        assert isinstance(visit.begntime, datetime) and visit.endtime is None
        assert visit.mdtrt_id == mdtrt_id and visit.med_type == "21" and visit.insutype == "310"
        assert isinstance(visit.detail, dict) and visit.detail["mdtrtinfo"]["ipt_no"] == "ZY0001"
        assert uow.hospital.visit_by_ipt_no(hospital.code, "ZY0001") == visit
        assert list(uow.hospital.visits_of(hospital.code, idn)) == [visit]
        lines = list(uow.hospital.fees(mdtrt_id))
    assert lines and all(isinstance(f, FeeLine) for f in lines)
    first = lines[0]
    assert isinstance(first.det_item_fee_sumamt, int) and isinstance(first.price_cap, int)
    assert isinstance(first.cnt, Decimal) and isinstance(first.pric, Decimal)
    assert isinstance(first.fee_ocur_time, datetime) and first.setl_id is None
    assert (first.feedetl_sn, first.cnt, first.pric) == ("F0001", Decimal("12"), Decimal("70.00"))
    assert first.det_item_fee_sumamt == 84_000  # 12 × 70.00 yuan, in fen
    assert sum(f.det_item_fee_sumamt for f in lines) == int(Decimal(medfee) * 100)


def test_a_refund_line_is_typed_with_its_original(hospital, person, huow_factory):
    idn, mdtrt_id, _ = stay(hospital, person)
    back = fee_line(
        idn, mdtrt_id, "R0001", "001102000010000-110200001", "-2", "70.00", init_feedetl_sn="F0001"
    )
    hospital.ok("2301", {"feedetail": [back]})
    with huow_factory() as uow:
        lines = {f.feedetl_sn: f for f in uow.hospital.fees(mdtrt_id, unsettled=True)}
    assert lines["R0001"].init_feedetl_sn == "F0001" and lines["F0001"].init_feedetl_sn == ""
    assert lines["R0001"].cnt == Decimal("-2") and lines["R0001"].det_item_fee_sumamt == -14_000


def test_the_year_to_date_totals_are_the_kernels_typed_input(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    with huow_factory() as uow:
        assert uow.hospital.year_to_date(idn, 2026) == Ytd()
    s = hospital.ok("2304", settle_data(idn, mdtrt_id, medfee))["output"]["setlinfo"]
    with huow_factory() as uow:
        ytd = uow.hospital.year_to_date(idn, 2026)
    fen = {k: int(Decimal(s[k]) * 100) for k in ("act_pay_dedc", "hifp_pay", "cvlserv_pay")}
    assert ytd == Ytd(
        hifob_pay=int(Decimal(s["hifob_pay"]) * 100) + int(Decimal(s["hifmi_pay"]) * 100), **fen
    )
