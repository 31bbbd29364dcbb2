"""Outpatient codes and the benefit difference of a commitment settlement (pure, no database)."""

from __future__ import annotations

from types import SimpleNamespace

from yidi.domain.national.codes import (
    CLR_TYPE_INPATIENT,
    CLR_TYPE_OUTPATIENT,
    INPATIENT_MED_TYPES,
    OUTPATIENT_MED_TYPES,
)
from yidi.domain.settlement.request import parse_request
from yidi.service_layer.desk import settle_request
from yidi.service_layer.hospital.clawback import benefit_difference
from yidi.service_layer.hospital.context import is_outpatient

RAW = {"insuplc_admdvs": "211200", "mdtrtarea_admvs": "210100", "insutype": "310", "psn_type": "12",
       "cvlserv_flag": "0", "filing_category": "long_term_retiree", "hosp_lv": "3", "setl_time": "2026-01-10",
       "med_type": "21", "medfee_sumamt": "20000.00", "fulamt_ownpay_amt": "0.00", "overlmt_selfpay": "0.00",
       "preselfpay_amt": "0.00", "inscp_scp_amt": "20000.00", "acct_used_flag": "0", "acct_balc": "0.00"}  # fmt: skip


def test_outpatient_and_inpatient_codes_are_disjoint():
    assert not set(OUTPATIENT_MED_TYPES) & set(INPATIENT_MED_TYPES)
    assert (CLR_TYPE_OUTPATIENT, CLR_TYPE_INPATIENT) == ("11", "21")  # §3.5 clr_type
    assert is_outpatient(SimpleNamespace(med_type="14")) and not is_outpatient(SimpleNamespace(med_type="24"))


def _computed(category: str) -> SimpleNamespace:
    return SimpleNamespace(
        settled=settle_request(parse_request({**RAW, "filing_category": category})), setldetail=[]
    )


def test_benefit_difference_is_filing_minus_temporary_standard():
    c = _computed("long_term_retiree")
    temporary = settle_request(parse_request({**RAW, "filing_category": "temporary"}))
    diff, base = benefit_difference(c)
    assert base == temporary.amounts["fund_pay_sumamt"]
    assert diff == c.settled.amounts["fund_pay_sumamt"] - base > 0  # 17 370.00 − 12 775.00 here


def test_benefit_difference_is_never_negative():
    diff, _ = benefit_difference(_computed("temporary"))
    assert diff == 0
