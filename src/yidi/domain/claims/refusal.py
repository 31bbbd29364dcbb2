"""Refusals of a claim operation (不予办理) — a ``FilingRefused`` subtype, so every entry point
that already answers filing refusals (HTTP 409, CLI exit 2) answers these the same way: code,
bilingual message, rule id, parameters and the clause."""

from __future__ import annotations

from yidi.domain.errors import FilingRefused, NotFound
from yidi.domain.filing.clauses import Citation, Clause, Reason

# documents the claim rules rest on (policy/data/documents.yaml)
DOC_2021_45 = "辽医保中心发〔2021〕45号"
DOC_TIELING = "铁岭市参保人员异地就医联网结算服务指南"
DOC_2017_29 = "辽社险办〔2017〕29号"
DOC_PROBLEMS = "异地就医结算问题清单"
DOC_2025 = "辽宁省医保局 辽宁省财政厅《关于继续做好异地就医直接结算管理服务的通知》(2025)"

ONE_TIME_NOTICE = Clause(DOC_PROBLEMS, "三(一)（材料一次性告知）")
COMMITMENT_CLAUSE = Clause(DOC_TIELING, "三(二).3")


class ClaimRefused(FilingRefused):
    """A claim operation refused by a rule; carries the code, the ``Reason`` and the clause."""


class ClaimNotFound(NotFound):
    """No claim with this id (未找到报销申请); HTTP 404."""

    def __init__(self, claim_id: str) -> None:
        super().__init__("claim", claim_id, f"未找到报销申请：{claim_id}")


def reason(
    rule_id: str,
    zh: str,
    en: str,
    clause: Clause | Citation | str | None = None,
    field: str | None = None,
    **params: object,
) -> Reason:
    """A ``Reason``; a clause given as text (from the data files) is kept verbatim."""
    if isinstance(clause, str):
        clause = Clause(clause)
    return Reason(rule_id, zh, en, clause, dict(params), field)


def refuse(
    code: str,
    rule_id: str,
    zh: str,
    en: str,
    clause: Clause | Citation | str | None = None,
    field: str | None = None,
    *,
    suggestion: dict[str, object] | None = None,
    **params: object,
) -> ClaimRefused:
    return ClaimRefused(code, reason(rule_id, zh, en, clause, field, **params), suggestion=suggestion)
