"""Tables of clearing between agencies (issue 16), on the one metadata of ``orm.py``.

The journal (entries and postings) is append-only: the migration adds triggers refusing UPDATE
and DELETE on both backends, so a correction can only be a reversing entry. Money is BIGINT fen.
What the database itself guarantees:

* ``clearing_journal_entries.idempotency_key`` unique — one entry per business key;
  ``reverses`` unique — an entry is reversed at most once;
* ``clearing_postings``: amount > 0, side D or C;
* ``clearing_lines.setl_id`` primary key — no settlement (or reversal row) is cleared twice;
* ``clearing_statements`` unique per (month, 参保地, 就医地); ``clearing_runs`` one per month, the
  row a concurrent second build of the same month waits on and then fails to insert.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from yidi.adapters.orm import metadata

LINE_AMOUNTS = ("medfee_sumamt", "fund_pay_sumamt", "acct_pay", "cash_payamt")
LINE_FUNDS = ("hifp_pay", "hifob_pay", "hifmi_pay", "cvlserv_pay")
STATEMENT_AMOUNTS = (
    "psntime", "medfee_sumamt", "fund_pay_sumamt", "acct_pay", "cash_payamt", "cleared_amount",
    "returns_amount", "disputed_amount",
)  # fmt: skip

journal_entries = Table(
    "clearing_journal_entries",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("ref_kind", String(20), nullable=False),
    Column("ref_id", String(64), nullable=False),
    Column("effective_on", Date, nullable=False),
    Column("reverses", String(32), ForeignKey("clearing_journal_entries.id"), nullable=True, unique=True),
    Column("fingerprint", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_clearing_journal_entries_ref", "ref_kind", "ref_id"),
)

postings = Table(
    "clearing_postings",
    metadata,
    Column("entry_id", String(32), ForeignKey("clearing_journal_entries.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("account", String(120), nullable=False),
    Column("party", String(40), nullable=False),
    Column("side", String(1), nullable=False),
    Column("amount", BigInteger, nullable=False),
    CheckConstraint("side IN ('D', 'C')", name="ck_clearing_postings_side"),
    CheckConstraint("amount > 0", name="ck_clearing_postings_amount"),
    Index("ix_clearing_postings_account", "account"),
)

runs = Table(
    "clearing_runs",
    metadata,
    Column("month", String(7), primary_key=True),
    Column("built_on", Date, nullable=False),
    Column("built_at", DateTime(timezone=True), nullable=False),
    Column("statements", Integer, nullable=False),
    Column("lines", BigInteger, nullable=False),
)

statements = Table(
    "clearing_statements",
    metadata,
    Column("id", String(24), primary_key=True),  # YYYYMM-参保地-就医地
    Column("month", String(7), nullable=False),
    Column("insuplc_admdvs", String(6), nullable=False),
    Column("mdtrtarea_admvs", String(6), nullable=False),
    *(Column(name, BigInteger, nullable=False, default=0) for name in STATEMENT_AMOUNTS),
    Column("status", String(16), nullable=False),
    Column("built_on", Date, nullable=False),
    Column("confirm_by", Date, nullable=False),
    Column("confirmed_on", Date, nullable=True),
    Column("paid_on", Date, nullable=True),
    Column("hospitals_paid_on", Date, nullable=True),
    UniqueConstraint("month", "insuplc_admdvs", "mdtrtarea_admvs", name="uq_clearing_statements_pair"),
    Index("ix_clearing_statements_insured", "insuplc_admdvs", "month"),
    Index("ix_clearing_statements_treatment", "mdtrtarea_admvs", "month"),
)

statement_funds = Table(
    "clearing_statement_funds",
    metadata,
    Column("statement_id", String(24), ForeignKey("clearing_statements.id"), primary_key=True),
    Column("fund_pay_type", String(6), primary_key=True),
    Column("amount", BigInteger, nullable=False),
)

# One row per cleared settlement or reversal row; no foreign key to the statement because the
# lines are written first and the statements are aggregated from them in the same transaction.
lines = Table(
    "clearing_lines",
    metadata,
    Column("setl_id", String(30), primary_key=True),
    Column("statement_id", String(24), nullable=False),
    Column("insuplc_admdvs", String(6), nullable=False),
    Column("mdtrtarea_admvs", String(6), nullable=False),
    Column("hospital_code", String(12), nullable=False),
    Column("mdtrt_id", String(30), nullable=False),
    Column("psn_no", String(30), nullable=False),
    Column("insutype", String(3), nullable=False),
    Column("setl_time", DateTime, nullable=False),
    Column("refd_setl_flag", String(1), nullable=False),
    *(Column(name, BigInteger, nullable=False) for name in (*LINE_AMOUNTS, *LINE_FUNDS)),
    Column("status", String(12), nullable=False),
    Index("ix_clearing_lines_statement", "statement_id"),
    # the few lines waiting outside a statement (disputed), found without scanning every line
    Index(
        "ix_clearing_lines_waiting",
        "status",
        postgresql_where=text("status <> 'included'"),
        sqlite_where=text("status <> 'included'"),
    ),
)

disputes = Table(
    "clearing_disputes",
    metadata,
    Column("statement_id", String(24), ForeignKey("clearing_statements.id"), primary_key=True),
    Column("setl_id", String(30), primary_key=True),
    Column("by_party", String(40), nullable=False),  # agency:<参保地> or hospital:<code>
    Column("reason", Text, nullable=False),
    Column("route", String(16), nullable=False),
    Column("amount", BigInteger, nullable=False),  # the line's cleared amount
    Column("disputed_on", Date, nullable=False),
    Column("inf_refmsgid", String(30), nullable=True),  # the 3261 that raised it (3262 rolls back)
    Column("withdrawn_on", Date, nullable=True),
)

returns = Table(
    "clearing_returns",
    metadata,
    Column("id", String(40), primary_key=True),  # decision id / claw-back reference
    Column("kind", String(16), nullable=False),  # deduction | clawback
    Column("setl_id", String(30), nullable=False),
    Column("insuplc_admdvs", String(6), nullable=False),
    Column("mdtrtarea_admvs", String(6), nullable=False),
    Column("hospital_code", String(12), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
    Column("decided_at", DateTime, nullable=False),
    Column("statement_id", String(24), nullable=True),  # the statement that returns it
    CheckConstraint("amount > 0", name="ck_clearing_returns_amount"),
    Index("ix_clearing_returns_statement", "statement_id"),
)

advance_notices = Table(
    "clearing_advance_notices",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("insuplc_admdvs", String(6), nullable=False),
    Column("mdtrtarea_admvs", String(6), nullable=False),
    Column("year", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # annual | top_up
    Column("amount", BigInteger, nullable=False),  # the advance held after this notice
    Column("change", BigInteger, nullable=False),
    Column("basis", BigInteger, nullable=False),  # previous-year fund payment, or the month's amount
    Column("issued_on", Date, nullable=False),
    UniqueConstraint("insuplc_admdvs", "mdtrtarea_admvs", "year", "seq", name="uq_clearing_advance_seq"),
)

hospital_applications = Table(
    "clearing_hospital_applications",
    metadata,
    Column("clr_appy_evt_id", String(30), primary_key=True),
    Column("hospital_code", String(12), nullable=False),
    Column("clr_optins", String(6), nullable=False),
    Column("clr_type", String(4), nullable=False),
    Column("setlym", String(6), nullable=False),
    Column("psntime", BigInteger, nullable=False),
    Column("medfee_sumamt", BigInteger, nullable=False),
    Column("med_sumfee", BigInteger, nullable=False),
    Column("fund_appy_sum", BigInteger, nullable=False),
    Column("cash_payamt", BigInteger, nullable=False),
    Column("acct_pay", BigInteger, nullable=False),
    Column("begndate", Date, nullable=False),
    Column("enddate", Date, nullable=False),
    Column("clr_stas", String(10), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_clearing_hospital_applications_month", "hospital_code", "setlym"),
)

hospital_confirmations = Table(
    "clearing_hospital_confirmations",
    metadata,
    Column("inf_refmsgid", String(30), primary_key=True),  # the 3261 call
    Column("setl_id", String(30), primary_key=True),
    Column("hospital_code", String(12), nullable=False),
    Column("period", String(7), nullable=False),  # trt_year-trt_month
    Column("cnfm_flag", String(1), nullable=False),
    Column("reason", Text, nullable=False),
    Column("confirmed_at", DateTime(timezone=True), nullable=False),
    Column("rolled_back_at", DateTime(timezone=True), nullable=True),
    Index("ix_clearing_hospital_confirmations_period", "hospital_code", "period"),
)

agency_staff = Table(
    "clearing_agency_staff",
    metadata,
    # the agency (pooling region) a staff account acts for in clearing: it confirms, disputes and
    # pays only that region's statements as 参保地 and pays that region's hospitals as 就医地
    Column("username", String(100), primary_key=True),
    Column("region", String(6), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
)
