"""Leaves of the rule language: a number against a threshold (compare), a derived quantity
against a threshold (derived), a code among reported codes (has), a yes/no or enum fact (is).

Each leaf words its condition once, at compile time (``description``), and reports the value it
read, so an explanation shows "收缩压 ≤ 80 mmHg — 实际 78" without re-reading the YAML.
"""

from __future__ import annotations

from collections.abc import Callable

from yidi.domain.criteria.rules import OPERATORS, SYMBOLS, Node, number
from yidi.domain.criteria.trace import Trace
from yidi.domain.criteria.verdict import Tri, Verdict
from yidi.domain.criteria.vocabulary import DerivedSpec, Facts, FactSpec


class Leaf(Node):
    """A condition on one fact (or on a quantity derived from a few facts)."""

    key: str
    description: str
    inputs: tuple[str, ...]

    def observed(self, facts: Facts) -> object:
        return facts.get(self.key)

    def explain(self, facts: Facts) -> Trace:
        verdict = Verdict.of(self.check(facts))
        missing = tuple(self.missing(facts)) if verdict is Verdict.UNDETERMINED else ()
        return Trace(self.kind, self.text, self.description, verdict, self.observed(facts), self.key, missing)

    def missing(self, facts: Facts) -> list[str]:
        return [key for key in self.inputs if key not in facts]

    def fact_keys(self) -> frozenset[str]:
        return frozenset(self.inputs)


class Compare(Leaf):
    """A measured number against a threshold: ``乳酸 > 3mmol/L``, ``收缩压 ≤ 80mmHg``."""

    kind = "compare"

    def __init__(self, spec: FactSpec, op: str, threshold: float, text: str = "") -> None:
        self.spec, self.op, self.threshold, self.text = spec, op, threshold, text
        self.key, self.inputs = spec.key, (spec.key,)
        self.description = f"{spec.label} {SYMBOLS[op]} {number(threshold)} {spec.unit}".rstrip()
        key, compare = spec.key, OPERATORS[op]

        def check(facts: Facts) -> Tri:
            value = facts.get(key)
            return None if value is None else compare(value, threshold)  # type: ignore[arg-type]

        self.check = check


class Derived(Leaf):
    """A derived quantity against a threshold: ``PaO₂/FiO₂ < 200``, ``2×(K⁺+Na⁺) > 300``.

    Derived values are rounded to 6 decimals so that decimal lab values exactly at a threshold
    compare as written (0.3/0.1 is 3, not 2.9999999999999996).
    """

    kind = "derived"

    def __init__(self, spec: DerivedSpec, op: str, threshold: float, text: str = "") -> None:
        self.spec, self.op, self.threshold, self.text = spec, op, threshold, text
        self.key, self.inputs = spec.key, spec.inputs
        self.description = f"{spec.label} {SYMBOLS[op]} {number(threshold)} {spec.unit}".rstrip()
        self.compute = _formula(spec)
        compute, compare = self.compute, OPERATORS[op]

        def check(facts: Facts) -> Tri:
            value = compute(facts)
            return None if value is None else compare(value, threshold)

        self.check = check

    def observed(self, facts: Facts) -> object:
        return self.compute(facts)


class Has(Leaf):
    """A finding, procedure, drug or diagnosis among the reported codes: ``影像显示气胸``."""

    kind = "has"

    def __init__(self, spec: FactSpec, member: str, text: str = "") -> None:
        self.spec, self.member, self.text = spec, member, text
        self.key, self.inputs = spec.key, (spec.key,)
        self.description = f"{spec.label}含“{spec.values[member]}”"
        key = spec.key

        def check(facts: Facts) -> Tri:
            codes = facts.get(key)
            return None if codes is None else member in codes  # type: ignore[operator]

        self.check = check


class Is(Leaf):
    """A yes/no fact or an enum code equal to the expected one: ``无 COPD 病史`` is ``history_copd: false``."""

    kind = "is"

    def __init__(self, spec: FactSpec, expected: bool | str, text: str = "") -> None:
        self.spec, self.expected, self.text = spec, expected, text
        self.key, self.inputs = spec.key, (spec.key,)
        shown = ("是" if expected else "否") if isinstance(expected, bool) else spec.values[expected]
        self.description = f"{spec.label}：{shown}"
        key = spec.key

        def check(facts: Facts) -> Tri:
            value = facts.get(key)
            return None if value is None else value == expected

        self.check = check


def _formula(spec: DerivedSpec) -> Callable[[Facts], float | None]:
    keys, factor = spec.inputs, spec.factor
    if spec.formula == "ratio":
        numerator, denominator = keys

        def ratio(facts: Facts) -> float | None:
            a, b = facts.get(numerator), facts.get(denominator)
            return None if a is None or b is None else round(a / b, 6)  # type: ignore[operator]

        return ratio
    if spec.formula == "difference":
        minuend, subtrahend = keys

        def difference(facts: Facts) -> float | None:
            a, b = facts.get(minuend), facts.get(subtrahend)
            return None if a is None or b is None else round(a - b, 6)  # type: ignore[operator, arg-type]

        return difference

    def scaled_sum(facts: Facts) -> float | None:
        values = [facts.get(key) for key in keys]
        return None if None in values else round(factor * sum(values), 6)  # type: ignore[arg-type]

    return scaled_sum
