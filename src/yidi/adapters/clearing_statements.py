"""The set-based statement builder and the statement reads (SQLAlchemy Core, one code path for
SQLite and PostgreSQL).

Building a closed month is a handful of statements, none a Python loop over settlements:

1. ``INSERT INTO clearing_lines SELECT …`` every cross-region settlement and reversal row with
   ``setl_time`` before the month's end that no line holds yet (late rows, then the month's own) (the primary key on ``setl_id``
   makes "cleared twice" impossible), tagged with its statement id ``YYYYMM-参保地-就医地``;
   lines disputed to the next month and returns decided before the end join the month by UPDATE
   (with the commitment claw-backs the month's settlements deducted, ``clearing_clawbacks``);
2. ``INSERT INTO clearing_statements SELECT … GROUP BY`` the pair over those lines and returns;
3. ``INSERT INTO clearing_statement_funds SELECT … GROUP BY`` the pair and ``fund_pay_type``:
   one scan of the lines summing each fund column per statement and insurance type, unpivoted
   with one ``CASE`` per column (``domain.clearing.funds``);
4. the few statements are read back and must add up (``statement.check_totals``), or the whole
   build is refused and the caller's transaction rolls back.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    String,
    and_,
    case,
    exists,
    func,
    literal,
    literal_column,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError

from yidi.adapters import clearing_clawbacks as clawbacks
from yidi.adapters.clearing_journal import Db
from yidi.adapters.orm_clearing import lines as ln
from yidi.adapters.orm_clearing import returns as rt
from yidi.adapters.orm_clearing import runs
from yidi.adapters.orm_clearing import statement_funds as sf
from yidi.adapters.orm_clearing import statements as st
from yidi.adapters.orm_hospital import settlements as s
from yidi.adapters.orm_hospital import visits as v
from yidi.domain.clearing.closing import check_closed, check_order
from yidi.domain.clearing.funds import FUND_COLUMNS, fund_cases
from yidi.domain.clearing.lifecycle import StatementStatus, deadlines
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parameters import DEFAULTS, ClearingParameters
from yidi.domain.clearing.statement import Line, LineStatus, Statement, check_totals

INCLUDED: Any = literal_column(f"'{LineStatus.INCLUDED}'")


def _sql_text(value: str) -> Any:
    return literal_column("'" + value.replace("'", "''") + "'")


def in_month(column: Any, month: Month) -> Any:
    """Statement ids of the month (``YYYYMM-…``) as an index-friendly range."""
    return and_(column >= f"{month.compact}-", column < f"{month.compact}.")


def _statement_id(month: Month, insured: Any, treatment: Any) -> Any:
    return literal(f"{month.compact}-", String) + insured + literal("-", String) + treatment


def build(
    db: Db, month: Month, today: date, built_at: datetime, params: ClearingParameters = DEFAULTS
) -> list[Statement]:
    """Build the month's statements once; a second call (or a concurrent one) returns the same."""
    if _built(db, month):
        return statements(db, month)
    check_closed(month, today, params)
    last = db.execute(select(func.max(runs.c.month))).scalar_one_or_none()
    check_order(month, None if last is None else Month.parse(last), _earliest_uncleared(db, month))
    try:
        with db.begin_nested():
            db.execute(
                runs.insert().values(
                    month=str(month), built_on=today, built_at=built_at, statements=0, lines=0
                )
            )
    except IntegrityError:
        return statements(db, month)  # another transaction built it meanwhile
    n_lines = _insert_lines(db, month)
    clawbacks.insert_returns(db, month, lambda column: in_month(column, month))
    # fresh statistics, or the planner (which saw the lines table before this build) reads a month
    # of lines through the statement index in random order — five times slower on PostgreSQL
    db.execute(text("ANALYZE clearing_lines"))
    _join_carried_and_returns(db, month)
    _insert_statements(db, month, today, params)
    _insert_funds(db, month)
    built = statements(db, month)
    for one in built:
        check_totals(one, params)
    db.execute(runs.update().where(runs.c.month == str(month)).values(statements=len(built), lines=n_lines))
    return built


def _built(db: Db, month: Month) -> bool:
    return db.execute(select(runs.c.month).where(runs.c.month == str(month))).first() is not None


def _cross_region() -> Any:
    return v.c.insured_region != v.c.treatment_region


def _uncleared() -> Any:
    return ~exists().where(ln.c.setl_id == s.c.setl_id)


def _earliest_uncleared(db: Db, month: Month) -> Month | None:
    q = (select(func.min(s.c.setl_time)).select_from(s.join(v, v.c.mdtrt_id == s.c.mdtrt_id))
         .where(s.c.setl_time < month.start, _cross_region(), _uncleared()))  # fmt: skip
    first = db.execute(q).scalar_one_or_none()
    return None if first is None else Month.of(first)


