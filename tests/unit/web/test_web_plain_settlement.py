"""A settlement a citizen can read (issue 19 scope 4): thousand separators, percentages, zero
rows hidden, the answer in one sentence, steps in plain words without field names."""

from __future__ import annotations

from yidi.entrypoints.web.plain_settlement import amount, percent, rows, summary, view
from yidi.service_layer import desk

RAW = {
    "insuplc_admdvs": "219900", "insutype": "310", "psn_type": "11", "cvlserv_flag": "0", "acct_used_flag": "0",
    "acct_balc": "0.00", "mdtrtarea_admvs": "210100", "filing_category": "long_term_resident", "hosp_lv": "3",
    "setl_time": "2026-01-10", "med_type": "21", "medfee_sumamt": "20000.00", "fulamt_ownpay_amt": "1000.00",
    "overlmt_selfpay": "0.00", "preselfpay_amt": "0.00", "inscp_scp_amt": "19000.00",
}  # fmt: skip


def test_numbers_read_like_money_and_ratios_like_percentages() -> None:
    assert amount("15753.00") == "15,753.00" and amount("-20757.5") == "-20,757.50"
    assert percent("0.8900") == "89%" and percent("0.855") == "85.5%" and percent("1") == "100%"


def test_zero_rows_are_hidden_and_the_answer_comes_first() -> None:
    shown = dict(rows({"medfee_sumamt": "20000.00", "cvlserv_pay": "0.00", "pool_prop_selfpay": "0.8900"}))
    assert shown == {"医疗费总额": "20,000.00 元", "统筹基金支付比例": "89%"}
    s = summary({"medfee_sumamt": "20000.00", "fund_pay_sumamt": "15753.00", "psn_part_amt": "4247.00"})
    assert s["sentence"] == "医疗费 20,000.00 元，医保基金支付 15,753.00 元，您个人负担 4,247.00 元。"
    assert s["share"] == 79


def test_the_steps_speak_plainly_and_cite_documents_only() -> None:
    v = view(desk.settle(RAW))
    text = " ".join(st["text"] + " ".join(st["sources"]) for st in v["steps"])
    assert "统筹基金按 89% 支付 15,753.00 元" in text and "起付线 1,300.00 元" in text
    for internal in ("_flag", "min(", "A-SET", "按经办机构现行口径执行", "cvlserv", "0.8900"):
        assert internal not in text, internal
    assert "辽医保中心发〔2021〕45号 三(一)" in text
