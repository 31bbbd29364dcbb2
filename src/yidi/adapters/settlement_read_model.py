"""Read model of settlements (结算查询, cosmicpython ch. 12 "views"): the rows the lookup shows,
from two sources, straight from the tables.

* direct settlements of the national interface (``hospital_settlements``: 2304/2207 and their
  2305/2208 reversal records) with the person's name and the hospital's name and level;
* manual claims once **paid**, with the person's name and insurance type — except a paid
  ``account_refund`` (个人账户返还): a refund of the account, not a medical settlement. A paid
  claim has no 就诊ID, is never a reversal and is never cancelled, so a search by any of those
  finds no claim.

Rows are mappings; ``service_layer.settlement_views`` turns them into the one shape both share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from yidi.adapters.hospital_repository import Row
from yidi.adapters.orm import insured_persons
from yidi.adapters.orm_claims import claims
from yidi.adapters.orm_hospital import hospitals, settlements, visits
from yidi.domain.settlement.lookup import Criteria

NOT_REFUND = claims.c.claim_type != "account_refund"
TOTALS = ("medfee_sumamt", "fund_pay_sumamt", "psn_part_amt")


@dataclass(frozen=True)
class Found:
    """The newest rows of each source (at most ``limit`` each) and how many match in all."""

    direct: Sequence[Row]
    claims: Sequence[Row]
    total: int
    totals: dict[str, int]  # valid direct settlements: count and summed amounts (fen)


def _matching(
    stmt: Select[Any],
    c: Criteria,
    equal: Iterable[tuple[object, ColumnElement[Any]]],
    day: ColumnElement[Any],
) -> Select[Any]:
    """``stmt`` narrowed to the given criteria: each (value, column) pair whose value is set, and
    the date range on ``day``."""
    for value, column in equal:
        if value is not None:
            stmt = stmt.where(column == value)
    if c.date_from:
        stmt = stmt.where(day >= c.date_from)
    if c.date_to:
        stmt = stmt.where(day <= c.date_to)
    return stmt


def _direct(c: Criteria) -> Select[Any]:
    s, p, h, v = settlements.c, insured_persons.c, hospitals.c, visits.c
    stmt = (
        select(settlements, p.name.label("psn_name"), h.name.label("hospital_name"), h.hosp_lv, v.ipt_no)
        .select_from(
            settlements.join(insured_persons, p.id_number == s.id_number)
            .join(hospitals, h.code == s.hospital_code)
            .join(visits, v.mdtrt_id == s.mdtrt_id)
        )
    )  # fmt: skip
    equal = ((c.id_number, s.id_number), (c.setl_id, s.setl_id), (c.mdtrt_id, s.mdtrt_id),
             (c.hospital_code, s.hospital_code), (c.kind, s.kind), (c.status, s.status))  # fmt: skip
    return _matching(stmt, c, equal, s.setl_date)


def _paid_claims(c: Criteria) -> Select[Any] | None:
    """Paid claims matching; None when a criterion cannot apply to a claim."""
    if c.mdtrt_id or c.kind == "reversal" or c.status == "cancelled":
        return None
    k, p = claims.c, insured_persons.c
    stmt = (
        select(claims, p.name.label("psn_name"), p.insutype)
        .select_from(claims.join(insured_persons, p.id_number == k.person_id_number))
        .where(k.status == "paid", NOT_REFUND)
    )
    equal = ((c.id_number, k.person_id_number), (c.setl_id, k.id), (c.hospital_code, k.bill_hospital_code))
    return _matching(stmt, c, equal, k.paid_on)


class SettlementReadModel:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _count(self, stmt: Select[Any] | None) -> int:
        if stmt is None:
            return 0
        return int(self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)

    def search(self, c: Criteria, limit: int) -> Found:
        """The ``limit`` newest rows of each source ``c.source`` admits (a direct settlement by
        time, a paid claim by day) and the number of all matching rows."""
        direct = _direct(c) if c.source in (None, "hospital") else None
        paid = _paid_claims(c) if c.source in (None, "manual_claim") else None
        direct_rows: Sequence[Row] = ()
        claim_rows: Sequence[Row] = ()
        if direct is not None:
            s = settlements.c
            stmt = direct.order_by(s.setl_time.desc(), s.setl_id.desc()).limit(limit)
            direct_rows = self.session.execute(stmt).mappings().all()
        if paid is not None:
            k = claims.c
            claim_rows = (
                self.session.execute(paid.order_by(k.paid_on.desc(), k.id.desc()).limit(limit))
                .mappings()
                .all()
            )
        return Found(direct_rows, claim_rows, self._count(direct) + self._count(paid), self._totals(direct))

    def _totals(self, direct: Select[Any] | None) -> dict[str, int]:
        """本院结算's totals: the valid direct settlements among the matches (a cancelled one and
        its reversal record cancel out, so both are left out), counted and summed."""
        if direct is None:
            return {"count": 0, **dict.fromkeys(TOTALS, 0)}
        valid = direct.where(settlements.c.kind == "settle", settlements.c.status == "valid").subquery()
        stmt = select(func.count(), *(func.coalesce(func.sum(valid.c[k]), 0) for k in TOTALS))
        row = self.session.execute(stmt).one()
        return {"count": int(row[0]), **{k: int(v) for k, v in zip(TOTALS, row[1:], strict=True)}}

    def direct(self, setl_id: str) -> Row | None:
        """One direct settlement (or reversal record) with the person's and hospital's names."""
        return self.session.execute(_direct(Criteria(setl_id=setl_id))).mappings().one_or_none()

    def paid_claim(self, claim_id: str) -> Row | None:
        """One paid claim (not an account refund) as a settlement."""
        stmt = _paid_claims(Criteria(setl_id=claim_id))
        assert stmt is not None  # only a 就诊ID, a reversal or a cancellation excludes claims
        return self.session.execute(stmt).mappings().one_or_none()
