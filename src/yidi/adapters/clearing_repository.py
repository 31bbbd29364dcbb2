"""The clearing repository: everything clearing reads and writes, on a caller's SQLAlchemy
``Connection`` or ``Session`` (the caller owns the transaction; phase B puts it behind the unit of
work). Domain rules decide; this class only loads, asks the domain, and stores.

Statement steps change the status with ``UPDATE … WHERE status = <expected>``, so two concurrent
confirmations (or payments) cannot both pass: the second finds the status moved and is refused.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select, update

from yidi.adapters import clearing_journal as journal
from yidi.adapters import clearing_statements as builder
from yidi.adapters.clearing_advance import AdvanceFunds
from yidi.adapters.clearing_hospital import HospitalClearing
from yidi.adapters.clearing_journal import Db, LedgerCheck
from yidi.adapters.clearing_staff import AgencyStaff
from yidi.adapters.orm_clearing import disputes as dp
from yidi.adapters.orm_clearing import lines as ln
from yidi.adapters.orm_clearing import returns as rt
from yidi.adapters.orm_clearing import statements as st
from yidi.domain.clearing import flows
from yidi.domain.clearing.accounts import Account, Purpose
from yidi.domain.clearing.errors import AmountsDoNotReconcile, IllegalTransition, NotInStatement
from yidi.domain.clearing.journal import BusinessRef, Entry, RefKind
from yidi.domain.clearing.lifecycle import StatementStatus, Step, advance, deemed_confirmed
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parameters import DEFAULTS, ClearingParameters
from yidi.domain.clearing.parties import Party, agency, route
from yidi.domain.clearing.statement import ROUTE_STATUS, Dispute, Line, LineStatus, Statement, compare_totals


class ClearingRepository:
    def __init__(self, db: Db, params: ClearingParameters = DEFAULTS) -> None:
        self.db, self.params = db, params
        self.hospital = HospitalClearing(self)
        self.advance = AdvanceFunds(self)
        self.staff = AgencyStaff(db)

    # -- journal -------------------------------------------------------------------------------
    def post(self, *entries: Entry | None) -> list[Entry]:
        """Write entries idempotently (None — a step that moves nothing — is skipped)."""
        real = [e for e in entries if e is not None]
        return journal.post(self.db, real) if real else []

    def entries(self, kind: RefKind | None = None, ref_id: str | None = None) -> list[Entry]:
        ref = BusinessRef(kind, ref_id) if kind is not None and ref_id is not None else None
        return list(journal.load(self.db, ref=ref).values())

    def balances(self, accounts: Sequence[Account] | None = None) -> dict[str, int]:
        return journal.balances(self.db, None if accounts is None else [a.key for a in accounts])

    def balance(self, account: Account) -> int:
        return journal.balance(self.db, account)

    def check_ledger(self) -> LedgerCheck:
        return journal.check(self.db)

    # -- statements ----------------------------------------------------------------------------
    def build_month(self, month: Month, today: date, built_at: datetime | None = None) -> list[Statement]:
        return builder.build(self.db, month, today, built_at or datetime.now(UTC), self.params)

    def statements(self, month: Month) -> list[Statement]:
        return builder.statements(self.db, month)

    def statement(self, statement_id: str, *, lock: bool = False) -> Statement:
        found = builder.statements(self.db, ids=[statement_id], lock=lock)
        if not found:
            raise NotInStatement(
                f"没有清算单 {statement_id}", f"no statement {statement_id}", statement=statement_id
            )
        return found[0]

    def lines(self, statement_id: str, offset: int = 0, limit: int | None = None) -> list[Line]:
        return builder.line_rows(self.db, ln.c.statement_id == statement_id, offset=offset, limit=limit)

    def _move(self, s_: Statement, step: Step, actor: str | None, **values: Any) -> StatementStatus:
        new = advance(
            s_.status, step, actor_region=actor, insured=s_.insuplc_admdvs, treatment=s_.mdtrtarea_admvs
        )
        done = self.db.execute(
            update(st)
            .where(st.c.id == s_.id, st.c.status == str(s_.status))
            .values(status=str(new), **values)
        )
        if getattr(done, "rowcount", 1) != 1:  # a concurrent step got there first
            raise IllegalTransition(
                "清算单状态已被其他操作改变", "the statement changed meanwhile", statement=s_.id
            )
        return new

    def dispute(
        self, statement_id: str, disputes: Sequence[Dispute], by: Party, today: date,
        *, actor_region: str | None = None, inf_refmsgid: str | None = None,
    ) -> Statement:  # fmt: skip
        """The 参保地 (or, by 3261, a hospital) disputes named settlements: each leaves this
        statement for the next month or for supervision; all bad ids are named at once."""
        s_ = self.statement(statement_id, lock=True)
        self._move(s_, Step.DISPUTE, actor_region)
        wanted = {d.setl_id: d for d in disputes}
        open_lines = {
            line.setl_id: line for line in self.lines(statement_id) if line.status is LineStatus.INCLUDED
        }
        missing = [i for i in wanted if i not in open_lines]
        if missing:
            raise NotInStatement(
                f"以下结算不是清算单 {statement_id} 的待确认明细：{'、'.join(missing)}",
                f"not open lines of statement {statement_id}: {', '.join(missing)}",
                setl_ids=missing,
            )
        total = 0
        for d in wanted.values():
            amount = open_lines[d.setl_id].cleared(self.params)
            total += amount
            self.db.execute(
                update(ln).where(ln.c.setl_id == d.setl_id).values(status=str(ROUTE_STATUS[d.route]))
            )
            values = {"by_party": str(by), "reason": d.reason, "route": str(d.route), "amount": amount,
                      "disputed_on": today, "inf_refmsgid": inf_refmsgid}  # fmt: skip
            # disputed again after a withdrawn dispute (a 3261 rejection, its 3262 roll-back, a
            # new rejection): the one row per statement and settlement carries the latest
            again = self.db.execute(
                update(dp)
                .where(dp.c.statement_id == statement_id, dp.c.setl_id == d.setl_id, dp.c.withdrawn_on.is_not(None))
                .values(**values, withdrawn_on=None)
            )
            if not again.rowcount:  # type: ignore[attr-defined]
                self.db.execute(dp.insert().values(statement_id=statement_id, setl_id=d.setl_id, **values))
        self.db.execute(
            update(st).where(st.c.id == statement_id).values(disputed_amount=st.c.disputed_amount + total)
        )
        return self.statement(statement_id)

    def withdraw_disputes(self, statement_id: str, setl_ids: Sequence[str], today: date) -> Statement:
        """Put disputed lines back (3262 roll-back of a hospital's rejection) while still open."""
        s_ = self.statement(statement_id, lock=True)
        self._move(s_, Step.DISPUTE, None)
        # only lines still waiting with this statement: one already taken into a later month's
        # statement stays there (withdrawing it here would clear it twice)
        rows = self.db.execute(
            select(dp.c.setl_id, dp.c.amount)
            .join(ln, ln.c.setl_id == dp.c.setl_id)
            .where(
                dp.c.statement_id == statement_id,
                dp.c.setl_id.in_(list(setl_ids)),
                dp.c.withdrawn_on.is_(None),
                ln.c.statement_id == statement_id,
                ln.c.status != str(LineStatus.INCLUDED),
            )
        ).all()
        back = [r[0] for r in rows]
        self.db.execute(
            update(dp)
            .where(dp.c.statement_id == statement_id, dp.c.setl_id.in_(back))
            .values(withdrawn_on=today)
        )
        self.db.execute(
            update(ln)
            .where(ln.c.setl_id.in_(back), ln.c.statement_id == statement_id)
            .values(status=str(LineStatus.INCLUDED))
        )
        total = sum(int(r[1]) for r in rows)
        self.db.execute(
            update(st).where(st.c.id == statement_id).values(disputed_amount=st.c.disputed_amount - total)
        )
        return self.statement(statement_id)

    def release_from_supervision(self, setl_id: str) -> None:
        """Supervision found nothing: the line is cleared with the next month built."""
        self.db.execute(
            update(ln).where(ln.c.setl_id == setl_id, ln.c.status == str(LineStatus.SUPERVISION))
            .values(status=str(LineStatus.CARRIED))
        )  # fmt: skip

    def _cleared(self) -> Any:
        return (
            ln.c.fund_pay_sumamt + ln.c.acct_pay if self.params.clear_account_part else ln.c.fund_pay_sumamt
        )

    def _shares(self, ids: Sequence[str]) -> dict[str, dict[str, int]]:
        """statement id → the cleared amount of its accepted lines per hospital (one GROUP BY)."""
        q = (select(ln.c.statement_id, ln.c.hospital_code, func.sum(self._cleared()))
             .where(ln.c.statement_id.in_(list(ids)), ln.c.status == str(LineStatus.INCLUDED))
             .group_by(ln.c.statement_id, ln.c.hospital_code))  # fmt: skip
        out: dict[str, dict[str, int]] = {i: {} for i in ids}
        for sid, h, a in self.db.execute(q):
            if int(a):
                out[sid][h] = int(a)
        return out

    def by_hospital(self, statement_id: str, *, net_of_returns: bool = False) -> dict[str, int]:
        """The cleared amount of the accepted lines per hospital (optionally less its returns)."""
        out = self._shares([statement_id])[statement_id]
        if net_of_returns:
            rq = select(rt.c.hospital_code, func.sum(rt.c.amount)).where(rt.c.statement_id == statement_id)
            for h, a in self.db.execute(rq.group_by(rt.c.hospital_code)):
                out[h] = out.get(h, 0) - int(a)
        return {h: a for h, a in sorted(out.items()) if a}

    def confirm(
        self,
        statement_id: str,
        today: date,
        *,
        actor_region: str | None = None,
        claimed: Mapping[str, int] | None = None,
    ) -> Statement:
        """The 参保地 confirms (its own figures, if sent, must equal ours)."""
        if claimed is not None:
            s_ = self.statement(statement_id)
            ours = {"psntime": s_.psntime, "medfee_sumamt": s_.medfee_sumamt, "fund_pay_sumamt": s_.fund_pay_sumamt,
                    "acct_pay": s_.acct_pay, "cash_payamt": s_.cash_payamt}  # fmt: skip
            compare_totals("参保地确认的金额", "the insured region's figures", ours, claimed)
        self.confirm_many([statement_id], today, actor_region=actor_region)
        return self.statement(statement_id)

    def confirm_many(
        self, ids: Sequence[str], today: date, *, actor_region: str | None = None
    ) -> list[Entry]:
        """Confirm statements together (a region's month, the deadline job): each statement and its
        returns are journaled, in a handful of queries whatever the number of statements."""
        found = builder.statements(self.db, ids=list(ids), lock=True)
        missing = sorted(set(ids) - {x.id for x in found})
        if missing:
            raise NotInStatement(
                f"没有清算单 {'、'.join(missing)}", f"no statement {', '.join(missing)}", ids=missing
            )
        for s_ in found:
            advance(s_.status, Step.CONFIRM, actor_region=actor_region, insured=s_.insuplc_admdvs,
                    treatment=s_.mdtrtarea_admvs)  # fmt: skip
        shares = self._shares(ids)
        entries: list[Entry | None] = []
        for s_ in found:
            diff = sum(shares[s_.id].values()) - s_.accepted_amount
            if diff:  # never expected: the dispute bookkeeping keeps both in step
                raise AmountsDoNotReconcile(
                    f"清算单 {s_.id} 明细合计与确认金额相差 {diff} 分",
                    f"statement {s_.id}: lines differ from the accepted amount by {diff} fen", difference=diff,
                )  # fmt: skip
            path = route(s_.insuplc_admdvs, s_.mdtrtarea_admvs, self.params)
            entries.append(flows.statement_entry(s_.id, path, shares[s_.id], today))
        paths = {s_.id: route(s_.insuplc_admdvs, s_.mdtrtarea_admvs, self.params) for s_ in found}
        rq = select(rt).where(rt.c.statement_id.in_(list(ids))).order_by(rt.c.id)
        for r in self.db.execute(rq).mappings():
            ret = flows.Return(r["id"], RefKind(r["kind"]), r["setl_id"], r["insuplc_admdvs"], r["mdtrtarea_admvs"],
                               r["hospital_code"], int(r["amount"]), r["reason"])  # fmt: skip
            entries.append(flows.return_entry(ret, paths[r["statement_id"]], today))
        done: Any = self.db.execute(
            update(st).where(st.c.id.in_(list(ids)), st.c.status == str(StatementStatus.BUILT))
            .values(status=str(StatementStatus.CONFIRMED), confirmed_on=today)
        )  # fmt: skip
        if done.rowcount != len(found):  # a concurrent confirmation got there first
            raise IllegalTransition(
                "清算单状态已被其他操作改变", "a statement changed meanwhile", ids=list(ids)
            )
        return self.post(*entries)

    def confirm_overdue(self, today: date) -> list[str]:
        """Deemed confirmation (A-CLR-03) of every statement whose deadline passed in silence."""
        q = select(st).where(st.c.status == str(StatementStatus.BUILT), st.c.confirm_by < today)
        ids = [r["id"] for r in self.db.execute(q).mappings()
               if deemed_confirmed(StatementStatus.BUILT, r["confirm_by"], today, self.params)]  # fmt: skip
        if ids:
            self.confirm_many(ids, today)
        return ids

    def pay(self, statement_id: str, today: date, *, actor_region: str | None = None) -> Statement:
        """参保地 → 就医地 (through the platform for cross-province pairs), net of the
        statement's returns and of advance-fund refunds the payee owes."""
        s_ = self.statement(statement_id, lock=True)
        self._move(s_, Step.PAY, actor_region, paid_on=today)
        path = route(s_.insuplc_admdvs, s_.mdtrtarea_admvs, self.params)
        legs = []
        for payer, payee in itertools.pairwise(path):
            owed_back = journal.balance(self.db, Account(payer, Purpose.RECEIVABLE, payee))
            legs.append(flows.LegPosition(s_.accepted_amount, s_.returns_amount, owed_back))
        self.post(flows.payment_entry(f"payment:{statement_id}", statement_id, path, legs, today))
        return self.statement(statement_id)

    def pay_hospitals(self, statement_id: str, today: date, *, actor_region: str | None = None) -> Statement:
        s_ = self.statement(statement_id, lock=True)
        self._move(s_, Step.PAY_HOSPITALS, actor_region, hospitals_paid_on=today)
        shares = self.by_hospital(statement_id, net_of_returns=True)
        entry = flows.hospital_payment_entry(
            f"hospital_payment:{statement_id}", statement_id, agency(s_.mdtrtarea_admvs), shares, today
        )
        self.post(entry)
        return self.statement(statement_id)

    # -- returns and manual claims ------------------------------------------------------------------
    def add_return(self, ret: flows.Return, decided_at: datetime) -> None:
        """A deduction or claw-back to return with the next month built (idempotent by id)."""
        row = self.db.execute(select(rt).where(rt.c.id == ret.id)).mappings().first()
        values = {"id": ret.id, "kind": str(ret.kind), "setl_id": ret.setl_id, "insuplc_admdvs": ret.insured_region,
                  "mdtrtarea_admvs": ret.treatment_region, "hospital_code": ret.hospital_code, "amount": ret.amount,
                  "reason": ret.reason, "decided_at": decided_at}  # fmt: skip
        if row is None:
            self.db.execute(rt.insert().values(statement_id=None, **values))
        elif any(row[k] != val for k, val in values.items()):
            raise journal._conflict(f"return:{ret.id}")

    def record_manual_claim(
        self, claim_id: str, insured_region: str, amount: int, today: date
    ) -> list[Entry]:
        return self.post(flows.manual_claim_entry(claim_id, agency(insured_region), amount, today))
