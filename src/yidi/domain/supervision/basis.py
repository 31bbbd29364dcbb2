"""What a supervision decision rests on (依据), how serious a finding is, and the named refusals.

Every review rule, parameter and workflow refusal cites either a clause of a seed document
(``Clause(DOC_2025, "三(二)")``) or, where the seeds give no number, an assumption with an id
``A-SUP-nn`` and its reason (listed in docs/supervision.md). Refusals are ``FilingRefused``
subtypes so every entry point that already answers filing refusals (HTTP 409, CLI exit 2)
answers these the same way: code, bilingual message, rule id, parameters and clause.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from yidi.domain.errors import FilingRefused
from yidi.domain.filing.clauses import DOC_2017_29, DOC_2025, DOC_TIELING, Clause, Reason

# the clauses supervision rests on
DAILY_REVIEW = Clause(DOC_2025, "三(一)")  # 异地费用纳入本地智能审核、核查检查；违规费用扣除并返还参保地
ASSISTED_INVESTIGATION = Clause(
    DOC_2025, "三(二)"
)  # 3万元以上跨省住院疑似违规费用协查；问题协同；每年不少于一次
SAME_AS_LOCAL = Clause(DOC_2017_29, "第十五条")  # 医疗行为监控、医疗费用审核与本地参保人相同
CREDIT_DEFAULT = Clause(DOC_TIELING, "三(二).3")  # 失信：一定时期内暂停医保直接结算
# 就医地目录、参保地政策、就医地管理: the treatment region's payment scope (catalogue, grades, price caps)
CATALOGUE = Clause(DOC_TIELING, "三(五)（就医地目录、参保地政策、就医地管理）")


@dataclass(frozen=True)
class Assumption:
    """A number or rule the seeds do not give: an id, the chosen default and why."""

    id: str  # A-SUP-nn (or the id of the area whose parameter a rule shares)
    reason: str

    def __str__(self) -> str:
        return f"assumption {self.id}"


Basis = Clause | Assumption


def basis_text(basis: Basis) -> str:
    """The machine-readable citation: ``document article`` or ``assumption A-SUP-nn``."""
    return str(basis)


class Severity(StrEnum):
    """How a hit is treated: a notice to look at, a suspected irregularity, or a clear violation."""

    INFO = "info"  # 提示：需要关注或协查
    SUSPECT = "suspect"  # 疑点：需人工审核
    VIOLATION = "violation"  # 违规：规则可直接认定

    @property
    def zh(self) -> str:
        return {"info": "提示", "suspect": "疑点", "violation": "违规"}[self.value]


class SupervisionRefused(FilingRefused):
    """A supervision operation refused by a rule (decision, 协查, ticket, inspection)."""


def refuse(
    code: str, rule_id: str, zh: str, en: str, basis: Basis | None, field: str | None = None, **params: object
) -> SupervisionRefused:
    """A named refusal; an assumption is cited as text so the clause column never lies."""
    clause = basis if isinstance(basis, Clause) or basis is None else Clause(str(basis))
    return SupervisionRefused(code, Reason(rule_id, zh, en, clause, dict(params), field))


def refusal(area: str, basis: Basis) -> Callable[..., SupervisionRefused]:
    """A refusal maker for one area: ``refusal("xiecha", …)("NOT_OPEN", zh, en, field)``."""

    def make(code: str, zh: str, en: str, field: str | None = None) -> SupervisionRefused:
        return refuse(code, f"supervision.{area}.{code.lower()}", zh, en, basis, field)

    return make
