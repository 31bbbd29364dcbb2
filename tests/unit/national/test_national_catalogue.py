"""The demo catalogues load and validate; the 2301 per-line adjudication equals the settlement's
split on the same line; an unknown code is an error in its row."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from yidi.domain.errors import PolicyFileError
from yidi.domain.national.adjudication import FeeLineIn, adjudicate, result_row
from yidi.policy.catalogue import NoCatalogue, default_registry, load_registry, parse_catalogue

GOOD = {"region": "210100", "name": "t", "effective": {"from": date(2024, 1, 1), "source": "DEMO"}, "demo": True,
        "items": [{"med_list_codg": "A1", "name": "x", "chrgitm_lv": "2", "selfpay_prop": "0.1", "pric_uplmt_amt": "10.00"}]}  # fmt: skip


def line(code: str, cnt: str, pric: str) -> FeeLineIn:
    amount = int((Decimal(cnt) * Decimal(pric) * 100).quantize(Decimal(1)))
    return FeeLineIn(
        "F1",
        "M1",
        "P1",
        "21",
        datetime(2026, 1, 5),
        code,
        code,
        amount,
        Decimal(cnt),
        Decimal(pric),
        False,
        "",
        {},
    )


def test_every_demo_region_has_a_dated_sourced_catalogue():
    reg = default_registry()
    assert reg.regions() == ["210100", "210200", "211200", "211300"]
    for region in reg.regions():
        cat = reg.for_region(region)
        assert cat.demo and "DEMO" in cat.source and cat.valid_from == date(2024, 1, 1)
    assert reg.for_region("210102").region == "210100"  # a district uses its city's catalogue
    with pytest.raises(NoCatalogue):
        reg.for_region("110000")
    with pytest.raises(NoCatalogue):
        reg.for_region("210100", date(2023, 12, 31))


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("chrgitm_lv", "4"),
        ("selfpay_prop", "1.5"),
        ("pric_uplmt_amt", "-1"),
        ("med_list_codg", "有 空格"),
        ("med_chrgitm_type", "99"),
        ("extra", 1),
    ],
)
def test_broken_items_fail_loudly(key, value):
    bad = {**GOOD, "items": [{**GOOD["items"][0], key: value}]}
    with pytest.raises(PolicyFileError):
        parse_catalogue(bad, "t.yaml")


def test_inconsistent_grades_and_duplicates_fail():
    for item in ({"chrgitm_lv": "3", "selfpay_prop": "0.5"}, {"chrgitm_lv": "1", "selfpay_prop": "0.1"}):
        with pytest.raises(PolicyFileError):
            parse_catalogue({**GOOD, "items": [{**GOOD["items"][0], **item}]}, "t.yaml")
    with pytest.raises(PolicyFileError, match="duplicate"):
        parse_catalogue({**GOOD, "items": GOOD["items"] * 2}, "t.yaml")
    with pytest.raises(PolicyFileError):
        parse_catalogue({**GOOD, "effective": {"from": date(2024, 1, 1), "source": ""}}, "t.yaml")


def test_registry_from_a_directory(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "region: '210100'\neffective: {from: 2024-01-01, source: x}\nitems: [{med_list_codg: A, name: n, chrgitm_lv: '1', selfpay_prop: '0'}]\n"
    )
    assert load_registry(tmp_path).regions() == ["210100"]


def test_adjudication_splits_like_the_settlement():
    cat = parse_catalogue(GOOD, "t.yaml")
    a = adjudicate(
        line("A1", "3", "12.00"), cat
    )  # 36.00, cap 30.00 → 6.00 over, (30 × 10%) 3.00 prior self-pay
    row = result_row(a)
    assert (row["overlmt_amt"], row["preselfpay_amt"], row["inscp_scp_amt"], row["fulamt_ownpay_amt"]) == (
        "6.00",
        "3.00",
        "27.00",
        "0.00",
    )
    assert (row["chrgitm_lv"], row["selfpay_prop"], row["pric_uplmt_amt"], row["memo"]) == (
        "2",
        "0.1000",
        "10.00",
        "",
    )


def test_unknown_code_is_an_error_in_its_row():
    row = result_row(adjudicate(line("ZZZ", "1", "1.00"), parse_catalogue(GOOD, "t.yaml")))
    assert "ZZZ" in row["memo"] and row["inscp_scp_amt"] == ""
