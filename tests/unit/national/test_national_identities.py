"""The setlinfo identities catch a settlement that does not add up; per-line adjudication always
splits a line into parts that sum to it (property)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from yidi.domain.national.adjudication import FeeLineIn, adjudicate
from yidi.domain.national.identities import violations
from yidi.policy.catalogue import parse_catalogue

INFO = {
    "medfee_sumamt": "100.00", "fulamt_ownpay_amt": "10.00", "overlmt_selfpay": "5.00", "preselfpay_amt": "5.00",
    "inscp_scp_amt": "80.00", "hifp_pay": "40.00", "cvlserv_pay": "0.00", "hifes_pay": "0.00", "hifmi_pay": "0.00",
    "hifob_pay": "0.00", "maf_pay": "0.00", "oth_pay": "0.00", "fund_pay_sumamt": "40.00", "hosp_part_amt": "0.00",
    "psn_part_amt": "60.00", "acct_pay": "20.00", "psn_cash_pay": "40.00",
}  # fmt: skip
DETAIL = [{"fund_payamt": "40.00"}]


def test_consistent_settlement_passes():
    assert violations(INFO, DETAIL) == []


def test_each_identity_is_checked():
    assert violations({**INFO, "inscp_scp_amt": "80.01"}, DETAIL)
    assert violations(
        {**INFO, "fund_pay_sumamt": "40.01", "psn_part_amt": "59.99", "psn_cash_pay": "39.99"},
        [{"fund_payamt": "40.01"}],
    )
    assert violations({**INFO, "psn_cash_pay": "40.01"}, DETAIL)
    assert violations(INFO, [{"fund_payamt": "39.99"}])


@given(
    st.sampled_from(["1", "2", "3"]), st.integers(0, 10_000), st.integers(1, 50), st.integers(1, 100_000),
    st.one_of(st.none(), st.integers(1, 100_000)),
)  # fmt: skip
def test_line_parts_sum_to_the_line(level, prop, cnt, price_fen, cap_fen):
    prop = {"1": 0, "3": 10_000}.get(level, prop)
    item = {
        "med_list_codg": "A",
        "name": "n",
        "chrgitm_lv": level,
        "selfpay_prop": str(Decimal(prop) / 10_000),
    }
    if cap_fen is not None:
        item["pric_uplmt_amt"] = str(Decimal(cap_fen) / 100)
    cat = parse_catalogue(
        {"region": "210100", "effective": {"from": date(2024, 1, 1), "source": "t"}, "items": [item]}, "t"
    )
    price = Decimal(price_fen) / 100
    line = FeeLineIn(
        "F",
        "M",
        "P",
        "21",
        datetime(2026, 1, 1),
        "A",
        "A",
        cnt * price_fen,
        Decimal(cnt),
        price,
        False,
        "",
        {},
    )
    s = adjudicate(line, cat).split
    assert s is not None
    assert s.fulamt_ownpay_amt + s.overlmt_selfpay + s.preselfpay_amt + s.inscp_scp_amt == cnt * price_fen
    assert min(s.fulamt_ownpay_amt, s.overlmt_selfpay, s.preselfpay_amt, s.inscp_scp_amt) >= 0