def _insert_lines(db: Db, month: Month) -> int:
    """Two INSERT … SELECT: the late rows of months already cleared (anti-join on the lines, which
    this statement does not grow), then the month's own rows — none of which can be in a line yet,
    months being cleared in order, so no anti-join against the table being filled (on PostgreSQL
    that would be planned against the empty table and probe every row inserted so far)."""
    late = _cross_region(), s.c.setl_time < month.start, _uncleared()
    own = _cross_region(), s.c.setl_time >= month.start, s.c.setl_time < month.end
    return sum(_insert_lines_where(db, month, where) for where in (late, own))


def _insert_lines_where(db: Db, month: Month, where: tuple[Any, ...]) -> int:
    cols = [
        "setl_id", "statement_id", "insuplc_admdvs", "mdtrtarea_admvs", "hospital_code", "mdtrt_id", "psn_no",
        "insutype", "setl_time", "refd_setl_flag", "medfee_sumamt", "fund_pay_sumamt", "acct_pay", "cash_payamt",
        *FUND_COLUMNS, "status",
    ]  # fmt: skip
    src = (
        select(
            s.c.setl_id,
            _statement_id(month, v.c.insured_region, v.c.treatment_region),
            v.c.insured_region,
            v.c.treatment_region,
            s.c.hospital_code,
            s.c.mdtrt_id,
            s.c.psn_no,
            s.c.insutype,
            s.c.setl_time,
            case((s.c.kind == "reversal", literal_column("'1'")), else_=literal_column("'0'")),
            s.c.medfee_sumamt,
            s.c.fund_pay_sumamt + clawbacks.deducted(),  # what the funds paid for the stay …
            s.c.acct_pay,
            s.c.psn_cash_pay - clawbacks.deducted(),  # … and its own cash: the 待遇差 is a return
            *(s.c[c] for c in FUND_COLUMNS),
            INCLUDED,
        )
        .select_from(s.join(v, v.c.mdtrt_id == s.c.mdtrt_id))
        .where(*where)
    )
    result: Any = db.execute(
        ln.insert().from_select(cols, src), execution_options={"preserve_rowcount": True}
    )
    return int(result.rowcount or 0)


def _join_carried_and_returns(db: Db, month: Month) -> None:
    db.execute(
        update(ln)
        .where(ln.c.status == str(LineStatus.CARRIED))
        .values(statement_id=_statement_id(month, ln.c.insuplc_admdvs, ln.c.mdtrtarea_admvs), status=INCLUDED)
    )
    db.execute(
        update(rt)
        .where(rt.c.statement_id.is_(None), rt.c.decided_at < month.end)
        .values(statement_id=_statement_id(month, rt.c.insuplc_admdvs, rt.c.mdtrtarea_admvs))
    )


def _insert_statements(db: Db, month: Month, today: date, params: ClearingParameters) -> None:
    zero: Any = literal_column("0")
    cleared = ln.c.fund_pay_sumamt + ln.c.acct_pay if params.clear_account_part else ln.c.fund_pay_sumamt
    from_lines = select(
        ln.c.statement_id.label("id"), ln.c.insuplc_admdvs.label("i"), ln.c.mdtrtarea_admvs.label("t"),
        case((ln.c.refd_setl_flag == "1", literal_column("-1")), else_=literal_column("1")).label("psn"),
        ln.c.medfee_sumamt.label("medfee"), ln.c.fund_pay_sumamt.label("fund"), ln.c.acct_pay.label("acct"),
        ln.c.cash_payamt.label("cash"), cleared.label("cleared"), zero.label("ret"),
    ).where(in_month(ln.c.statement_id, month), ln.c.status == INCLUDED)  # fmt: skip
    from_returns = select(
        rt.c.statement_id,
        rt.c.insuplc_admdvs,
        rt.c.mdtrtarea_admvs,
        zero,
        zero,
        zero,
        zero,
        zero,
        zero,
        rt.c.amount,
    ).where(in_month(rt.c.statement_id, month))
    u = union_all(from_lines, from_returns).subquery()
    confirm_by = deadlines(today, None, None, params).confirm_by
    agg = select(
        u.c.id, _sql_text(str(month)), u.c.i, u.c.t, func.sum(u.c.psn), func.sum(u.c.medfee), func.sum(u.c.fund),
        func.sum(u.c.acct), func.sum(u.c.cash), func.sum(u.c.cleared), func.sum(u.c.ret), zero,
        _sql_text(str(StatementStatus.BUILT)), literal(today, Date), literal(confirm_by, Date),
    ).group_by(u.c.id, u.c.i, u.c.t)  # fmt: skip
    cols = ["id", "month", "insuplc_admdvs", "mdtrtarea_admvs", "psntime", "medfee_sumamt", "fund_pay_sumamt",
            "acct_pay", "cash_payamt", "cleared_amount", "returns_amount", "disputed_amount", "status", "built_on",
            "confirm_by"]  # fmt: skip
    db.execute(st.insert().from_select(cols, agg))


