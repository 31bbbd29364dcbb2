"""Three-valued evaluation of the rule language on a small vocabulary of its own, including the
node kinds the shipped criteria do not use (not, enum)."""

from __future__ import annotations

import pytest

from yidi.domain.criteria.parsing import RuleParser
from yidi.domain.criteria.rules import Node
from yidi.domain.criteria.verdict import Verdict
from yidi.domain.criteria.vocabulary import DerivedSpec, FactSpec, Vocabulary

VOCAB = Vocabulary(
    facts={
        "a": FactSpec("a", "甲", "number", "mmol/L", 0, 100),
        "b": FactSpec("b", "乙", "number", "mmol/L", 1, 100),
        "flag": FactSpec("flag", "标志", "boolean"),
        "grade": FactSpec("grade", "分级", "enum", values={"mild": "轻", "severe": "重"}),
        "found": FactSpec("found", "所见", "set", kind="finding", values={"x": "X", "y": "Y"}),
    },
    derived={"ratio": DerivedSpec("ratio", "甲/乙", "", "ratio", ("a", "b"))},
)


def rule(data: object) -> Node:
    return RuleParser(VOCAB, "test.yaml").parse(data, "rule")


ANY = rule({"any": [{"compare": ["a", ">", 3]}, {"has": ["found", "x"]}, {"is": ["flag", True]}]})
ALL = rule({"all": [{"compare": ["a", ">", 3]}, {"has": ["found", "x"]}, {"is": ["flag", True]}]})


@pytest.mark.parametrize(
    ("facts", "expected"),
    [({"a": 4.0}, True), ({"found": frozenset({"x"})}, True), ({"flag": True}, True),
     ({"a": 3.0, "found": frozenset(), "flag": False}, False), ({"a": 3.0}, None), ({}, None)],
)  # fmt: skip
def test_any_of_one_true_leaf_decides_despite_unknowns(facts: dict, expected: bool | None) -> None:
    assert ANY.check(facts) is expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [({"a": 3.0}, False), ({"flag": False}, False), ({"a": 4.0, "found": frozenset({"x"}), "flag": True}, True),
     ({"a": 4.0, "found": frozenset({"x", "y"})}, None)],
)  # fmt: skip
def test_all_of_one_false_leaf_decides_despite_unknowns(facts: dict, expected: bool | None) -> None:
    assert ALL.check(facts) is expected


def test_missing_lists_only_the_facts_that_could_still_decide() -> None:
    assert ANY.missing({"a": 3.0}) == ["found", "flag"]
    assert ALL.missing({"a": 4.0}) == ["found", "flag"]
    trace = ALL.explain({"a": 4.0, "flag": True})
    assert trace.verdict is Verdict.UNDETERMINED
    assert trace.missing == ("found",)
    assert [c.verdict for c in trace.children] == [Verdict.QUALIFIES, Verdict.UNDETERMINED, Verdict.QUALIFIES]
    assert trace.children[0].value == 4.0 and trace.children[0].description == "甲 > 3 mmol/L"


def test_not_and_enum() -> None:
    node = rule({"not": {"is": ["grade", "severe"]}, "text": "非重度"})
    assert node.check({"grade": "mild"}) is True
    assert node.check({"grade": "severe"}) is False
    assert node.check({}) is None
    assert node.missing({}) == ["grade"]
    trace = node.explain({"grade": "mild"})
    assert trace.text == "非重度" and trace.children[0].description == "分级：重"


def test_derived_ratio_rounds_at_the_threshold_and_lists_its_inputs() -> None:
    node = rule({"derived": ["ratio", ">=", 3]})
    assert node.check({"a": 0.3, "b": 0.1}) is True  # 0.3/0.1 == 2.9999999999999996 unrounded
    assert node.check({"a": 0.29, "b": 0.1}) is False
    assert node.missing({"a": 1.0}) == ["b"]
    assert node.explain({"a": 0.3, "b": 0.1}).value == 3.0


def test_trace_as_dict_reads_met_not_met_unknown() -> None:
    data = ALL.explain({"a": 4.0, "flag": False}).as_dict()
    assert data["result"] == "not_met" and data["result_zh"] == "不满足"
    assert [c["result"] for c in data["children"]] == ["met", "unknown", "not_met"]
    assert data["children"][1]["missing"] == ["found"]
