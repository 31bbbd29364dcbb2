"""The one evaluator of the review rules, online and batch (智能审核).

``evaluate`` runs every rule over the columns and returns the hits as columns (rule, settlement,
line, value, limit, related row), only for target settlements, sorted by settlement, rule and
line so the result does not depend on how the input was cut. ``explain`` turns hits into
``Hit`` records with the rule, its parameters, the clause and a plain-Chinese sentence. The
online check after 2304/2207 calls both with a batch of one (``columns.restrict``); the monthly
batch calls ``evaluate`` on the month and explains what it stores.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from yidi.domain.supervision.basis import Severity
from yidi.domain.supervision.columns import I16, I32, I64, B, ReviewInput
from yidi.domain.supervision.context import Context
from yidi.domain.supervision.rule import Found, HitRow
from yidi.domain.supervision.rulebook import RULES, Params, parameters


@dataclass(frozen=True)
class HitColumns:
    rule: I16  # position in rulebook.RULES
    settlement: I32
    line: I32
    value: I64
    limit: I64
    other: I32

    def __len__(self) -> int:
        return len(self.rule)


@dataclass(frozen=True)
class Hit:
    """One finding, explained: for machines (rule, clause, params, facts) and people (detail)."""

    setl_id: str
    mdtrt_id: str
    feedetl_sn: str | None
    rule: str
    name: str
    severity: Severity
    clause: str
    detail: str
    params: dict[str, int] = field(default_factory=dict)
    facts: dict[str, object] = field(default_factory=dict)

    def summary(self) -> dict[str, str]:
        """The fields of ``yidi audit run --json`` (issue 17 §8)."""
        return {"setl_id": self.setl_id, "rule": self.rule, "severity": str(self.severity),
                "clause": self.clause, "detail": self.detail}  # fmt: skip

    def as_dict(self) -> dict[str, object]:
        return {**self.summary(), "mdtrt_id": self.mdtrt_id, "feedetl_sn": self.feedetl_sn, "name": self.name,
                "params": dict(self.params), "facts": dict(self.facts)}  # fmt: skip


def evaluate(
    inp: ReviewInput, params: Mapping[str, Mapping[str, object]] | None = None, codes: set[str] | None = None
) -> HitColumns:
    """All hits of the rules (or of ``codes``) on the target settlements of ``inp``."""
    p = parameters(params)
    ctx = Context(inp)
    target = inp.settlements.target
    everything = bool(target.all())
    parts: list[tuple[int, Found]] = []
    for i, rule in enumerate(RULES):
        if codes is not None and rule.code not in codes:
            continue
        found = rule.check(ctx, p[rule.code])
        if len(found) and not everything:
            found = _keep(found, target[found.settlement])
        if len(found):
            parts.append((i, found))
    if not parts:
        return EMPTY
    cols = HitColumns(
        np.concatenate([np.full(len(f), i, dtype=np.int16) for i, f in parts]),
        *(
            np.concatenate([getattr(f, n) for _, f in parts])
            for n in ("settlement", "line", "value", "limit", "other")
        ),
    )
    order = np.lexsort((cols.line, cols.rule, cols.settlement))
    return HitColumns(
        *(getattr(cols, n)[order] for n in ("rule", "settlement", "line", "value", "limit", "other"))
    )


def _keep(found: Found, mask: B) -> Found:
    return Found(
        found.settlement[mask], found.line[mask], found.value[mask], found.limit[mask], found.other[mask]
    )


_E32 = np.zeros(0, dtype=np.int32)
_E64 = np.zeros(0, dtype=np.int64)
EMPTY = HitColumns(np.zeros(0, dtype=np.int16), _E32, _E32, _E64, _E64, _E32)


def explain(
    inp: ReviewInput, hits: HitColumns, params: Mapping[str, Mapping[str, object]] | None = None
) -> list[Hit]:
    p: Params = parameters(params)
    ctx = Context(inp)
    out: list[Hit] = []
    for k in range(len(hits)):
        rule = RULES[int(hits.rule[k])]
        row = HitRow(int(hits.settlement[k]), int(hits.line[k]), int(hits.value[k]), int(hits.limit[k]),
                     int(hits.other[k]))  # fmt: skip
        detail, facts = rule.explain(ctx, p[rule.code], row)
        visit = int(inp.settlements.visit[row.settlement])
        out.append(Hit(
            setl_id=str(inp.settlements.setl_id[row.settlement]), mdtrt_id=str(inp.visits.mdtrt_id[visit]),
            feedetl_sn=str(inp.lines.feedetl_sn[row.line]) if row.line >= 0 else None, rule=rule.code,
            name=rule.name, severity=rule.severity, clause=rule.clause, detail=detail,
            params=dict(p[rule.code]), facts=facts,
        ))  # fmt: skip
    return out


def review(inp: ReviewInput, params: Mapping[str, Mapping[str, object]] | None = None) -> list[Hit]:
    """Evaluate and explain in one call: the online check's entry."""
    return explain(inp, evaluate(inp, params), params)
