"""Legal sources and explained decisions (依据与说明).

Every refusal, lock or revocation yidi makes about a filing carries a ``Reason``: a stable rule
id, a Chinese and an English message, the parameter values used, and the clause of the document
it rests on, e.g. ``辽医保中心发〔2021〕45号 二(一)`` — or, for a rule value the documents do not
give, its citation (``Citation``), shown to people in plain words with the id kept for machines.
``Clause`` lives in ``yidi.domain.rules`` and is re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yidi.domain.rules import Citation, Clause

# The policy documents (registered in policy/data/documents.yaml; older comments call them
# seed 000…004, in this order).
DOC_2021_45 = "辽医保中心发〔2021〕45号"  # seed 000, 省直 self-service filing, from 2021-06-01
DOC_TIELING = "铁岭市参保人员异地就医联网结算服务指南"  # seed 001
DOC_2017_29 = "辽社险办〔2017〕29号"  # seed 002, 省直 cross-province procedure, from 2017-09-27
DOC_PROBLEMS = "异地就医结算问题清单"  # seed 003
DOC_2025 = "辽宁省医保局 辽宁省财政厅《关于继续做好异地就医直接结算管理服务的通知》(2025)"  # seed 004


@dataclass(frozen=True)
class Reason:
    """Why a decision was taken: rule id, bilingual message, parameters and the clause."""

    rule_id: str
    zh: str
    en: str
    clause: Clause | Citation | None = None
    params: dict[str, object] = field(default_factory=dict)
    field: str | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule_id": self.rule_id,
            "message_zh": self.zh,
            "message_en": self.en,
            "clause": str(self.clause) if self.clause else None,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "field": self.field,
        }
        if isinstance(self.clause, Citation) and self.clause.assumption_id:
            out["assumption_id"] = self.clause.assumption_id
        return out


def _jsonable(value: object) -> object:
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
