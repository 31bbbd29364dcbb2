"""Fact validation at the edge: unknown facts, wrong types and out-of-range values are rejected
with a bilingual message naming the fact."""

from __future__ import annotations

import json

import pytest

from yidi.domain.criteria import CriteriaSet, evaluate, screen
from yidi.domain.errors import InvalidInput


def _problems(excinfo: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {p.field: p.zh for p in excinfo.value.problems}


@pytest.mark.parametrize(
    ("fact", "value"),
    [("blood_ph", 6.49), ("blood_ph", 8.01), ("body_temperature", 29.9), ("body_temperature", 45.1),
     ("fio2", 0.2), ("fio2", 1.5), ("systolic_bp", -1), ("reticulocyte_percent", 100.5)],
)  # fmt: skip
def test_out_of_range_values_are_rejected(criteria: CriteriaSet, fact: str, value: float) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        criteria.vocabulary.validate({fact: value})
    assert list(_problems(excinfo)) == [f"facts.{fact}"]
    assert "超出允许范围" in _problems(excinfo)[f"facts.{fact}"]


def test_range_bounds_are_allowed(criteria: CriteriaSet) -> None:
    facts = criteria.vocabulary.validate({"blood_ph": 6.5, "body_temperature": 45, "fio2": 0.21})
    assert facts == {"blood_ph": 6.5, "body_temperature": 45.0, "fio2": 0.21}


def test_unknown_fact_named_in_both_languages(criteria: CriteriaSet) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        evaluate(criteria, "休克", {"systolic_bp": 70, "lactic": 4})
    (problem,) = excinfo.value.problems
    assert problem.field == "facts.lactic"
    assert "未知事实“lactic”" in problem.zh
    assert "unknown fact 'lactic'" in problem.en


def test_derived_quantities_cannot_be_given(criteria: CriteriaSet) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        criteria.vocabulary.validate({"pf_ratio": 150})
    assert "pao2, fio2" in _problems(excinfo)["facts.pf_ratio"]


@pytest.mark.parametrize(
    ("fact", "value", "words"),
    [("lactate", "3.5", "必须是数值"), ("lactate", True, "必须是数值"), ("lactate", float("nan"), "必须是数值"),
     ("papilledema", "是", "true 或 false"), ("papilledema", 1, "true 或 false"),
     ("procedures", "cpr", "代码列表"), ("procedures", ["cpr", "ecmo"], "“ecmo”不是已知代码")],
)  # fmt: skip
def test_wrong_types_are_rejected(criteria: CriteriaSet, fact: str, value: object, words: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        criteria.vocabulary.validate({fact: value})
    assert words in _problems(excinfo)[f"facts.{fact}"]


def test_all_problems_reported_together(criteria: CriteriaSet) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        screen(criteria, {"blood_ph": 9, "foo": 1, "drugs": ["aspirin"]})
    assert sorted(_problems(excinfo)) == ["facts.blood_ph", "facts.drugs", "facts.foo"]
    assert excinfo.value.as_dict()["error"] == "invalid_input"


def test_facts_must_be_an_object(criteria: CriteriaSet) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        criteria.vocabulary.validate([1, 2])
    assert list(_problems(excinfo)) == ["facts"]


def test_codes_or_chinese_labels_and_null_as_unknown(criteria: CriteriaSet) -> None:
    facts = criteria.vocabulary.validate({"procedures": ["心肺复苏", "tracheal_intubation"], "lactate": None})
    assert facts == {"procedures": frozenset({"cpr", "tracheal_intubation"})}


def test_unknown_disease_suggests_close_names(criteria: CriteriaSet) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        evaluate(criteria, "休可", {})
    (problem,) = excinfo.value.problems
    assert problem.field == "disease"
    assert "休克" in problem.zh and "shock" in problem.en


def test_vocabulary_is_published_with_types_units_and_ranges(criteria: CriteriaSet) -> None:
    data = json.loads(json.dumps(criteria.vocabulary.as_dict(), ensure_ascii=False))
    facts = {f["key"]: f for f in data["facts"]}
    assert facts["blood_ph"] == {"key": "blood_ph", "label": "血 pH", "type": "number", "unit": "",
                                 "min": 6.5, "max": 8.0}  # fmt: skip
    assert facts["body_temperature"]["min"] == 30 and facts["body_temperature"]["max"] == 45
    assert facts["drugs"]["kind"] == "drug" and facts["drugs"]["values"]["diazepam"] == "地西泮"
    assert facts["ck_mb_uln"]["type"] == "number"  # the lab's upper limit is its own fact
    derived = {d["key"]: d for d in data["derived"]}
    assert derived["effective_osmolality"] == {
        "key": "effective_osmolality", "label": "2×(血K⁺+Na⁺)", "unit": "mmol/L",
        "formula": "scaled_sum", "inputs": ["serum_potassium", "serum_sodium"], "factor": 2.0,
    }  # fmt: skip
    assert derived["pf_ratio"]["inputs"] == ["pao2", "fio2"]


def test_every_fact_of_the_vocabulary_is_used_by_some_rule(criteria: CriteriaSet) -> None:
    used = set().union(*(d.facts for d in criteria.diseases))
    assert set(criteria.vocabulary.facts) - used == set()
