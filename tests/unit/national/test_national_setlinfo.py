"""The one assembler of a settlement answer (``domain/national/setlinfo.py``): typed amounts
formatted once, a stored answer parsed once whatever its representation, a reversal's negation
in fen, and a partial stored answer (demo rows) completed from the settlement's columns."""

from __future__ import annotations

from datetime import date, datetime

from yidi.domain.national.identities import violations
from yidi.domain.national.setlinfo import (
    ANSWER_AMOUNTS,
    SETLINFO_KEYS,
    Answer,
    SetlAmounts,
    SetlHead,
    assemble,
)
from yidi.domain.settlement.amounts import SETLINFO_AMOUNTS

FEN = dict(
    medfee_sumamt=1_000_050, fulamt_ownpay_amt=50, overlmt_selfpay=0, preselfpay_amt=100_000, inscp_scp_amt=900_000,
    act_pay_dedc=80_000, hifp_pay=574_000, cvlserv_pay=0, hifes_pay=0, hifmi_pay=0, hifob_pay=12_345, maf_pay=0,
    oth_pay=-1_000, fund_pay_sumamt=585_345, psn_part_amt=414_705, acct_pay=100_000, psn_cash_pay=314_705,
    balc=50_000, hosp_part_amt=0,
)  # fmt: skip
HEAD = SetlHead(
    mdtrt_id="M1", psn_no="P1", psn_name="张三", certno="211200195001010011", gend="1", brdy=date(1950, 1, 1),
    age=76, insutype="310", psn_type="12", cvlserv_flag=False, setl_time=datetime(2026, 1, 9, 10, 0),
    mdtrt_cert_type="02", med_type="21", pool_prop_selfpay=9000, medins_setl_id="MSG1", clr_optins="210100",
    clr_type="21", setl_id="S1",
)  # fmt: skip
DETAIL = [
    {"fund_pay_type": "310100", "fund_pay_type_name": "职工基本医疗保险统筹基金", "inscp_scp_amt": "8200.00",
     "crt_payb_lmt_amt": "100000.00", "fund_payamt": "5740.00", "setl_proc_info": "统筹"},
    {"fund_pay_type": "330100", "fund_pay_type_name": "职工大额医疗费用补助", "inscp_scp_amt": "0.00",
     "crt_payb_lmt_amt": None, "fund_payamt": "123.45", "setl_proc_info": "大额"},
    {"fund_pay_type": "999901", "fund_pay_type_name": "扣减", "inscp_scp_amt": "0.00",
     "crt_payb_lmt_amt": None, "fund_payamt": "-10.00", "setl_proc_info": "扣减"},
]  # fmt: skip


def _numbers(info: dict) -> dict:
    return {k: (float(v) if k in ANSWER_AMOUNTS else v) for k, v in info.items()}


def test_assemble_formats_every_amount_once_in_the_national_order():
    info = assemble(HEAD, SetlAmounts(**FEN))
    assert tuple(info) == SETLINFO_KEYS
    assert info["medfee_sumamt"] == "10000.50" and info["oth_pay"] == "-10.00" and info["hifdm_pay"] == "0.00"
    assert info["pool_prop_selfpay"] == "0.9000" and info["brdy"] == "1950-01-01" and info["age"] == 76
    assert "setl_id" not in assemble(HEAD.__class__(**{**HEAD.__dict__, "setl_id": ""}), SetlAmounts(**FEN))
    assert violations(info, DETAIL) == []


def test_a_stored_answer_parses_the_same_from_strings_or_json_numbers():
    info = assemble(HEAD, SetlAmounts(**FEN))
    from_text = Answer.parse({"setlinfo": info, "setldetail": DETAIL})
    from_numbers = Answer.parse({"setlinfo": _numbers(info), "setldetail": DETAIL})
    assert from_text == from_numbers
    assert from_text.amounts == SetlAmounts(**FEN) and from_text.head == HEAD
    assert from_text.setlinfo() == info and from_text.setldetail() == DETAIL


def test_a_reversal_negates_every_amount_in_fen_and_still_adds_up():
    answer = Answer.parse({"setlinfo": _numbers(assemble(HEAD, SetlAmounts(**FEN))), "setldetail": DETAIL})
    rev = answer.reversal("S2", "MSG2", balc=150_000)
    assert rev.violations() == [] and violations(rev.setlinfo(), rev.setldetail()) == []
    assert rev.amounts.balc == 150_000 and rev.head.setl_id == "S2" and rev.head.medins_setl_id == "MSG2"
    assert all(rev.amounts.fields()[k] == -FEN[k] for k in SETLINFO_AMOUNTS if k != "balc")
    assert [d["fund_payamt"] for d in rev.setldetail()] == ["-5740.00", "-123.45", "10.00"]
    assert rev.setldetail()[0]["crt_payb_lmt_amt"] == "100000.00"  # the remaining cap is not negated
    assert rev.reversal("S1", "MSG1", balc=FEN["balc"]).amounts == answer.amounts


def test_a_partial_stored_answer_is_completed_from_the_settlement_columns():
    columns = {**FEN, "setl_id": "DEMO1", "mdtrt_id": "MDEMO1", "psn_no": "P9", "insutype": "310", "clr_type": "21",
               "clr_optins": "210100", "msgid": "DEMO1", "setl_time": datetime(2026, 1, 9, 10, 0)}  # fmt: skip
    answer = Answer.parse(
        {"setlinfo": {"psn_type": "12", "cvlserv_flag": "0", "medfee_sumamt": "10000.50"}}, columns
    )
    info = answer.setlinfo()
    assert (info["setl_id"], info["mdtrt_id"], info["medins_setl_id"]) == ("DEMO1", "MDEMO1", "DEMO1")
    assert info["hifp_pay"] == "5740.00" and info["medfee_sumamt"] == "10000.50" and info["brdy"] == ""
    assert Answer.parse({}, columns).amounts == SetlAmounts(**FEN)  # an answer never stored at all
