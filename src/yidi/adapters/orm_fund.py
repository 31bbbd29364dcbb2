"""Tables of fund safety and operations (基金安全与运行, issue 18), on the one metadata of ``orm.py``.

- ``fund_figures``: one recorded month of one region's fund — the accumulated balance at month end
  and that month's fund expenditure (fen), where the figure came from, who recorded it and when
  (admin page or CSV import). Months of reserve are computed from these (seed 004 二).
- ``fund_scenarios``: a named 基金测算 of a region over past months — the overlay as written, the
  run's state and progress (web background job) and its result document.
- ``ops_error_work``: the 每日报错治理 worklist — one row per day, hospital, transaction and error
  kind with its owner, status and note (seed 004 四).
- ``ops_server_errors``: server errors (HTTP 5xx) of every entry point — the national endpoint,
  REST and the web pages — one row each, so the daily report counts them beside the refused
  transactions; ``kind`` and ``request_id`` since 0970 (docs/operations.md).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from yidi.adapters.orm import HistoryId, metadata

fund_figures = Table(
    "fund_figures",
    metadata,
    Column("region", String(6), primary_key=True),
    Column("month", Date, primary_key=True),  # first day of the month
    Column("balance", BigInteger, nullable=False),  # 累计结余 at month end, fen (may be negative)
    Column("expenditure", BigInteger, nullable=False),  # 当月基金支出, fen
    Column("source", String(200), nullable=False, default=""),
    Column("recorded_by", String(120), nullable=False, default=""),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

fund_scenarios = Table(
    "fund_scenarios",
    metadata,
    Column("id", HistoryId, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),
    Column("region", String(6), nullable=False),
    Column("month_from", String(7), nullable=False),  # YYYY-MM
    Column("month_to", String(7), nullable=False),
    Column("overlay", Text, nullable=False, default=""),  # YAML as the policy maker wrote it
    Column("status", String(10), nullable=False),  # queued | running | done | failed
    Column("progress", Integer, nullable=False, default=0),  # percent
    Column("error", Text, nullable=False, default=""),
    Column("result", JSON, nullable=True),
    Column("created_by", String(120), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("region", "name", name="uq_fund_scenarios_name"),
)

ops_error_work = Table(
    "ops_error_work",
    metadata,
    Column("day", Date, primary_key=True),
    Column("fixmedins_code", String(12), primary_key=True),
    Column("infno", String(5), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("owner", String(120), nullable=False, default=""),
    Column("status", String(16), nullable=False, default="open"),  # open | in_progress | resolved | ignored
    Column("note", Text, nullable=False, default=""),
    Column("updated_by", String(120), nullable=False, default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

ops_server_errors = Table(
    "ops_server_errors",
    metadata,
    Column("id", HistoryId, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("fixmedins_code", String(12), nullable=False, default=""),
    Column("infno", String(5), nullable=False, default=""),
    Column("msgid", String(30), nullable=False, default=""),
    Column("path", String(200), nullable=False, default=""),
    Column("error", Text, nullable=False, default=""),
    Column("kind", String(32), nullable=False, default="server_error", server_default="server_error"),
    Column("request_id", String(64), nullable=False, default="", server_default=""),
    Index("ix_ops_server_errors_at", "at"),
)
