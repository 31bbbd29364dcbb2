"""Compile the rule language from plain data (parsed YAML) into rule nodes, validating as it goes.

A node is a mapping with exactly one kind key, plus an optional ``text`` (the source fragment)
and ``note``::

    all: [node, ...]                 且 / 伴 / 及
    any: [node, ...]                 任意一种情形 / 或
    not: node                        无 …
    compare: [fact, op, number]      乳酸 > 3  (op: < <= > >=)
    derived: [quantity, op, number]  PaO₂/FiO₂ < 200
    has: [set_fact, code]            影像显示气胸 → [imaging_findings, pneumothorax]
    is: [fact, true|false|code]      无 COPD 病史 → [history_copd, false]
    criterion: disease_code          伴急性肾功能衰竭 → acute_renal_failure

Every mistake raises ``PolicyFileError`` naming the file, the key path and the reason, so a
broken data file fails at load time, never as a wrong verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from yidi.domain.criteria.leaves import Compare, Derived, Has, Is
from yidi.domain.criteria.logic import All, Any, Criterion, Not
from yidi.domain.criteria.rules import OPERATORS, Node
from yidi.domain.criteria.vocabulary import Vocabulary
from yidi.domain.errors import PolicyFileError

KINDS = ("all", "any", "not", "compare", "derived", "has", "is", "criterion")
_OPTIONAL = frozenset({"text", "note"})


class RuleParser:
    """Parses the rules of one file against one vocabulary; collects criterion references."""

    def __init__(self, vocabulary: Vocabulary, file: str) -> None:
        self.vocabulary, self.file = vocabulary, file
        self.references: list[tuple[str, Criterion]] = []  # (key path, node) to bind later

    def fail(self, path: str, reason: str) -> PolicyFileError:
        return PolicyFileError(self.file, path, reason)

    def parse(self, data: object, path: str) -> Node:
        if not isinstance(data, Mapping):
            raise self.fail(path, "rule node must be a mapping with one of " + ", ".join(KINDS))
        kinds = [key for key in data if key in KINDS]
        unknown = [key for key in data if key not in KINDS and key not in _OPTIONAL]
        if unknown:
            raise self.fail(path, f"unknown key(s) {unknown}; a node has one of {list(KINDS)} and text/note")
        if len(kinds) != 1:
            raise self.fail(path, f"a node needs exactly one kind key, found {kinds or 'none'}")
        kind = kinds[0]
        text = data.get("text", "")
        if not isinstance(text, str):
            raise self.fail(f"{path}.text", "text must be a string")
        handler: Callable[[object, str, str], Node] = getattr(self, f"_{kind}")
        return handler(data[kind], f"{path}.{kind}", text)

    def _all(self, arg: object, path: str, text: str) -> Node:
        return All(self._children(arg, path), text)

    def _any(self, arg: object, path: str, text: str) -> Node:
        return Any(self._children(arg, path), text)

    def _not(self, arg: object, path: str, text: str) -> Node:
        return Not(self.parse(arg, path), text)

    def _children(self, arg: object, path: str) -> list[Node]:
        if not isinstance(arg, list) or len(arg) < 2:
            raise self.fail(path, "needs a list of at least two rule nodes")
        return [self.parse(child, f"{path}[{i}]") for i, child in enumerate(arg)]

    def _compare(self, arg: object, path: str, text: str) -> Node:
        key, op, threshold = self._triple(arg, path)
        spec = self.vocabulary.facts.get(key)
        if spec is None or spec.type != "number":
            raise self.fail(path, f"{key!r} is not a number fact of the vocabulary")
        lo, hi = spec.min, spec.max
        if (lo is not None and threshold < lo) or (hi is not None and threshold > hi):
            raise self.fail(path, f"threshold {threshold} outside the range of {key} ({lo}..{hi})")
        return Compare(spec, op, threshold, text)

    def _derived(self, arg: object, path: str, text: str) -> Node:
        key, op, threshold = self._triple(arg, path)
        spec = self.vocabulary.derived.get(key)
        if spec is None:
            raise self.fail(path, f"{key!r} is not a derived quantity of the vocabulary")
        return Derived(spec, op, threshold, text)

    def _triple(self, arg: object, path: str) -> tuple[str, str, float]:
        if not isinstance(arg, list) or len(arg) != 3:
            raise self.fail(path, "needs [fact, operator, number]")
        key, op, threshold = arg
        if op not in OPERATORS:
            raise self.fail(path, f"operator {op!r} not one of {list(OPERATORS)}")
        if isinstance(threshold, bool) or not isinstance(threshold, int | float):
            raise self.fail(path, f"threshold {threshold!r} is not a number")
        return str(key), op, float(threshold)

    def _has(self, arg: object, path: str, text: str) -> Node:
        if not isinstance(arg, list) or len(arg) != 2:
            raise self.fail(path, "needs [set_fact, code]")
        key, code = arg
        spec = self.vocabulary.facts.get(key)
        if spec is None or spec.type != "set":
            raise self.fail(path, f"{key!r} is not a set fact (findings, procedures, drugs …)")
        if code not in spec.values:
            raise self.fail(path, f"{code!r} is not a code of {key}")
        return Has(spec, code, text)

    def _is(self, arg: object, path: str, text: str) -> Node:
        if not isinstance(arg, list) or len(arg) != 2:
            raise self.fail(path, "needs [fact, value]")
        key, expected = arg
        spec = self.vocabulary.facts.get(key)
        if spec is not None and spec.type == "boolean" and isinstance(expected, bool):
            return Is(spec, expected, text)
        if spec is not None and spec.type == "enum" and expected in spec.values:
            return Is(spec, expected, text)
        raise self.fail(path, f"{key!r} is not a boolean/enum fact taking {expected!r}")

    def _criterion(self, arg: object, path: str, text: str) -> Node:
        if not isinstance(arg, str):
            raise self.fail(path, "needs a disease code")
        node = Criterion(arg, text)
        self.references.append((path, node))
        return node
