"""协查 use cases (seed 004 三(二)): the insured region opens a case on a cross-province settlement,
the addressed treatment region answers before the deadline, the insured region confirms (a
deduction returned to it through clearing) or clears; a daily job escalates overdue cases.

The rules are the domain's (``domain.supervision.xiecha``); this module loads and stores cases
with their append-only history. Only the two agencies of a case see it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from yidi.domain.errors import InvalidInput, NotFound
from yidi.domain.filing.dates import parse_date
from yidi.domain.supervision import xiecha as xc
from yidi.domain.supervision.parties import Party
from yidi.policy.supervision import supervision_policy
from yidi.service_layer.supervision_decisions import ReviewSettlementNotFound, send_to_clearing
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, Any]


class XiechaNotFound(NotFound):
    def __init__(self, case_id: str) -> None:
        super().__init__("case_id", case_id, f"未找到协查：{case_id}")


def view(case: xc.XiechaCase) -> Result:
    f, a = case.facts, case.answer
    return {
        "id": case.id, "setl_id": f.setl_id, "insuplc_admdvs": f.insured_region, "mdtrtarea_admvs": f.treatment_region,
        "hospital_code": f.hospital_code, "medfee_fen": f.medfee_fen, "fund_fen": f.fund_fen,
        "questions": list(case.questions), "opened_by": case.opened_by, "opened_at": case.opened_at.isoformat(),
        "deadline": case.deadline.isoformat(), "status": str(case.status), "confirmed_fen": case.confirmed_fen,
        "answer": None if a is None else {
            "findings": a.findings, "attachments": list(a.attachments), "suspected_fen": a.suspected_fen,
            "answered_by": a.answered_by, "answered_at": a.answered_at.isoformat(), "late": a.late},
        "history": [{"at": e.at.isoformat(), "by": e.by, "action": e.action, "note": e.note} for e in case.history],
    }  # fmt: skip


def _load(uow: SqlAlchemyUnitOfWork, case_id: str, party: Party | None = None) -> xc.XiechaCase:
    case = uow.supervision.xiecha(case_id)
    if case is None or (party is not None and party.code not in (case.facts.insured_region,
                                                                 case.facts.treatment_region)):  # fmt: skip
        raise XiechaNotFound(case_id)
    return case


def _fen(body: dict[str, Any], key: str) -> int:
    value = body.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput.of(key, "金额应为整数（分）", f"{key} must be an integer (fen)")
    return value


def open_case(uow: SqlAlchemyUnitOfWork, opener: Party, body: dict[str, Any], *, now: datetime | None = None) -> Result:
    at = now or datetime.now(UTC)
    questions = body.get("questions") or []
    if isinstance(questions, str):
        questions = [questions]
    deadline: date | None = parse_date(body["deadline"], "deadline") if body.get("deadline") else None
    with uow:
        setl_id = str(body.get("setl_id") or "")
        facts = uow.supervision.settlement_facts(setl_id)
        if facts is None:
            raise ReviewSettlementNotFound(setl_id)
        days = supervision_policy().value("xiecha_answer_days", at.date(), xc.ANSWER_DAYS)
        case = xc.open_case(f"X{uuid.uuid4().hex[:20]}", facts, opener, [str(q) for q in questions], at, deadline,
                            answer_days=days)  # fmt: skip
        uow.supervision.save_xiecha(case, 0, new=True)
        uow.commit()
    return view(case)


def answer(uow: SqlAlchemyUnitOfWork, case_id: str, party: Party, body: dict[str, Any],
           *, now: datetime | None = None) -> Result:  # fmt: skip
    at = now or datetime.now(UTC)
    with uow:
        case = _load(uow, case_id, party)
        known = len(case.history)
        attachments = [str(x) for x in body.get("attachments") or []]
        xc.answer(case, party, str(body.get("findings") or ""), attachments, _fen(body, "suspected_fen"), at)
        uow.supervision.save_xiecha(case, known, new=False)
        uow.commit()
    return view(case)


def confirm(uow: SqlAlchemyUnitOfWork, case_id: str, party: Party, body: dict[str, Any],
            *, now: datetime | None = None) -> Result:  # fmt: skip
    """Irregular costs confirmed: a deduction returned to the insured region (clearing books it)."""
    at = now or datetime.now(UTC)
    with uow:
        case = _load(uow, case_id, party)
        known = len(case.history)
        deduction = xc.confirm(case, party, _fen(body, "amount_fen"), str(body.get("reason") or ""), at)
        uow.supervision.save_xiecha(case, known, new=False)
        send_to_clearing(uow, deduction, "xiecha", case.id)
        uow.commit()
    return view(case)


def clear(uow: SqlAlchemyUnitOfWork, case_id: str, party: Party, *, now: datetime | None = None) -> Result:
    at = now or datetime.now(UTC)
    with uow:
        case = _load(uow, case_id, party)
        known = len(case.history)
        xc.clear(case, party, at)
        uow.supervision.save_xiecha(case, known, new=False)
        uow.commit()
    return view(case)


def escalate_overdue(uow: SqlAlchemyUnitOfWork, *, now: datetime | None = None) -> list[str]:
    """The daily job: open cases past their deadline escalate (once); their ids."""
    at = now or datetime.now(UTC)
    out = []
    with uow:
        for case_id in uow.supervision.xiecha_ids(status=str(xc.XiechaStatus.OPEN)):
            case = _load(uow, case_id)
            known = len(case.history)
            if xc.escalate_overdue(case, at):
                uow.supervision.save_xiecha(case, known, new=False)
                out.append(case_id)
        uow.commit()
    return out


def get(uow: SqlAlchemyUnitOfWork, case_id: str, party: Party | None = None) -> Result:
    with uow:
        return view(_load(uow, case_id, party))


def cases(uow: SqlAlchemyUnitOfWork, region: str | None = None, status: str | None = None) -> list[Result]:
    with uow:
        return [view(_load(uow, i)) for i in uow.supervision.xiecha_ids(region=region, status=status)]
