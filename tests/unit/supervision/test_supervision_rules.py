"""Every review rule: the YAML cases (one that hits, one that does not) and the rule list itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.unit.supervision.world import build

from yidi.domain.errors import InvalidInput
from yidi.domain.supervision.basis import Assumption
from yidi.domain.supervision.evaluator import review
from yidi.domain.supervision.rulebook import RULES, parameters

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "rules.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['rule']}:{c['name']}" for c in CASES])
def test_rule_case(case: dict[str, Any]) -> None:
    hits = [h for h in review(build(**case["given"])) if h.rule == case["rule"]]
    assert bool(hits) is case["hit"], [h.detail for h in hits]
    if case["hit"] and "contains" in case:
        assert any(case["contains"] in h.detail for h in hits), [h.detail for h in hits]


def test_every_rule_has_a_hit_and_a_miss() -> None:
    for rule in RULES:
        outcomes = {c["hit"] for c in CASES if c["rule"] == rule.code}
        assert outcomes == {True, False}, rule.code


def test_the_base_world_is_clean() -> None:
    assert review(build()) == []


def test_rule_list_is_complete_and_cited() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) >= 20
    for required in ("R-XC", "R-EMG", "R-DUP", "R-QTY", "R-SEX", "R-AGE", "R-LOS", "R-FIL", "R-CRD", "R-PRC"):
        assert required in codes
    for rule in RULES:
        assert rule.name and rule.clause
        for p in rule.params:
            if isinstance(p.basis, Assumption):
                # a parameter shared with the filing rules keeps their id (R-CRD: A-SET-17)
                assert p.basis.id.startswith(("A-SUP-", "A-SET-17")) and p.basis.reason


def test_xc_threshold_is_a_parameter() -> None:
    inp = build(visit={"insured_region": "110000", "pay_loc": 4}, lines=[{"item": "PCI", "cnt": 2}])
    assert not [h for h in review(inp) if h.rule == "R-XC"]
    hits = [h for h in review(inp, {"R-XC": {"threshold_fen": 1_000_000}}) if h.rule == "R-XC"]
    assert hits and hits[0].params == {"threshold_fen": 1_000_000}
    assert hits[0].clause.endswith("三(二)")
    assert hits[0].facts["insuplc_admdvs"] == "110000"


def test_hit_explains_for_machines_and_people() -> None:
    hit = next(h for h in review(build(lines=[{"item": "CBC"}, {"item": "CBC"}])) if h.rule == "R-DUP")
    assert hit.summary().keys() == {"setl_id", "rule", "severity", "clause", "detail"}
    assert hit.feedetl_sn == "1-2" and hit.facts["duplicate_of"] == "1-1"
    assert "R-" not in hit.detail and "feedetl" not in hit.detail


def test_bad_parameters_are_refused_together() -> None:
    with pytest.raises(InvalidInput) as err:
        parameters({"R-XC": {"threshold_fen": -1, "nope": 1}, "R-NONE": {}})
    fields = {p.field for p in err.value.problems}
    assert fields == {"params.R-XC.threshold_fen", "params.R-XC.nope", "params.R-NONE"}
