"""Evaluate one disease's key criterion, or screen every disease, for a set of facts.

These are the functions the hospital interface (check before uploading the 急诊 flag, seed 001
二.2), the manual-claim review (seed 000 五: a patient without a card is reimbursed at
temporary-outing standards when the criteria are met) and the CLI call.
"""

from __future__ import annotations

from dataclasses import dataclass

from yidi.domain.criteria.catalogue import CriteriaSet, Disease
from yidi.domain.criteria.trace import Trace
from yidi.domain.criteria.verdict import Verdict
from yidi.domain.criteria.vocabulary import Facts


@dataclass(frozen=True)
class Evaluation:
    """The verdict for one disease, the facts that would decide it, and the evaluated tree."""

    disease: Disease
    verdict: Verdict
    missing: tuple[str, ...]
    trace: Trace

    def as_dict(self) -> dict[str, object]:
        return {
            "disease": {"code": self.disease.code, "name": self.disease.name},
            "verdict": self.verdict.value,
            "verdict_zh": self.verdict.zh,
            "missing": list(self.missing),
            "source_text": self.disease.source_text,
            "source_ref": self.disease.source_ref,
            "notes": list(self.disease.notes),
            "tree": self.trace.as_dict(),
        }


@dataclass(frozen=True)
class Screening:
    """Which diseases the facts qualify for, which they might (with the missing facts), and
    which they rule out; diseases none of whose facts were given are only counted."""

    qualifies: tuple[Disease, ...]
    undetermined: tuple[tuple[Disease, tuple[str, ...]], ...]
    not_met: tuple[Disease, ...]
    not_assessed: tuple[Disease, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "qualifies": [_ref(d) for d in self.qualifies],
            "undetermined": [{**_ref(d), "missing": list(m)} for d, m in self.undetermined],
            "not_met": [_ref(d) for d in self.not_met],
            "not_assessed": len(self.not_assessed),
        }


def evaluate(criteria: CriteriaSet, disease_ref: str, raw_facts: object) -> Evaluation:
    """Validate the facts and evaluate one disease given by code, name or alias."""
    disease = criteria.find(disease_ref)
    return explain(disease, criteria.vocabulary.validate(raw_facts))


def explain(disease: Disease, facts: Facts) -> Evaluation:
    """Evaluate already validated facts, with the full tree."""
    trace = disease.rule.explain(facts)
    return Evaluation(disease, trace.verdict, trace.missing, trace)


def verdict_of(disease: Disease, facts: Facts) -> Verdict:
    """Fast path: the verdict only (validated facts)."""
    return Verdict.of(disease.rule.check(facts))


def screen(criteria: CriteriaSet, raw_facts: object) -> Screening:
    """Validate the facts once and run every disease's fast check."""
    facts = criteria.vocabulary.validate(raw_facts)
    return screen_facts(criteria, facts)


def screen_facts(criteria: CriteriaSet, facts: Facts) -> Screening:
    qualifies: list[Disease] = []
    undetermined: list[tuple[Disease, tuple[str, ...]]] = []
    not_met: list[Disease] = []
    not_assessed: list[Disease] = []
    given = facts.keys()
    for disease in criteria.diseases:
        result = disease.rule.check(facts)
        if result is True:
            qualifies.append(disease)
        elif result is False:
            not_met.append(disease)
        elif disease.facts.isdisjoint(given):
            not_assessed.append(disease)
        else:
            undetermined.append((disease, tuple(disease.rule.missing(facts))))
    return Screening(tuple(qualifies), tuple(undetermined), tuple(not_met), tuple(not_assessed))


def _ref(disease: Disease) -> dict[str, str]:
    return {"code": disease.code, "name": disease.name, "system": disease.system_name}
