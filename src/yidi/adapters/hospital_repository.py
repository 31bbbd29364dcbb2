"""Storage of the hospital interface (SQLAlchemy Core on the session of the unit of work,
``uow.hospital``): hospitals and their authentication, sign-ins, visits, fee lines, settlements,
year-to-date accumulators, the message log and national files.

Visits and fee lines are read as typed values (``domain/national/visit.py``), built here once; a
stored settlement's answer is parsed once (``settlement_with_answer``); other rows are mappings. Locks:
the person row (``person_row(..., for_update=True)``: ``SELECT … FOR UPDATE`` on PostgreSQL,
the write lock of ``BEGIN IMMEDIATE`` on SQLite) serialises two settlements of one person, so
they can never both use the same remaining annual cap. Filing changes (2401) lock the same row
through the filing repository.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from yidi.adapters import hospital_cache
from yidi.adapters.orm import insured_persons
from yidi.adapters.orm_hospital import (
    YTD_AMOUNTS,
    auth_events,
    fee_details,
    hospital_nonces,
    hospitals,
    message_log,
    national_files,
    settlements,
    sign_ins,
    visits,
    ytd_accumulators,
)
from yidi.domain.national.setlinfo import Answer
from yidi.domain.national.visit import FeeLine, Visit
from yidi.domain.settlement.request import Ytd

Row = RowMapping


class HospitalRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- persons (the columns settlement needs, without loading the filing aggregate) --------
    def person_row(self, id_number: str, *, for_update: bool = False) -> Row | None:
        stmt = select(insured_persons).where(insured_persons.c.id_number == id_number)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.execute(stmt).mappings().one_or_none()

    def person_row_by_psn_no(self, psn_no: str, *, for_update: bool = False) -> Row | None:
        """The person of a platform person number (``psn_no``, opaque: domain/person_number.py)."""
        stmt = select(insured_persons).where(insured_persons.c.psn_no == psn_no)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.execute(stmt).mappings().one_or_none()

    def id_numbers_of(self, psn_nos: set[str]) -> dict[str, str]:
        """psn_no → ID number, for outputs that carry the certificate (3260 ``certno``)."""
        if not psn_nos:
            return {}
        c = insured_persons.c
        rows = self.session.execute(select(c.psn_no, c.id_number).where(c.psn_no.in_(sorted(psn_nos))))
        return {str(r.psn_no): str(r.id_number) for r in rows}

    def add_to_balance(self, id_number: str, delta_fen: int) -> None:
        """Debit (negative) or restore the personal account; the caller holds the person lock."""
        c = insured_persons.c
        self.session.execute(
            update(insured_persons)
            .where(c.id_number == id_number)
            .values(account_balance_fen=c.account_balance_fen + delta_fen)
        )

    # --- hospitals and authentication ------------------------------------------------------
    def _cached(self, kind: str, key: str, stmt: Any) -> Row | None:
        """One row by key, through the in-process cache (``hospital_cache``: found rows only)."""
        bind = self.session.get_bind()
        row: Row | None = hospital_cache.get(bind, kind, key)
        if row is None:
            row = self.session.execute(stmt).mappings().one_or_none()
            if row is not None:
                hospital_cache.put(bind, kind, key, row)
        return row

    def hospital(self, code: str) -> Row | None:
        return self._cached("code", code, select(hospitals).where(hospitals.c.code == code))

    def hospital_by_paasid(self, paasid: str) -> Row | None:
        return self._cached("paasid", paasid, select(hospitals).where(hospitals.c.paasid == paasid))

    def add_hospital(self, **values: Any) -> None:
        self.session.execute(hospitals.insert().values(**values))
        hospital_cache.invalidate()

    def hospitals(self) -> Sequence[Row]:
        return self.session.execute(select(hospitals).order_by(hospitals.c.code)).mappings().all()

    def update_hospital(self, code: str, **values: Any) -> None:
        self.session.execute(update(hospitals).where(hospitals.c.code == code).values(**values))
        hospital_cache.invalidate()

    def nonce_used(self, code: str, nonce: str) -> bool:
        stmt = select(hospital_nonces.c.nonce).where(
            hospital_nonces.c.hospital_code == code, hospital_nonces.c.nonce == nonce
        )
        return self.session.execute(stmt).first() is not None

    def use_nonce(self, code: str, nonce: str, at: datetime) -> None:
        """Record a nonce as used. On PostgreSQL one autocommitted statement on a connection of its
        own — one round trip, where a transaction of its own took three (BEGIN, INSERT, COMMIT) on
        every signed request (issue 14 §5); a replay still fails on the primary key."""
        stmt = hospital_nonces.insert().values(hospital_code=code, nonce=nonce, seen_at=at)
        engine = self.session.get_bind().engine
        if engine.dialect.name != "postgresql":  # SQLite: its transactions begin with BEGIN IMMEDIATE
            self.session.execute(stmt)
            return
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(stmt)

    def forget_nonces_before(self, at: datetime) -> None:
        self.session.execute(hospital_nonces.delete().where(hospital_nonces.c.seen_at < at))

    def log_auth(self, **values: Any) -> None:
        self.session.execute(auth_events.insert().values(**values))

    def auth_events_since(self, remote: str, since: datetime) -> int:
        """How many refusals from ``remote`` were logged since ``since``."""
        stmt = select(func.count()).select_from(auth_events).where(
            auth_events.c.remote == remote, auth_events.c.at >= since
        )
        return int(self.session.execute(stmt).scalar_one())

    def auth_events(self) -> Sequence[Row]:
        return self.session.execute(select(auth_events).order_by(auth_events.c.id)).mappings().all()

    # --- sign-in ---------------------------------------------------------------------------
    def add_sign_in(self, **values: Any) -> None:
        self.session.execute(sign_ins.insert().values(**values))

    def sign_in(self, sign_no: str) -> Row | None:
        row = self._cached("sign_no", sign_no, select(sign_ins).where(sign_ins.c.sign_no == sign_no))
        if row is not None and row["signed_out_at"] is not None:
            hospital_cache.invalidate("sign_no", sign_no)  # ended: never serve it from the cache
        return row

    def sign_out(self, sign_no: str, at: datetime) -> None:
        self.session.execute(update(sign_ins).where(sign_ins.c.sign_no == sign_no).values(signed_out_at=at))
        hospital_cache.invalidate("sign_no", sign_no)

    # --- visits and fee details ------------------------------------------------------------
    def add_visit(self, **values: Any) -> None:
        self.session.execute(visits.insert().values(**values))

    def visit(self, mdtrt_id: str, *, for_update: bool = False) -> Visit | None:
        stmt = select(visits).where(visits.c.mdtrt_id == mdtrt_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = self.session.execute(stmt).mappings().one_or_none()
        return None if row is None else Visit.from_row(row)

    def visit_by_ipt_no(self, hospital_code: str, ipt_no: str) -> Visit | None:
        stmt = select(visits).where(visits.c.hospital_code == hospital_code, visits.c.ipt_no == ipt_no)
        row = self.session.execute(stmt).mappings().one_or_none()
        return None if row is None else Visit.from_row(row)

    def visits_of(self, hospital_code: str, id_number: str) -> list[Visit]:
        stmt = select(visits).where(visits.c.hospital_code == hospital_code, visits.c.id_number == id_number)
        return [Visit.from_row(r) for r in self.session.execute(stmt.order_by(visits.c.begntime)).mappings()]

    def open_stays_at(self, id_number: str, at: datetime, med_types: Sequence[str]) -> Sequence[Row]:
        """The person's stays (any hospital) still open at or after ``at``: not cancelled, not
        discharged before ``at``, and without a valid final settlement."""
        v, s = visits.c, settlements.c
        settled = (
            select(s.setl_id)
            .where(s.mdtrt_id == v.mdtrt_id, s.kind == "settle", s.status == "valid")
            .exists()
        )
        stmt = select(v.mdtrt_id, v.hospital_code, v.begntime, v.endtime).where(
            v.id_number == id_number,
            v.med_type.in_(list(med_types)),
            v.status.in_(("admitted", "discharged")),
            or_(v.endtime.is_(None), v.endtime > at),
            ~settled,
        )
        return self.session.execute(stmt.order_by(v.begntime)).mappings().all()

    def update_visit(self, mdtrt_id: str, **values: Any) -> None:
        self.session.execute(update(visits).where(visits.c.mdtrt_id == mdtrt_id).values(**values))

    def fee_sns(self, mdtrt_id: str) -> set[str]:
        stmt = select(fee_details.c.feedetl_sn).where(fee_details.c.mdtrt_id == mdtrt_id)
        return set(self.session.scalars(stmt))

    def add_fees(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(fee_details.insert(), rows)

    def fees(self, mdtrt_id: str, *, unsettled: bool = False, setl_id: str | None = None) -> list[FeeLine]:
        stmt = select(fee_details).where(fee_details.c.mdtrt_id == mdtrt_id)
        if unsettled:
            stmt = stmt.where(fee_details.c.setl_id.is_(None))
        if setl_id is not None:
            stmt = stmt.where(fee_details.c.setl_id == setl_id)
        rows = self.session.execute(stmt.order_by(fee_details.c.feedetl_sn)).mappings()
        return [FeeLine.from_row(r) for r in rows]

    def delete_unsettled_fees(self, mdtrt_id: str, feedetl_sn: str | None) -> int:
        stmt = fee_details.delete().where(fee_details.c.mdtrt_id == mdtrt_id, fee_details.c.setl_id.is_(None))
        if feedetl_sn is not None:
            stmt = stmt.where(fee_details.c.feedetl_sn == feedetl_sn)
        return self.session.execute(stmt).rowcount  # type: ignore[attr-defined]

    def mark_fees(self, mdtrt_id: str, from_setl: str | None, to_setl: str | None) -> None:
        cond = fee_details.c.setl_id.is_(None) if from_setl is None else fee_details.c.setl_id == from_setl
        self.session.execute(
            update(fee_details).where(fee_details.c.mdtrt_id == mdtrt_id, cond).values(setl_id=to_setl)
        )

    def mark_fee_sns(self, mdtrt_id: str, sns: list[str], to_setl: str | None) -> None:
        """Set the settlement of the named lines (an outpatient batch, or a re-instated 2305)."""
        c = fee_details.c
        self.session.execute(
            update(fee_details).where(c.mdtrt_id == mdtrt_id, c.feedetl_sn.in_(sns)).values(setl_id=to_setl)
        )

    def delete_fee_sns(self, mdtrt_id: str, sns: list[str]) -> None:
        c = fee_details.c
        self.session.execute(fee_details.delete().where(c.mdtrt_id == mdtrt_id, c.feedetl_sn.in_(sns)))

    # --- settlements and accumulators ------------------------------------------------------
    def add_settlement(self, **values: Any) -> None:
        self.session.execute(settlements.insert().values(**values))

    def settlement(self, setl_id: str) -> Row | None:
        stmt = select(settlements).where(settlements.c.setl_id == setl_id)
        return self.session.execute(stmt).mappings().one_or_none()

    def settlement_with_answer(self, setl_id: str) -> tuple[Row, Answer] | None:
        """A stored settlement with its answer parsed once into typed values (fen, datetimes):
        what a reversal negates and 5203 answers again, whatever representation it was stored in."""
        row = self.settlement(setl_id)
        return None if row is None else (row, Answer.parse(row["output"], row))

    def settlements_of_visit(self, mdtrt_id: str) -> Sequence[Row]:
        stmt = select(settlements).where(settlements.c.mdtrt_id == mdtrt_id).order_by(settlements.c.setl_time)
        return self.session.execute(stmt).mappings().all()

    def deductible_paid_under(self, id_number: str, filing_id: str) -> int:
        """Deductible (act_pay_dedc) of the person's valid settlements of visits under ``filing_id``."""
        s, v = settlements.c, visits.c
        stmt = (
            select(func.coalesce(func.sum(s.act_pay_dedc), 0))
            .select_from(settlements.join(visits, v.mdtrt_id == s.mdtrt_id))
            .where(
                s.id_number == id_number, v.filing_id == filing_id, s.kind == "settle", s.status == "valid"
            )
        )
        return int(self.session.execute(stmt).scalar_one())

    def update_settlement(self, setl_id: str, **values: Any) -> None:
        self.session.execute(update(settlements).where(settlements.c.setl_id == setl_id).values(**values))

    def delete_settlement(self, setl_id: str) -> None:
        """Remove a reversal record undone by 2601 (its request stays in the message log)."""
        self.session.execute(settlements.delete().where(settlements.c.setl_id == setl_id))

    def inpatient_settlements_in(self, id_number: str, year: int) -> int:
        """Valid direct settlements of inpatient visits (医疗类别 2x) of a person in a year."""
        s, v = settlements.c, visits.c
        stmt = (
            select(func.count())
            .select_from(settlements.join(visits, v.mdtrt_id == s.mdtrt_id))
            .where(
                s.id_number == id_number, s.year == year, s.kind == "settle", s.status == "valid",
                v.med_type.like("2%"),
            )
        )  # fmt: skip
        return int(self.session.scalar(stmt) or 0)

    def inpatient_settlements_overlapping(self, id_number: str, first: datetime, last: datetime) -> int:
        """Valid direct settlements of inpatient visits (2x, 52 生育住院) of a person whose stay
        overlaps ``first``..``last`` (a visit not yet discharged is open-ended)."""
        s, v = settlements.c, visits.c
        stmt = (
            select(func.count())
            .select_from(settlements.join(visits, v.mdtrt_id == s.mdtrt_id))
            .where(
                s.id_number == id_number, s.kind == "settle", s.status == "valid",
                or_(v.med_type.like("2%"), v.med_type == "52"), v.begntime <= last,
                or_(v.endtime.is_(None), v.endtime >= first),
            )
        )  # fmt: skip
        return int(self.session.scalar(stmt) or 0)

    def settled_after(self, id_number: str, after: datetime) -> bool:
        """Whether the person has a settlement or reversal later than ``after`` (any hospital)."""
        c = settlements.c
        stmt = select(c.setl_id).where(c.id_number == id_number, c.setl_time > after).limit(1)
        return self.session.execute(stmt).first() is not None

    def valid_settlements_of_year(self, year: int) -> Sequence[Row]:
        """Every valid (not reversed) settlement of ``year``: the annual subsidy's input."""
        c = settlements.c
        stmt = (
            select(c.setl_id, c.id_number, c.output)
            .where(c.year == year, c.kind == "settle", c.status == "valid")
            .order_by(c.id_number, c.setl_time)
        )
        return self.session.execute(stmt).mappings().all()

    def settlements_between(self, hospital_code: str, begin: date, end: date) -> Sequence[Row]:
        stmt = select(settlements).where(
            settlements.c.hospital_code == hospital_code,
            settlements.c.setl_date >= begin,
            settlements.c.setl_date <= end,
        )
        return self.session.execute(stmt).mappings().all()

    def ytd(self, id_number: str, year: int) -> dict[str, int]:
        stmt = select(ytd_accumulators).where(
            ytd_accumulators.c.id_number == id_number, ytd_accumulators.c.year == year
        )
        row = self.session.execute(stmt).mappings().one_or_none()
        return {k: int(row[k]) if row else 0 for k in (*YTD_AMOUNTS, "settlements")}

    def year_to_date(self, id_number: str, year: int) -> Ytd:
        """The person's accumulators of ``year`` as the kernel's typed input (fen; the referral
        chain's deductible is the caller's to add)."""
        totals = self.ytd(id_number, year)
        return Ytd(**{k: totals[k] for k in YTD_AMOUNTS})

    def add_to_ytd(self, id_number: str, year: int, delta: dict[str, int], settlements_delta: int) -> None:
        """Add ``delta`` (negative to restore) to the person's year; caller holds the person lock.
        One statement: ``INSERT … ON CONFLICT (id_number, year) DO UPDATE`` adding the delta."""
        c = ytd_accumulators.c
        insert_ = pg_insert if self.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        stmt = insert_(ytd_accumulators).values(
            id_number=id_number, year=year, settlements=settlements_delta, version=1,
            **{k: delta.get(k, 0) for k in YTD_AMOUNTS},
        )  # fmt: skip
        added: dict[str, Any] = {k: c[k] + stmt.excluded[k] for k in YTD_AMOUNTS}
        self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[c.id_number, c.year],
                set_={**added, "settlements": c.settlements + stmt.excluded.settlements, "version": c.version + 1},
            )
        )

    # --- message log -----------------------------------------------------------------------
    def message(self, hospital_code: str, msgid: str) -> Row | None:
        stmt = select(message_log).where(
            message_log.c.hospital_code == hospital_code, message_log.c.msgid == msgid
        )
        return self.session.execute(stmt).mappings().one_or_none()

    def log_message(self, **values: Any) -> None:
        self.session.execute(message_log.insert().values(**values))

    def mark_reversed(self, hospital_code: str, msgid: str, by: str) -> None:
        self.session.execute(
            update(message_log)
            .where(message_log.c.hospital_code == hospital_code, message_log.c.msgid == msgid)
            .values(reversed_by=by)
        )

    # --- files (9101 / 9102) ---------------------------------------------------------------
    def add_file(self, **values: Any) -> None:
        self.session.execute(national_files.insert().values(**values))

    def file(self, file_qury_no: str) -> Row | None:
        stmt = select(national_files).where(national_files.c.file_qury_no == file_qury_no)
        return self.session.execute(stmt).mappings().one_or_none()
