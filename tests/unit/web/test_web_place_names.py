"""Region fields take places by name (issue 19 scope 1): 北京, beijing and 110100 resolve alike,
the suggestions' own labels resolve back, an ambiguous text lists its choices beside the field."""

from __future__ import annotations

import pytest

from yidi.domain.errors import InvalidInput
from yidi.entrypoints.web.labels import FILTERS
from yidi.entrypoints.web.places import place, place_code, suggestions


@pytest.mark.parametrize("text", ["北京", "北京市", "beijing", "Bei Jing", "110100", "北京市（110100）"])
def test_beijing_by_name_pinyin_or_code(text: str) -> None:
    assert place_code(text, "treatment_region") == "110100"


@pytest.mark.parametrize(
    ("text", "code"),
    [("大连", "210200"), ("dalian", "210200"), ("大连市（辽宁省）", "210200"), ("大连市（210200）", "210200"),
     ("广东", "440000"), ("辽宁省本级（省直）", "219900")],
)  # fmt: skip
def test_names_and_labels_resolve(text: str, code: str) -> None:
    assert place_code(text, "f") == code


def test_a_hospital_code_is_left_to_the_filing_rule() -> None:
    assert place_code("h21010000001", "f") == "H21010000001"


def test_ambiguous_and_unknown_are_told_beside_the_field() -> None:
    errors: dict[str, str] = {}
    assert place({"treatment_region": "bj"}, "treatment_region", errors, ("treatment_region",)) is None
    assert "北京市" in errors["treatment_region"] and "宝鸡市（陕西省）" in errors["treatment_region"]
    assert errors["treatment_region"].count("北京市") == 1
    with pytest.raises(InvalidInput) as caught:
        place_code("火星", "region")
    assert caught.value.problems[0].field == "region" and "如：北京、大连" in caught.value.problems[0].zh


def test_an_empty_optional_field_is_no_place_and_no_problem() -> None:
    errors: dict[str, str] = {}
    assert place({}, "treatment_region", errors, (), required=False) is None and errors == {}


def test_suggestions_offer_a_province_then_its_cities() -> None:
    labels = [s["label"] for s in suggestions("辽宁")]
    assert labels[:3] == ["辽宁省", "沈阳市（辽宁省）", "大连市（辽宁省）"]
    assert [s["code"] for s in suggestions("北京")] == ["110100"]  # one 北京市, the city


class _User:
    def __init__(self, role: str) -> None:
        self.role = role


def test_codes_beside_names_for_staff_only() -> None:
    from jinja2 import Environment

    env = Environment()
    env.filters.update(FILTERS)
    tpl = env.from_string("{{ '210200'|region_zh }} {{ '310'|insutype_zh }} {{ '11'|psn_type_zh }}")
    assert tpl.render(user=_User("staff")) == "大连市（210200） 职工基本医疗保险（310） 在职（11）"
    assert tpl.render(user=_User("insured")) == "大连市 职工基本医疗保险 在职"
    assert tpl.render(user=None) == "大连市 职工基本医疗保险 在职"
