"""Properties of the evaluator over random facts (hypothesis): the fast verdict and the
explanation agree, a decided verdict never changes when more facts arrive (three-valued logic is
monotone), and supplying the listed missing facts always decides an undetermined verdict."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yidi.domain.criteria import Verdict
from yidi.domain.criteria.vocabulary import FactSpec
from yidi.policy.criteria import load_criteria

CRITERIA = load_criteria()


def _value(spec: FactSpec) -> st.SearchStrategy[object]:
    if spec.type == "number":
        assert spec.min is not None and spec.max is not None
        return st.floats(spec.min, spec.max, allow_nan=False)
    if spec.type == "boolean":
        return st.booleans()
    if spec.type == "enum":
        return st.sampled_from(sorted(spec.values))
    return st.frozensets(st.sampled_from(sorted(spec.values)))


def _facts(keys: list[str]) -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries({}, optional={k: _value(CRITERIA.vocabulary.facts[k]) for k in keys})


FACTS = _facts(sorted(CRITERIA.vocabulary.facts))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(facts=FACTS)
def test_fast_verdict_and_explanation_agree(facts: dict) -> None:
    for disease in CRITERIA.diseases:
        trace = disease.rule.explain(facts)
        assert Verdict.of(disease.rule.check(facts)) is trace.verdict, disease.code
        if trace.verdict is Verdict.UNDETERMINED:
            assert list(trace.missing) == disease.rule.missing(facts) != []
        else:
            assert trace.missing == ()


@SETTINGS
@given(first=FACTS, more=FACTS)
def test_a_decided_verdict_survives_more_facts(first: dict, more: dict) -> None:
    combined = {**more, **first}  # the first facts are kept; only new keys are added
    for disease in CRITERIA.diseases:
        before = disease.rule.check(first)
        if before is not None:
            assert disease.rule.check(combined) is before, disease.code


@SETTINGS
@given(first=FACTS, data=st.data())
def test_supplying_the_missing_facts_decides(first: dict, data: st.DataObject) -> None:
    for disease in CRITERIA.diseases:
        missing = disease.rule.missing(first) if disease.rule.check(first) is None else []
        if not missing:
            continue
        extra = data.draw(st.fixed_dictionaries({k: _value(CRITERIA.vocabulary.facts[k]) for k in missing}))
        assert disease.rule.check({**first, **extra}) is not None, disease.code
