"""Places by name (issue 19 item 1): names, pinyin, initials and codes resolve alike."""

from __future__ import annotations

import pytest

from yidi.domain import divisions
from yidi.domain.errors import InvalidInput
from yidi.domain.regions import division_name


@pytest.mark.parametrize("text", ["北京", "北京市", "beijing", "Bei Jing", "110100", "110000"])
def test_beijing_alike(text):
    assert divisions.resolve(text, "place").code == "110100"


@pytest.mark.parametrize(("text", "code"), [("大连", "210200"), ("dalian", "210200"), ("朝阳", "211300"),
                                            ("chaoyang", "211300"), ("省直", "219900"), ("恩施", "422800"),
                                            ("仙桃", "429004"), ("香港", "810000")])  # fmt: skip
def test_names_resolve(text, code):
    assert divisions.resolve(text, "place").code == code


def test_ambiguous_initials_list_the_choices():
    with pytest.raises(InvalidInput) as e:
        divisions.resolve("bj", "place")
    assert "北京" in e.value.zh and "宝鸡" in e.value.zh and e.value.field == "place"


def test_unknown_and_empty_are_named():
    for text in ("", "火星", "999900"):
        with pytest.raises(InvalidInput) as e:
            divisions.resolve(text, "treatment_region")
        assert e.value.field == "treatment_region"


def test_table_is_consistent():
    rows = divisions.all_divisions()
    codes = [d.code for d in rows]
    assert len(codes) == len(set(codes))
    assert sum(d.level == "province" for d in rows) == 34
    assert all(divisions.division(d.province) is not None for d in rows)
    assert all(len(d.code) == 6 and d.code.isdigit() for d in rows)


def test_search_ranks_exact_first_and_labels_read_naturally():
    assert divisions.search("大连")[0].label == "大连市（辽宁省）"
    assert divisions.search("北京")[0].label == "北京市"
    assert division_name("650400") == "吐鲁番市"
