"""Clearing use cases (月结清算): build a closed month's statements, read a statement's lines,
check the ledger — each one transaction behind the unit of work.

Seed 002 第四条 (经办机构间清算资金划拨) and 第五条 (先预付后清算); the month closes on the day
given by A-CLR-02 and months are cleared in order (``domain/clearing/closing.py``). Building is
idempotent: a month already built (by an earlier run or a concurrent one) is read back unchanged.
The business date is the unit of work's clock (``--today`` on the CLI).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yidi.domain.clearing.month import Month
from yidi.domain.clearing.statement import statement_id
from yidi.domain.errors import Kind, refusal
from yidi.domain.regions import validate_region
from yidi.service_layer.clearing_views import line_json, statement_json
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork, WriteConflict


def run_month(uow: SqlAlchemyUnitOfWork, month: str, today: date | None = None) -> dict[str, Any]:
    """Build the statements of a closed month (``yidi clearing run``). A second run — or a run
    that lost a race to a concurrent one — changes nothing and answers the same."""
    m = Month.parse(month)
    for attempt in (1, 2):
        try:
            with uow:
                built = uow.clearing.build_month(m, today or uow.clock())
                uow.commit()
            break
        except WriteConflict:  # a concurrent build committed first: read what it built
            if attempt == 2:
                raise
    return {"month": str(m), "statements": [statement_json(s) for s in built]}


def month_statements(uow: SqlAlchemyUnitOfWork, month: str) -> dict[str, Any]:
    """The statements of a month as built (and as they stand now), without building anything."""
    m = Month.parse(month)
    with uow:
        found = uow.clearing.statements(m)
    return {"month": str(m), "statements": [statement_json(s) for s in found]}


def _pair(insuplc: str, mdtrtarea: str) -> tuple[str, str]:
    return (
        validate_region(insuplc, "insuplc", known_only=False),
        validate_region(mdtrtarea, "mdtrtarea", known_only=False),
    )


def show_lines(uow: SqlAlchemyUnitOfWork, month: str, insuplc: str, mdtrtarea: str) -> dict[str, Any]:
    """The lines of one pair's statement (``yidi clearing show``): every settlement and reversal
    it clears, in settlement time order."""
    m = Month.parse(month)
    insured, treatment = _pair(insuplc, mdtrtarea)
    sid = statement_id(m, insured, treatment)
    with uow:
        if not uow.clearing.statements(m):
            raise refusal(
                "MONTH_NOT_BUILT", Kind.NOT_FOUND,
                f"{m} 尚未清算（先运行 yidi clearing run --month {m}）",
                f"{m} has not been cleared yet (run yidi clearing run --month {m})",
                field="month",
            )  # fmt: skip
        lines = uow.clearing.lines(sid)
        if not lines and not any(s.id == sid for s in uow.clearing.statements(m)):
            raise refusal(
                "NOT_FOUND", Kind.NOT_FOUND,
                f"{m} 没有参保地 {insured}、就医地 {treatment} 的清算单",
                f"{m} has no statement for insured region {insured} and treatment region {treatment}",
                field="insuplc",
            )  # fmt: skip
    return {"lines": [line_json(x) for x in lines]}


def check_ledger(uow: SqlAlchemyUnitOfWork) -> dict[str, Any]:
    """Every invariant of the journal (``yidi ledger check``): balanced entries, balanced per
    party, at least two postings, reversals netting to zero, claims mirrored."""
    with uow:
        return uow.clearing.check_ledger().as_dict()
