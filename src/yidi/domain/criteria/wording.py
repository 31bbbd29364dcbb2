"""Readable Chinese wording of the criteria and of an evaluation (判定说明), without any UI library.

The CLI, the hospital interface and printed audit notes all show the same sentences, so they are
built here once from the ``Trace``.
"""

from __future__ import annotations

from yidi.domain.criteria.trace import Trace
from yidi.domain.criteria.verdict import Verdict
from yidi.domain.criteria.vocabulary import Vocabulary

MARK = {Verdict.QUALIFIES: "✔", Verdict.NOT_MET: "✘", Verdict.UNDETERMINED: "？"}


def node_line(trace: Trace, vocabulary: Vocabulary, *, with_result: bool = True) -> str:
    """One line for one node: mark, condition, the value found, the source fragment."""
    parts = [MARK[trace.verdict]] if with_result else []
    parts.append(trace.description)
    if with_result and trace.fact is not None:
        parts.append(f"【实际：{shown_value(trace, vocabulary)}】")
    if trace.text and trace.text != trace.description:
        parts.append(f"（原文：{trace.text}）")
    return " ".join(parts)


def shown_value(trace: Trace, vocabulary: Vocabulary) -> str:
    value = trace.value
    if value is None:
        return "未提供"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, frozenset):
        spec = vocabulary.facts.get(trace.fact or "")
        labels = [spec.values.get(code, code) for code in sorted(value)] if spec else sorted(value)
        return "、".join(labels) or "无"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def missing_labels(keys: tuple[str, ...] | list[str], vocabulary: Vocabulary) -> str:
    """Missing facts as 中文（key）, so a person knows what to ask the lab for."""
    labels = []
    for key in keys:
        spec = vocabulary.facts.get(key)
        labels.append(f"{spec.label}（{key}）" if spec else key)
    return "、".join(labels)


def tree_lines(trace: Trace, vocabulary: Vocabulary, *, with_result: bool = True) -> list[str]:
    """The evaluated tree as indented lines (├── / └──), one node per line."""
    lines = [node_line(trace, vocabulary, with_result=with_result)]
    _children(trace, vocabulary, with_result, "", lines)
    return lines


def _children(trace: Trace, vocabulary: Vocabulary, with_result: bool, prefix: str, lines: list[str]) -> None:
    for i, child in enumerate(trace.children):
        last = i == len(trace.children) - 1
        lines.append(
            prefix + ("└── " if last else "├── ") + node_line(child, vocabulary, with_result=with_result)
        )
        _children(child, vocabulary, with_result, prefix + ("    " if last else "│   "), lines)
