"""Bad input: every field of the desk request is rejected with a message naming it (zh + en)."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from yidi.domain.errors import InvalidInput
from yidi.service_layer.desk import settle


def demo() -> dict[str, Any]:
    text = (resources.files("yidi") / "demo_data" / "desk_request.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def with_change(path: str, value: Any) -> dict[str, Any]:
    req = copy.deepcopy(demo())
    target: Any = req
    keys = path.replace("]", "").replace("[", ".").split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is DELETE:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return req


class _Delete:
    """Marks a field to remove; its repr keeps the test id the same in every run (xdist, --lf)."""

    def __repr__(self) -> str:
        return "<deleted>"


DELETE = _Delete()

BAD = [
    ("insuplc_admdvs", "21990", "insuplc_admdvs"),
    ("insuplc_admdvs", "999999", "insuplc_admdvs"),
    ("mdtrtarea_admvs", None, "mdtrtarea_admvs"),
    ("insutype", "31", "insutype"),
    ("psn_type", "x1", "psn_type"),
    ("cvlserv_flag", "2", "cvlserv_flag"),
    ("filing_category", "long_term", "filing_category"),
    ("hosp_lv", "4", "hosp_lv"),
    ("setl_time", "2024-02-30", "setl_time"),
    ("setl_time", "20240520", "setl_time"),
    ("med_type", "", "med_type"),
    ("acct_used_flag", "yes", "acct_used_flag"),
    ("acct_balc", "-1.00", "acct_balc"),
    ("ytd.hifp_pay", "1.001", "ytd.hifp_pay"),
    ("ytd.unknown", "1", "ytd.unknown"),
    ("fee_lines", [], "fee_lines"),
    ("fee_lines[0].det_item_fee_sumamt", "12,00", "fee_lines[0].det_item_fee_sumamt"),
    ("fee_lines[0].det_item_fee_sumamt", "1300.00", "fee_lines[0].det_item_fee_sumamt"),
    ("fee_lines[1].cnt", "-1", "fee_lines[1].cnt"),
    ("fee_lines[1].pric", 18000, "fee_lines[1].pric"),
    ("fee_lines[0].pric_uplmt_amt", "abc", "fee_lines[0].pric_uplmt_amt"),
    ("fee_lines[2].chrgitm_lv", "4", "fee_lines[2].chrgitm_lv"),
    ("fee_lines[3].selfpay_prop", "1.5", "fee_lines[3].selfpay_prop"),
    ("fee_lines[3].colour", "red", "fee_lines[3].colour"),
    ("extra_field", "1", "extra_field"),
    ("fee_lines", DELETE, "fee_lines"),
]


@pytest.mark.parametrize(("path", "value", "field"), BAD, ids=[f"{p}={v!r}" for p, v, _ in BAD])
def test_bad_field_is_named(path: str, value: Any, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        settle(with_change(path, value))
    problem = err.value.problems[0]
    assert problem.field == field
    assert problem.zh and problem.en and problem.zh != problem.en


def test_split_amounts_must_add_up() -> None:
    req = with_change("fee_lines", DELETE)
    req.update(
        medfee_sumamt="100.00",
        fulamt_ownpay_amt="10.00",
        overlmt_selfpay="0",
        preselfpay_amt="0",
        inscp_scp_amt="80.00",
    )
    with pytest.raises(InvalidInput) as err:
        settle(req)
    assert err.value.problems[0].field == "medfee_sumamt"
    assert "90.00" in err.value.problems[0].zh


def test_lines_and_split_together_are_refused() -> None:
    req = demo()
    req["medfee_sumamt"] = "1.00"
    with pytest.raises(InvalidInput) as err:
        settle(req)
    assert err.value.problems[0].field == "fee_lines"


def test_not_an_object() -> None:
    with pytest.raises(InvalidInput):
        settle(["not", "an", "object"])
