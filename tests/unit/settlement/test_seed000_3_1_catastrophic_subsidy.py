"""Seed 000 三(一)/(二): a long-term resident's personal part after direct settlement counts toward
the 重特大疾病医疗费用年度补助, a temporary patient's does not; the subsidy is annual (A-SET-20:
50 % above 10 000 yuan a year, at most 100 000)."""

from __future__ import annotations

from yidi.domain.settlement.annual_subsidy import SubsidyRule, counted_part, person_year, subsidy
from yidi.service_layer.annual_subsidy import rule_for
from yidi.service_layer.desk import settle


def desk(category: str, inscp: str, setl_time: str = "2026-03-01", **extra: str) -> dict:
    return settle({"insuplc_admdvs": "219900", "mdtrtarea_admvs": "210200", "insutype": "310", "psn_type": "12",
                   "cvlserv_flag": "0", "filing_category": category, "hosp_lv": "3", "setl_time": setl_time,
                   "med_type": "21", "medfee_sumamt": inscp, "fulamt_ownpay_amt": "0.00", "overlmt_selfpay": "0.00",
                   "preselfpay_amt": "0.00", "inscp_scp_amt": inscp, "acct_used_flag": "0", "acct_balc": "0.00", **extra})  # fmt: skip


def test_only_long_term_settlements_count_and_the_year_is_aggregated():
    long_a, long_b = desk("long_term_resident", "100000.00"), desk("long_term_resident", "50000.00", "2026-09-01")
    temporary = desk("temporary", "100000.00")
    assert counted_part(temporary) == 0
    a, b = counted_part(long_a), counted_part(long_b)
    assert a == 10_000_000 - 8_784_300  # (100 000 − 1 300) × 89 % paid by the fund
    rule = rule_for(2026)
    assert (rule.threshold_fen, rule.percent, rule.cap_fen) == (1_000_000, 50, 10_000_000)
    out = person_year([long_a, temporary, long_b], rule)
    assert out["counted_fen"] == a + b and out["settlements_counted"] == 2
    assert out["subsidy_fen"] == subsidy(a + b, rule) == round((a + b - 1_000_000) / 2)
    assert "年度最高" in out["rule"] and "三(一)" in out["rule"]


def test_below_the_threshold_nothing_and_never_above_the_cap():
    rule = SubsidyRule(1_000_000, 50, 10_000_000, "A-SET-20")
    assert subsidy(999_999, rule) == 0 and subsidy(1_000_001, rule) == 1  # half-up
    assert subsidy(100_000_000, rule) == 10_000_000
