"""The YAML cases of tests/cases/criteria: one verdict per case, plus checks that the cases
cover every disease (qualifying and non-qualifying), every any-of branch and every threshold edge."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from yidi.domain.criteria import CriteriaSet, Trace, Verdict, evaluate
from yidi.domain.criteria.leaves import Compare, Derived
from yidi.domain.criteria.logic import All, Any, Criterion, Not
from yidi.domain.criteria.rules import Node

CASES_DIR = Path(__file__).resolve().parents[2] / "cases" / "criteria"
ALL_CASES = [
    pytest.param(case, id=f"{file.stem}[{i}]-{case['disease']}-{case['expect']}")
    for file in sorted(CASES_DIR.glob("*.yaml"))
    for i, case in enumerate(yaml.safe_load(file.read_text(encoding="utf-8")))
]


@pytest.mark.parametrize("case", ALL_CASES)
def test_case(criteria: CriteriaSet, case: dict) -> None:
    result = evaluate(criteria, case["disease"], case["facts"])
    assert result.verdict == Verdict(case["expect"]), result.as_dict()
    if result.verdict is Verdict.UNDETERMINED:
        assert list(result.missing) == case["missing"]
    else:
        assert result.missing == ()
        assert "missing" not in case


def test_every_disease_has_a_qualifying_and_a_non_qualifying_case(criteria: CriteriaSet, cases: list) -> None:
    seen: dict[str, set[str]] = {d.code: set() for d in criteria.diseases}
    for case in cases:
        seen[criteria.find(case["disease"]).code].add(case["expect"])
    lacking = {code: got for code, got in seen.items() if not {"qualifies", "not_met"} <= got}
    assert lacking == {}


def test_undetermined_cases_cover_every_system(criteria: CriteriaSet, cases: list) -> None:
    systems = {criteria.find(c["disease"]).system_code for c in cases if c["expect"] == "undetermined"}
    assert systems == {s.code for s in criteria.systems}


def _sole_met_branches(trace: Trace, path: str, out: set[str]) -> None:
    """Record any-of branches that were the only met branch (so the branch alone decided)."""
    met = [i for i, child in enumerate(trace.children) if child.verdict is Verdict.QUALIFIES]
    if trace.kind == "any" and len(met) == 1:
        out.add(f"{path}/{met[0]}")
    for i, child in enumerate(trace.children):
        _sole_met_branches(child, f"{path}/{i}", out)


def _any_branches(node: Node, path: str, out: set[str]) -> None:
    if isinstance(node, Criterion):
        return  # covered by the referenced disease's own cases
    children = node.children if isinstance(node, All | Any) else (node.child,) if isinstance(node, Not) else ()
    for i, child in enumerate(children):
        if node.kind == "any":
            out.add(f"{path}/{i}")
        _any_branches(child, f"{path}/{i}", out)


def test_every_any_of_branch_alone_qualifies_in_some_case(criteria: CriteriaSet, cases: list) -> None:
    exercised: dict[str, set[str]] = {d.code: set() for d in criteria.diseases}
    for case in cases:
        result = evaluate(criteria, case["disease"], case["facts"])
        if result.verdict is Verdict.QUALIFIES:
            _sole_met_branches(result.trace, "", exercised[result.disease.code])
    missing = {}
    for disease in criteria.diseases:
        branches: set[str] = set()
        _any_branches(disease.rule, "", branches)
        if branches - exercised[disease.code]:
            missing[disease.code] = sorted(branches - exercised[disease.code])
    assert missing == {}


def _threshold_leaves(node: Node, out: list[Compare | Derived]) -> None:
    if isinstance(node, Compare | Derived):
        out.append(node)
    elif isinstance(node, All | Any):
        for child in node.children:
            _threshold_leaves(child, out)
    elif isinstance(node, Not):
        _threshold_leaves(node.child, out)


def _values(trace: Trace, out: dict[str, set[float]]) -> None:
    if trace.kind in ("compare", "derived") and isinstance(trace.value, float):
        out.setdefault(trace.fact or "", set()).add(trace.value)
    for child in trace.children:
        _values(child, out)


def test_every_threshold_is_tested_exactly_at_its_edge(criteria: CriteriaSet, cases: list) -> None:
    """Strictness (> vs ≥) is only pinned down by a case whose value equals the threshold."""
    values: dict[str, dict[str, set[float]]] = {d.code: {} for d in criteria.diseases}
    for case in cases:
        result = evaluate(criteria, case["disease"], case["facts"])
        _values(result.trace, values[result.disease.code])
    untested = []
    for disease in criteria.diseases:
        leaves: list[Compare | Derived] = []
        _threshold_leaves(disease.rule, leaves)
        for leaf in leaves:
            if leaf.threshold not in values[disease.code].get(leaf.spec.key, set()):
                untested.append(f"{disease.code}: {leaf.spec.key} {leaf.op} {leaf.threshold}")
    assert untested == []
