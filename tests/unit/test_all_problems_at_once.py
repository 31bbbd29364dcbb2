"""A request or document with three bad fields gets three problems in one answer, not one per try."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from yidi.domain.claims.claim import Bill
from yidi.domain.claims.eligibility import Application
from yidi.domain.errors import InvalidInput
from yidi.domain.filing.creation import check_fields
from yidi.domain.settlement.request import parse_request


def fields_of(exc: pytest.ExceptionInfo[InvalidInput]) -> list[str | None]:
    return [p.field for p in exc.value.problems]


def desk_request() -> dict[str, Any]:
    text = (resources.files("yidi") / "demo_data" / "desk_request.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_desk_request_names_every_bad_field() -> None:
    bad = desk_request() | {"hosp_lv": "9", "setl_time": "2026-02-30", "insutype": "x", "colour": "red"}
    with pytest.raises(InvalidInput) as caught:
        parse_request(bad)
    assert sorted(f or "" for f in fields_of(caught)) == ["colour", "hosp_lv", "insutype", "setl_time"]


def test_desk_request_split_amounts_each_named_and_no_sum_check_on_unreadable_amounts() -> None:
    raw = {k: v for k, v in desk_request().items() if k != "fee_lines"}
    raw |= {"medfee_sumamt": "1.001", "fulamt_ownpay_amt": "-1", "overlmt_selfpay": "0.00",
            "preselfpay_amt": "abc", "inscp_scp_amt": "0.00"}  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        parse_request(raw)
    assert fields_of(caught) == ["medfee_sumamt", "fulamt_ownpay_amt", "preselfpay_amt"]


BILL = {
    "medfee_sumamt": "100.00", "fulamt_ownpay_amt": "0.00", "overlmt_selfpay": "0.00", "preselfpay_amt": "0.00",
    "inscp_scp_amt": "100.00", "hosp_lv": "3", "treatment_region": "110100", "care_start": "2026-03-01",
    "care_end": "2026-03-05",
}  # fmt: skip


def test_claim_bill_names_every_bad_field() -> None:
    assert Bill.parse(BILL).medfee_sumamt == 10_000
    with pytest.raises(InvalidInput) as caught:
        Bill.parse(BILL | {"hosp_lv": "9", "care_end": "someday", "treatment_region": "abc"})
    assert fields_of(caught) == ["bill.hosp_lv", "bill.treatment_region", "bill.care_end"]
    with pytest.raises(InvalidInput) as caught:
        Bill.parse(BILL | {"medfee_sumamt": "1.00", "care_end": "2026-02-01", "hosp_lv": ""})
    assert fields_of(caught) == ["bill.medfee_sumamt", "bill.hosp_lv", "bill.care_end"]


def test_claim_application_reports_type_bill_and_evidence_together() -> None:
    with pytest.raises(InvalidInput) as caught:
        Application.parse("nope", BILL | {"hosp_lv": "9"}, {"outcome": "cured"}, None, None)
    assert fields_of(caught) == ["claim_type", "bill.hosp_lv", "evidence.outcome"]


def test_new_filing_fields_form_place_and_hospitals_together() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_fields("2102", "H999", "H11010000001", form={"phone": "1"})
    assert fields_of(caught) == ["form", "treatment_region", "outpatient_hospital"]
    with pytest.raises(InvalidInput) as caught:  # a valid place: a hospital elsewhere is named too
        check_fields("210200", "H11010000001", "H99", form=None)
    assert fields_of(caught) == ["outpatient_hospital", "chronic_hospital"]
    assert check_fields("210203", "h21020000001") == ("210200", "H21020000001", None)
