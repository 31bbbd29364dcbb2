"""The explanation of one evaluation (判定过程): the criterion tree with each node's value and verdict.

A hospital checking before it uploads its 急诊 flag, and an agency auditing afterwards, both need
to see *why*: which leaf was met, which was not, and which facts were missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from yidi.domain.criteria.verdict import Verdict


@dataclass(slots=True)  # not frozen: frozen init costs 4× and traces are built per evaluation
class Trace:
    """One node of the evaluated criterion tree.

    ``text`` is the source fragment (原文) the node transcribes; ``description`` the condition in
    canonical form (e.g. ``收缩压 ≤ 80 mmHg``); ``value`` what the facts gave (a number, a derived
    value, true/false or the reported codes); ``missing`` the facts that would decide an
    undetermined node. A node's result reads met / not_met / unknown (满足 / 不满足 / 未知);
    the disease-level words qualifies / undetermined are kept for the whole criterion.
    """

    kind: str
    text: str
    description: str
    verdict: Verdict
    value: object = None
    fact: str | None = None
    missing: tuple[str, ...] = ()
    children: tuple[Trace, ...] = ()

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "kind": self.kind,
            "text": self.text,
            "description": self.description,
            "result": _RESULT[self.verdict],
            "result_zh": _RESULT_ZH[self.verdict],
        }
        if self.fact is not None:
            out["fact"] = self.fact
            out["value"] = sorted(self.value) if isinstance(self.value, frozenset) else self.value
        if self.missing:
            out["missing"] = list(self.missing)
        if self.children:
            out["children"] = [child.as_dict() for child in self.children]
        return out


_RESULT = {Verdict.QUALIFIES: "met", Verdict.NOT_MET: "not_met", Verdict.UNDETERMINED: "unknown"}
_RESULT_ZH = {Verdict.QUALIFIES: "满足", Verdict.NOT_MET: "不满足", Verdict.UNDETERMINED: "未知"}
