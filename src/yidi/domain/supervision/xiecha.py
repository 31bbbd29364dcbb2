"""协查 — assisted investigation of a cross-province stay's suspected irregular costs.

Seed 004 三(二): the treatment region's agency helps the insured region investigate suspected
irregular costs of cross-province stays above 30 000 yuan (R-XC finds the candidates). Life of a
case: the insured region's agency opens it with its questions and a deadline → the addressed
treatment region's agency answers with findings and attachments → the insured region confirms
(a deduction returned to it) or clears it. A case not answered by its deadline escalates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from yidi.domain.errors import FieldProblem, InvalidInput
from yidi.domain.national.codes import PAY_LOC_CROSS_PROVINCE
from yidi.domain.supervision.basis import ASSISTED_INVESTIGATION, Assumption, refusal, refuse
from yidi.domain.supervision.decisions import Deduction
from yidi.domain.supervision.parties import Event, Party, SettlementFacts, who

ANSWER_DAYS = 30
ANSWER_DAYS_BASIS = Assumption("A-SUP-07", "种子文件未给出协查答复期限；默认30个自然日，可按案件指定")


class XiechaStatus(StrEnum):
    OPEN = "open"  # 待答复
    ANSWERED = "answered"  # 已答复
    ESCALATED = "escalated"  # 逾期未答复，已督办
    CONFIRMED = "confirmed"  # 确认违规，扣除并返还参保地
    CLEARED = "cleared"  # 排除疑点


@dataclass(frozen=True)
class Answer:
    findings: str
    attachments: tuple[str, ...]
    suspected_fen: int
    answered_by: str
    answered_at: datetime
    late: bool


@dataclass
class XiechaCase:
    id: str
    facts: SettlementFacts
    questions: tuple[str, ...]
    opened_by: str
    opened_at: datetime
    deadline: date
    status: XiechaStatus = XiechaStatus.OPEN
    answer: Answer | None = None
    confirmed_fen: int = 0
    history: list[Event] = field(default_factory=list)


_refuse = refusal("xiecha", ASSISTED_INVESTIGATION)


def open_case(
    case_id: str, facts: SettlementFacts, opener: Party, questions: list[str], now: datetime,
    deadline: date | None = None, *, answer_days: int = ANSWER_DAYS,
) -> XiechaCase:  # fmt: skip
    """The insured region opens a 协查 on a cross-province settlement (a candidate or any other)."""
    if not opener.is_agency_of(facts.insured_region):
        raise _refuse(
            "NOT_INSURED_REGION",
            "只有参保地经办机构可以发起协查",
            "only the insured region's agency opens a 协查",
        )
    if facts.pay_loc != PAY_LOC_CROSS_PROVINCE:
        raise _refuse(
            "NOT_CROSS_PROVINCE",
            "协查针对跨省异地就医结算",
            "协查 is for cross-province settlements",
            "setl_id",
        )
    problems = []
    qs = tuple(q.strip() for q in questions if q.strip())
    if not qs:
        problems.append(FieldProblem("questions", "请写明需要协查的问题", "at least one question is needed"))
    due = deadline or (now.date() + timedelta(days=answer_days))
    if due <= now.date():
        problems.append(
            FieldProblem("deadline", f"答复期限 {due} 不能早于或等于今天", "the deadline must be after today")
        )
    if problems:
        raise InvalidInput(problems)
    case = XiechaCase(case_id, facts, qs, who(opener), now, due)
    case.history.append(Event(now, who(opener), "open", "；".join(qs)))
    return case


def answer(
    case: XiechaCase, party: Party, findings: str, attachments: list[str], suspected_fen: int, now: datetime
) -> XiechaCase:
    """The addressed treatment region answers (late answers to an escalated case are accepted, marked late)."""
    if not party.is_agency_of(case.facts.treatment_region):
        raise _refuse(
            "NOT_ADDRESSED",
            "只有被协查的就医地经办机构可以答复",
            "only the addressed treatment region answers",
        )
    if case.status not in (XiechaStatus.OPEN, XiechaStatus.ESCALATED):
        raise _refuse("NOT_OPEN", f"协查状态为 {case.status}，不能再答复", f"case is {case.status}")
    problems = []
    if not findings.strip():
        problems.append(FieldProblem("findings", "请填写核查结果", "findings are required"))
    if suspected_fen < 0 or suspected_fen > case.facts.fund_fen:
        problems.append(
            FieldProblem(
                "suspected_fen", "疑似违规金额应在 0 与基金支付金额之间", "must be within 0..fund paid"
            )
        )
    if problems:
        raise InvalidInput(problems)
    late = now.date() > case.deadline
    case.answer = Answer(findings.strip(), tuple(attachments), suspected_fen, who(party), now, late)
    case.status = XiechaStatus.ANSWERED
    case.history.append(Event(now, who(party), "answer", "逾期答复" if late else ""))
    return case


def _conclude(case: XiechaCase, party: Party) -> None:
    if not party.is_agency_of(case.facts.insured_region):
        raise _refuse(
            "NOT_INSURED_REGION",
            "只有发起协查的参保地经办机构可以确认结果",
            "only the insured region concludes",
        )
    if case.status is not XiechaStatus.ANSWERED:
        raise _refuse("NOT_ANSWERED", "就医地尚未答复，不能确认结果", "the case has not been answered")


def confirm(case: XiechaCase, party: Party, amount_fen: int, reason: str, now: datetime) -> Deduction:
    """Irregular costs confirmed: the amount is deducted and returned to the insured region."""
    _conclude(case, party)
    if amount_fen <= 0 or amount_fen > case.facts.fund_fen:
        raise refuse("DEDUCTION_ABOVE_FUND" if amount_fen > 0 else "BAD_AMOUNT", "supervision.xiecha.amount",
                     "确认金额应大于 0 且不超过基金支付金额", "amount must be within 1..fund paid",
                     ASSISTED_INVESTIGATION, "amount_fen", fund_fen=case.facts.fund_fen)  # fmt: skip
    case.status, case.confirmed_fen = XiechaStatus.CONFIRMED, amount_fen
    case.history.append(Event(now, who(party), "confirm", f"{amount_fen / 100:.2f} 元"))
    f = case.facts
    return Deduction(f.setl_id, f.insured_region, f.treatment_region, f.hospital_code, amount_fen,
                     reason or "协查确认违规费用", "R-XC", case.id, now)  # fmt: skip


def clear(case: XiechaCase, party: Party, now: datetime) -> XiechaCase:
    _conclude(case, party)
    case.status = XiechaStatus.CLEARED
    case.history.append(Event(now, who(party), "clear"))
    return case


def escalate_overdue(case: XiechaCase, now: datetime) -> bool:
    """The daily job: an open case past its deadline escalates (once)."""
    if case.status is XiechaStatus.OPEN and now.date() > case.deadline:
        case.status = XiechaStatus.ESCALATED
        case.history.append(Event(now, "system", "escalate", f"答复期限 {case.deadline} 已过"))
        return True
    return False
