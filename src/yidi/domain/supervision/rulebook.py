"""The review rules in force and their parameters (规则库).

The rules are listed once, here, in a fixed order (the order of hits); ``parameters`` merges
given values over each rule's defaults and refuses, all at once, unknown rules, unknown
parameters and values that are not non-negative integers. Phase B feeds the dated values of the
rule data file through the same function.
"""

from __future__ import annotations

from collections.abc import Mapping

from yidi.domain.errors import FieldProblem, InvalidInput
from yidi.domain.supervision import rules_bill, rules_person, rules_stay
from yidi.domain.supervision.rule import ReviewRule

RULES: tuple[ReviewRule, ...] = rules_stay.RULES + rules_bill.RULES + rules_person.RULES
BY_CODE: dict[str, ReviewRule] = {r.code: r for r in RULES}
assert len(BY_CODE) == len(RULES), "rule codes are unique"

Params = dict[str, dict[str, int]]


def rule(code: str) -> ReviewRule:
    try:
        return BY_CODE[code]
    except KeyError:
        raise InvalidInput.of("rule", f"没有审核规则 {code}", f"no review rule {code}") from None


def parameters(given: Mapping[str, Mapping[str, object]] | None = None) -> Params:
    """Every rule's parameters: the given values over the defaults, validated together."""
    out: Params = {r.code: r.defaults() for r in RULES}
    problems: list[FieldProblem] = []
    for code, values in (given or {}).items():
        if code not in BY_CODE:
            problems.append(FieldProblem(f"params.{code}", f"没有审核规则 {code}", f"no review rule {code}"))
            continue
        for name, value in values.items():
            where = f"params.{code}.{name}"
            if name not in out[code]:
                problems.append(
                    FieldProblem(where, f"规则 {code} 没有参数 {name}", f"{code} has no parameter {name}")
                )
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.append(
                    FieldProblem(
                        where, f"参数应为非负整数：{value!r}", f"must be a non-negative integer: {value!r}"
                    )
                )
            else:
                out[code][name] = value
    if problems:
        raise InvalidInput(problems)
    return out
