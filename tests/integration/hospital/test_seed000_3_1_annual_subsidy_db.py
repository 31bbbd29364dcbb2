"""Seed 000 三(一): the annual subsidy over the year's stored direct settlements (2304) — a 省直
long-term resident's two stays count, reversed settlements do not (A-SET-20)."""

from __future__ import annotations

from datetime import date

from hospital_flow import LINES, admission, fees, settle_data, total
from hospital_his import His
from tests.integration.hospital.conftest import add_hospital

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind
from yidi.domain.money import fmt_fen
from yidi.domain.settlement.annual_subsidy import counted_part, subsidy
from yidi.service_layer import filing_services as fs
from yidi.service_layer.annual_subsidy import catastrophic_subsidies, rule_for

M = MaterialKind


def test_the_year_s_settlements_are_aggregated(person, uow, clock, huow_factory):
    add_hospital(huow_factory, "H21020000001", "3", "大连演示三级医院")
    dalian = His(huow_factory, "H21020000001", "210200")
    dalian.sign_in()
    dalian.insuplc = "219900"
    idn = str(person(region="219900"))
    clock.today = date(2026, 1, 2)
    req = NewFiling(Category.LONG_TERM_RESIDENT, "210200",
                    materials=tuple(MaterialIn(k) for k in (M.ID_CARD, M.PROPERTY_CERTIFICATE, M.APPLICATION_FORM, M.APPLICATION_LETTER)),
                    form={"phone": "13800000000", "signed_by": "张三"})  # fmt: skip
    fs.file(uow, Actor("w", Role.STAFF, Channel.COUNTER), idn, req)
    clock.today = date(2026, 1, 10)
    outputs = []
    for k in (1, 2, 3):
        mdtrt_id = dalian.ok("2401", admission(idn, ipt_no=f"DL{k}"))["output"]["result"]["mdtrt_id"]
        body = fees(idn, mdtrt_id, [("003107010010000-310701001", "3", "18000.00"), *LINES[3:]])  # PCI ×3
        dalian.ok("2301", body)
        outputs.append((mdtrt_id, dalian.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]))
    mdtrt_id, third = outputs[2]
    dalian.ok("2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": third["setlinfo"]["setl_id"], "psn_no": idn}})
    counted = sum(counted_part(o) for _, o in outputs[:2])  # the reversed third stay does not count
    rule = rule_for(2026)
    assert counted > rule.threshold_fen
    [mine] = [p for p in catastrophic_subsidies(uow, 2026)["persons"] if p["id_number"] == idn]
    assert mine["counted"] == fmt_fen(counted) and mine["subsidy"] == fmt_fen(subsidy(counted, rule))
    assert "三(一)" in mine["rule"]
