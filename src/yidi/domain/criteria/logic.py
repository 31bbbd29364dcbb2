"""Combinators of the rule language: 且/伴 (all), 任意一种情形/或 (any), 无 (not), and a reference
to another disease's key criterion (criterion)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from yidi.domain.criteria.rules import Node
from yidi.domain.criteria.trace import Trace
from yidi.domain.criteria.verdict import Tri, Verdict
from yidi.domain.criteria.vocabulary import Facts


class _Junction(Node):
    """All and Any share one shape: a child verdict equal to ``decisive`` decides at once;
    otherwise any unknown child leaves the whole unknown (three-valued, Kleene)."""

    kind = ""
    label = ""
    decisive = False

    def __init__(self, children: Sequence[Node], text: str = "") -> None:
        self.children, self.text = tuple(children), text
        checks = tuple(child.check for child in self.children)
        decisive, default = self.decisive, not self.decisive

        def check(facts: Facts) -> Tri:
            result: Tri = default
            for child_check in checks:
                value = child_check(facts)
                if value is decisive:
                    return decisive
                if value is None:
                    result = None
            return result

        self.check = check

    def explain(self, facts: Facts) -> Trace:
        # Derived from the children's traces, so each leaf is read once per explanation.
        traces = tuple(child.explain(facts) for child in self.children)
        wins = Verdict.QUALIFIES if self.decisive else Verdict.NOT_MET
        verdict = Verdict.NOT_MET if self.decisive else Verdict.QUALIFIES
        for trace in traces:  # identity tests: Enum.__hash__ is slow in a set
            if trace.verdict is wins:
                verdict = wins
                break
            if trace.verdict is Verdict.UNDETERMINED:
                verdict = Verdict.UNDETERMINED
        return Trace(
            self.kind,
            self.text,
            self.label,
            verdict,
            missing=_unknown_missing(verdict, traces),
            children=traces,
        )

    def missing(self, facts: Facts) -> list[str]:
        return _merge(child.missing(facts) for child in self.children if child.check(facts) is None)

    def fact_keys(self) -> frozenset[str]:
        return frozenset().union(*(child.fact_keys() for child in self.children))


class All(_Junction):
    """且 / 伴 / 及: met when every child is met; not met as soon as one child is not met."""

    kind = "all"
    label = "同时满足"
    decisive = False


class Any(_Junction):
    """任意一种情形 / 或: met as soon as one child is met; not met when every child is not met."""

    kind = "any"
    label = "满足任意一项"
    decisive = True


class Not(Node):
    """无 …: met when the child is not met (unknown stays unknown)."""

    kind = "not"

    def __init__(self, child: Node, text: str = "") -> None:
        self.child, self.text = child, text
        child_check = child.check

        def check(facts: Facts) -> Tri:
            value = child_check(facts)
            return None if value is None else not value

        self.check = check

    def explain(self, facts: Facts) -> Trace:
        child = self.child.explain(facts)
        verdict = _FLIP[child.verdict]
        return Trace(self.kind, self.text, "不满足", verdict, missing=child.missing, children=(child,))

    def missing(self, facts: Facts) -> list[str]:
        return self.child.missing(facts)

    def fact_keys(self) -> frozenset[str]:
        return self.child.fact_keys()


class Criterion(Node):
    """Another disease's key criterion, e.g. ``伴急性肾功能衰竭`` → 六（一） of the same list.

    Bound after all diseases are parsed (``bind``), so the order of the YAML files does not matter.
    """

    kind = "criterion"

    def __init__(self, code: str, text: str = "") -> None:
        self.code, self.text, self.name = code, text, code
        self.target: Node | None = None
        self._target_check: Callable[[Facts], Tri] = _unbound

        def check(facts: Facts) -> Tri:
            # Looked up at call time: parents captured this closure before binding.
            return self._target_check(facts)

        self.check = check

    def bind(self, target: Node, name: str) -> None:
        self.target, self.name = target, name
        self._target_check = target.check

    def explain(self, facts: Facts) -> Trace:
        assert self.target is not None
        child = self.target.explain(facts)
        verdict = child.verdict
        return Trace(
            self.kind, self.text, f"符合“{self.name}”关键标准", verdict,
            missing=child.missing, children=(child,),
        )  # fmt: skip

    def missing(self, facts: Facts) -> list[str]:
        assert self.target is not None
        return self.target.missing(facts)

    def fact_keys(self) -> frozenset[str]:
        assert self.target is not None
        return self.target.fact_keys()


def _unknown_missing(verdict: Verdict, traces: tuple[Trace, ...]) -> tuple[str, ...]:
    """For an undetermined node: the missing facts of its undetermined children, in order."""
    if verdict is not Verdict.UNDETERMINED:
        return ()
    return tuple(_merge(list(t.missing) for t in traces if t.verdict is Verdict.UNDETERMINED))


def _merge(lists: Iterable[list[str]]) -> list[str]:
    """Union of fact lists in first-seen order (stable output for people and tests)."""
    seen: dict[str, None] = {}
    for keys in lists:
        for key in keys:
            seen[key] = None
    return list(seen)


def _unbound(facts: Facts) -> Tri:
    raise RuntimeError("criterion reference used before the criteria set was bound")


_FLIP = {
    Verdict.QUALIFIES: Verdict.NOT_MET,
    Verdict.NOT_MET: Verdict.QUALIFIES,
    Verdict.UNDETERMINED: Verdict.UNDETERMINED,
}
