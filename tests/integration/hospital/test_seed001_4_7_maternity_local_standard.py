"""Seed 001 四.7: a maternity stay (生育住院) "均执行参保地本地就医待遇标准" — in the province on the
direct path (2401 med_type 52, 免申即享自动备案) and outside it by manual claim. Both paths use the
one benefit category ``maternity``, which 铁岭's policy places in its local class: a 铁岭 employee's
birth in 沈阳 pays the local deductible (700 at a 三级 hospital, A-SET-04), not the temporary 1 750."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hospital_flow import admission, fees, settle_data, total

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.claims.kinds import ClaimType
from yidi.domain.filing.categories import Category
from yidi.policy.claims import load_claims_policy
from yidi.service_layer.desk import settle_request
from yidi.service_layer.hospital.admission_rules import SETTLEMENT_CATEGORY
from yidi.service_layer.person_services import register_person

STAFF = Actor("seed", Role.STAFF, Channel.COUNTER)


def test_maternity_stay_in_the_province_settles_at_the_local_standard(
    hospital, uow, huow_factory, new_id_number, clock
):
    idn = new_id_number(female=True, born=date(1995, 3, 1))
    register_person(uow, STAFF, id_number=idn, name="王芳", insutype="310", psn_type="11",
                    insured_region="211200", account_balance_fen=0)  # fmt: skip
    hospital.insuplc = "211200"
    clock.today = date(2026, 1, 10)
    mdtrt_id = hospital.ok("2401", admission(idn, ipt_no="SC0001", med_type="52"))["output"]["result"][
        "mdtrt_id"
    ]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    out = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]
    s = out["setlinfo"]
    assert s["act_pay_dedc"] == "700.00"  # local 三级 (A-SET-04), not the temporary 1 750
    assert any("生育住院（本地标准）" in str(e) for e in out["explanation"])
    with huow_factory() as huow:
        assert huow.hospital.visit(mdtrt_id).filing_category == "maternity"


def test_the_direct_and_the_manual_path_use_one_category():
    spec = load_claims_policy().types[ClaimType.MATERNITY_OUT_OF_PROVINCE]
    assert spec.settlement.filing_category == SETTLEMENT_CATEGORY[Category.MATERNITY] == "maternity"


def test_maternity_and_temporary_differ_only_by_the_category():
    from yidi.domain.settlement.request import parse_request

    req = parse_request({"insuplc_admdvs": "211200", "mdtrtarea_admvs": "210100", "insutype": "310", "psn_type": "11",
                         "cvlserv_flag": "0", "filing_category": "maternity", "hosp_lv": "3", "setl_time": "2026-01-10",
                         "med_type": "52", "medfee_sumamt": "10000.00", "fulamt_ownpay_amt": "0.00", "overlmt_selfpay": "0.00",
                         "preselfpay_amt": "0.00", "inscp_scp_amt": "10000.00", "acct_used_flag": "0", "acct_balc": "0.00"})  # fmt: skip
    local = settle_request(req).amounts
    temp = settle_request(replace(req, filing_category="temporary")).amounts
    assert (local["act_pay_dedc"], temp["act_pay_dedc"]) == (70_000, 175_000)
    assert Decimal(local["hifp_pay"]) > Decimal(temp["hifp_pay"])