def _insert_funds(db: Db, month: Month) -> None:
    """One scan of the lines grouped by statement and insurance type (a few hundred rows), then
    those rows unpivoted into (statement, fund_pay_type) with one ``CASE`` per fund column."""
    sums = (
        select(
            ln.c.statement_id.label("sid"), ln.c.insutype, *(func.sum(ln.c[c]).label(c) for c in FUND_COLUMNS),
            func.sum(clawbacks.reopened()).label("reopened"),
        )
        .where(in_month(ln.c.statement_id, month), ln.c.status == INCLUDED)
        .group_by(ln.c.statement_id, ln.c.insutype)
        .cte("fund_sums")
    )
    parts = []
    for column in FUND_COLUMNS:
        whens, other = fund_cases(column)
        code = case(*((sums.c.insutype == t, _sql_text(c)) for t, c in whens.items()), else_=_sql_text(other))
        parts.append(select(sums.c.sid, code.label("code"), sums.c[column].label("amount")))
    # a reversal of a settlement that deducted a 待遇差 gives it back (``clearing_clawbacks``)
    parts.append(select(sums.c.sid, _sql_text(clawbacks.RECOVERY_FUND).label("code"), sums.c.reopened.label("amount")))
    u = union_all(*parts).subquery()
    agg = (select(u.c.sid, u.c.code, func.sum(u.c.amount)).group_by(u.c.sid, u.c.code)
           .having(func.sum(u.c.amount) != 0))  # fmt: skip
    db.execute(sf.insert().from_select(["statement_id", "fund_pay_type", "amount"], agg))


def statements(
    db: Db, month: Month | None = None, ids: list[str] | None = None, *, lock: bool = False
) -> list[Statement]:
    q = select(st).order_by(st.c.id)
    if month is not None:
        q = q.where(st.c.month == str(month))
    if ids is not None:
        q = q.where(st.c.id.in_(ids))
    if lock:
        q = q.with_for_update()
    rows = db.execute(q).mappings().all()
    funds: dict[str, dict[str, int]] = defaultdict(dict)
    if rows:
        fq = select(sf).where(sf.c.statement_id.in_([r["id"] for r in rows]))
        for f in db.execute(fq).mappings():
            funds[f["statement_id"]][f["fund_pay_type"]] = int(f["amount"])
    return [_statement(r, funds[r["id"]]) for r in rows]


def _statement(r: Any, funds: dict[str, int]) -> Statement:
    return Statement(
        id=r["id"], month=Month.parse(r["month"]), insuplc_admdvs=r["insuplc_admdvs"],
        mdtrtarea_admvs=r["mdtrtarea_admvs"], psntime=int(r["psntime"]), medfee_sumamt=int(r["medfee_sumamt"]),
        fund_pay_sumamt=int(r["fund_pay_sumamt"]), acct_pay=int(r["acct_pay"]), cash_payamt=int(r["cash_payamt"]),
        cleared_amount=int(r["cleared_amount"]), returns_amount=int(r["returns_amount"]),
        disputed_amount=int(r["disputed_amount"]), status=StatementStatus(r["status"]), built_on=r["built_on"],
        confirm_by=r["confirm_by"], funds=dict(sorted(funds.items())), confirmed_on=r["confirmed_on"],
        paid_on=r["paid_on"], hospitals_paid_on=r["hospitals_paid_on"],
    )  # fmt: skip


def line_rows(db: Db, *conds: Any, offset: int = 0, limit: int | None = None) -> list[Line]:
    q = select(ln).where(*conds).order_by(ln.c.setl_time, ln.c.setl_id).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return [
        Line(
            r["setl_id"],
            r["statement_id"],
            r["mdtrt_id"],
            r["psn_no"],
            r["hospital_code"],
            r["setl_time"],
            r["refd_setl_flag"],
            int(r["medfee_sumamt"]),
            int(r["fund_pay_sumamt"]),
            int(r["acct_pay"]),
            int(r["cash_payamt"]),
            LineStatus(r["status"]),
        )
        for r in db.execute(q).mappings()
    ]
