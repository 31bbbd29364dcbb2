"""The monthly review's reads as Polars tables (``yidi audit run`` over a million settlements).

The same rows as ``SupervisionRepository.review_rows`` — the month's settlements and, as context,
every visit, settlement and fee line of the same persons around them (``review_scope``) — but read
as columns: on PostgreSQL through the Arrow database driver (ADBC: binary ``COPY`` straight into
Arrow arrays, a million settlements' nine million fee lines in seconds, where fetching them as
Python rows — or even iterating a text ``COPY`` row by row in psycopg — took a minute); on SQLite
by fetching the rows into a frame. ``domain.supervision.frames`` turns the tables into the
evaluator's columns. The month's writes that touch every settlement (the hits already stored,
the reviewed marks behind the 审核率) are set-based statements here too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import (
    JSON,
    ColumnElement,
    DateTime,
    Select,
    String,
    Table,
    column,
    literal,
    select,
    table,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from yidi.adapters import orm_supervision as t
from yidi.adapters.orm import filings, insured_persons
from yidi.adapters.orm_hospital import fee_details, hospitals, settlements, visits
from yidi.adapters.supervision_store import VALID_SETTLE
from yidi.domain.supervision.frames import MonthTables
from yidi.domain.supervision.records import SETTLEMENT_AMOUNTS

ARROW_WORK_MEM = "256MB"  # the reader's own session only (PostgreSQL's default is 4MB)
TIME, DAY, TEXT, INT, BOOL = pl.Datetime("us"), pl.Date, pl.String, pl.Int64, pl.Boolean


def month_tables(
    session: Session, target: ColumnElement[bool], scope_of: Callable[[Any], Any]
) -> MonthTables:
    """The review's tables for ``target`` settlements and their persons' context (``scope_of``
    gives ``supervision_repository.review_scope`` for the target persons: their visits in the
    window). The scope is worked out once — on PostgreSQL kept in temporary tables of the
    reader's connection (persons, visits, settlements in scope), so the five reads join a kept
    list instead of each planning the persons' and visits' semi-joins over the whole tables again."""
    s, v, h, f, p, fl = settlements.c, visits.c, hospitals.c, fee_details.c, insured_persons.c, filings.c
    visit_cols = {
        "mdtrt_id": (v.mdtrt_id, TEXT), "id_number": (v.id_number, TEXT), "hospital_code": (v.hospital_code, TEXT),
        "hospital_name": (h.name, TEXT), "hosp_lv": (h.hosp_lv, TEXT), "insured_region": (v.insured_region, TEXT),
        "treatment_region": (v.treatment_region, TEXT), "pay_loc": (v.pay_loc, TEXT), "begntime": (v.begntime, TIME),
        "endtime": (v.endtime, TIME), "status": (v.status, TEXT), "er_flag": (v.er_flag, BOOL),
        "med_type": (v.med_type, TEXT), "evidence": (v.detail["emergency_evidence"].as_string(), TEXT),
        "dscg_maindiag_code": (v.dscg_maindiag_code, TEXT), "dscg_maindiag_name": (v.dscg_maindiag_name, TEXT),
        "dept_code": (v.detail["mdtrtinfo"]["adm_dept_codg"].as_string(), TEXT), "filing_id": (v.filing_id, TEXT),
    }  # fmt: skip
    setl_cols = {
        "setl_id": (s.setl_id, TEXT), "mdtrt_id": (s.mdtrt_id, TEXT), "setl_time": (s.setl_time, TIME),
        "clr_type": (s.clr_type, TEXT), **{k: (s[k], INT) for k in SETTLEMENT_AMOUNTS}, "target": (target, BOOL),
    }  # fmt: skip
    line_cols = {
        "setl_id": (f.setl_id, TEXT), "feedetl_sn": (f.feedetl_sn, TEXT), "med_list_codg": (f.med_list_codg, TEXT),
        "cnt": (f.cnt, TEXT), "fee_ocur_time": (f.fee_ocur_time, TIME),
        "det_item_fee_sumamt": (f.det_item_fee_sumamt, INT), "overlmt_amt": (f.overlmt_amt, INT),
        "chrgitm_lv": (f.chrgitm_lv, TEXT), "selfpay_prop_bp": (f.selfpay_prop_bp, INT),
    }  # fmt: skip
    person_cols = {"id_number": (p.id_number, TEXT), "credit_default_on": (p.credit_default_on, DAY)}
    filing_cols = {"filing_id": (fl.id, TEXT), "start_date": (fl.start_date, DAY), "end_date": (fl.end_date, DAY),
                   "status": (fl.status, TEXT), "ended_on": (fl.ended_on, DAY)}  # fmt: skip

    def q(cols: dict[str, tuple[Any, Any]]) -> Select[Any]:
        return select(*(c.label(n) for n, (c, _) in cols.items()))

    read = _reader(session)
    try:
        people = read.keep("review_people", select(s.id_number).where(target).distinct())
        scope = scope_of(select(people.c.id_number).scalar_subquery())
        in_scope = read.keep("review_visits", select(v.mdtrt_id, v.filing_id).where(scope.visits))
        of_visits = s.mdtrt_id.in_(select(in_scope.c.mdtrt_id))
        kept = read.keep("review_settlements", select(s.setl_id).where(VALID_SETTLE, of_visits))
        of_scope = s.setl_id.in_(select(kept.c.setl_id))
        with_hospital = q(visit_cols).join_from(visits, hospitals, h.code == v.hospital_code)
        filing_ids = select(in_scope.c.filing_id).where(in_scope.c.filing_id.is_not(None))
        return MonthTables(
            visits=read(with_hospital.where(v.mdtrt_id.in_(select(in_scope.c.mdtrt_id))), visit_cols),
            settlements=read(q(setl_cols).where(of_scope), setl_cols),
            # the lines of the kept settlements: no join with the settlements table again
            lines=read(q(line_cols).where(f.setl_id.in_(select(kept.c.setl_id))), line_cols),
            persons=read(q(person_cols).where(p.id_number.in_(select(people.c.id_number))), person_cols),
            filings=read(q(filing_cols).where(fl.id.in_(filing_ids)), filing_cols),
        )
    finally:
        read.close()


class _RowReader:
    """SQLite (and any backend without the Arrow driver): rows fetched on the session's
    connection into frames; the scope stays a subquery."""

    def __init__(self, session: Session) -> None:
        self.conn = session.connection()

    def keep(self, name: str, stmt: Select[Any]) -> Any:
        return stmt.subquery(name)

    def __call__(self, stmt: Select[Any], cols: dict[str, tuple[Any, Any]]) -> pl.DataFrame:
        schema = {n: t for n, (_, t) in cols.items()}
        return pl.DataFrame([tuple(r) for r in self.conn.execute(stmt)], schema=schema, orient="row")

    def close(self) -> None:
        pass


class _ArrowReader:
    """PostgreSQL: the Arrow driver (ADBC) on a connection of its own. It reads what is
    committed, which is what the monthly run reviews (a month's settlements); the run's writes
    stay in the session. The scope is kept in temporary tables of that connection, gone when it
    closes."""

    def __init__(self, session: Session) -> None:
        from adbc_driver_postgresql import dbapi  # lazy: only the monthly run on PostgreSQL needs it

        self.dialect = session.get_bind().dialect
        url = session.get_bind().engine.url
        self.arrow = dbapi.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
        # the month's joins hash a million visits and settlements: in memory, not in batches on disk
        self._run(f"SET work_mem = '{ARROW_WORK_MEM}'")

    def _sql(self, stmt: Any) -> str:
        return str(stmt.compile(dialect=self.dialect, compile_kwargs={"literal_binds": True}))

    def _run(self, sql: str) -> None:
        with self.arrow.cursor() as cur:
            cur.execute(sql)

    def keep(self, name: str, stmt: Select[Any]) -> Any:
        self._run(f"CREATE TEMPORARY TABLE {name} AS {self._sql(stmt)}")
        self._run(f"ANALYZE {name}")  # temporary tables have no statistics until analysed
        return table(name, *(column(c.name) for c in stmt.selected_columns))

    def __call__(self, stmt: Select[Any], cols: dict[str, tuple[Any, Any]]) -> pl.DataFrame:
        with self.arrow.cursor() as cur:
            cur.execute(self._sql(stmt))
            df = pl.from_arrow(cur.fetch_arrow_table())
        assert isinstance(df, pl.DataFrame)
        return df.select(pl.col(n).cast(t) for n, (_, t) in cols.items())

    def close(self) -> None:
        self.arrow.close()


def _reader(session: Session) -> _RowReader | _ArrowReader:
    if session.get_bind().dialect.name == "postgresql":
        return _ArrowReader(session)
    return _RowReader(session)


def hit_keys_where(session: Session, target: ColumnElement[bool]) -> set[tuple[str, str, str]]:
    """(settlement, rule, line) of the hits already stored for the target settlements: one query
    (the row path asks 500 settlements at a time)."""
    c = t.rule_hits.c
    targets = select(settlements.c.setl_id).where(target)
    rows = session.execute(select(c.setl_id, c.rule, c.line_sn).where(c.setl_id.in_(targets)))
    return {(a, b, d) for a, b, d in rows}


def mark_reviewed(session: Session, setl_ids: list[str], month: str, at: datetime, run_id: str) -> bool:
    """On PostgreSQL, the settlements the run evaluated reviewed by the rules: the ids copied into
    a temporary table (``COPY``, not a bound array of a million texts, which psycopg took seconds
    to adapt), then two statements over it — the rules' mark added where only a person had
    reviewed, the new settlements inserted with ``ON CONFLICT DO NOTHING`` (not an anti-join
    against the table being filled, which PostgreSQL planned as a scan per row; not ``DO UPDATE …
    WHERE``, which locks — rewrites — every row already marked on a re-run). Returns False on
    other backends, where the caller marks them in chunks."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur:
        cur.execute("CREATE TEMPORARY TABLE IF NOT EXISTS review_marked (setl_id text) ON COMMIT DROP")
        cur.execute("TRUNCATE review_marked")
        with cur.copy("COPY review_marked (setl_id) FROM STDIN WITH (FORMAT csv)") as copy:
            ids = pl.Series("setl_id", setl_ids, dtype=pl.String).to_frame()
            copy.write(ids.write_csv(include_header=False))
        cur.execute("ANALYZE review_marked")
    marked, r = table("review_marked", column("setl_id")), t.reviewed.c
    session.execute(
        update(t.reviewed)
        .where(r.by_rules_at.is_(None), r.setl_id == marked.c.setl_id)
        .values(by_rules_at=at, run_id=run_id)
    )
    new = select(
        marked.c.setl_id,
        literal(month, String),
        literal(at, DateTime(timezone=True)),
        literal(run_id, String),
    )
    session.execute(
        pg_insert(t.reviewed)
        .from_select(["setl_id", "month", "by_rules_at", "run_id"], new)
        .on_conflict_do_nothing()
    )
    return True


def copy_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> bool:
    """Many new rows (a month's hits or queue entries) into ``table`` on PostgreSQL in one ``COPY
    FROM STDIN`` on the session's connection — inside its transaction, a few seconds for a hundred
    thousand rows where ``executemany`` took half a minute. The rows become a frame written as CSV
    in one call (text escaped per value in Python took 20 s for a month's queue and hits); JSON
    values are dumped once per distinct list (the queue's reasons and rules repeat). False
    (nothing written) elsewhere or for a handful of rows, where the caller inserts them as usual."""
    if len(rows) < COPY_FROM:
        return False
    return copy_columns(session, table, {c: [r[c] for r in rows] for c in rows[0]})


def copy_columns(session: Session, table: Table, columns: dict[str, list[Any]]) -> bool:
    """``copy_rows`` of rows given as columns (the monthly run's queue: no dict per entry)."""
    n = len(next(iter(columns.values()), []))
    if n < COPY_FROM or session.get_bind().dialect.name != "postgresql":
        return False
    cols = list(columns)
    data = {c: _json_texts(v) if isinstance(table.c[c].type, JSON) else v for c, v in columns.items()}
    text = pl.DataFrame(data).write_csv(include_header=False, null_value=NULL_TEXT)
    raw = session.connection().connection.driver_connection
    assert raw is not None
    sql = f"COPY {table.name} ({', '.join(cols)}) FROM STDIN WITH (FORMAT csv, NULL '{NULL_TEXT}')"
    with raw.cursor() as cur, cur.copy(sql) as copy:
        copy.write(text)
    return True


COPY_FROM = 1_000  # rows: below this, executemany is as quick and keeps one code path
NULL_TEXT = "\\N"  # NULL in the CSV; an empty text is written quoted, so it stays ""


def _json_texts(values: list[Any]) -> list[str | None]:
    """JSON text of each value (``None`` stays NULL), a list of texts dumped once per distinct list."""
    out: list[str | None] = []
    seen: dict[tuple[Any, ...], str] = {}
    for v in values:
        if v is None:
            out.append(None)
        elif isinstance(v, list) and all(isinstance(x, str) for x in v):
            key = tuple(v)
            if key not in seen:
                seen[key] = json.dumps(v, ensure_ascii=False)
            out.append(seen[key])
        else:
            out.append(json.dumps(v, ensure_ascii=False, default=str))
    return out
