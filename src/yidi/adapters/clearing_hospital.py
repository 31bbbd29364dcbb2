"""The hospital's side of clearing on the database (3203/3204/3205A, 3260/3261/3262).

Rules are the domain's (``domain/clearing/hospital.py``); a hospital only ever reaches its own
lines: every query filters by its code, and 3261 refuses settlements that are not its open lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, literal_column, select, update

from yidi.adapters.clearing_statements import in_month, line_rows
from yidi.adapters.orm_clearing import disputes as dp
from yidi.adapters.orm_clearing import hospital_applications as ha
from yidi.adapters.orm_clearing import hospital_confirmations as hc
from yidi.adapters.orm_clearing import lines as ln
from yidi.adapters.orm_clearing import statements as st
from yidi.adapters.orm_hospital import settlements as s
from yidi.adapters.orm_hospital import visits as v
from yidi.domain.clearing.errors import NotInStatement
from yidi.domain.clearing.hospital import (
    ClrStas,
    LineConfirmation,
    application_step,
    confirmation_disputes,
    page,
)
from yidi.domain.clearing.lifecycle import StatementStatus
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parties import hospital
from yidi.domain.clearing.statement import Line, LineStatus, compare_totals

if TYPE_CHECKING:
    from yidi.adapters.clearing_repository import ClearingRepository


class HospitalClearing:
    def __init__(self, repo: ClearingRepository) -> None:
        self.repo, self.db = repo, repo.db

    def _own(self, code: str, month: Month) -> Any:
        return and_(ln.c.hospital_code == code, in_month(ln.c.statement_id, month))

    def lines_page(self, code: str, month: Month, startrow: int) -> tuple[int, list[Line]]:
        """3260: (total, up to 100 lines from ``startrow``) of the hospital's month."""
        total = int(
            self.db.execute(select(func.count()).select_from(ln).where(self._own(code, month))).scalar_one()
        )
        offset, limit = page(startrow, total)
        return total, line_rows(self.db, self._own(code, month), offset=offset, limit=limit)

    def _open_lines(self, code: str, month: Month) -> dict[str, str]:
        """setl_id → statement id of the hospital's lines still open to confirmation."""
        q = (select(ln.c.setl_id, ln.c.statement_id).join(st, st.c.id == ln.c.statement_id)
             .where(self._own(code, month), ln.c.status == str(LineStatus.INCLUDED),
                    st.c.status == str(StatementStatus.BUILT)))  # fmt: skip
        return {a: b for a, b in self.db.execute(q)}

    def confirm(
        self, code: str, month: Month, inf_refmsgid: str, items: Sequence[LineConfirmation], at: datetime
    ) -> int:
        """3261: record each confirmation; rejected lines are disputed to the next month."""
        open_lines = self._open_lines(code, month)
        disputes = confirmation_disputes(items, open_lines)
        self.db.execute(
            hc.insert(),
            [{"inf_refmsgid": inf_refmsgid, "setl_id": c.setl_id, "hospital_code": code, "period": str(month),
              "cnfm_flag": c.cnfm_flag, "reason": c.reason, "confirmed_at": at} for c in items],
        )  # fmt: skip
        per_statement = defaultdict(list)
        for d in disputes:
            per_statement[open_lines[d.setl_id]].append(d)
        for sid, ds in sorted(per_statement.items()):
            self.repo.dispute(sid, ds, hospital(code), at.date(), inf_refmsgid=inf_refmsgid)
        return len(items)

    def rollback(self, code: str, month: Month, otransid: str, at: datetime) -> int:
        """3262: undo the hospital's confirmations of one 3261 (``"0"``: of the whole period)."""
        cond = [hc.c.hospital_code == code, hc.c.period == str(month), hc.c.rolled_back_at.is_(None)]
        if otransid != "0":
            cond.append(hc.c.inf_refmsgid == otransid)
        rows = self.db.execute(select(hc.c.inf_refmsgid, hc.c.setl_id, hc.c.cnfm_flag).where(*cond)).all()
        if not rows and otransid != "0":
            raise NotInStatement(
                f"未找到本机构 {month} 的清分确认 {otransid}",
                f"no 3261 {otransid} of this hospital for {month}",
            )
        rejected = [setl for _, setl, flag in rows if flag == "0"]
        per_statement: dict[str, list[str]] = defaultdict(list)
        for sid, setl in self.db.execute(
            select(dp.c.statement_id, dp.c.setl_id).where(
                dp.c.setl_id.in_(rejected), dp.c.withdrawn_on.is_(None)
            )
        ):
            per_statement[sid].append(setl)
        for sid, ids in sorted(per_statement.items()):
            self.repo.withdraw_disputes(sid, ids, at.date())
        self.db.execute(update(hc).where(*cond).values(rolled_back_at=at))
        return len(rows)

    def month_totals(self, code: str, month: Month, clr_type: str) -> dict[str, int]:
        """The hospital's cross-region settlements of the month by settlement time, as 3203 sends them."""
        one: Any = case((s.c.kind == "reversal", literal_column("-1")), else_=literal_column("1"))
        q = (select(func.count(), func.sum(one), func.sum(s.c.medfee_sumamt), func.sum(s.c.inscp_scp_amt),
                    func.sum(s.c.fund_pay_sumamt), func.sum(s.c.psn_cash_pay), func.sum(s.c.acct_pay))
             .select_from(s.join(v, v.c.mdtrt_id == s.c.mdtrt_id))
             .where(s.c.hospital_code == code, s.c.clr_type == clr_type, s.c.setl_time >= month.start,
                    s.c.setl_time < month.end, v.c.insured_region != v.c.treatment_region))  # fmt: skip
        row = self.db.execute(q).one()
        names = ("psntime", "medfee_sumamt", "med_sumfee", "fund_appy_sum", "cash_payamt", "acct_pay")
        return {name: int(value or 0) for name, value in zip(names, row[1:], strict=True)}

    def apply(
        self, evt_id: str, code: str, clr_optins: str, clr_type: str, month: Month, figures: Mapping[str, int],
        at: datetime,
    ) -> ClrStas:  # fmt: skip
        """3203: accepted for the record only when the figures equal ours (differences named)."""
        compare_totals(
            "清算申请", "the clearing application", self.month_totals(code, month, clr_type), figures
        )
        live = self.db.execute(
            select(ha.c.clr_appy_evt_id).where(ha.c.hospital_code == code, ha.c.setlym == month.compact,
                                               ha.c.clr_type == clr_type, ha.c.clr_stas != str(ClrStas.CANCELLED))
        ).first()  # fmt: skip
        if live is not None:
            raise NotInStatement(
                f"{month} 已有清算申请 {live[0]}，请先撤销",
                f"{month} already has application {live[0]}",
                existing=live[0],
            )
        self.db.execute(
            ha.insert().values(
                clr_appy_evt_id=evt_id, hospital_code=code, clr_optins=clr_optins, clr_type=clr_type,
                setlym=month.compact, begndate=month.first_day, enddate=month.last_day, clr_stas=str(ClrStas.APPLIED),
                applied_at=at, updated_at=at, **{k: int(figures.get(k, 0)) for k in (
                    "psntime", "medfee_sumamt", "med_sumfee", "fund_appy_sum", "cash_payamt", "acct_pay")},
            )
        )  # fmt: skip
        return ClrStas.APPLIED

    def application(self, code: str, evt_id: str) -> dict[str, Any]:
        row = self.db.execute(
            select(ha).where(ha.c.clr_appy_evt_id == evt_id, ha.c.hospital_code == code)
        ).mappings().first()  # fmt: skip
        if row is None:
            raise NotInStatement(
                f"未找到本机构的清算申请 {evt_id}", f"no application {evt_id} of this hospital"
            )
        return dict(row)

    def applications(self, code: str, month: Month) -> list[dict[str, Any]]:
        """3205A: the hospital's applications of a month, newest last."""
        q = (select(ha).where(ha.c.hospital_code == code, ha.c.setlym == month.compact)
             .order_by(ha.c.applied_at, ha.c.clr_appy_evt_id))  # fmt: skip
        return [dict(r) for r in self.db.execute(q).mappings()]

    def statement_statuses(self, code: str, month: Month) -> set[StatementStatus]:
        """The statuses of the month's statements that hold lines of this hospital."""
        q = (select(st.c.status).distinct().join(ln, ln.c.statement_id == st.c.id)
             .where(self._own(code, month)))  # fmt: skip
        return {StatementStatus(r[0]) for r in self.db.execute(q)}

    def step(self, code: str, evt_id: str, step: str, at: datetime) -> ClrStas:
        """3204 (``cancel``), and the agency's ``accept`` / ``clear`` (3205A shows the result)."""
        row = self.application(code, evt_id)
        new = application_step(ClrStas(row["clr_stas"]), step)
        self.db.execute(
            update(ha).where(ha.c.clr_appy_evt_id == evt_id).values(clr_stas=str(new), updated_at=at)
        )
        return new
