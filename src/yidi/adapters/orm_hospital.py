"""Tables of the hospital interface, on the same metadata as the filing tables (``orm.py``).

Hospitals and their signing secrets, the nonces they used (replay protection), refused
authentication attempts, sign-ins (9001), visits (2401 住院登记), fee details (2301), settlements
(2304 and their 2305/2601 reversal records), year-to-date accumulators per person and year, and
the message log that makes every ``msgid`` idempotent, and the files of 9101/9102 (3202). Money is integer fen (BIGINT): SQLite
would store NUMERIC as REAL, losing exactness. Tables are SQLAlchemy Core; rows are read as
mappings by the hospital repository — the interface is a translation layer, not a domain model.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from yidi.adapters.orm import HistoryId, metadata
from yidi.domain.settlement import amounts

# the settlement amounts every settlement / reversal row carries, in fen
# the one list of amount names (domain/settlement/amounts.py), re-exported for the adapters
SETTLEMENT_AMOUNTS = amounts.SETTLEMENT_AMOUNTS
YTD_AMOUNTS = amounts.YTD_AMOUNTS

hospitals = Table(
    "hospitals",
    metadata,
    Column("code", String(12), primary_key=True),  # fixmedins_code, H + region(6) + serial(5)
    Column("name", String(200), nullable=False),
    Column("region", String(6), nullable=False),  # mdtrtarea_admvs
    Column("hosp_lv", String(16), nullable=False),  # settlement contract: 3A, 3B, 3, 2, 1, township, unrated
    Column("uscc", String(18), nullable=False, default=""),
    Column("paasid", String(64), nullable=False, unique=True),  # x-tif-paasid
    # HMAC key shared with the hospital, Fernet-encrypted ("fernet:…", adapters/secret_box.py; 0840)
    Column("secret", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    # what it settles directly, comma-separated: inpatient, outpatient, pharmacy (0940, A-WEB-12)
    Column("services", String(64), nullable=False, default="inpatient", server_default="inpatient"),
    # the secret before the last rotation, still accepted until previous_secret_until (0840)
    Column("previous_secret", Text, nullable=True),
    Column("previous_secret_until", DateTime(timezone=True), nullable=True),
)

hospital_nonces = Table(
    "hospital_nonces",
    metadata,
    Column("hospital_code", String(12), ForeignKey("hospitals.code"), primary_key=True),
    Column("nonce", String(64), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False, index=True),
)

auth_events = Table(
    "hospital_auth_events",
    metadata,
    Column("id", HistoryId, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("paasid", String(64), nullable=False),
    Column("outcome", String(32), nullable=False),  # bad_signature, stale_timestamp, replayed_nonce …
    Column("detail", Text, nullable=False, default=""),
    Column("remote", String(64), nullable=False, default=""),
)

sign_ins = Table(
    "hospital_sign_ins",
    metadata,
    Column("sign_no", String(30), primary_key=True),
    Column("hospital_code", String(12), ForeignKey("hospitals.code"), nullable=False, index=True),
    Column("opter_no", String(30), nullable=False),
    Column("sign_time", DateTime, nullable=False),
    Column("signed_out_at", DateTime, nullable=True),
)

visits = Table(
    "hospital_visits",
    metadata,
    Column("mdtrt_id", String(30), primary_key=True),
    Column("hospital_code", String(12), ForeignKey("hospitals.code"), nullable=False),
    Column("psn_no", String(30), nullable=False),
    Column("id_number", String(18), ForeignKey("insured_persons.id_number"), nullable=False),
    Column("insutype", String(3), nullable=False),
    Column("med_type", String(6), nullable=False),
    Column("insured_region", String(6), nullable=False),
    Column("treatment_region", String(6), nullable=False),
    Column("pay_loc", String(1), nullable=False),
    Column("filing_category", String(32), nullable=False),  # settlement contract category
    Column("filing_id", String(32), nullable=True),
    Column("filing_basis", String(32), nullable=False),  # eligibility basis: filing, auto_filing …
    Column("ipt_no", String(30), nullable=False),
    Column("begntime", DateTime, nullable=False),
    Column("endtime", DateTime, nullable=True),
    Column("status", String(16), nullable=False),  # admitted, discharged, settled, cancelled
    Column("er_flag", Boolean, nullable=False, default=False),
    Column("dscg_maindiag_code", String(30), nullable=False),
    Column("dscg_maindiag_name", String(300), nullable=False),
    Column("warnings", JSON, nullable=False, default=list),
    Column("detail", JSON, nullable=False, default=dict),  # mdtrtinfo, diseinfo, dscginfo as sent
    Index("ix_hospital_visits_hospital", "hospital_code", "begntime"),
    Index("ix_hospital_visits_person", "id_number"),
    UniqueConstraint("hospital_code", "ipt_no", name="uq_hospital_visits_ipt_no"),
)

fee_details = Table(
    "hospital_fee_details",
    metadata,
    Column("mdtrt_id", String(30), ForeignKey("hospital_visits.mdtrt_id"), primary_key=True),
    Column("feedetl_sn", String(30), primary_key=True),
    Column("med_list_codg", String(50), nullable=False),
    Column("medins_list_codg", String(150), nullable=False),
    Column("fee_ocur_time", DateTime, nullable=False),
    Column("cnt", String(24), nullable=False),  # decimal text, 16,4
    Column("pric", String(24), nullable=False),  # decimal text, 16,6
    Column("det_item_fee_sumamt", BigInteger, nullable=False),
    Column("chrgitm_lv", String(1), nullable=False),
    Column("selfpay_prop_bp", Integer, nullable=False),
    Column("pric_uplmt_amt", BigInteger, nullable=True),  # per unit, fen
    Column("price_cap", BigInteger, nullable=False),  # cnt × pric_uplmt_amt, fen; 0 = none
    Column("fulamt_ownpay_amt", BigInteger, nullable=False),
    Column("overlmt_amt", BigInteger, nullable=False),
    Column("preselfpay_amt", BigInteger, nullable=False),
    Column("inscp_scp_amt", BigInteger, nullable=False),
    Column("etip_flag", Boolean, nullable=False, default=False),
    Column("etip_hosp_code", String(30), nullable=False, default=""),
    Column("setl_id", String(30), nullable=True, index=True),  # set by 2304, cleared by 2305
    Column("raw", JSON, nullable=False),
)

settlements = Table(
    "hospital_settlements",
    metadata,
    Column("setl_id", String(30), primary_key=True),
    Column("mdtrt_id", String(30), ForeignKey("hospital_visits.mdtrt_id"), nullable=False, index=True),
    Column("hospital_code", String(12), nullable=False),
    Column("psn_no", String(30), nullable=False),
    Column("id_number", String(18), nullable=False),
    Column("insutype", String(3), nullable=False),
    Column("clr_type", String(4), nullable=False),
    Column("clr_optins", String(6), nullable=False),
    Column("setl_time", DateTime, nullable=False),
    Column("setl_date", Date, nullable=False),
    Column("year", Integer, nullable=False),
    Column("kind", String(10), nullable=False),  # settle | reversal
    Column("status", String(10), nullable=False),  # valid | cancelled (settle); valid (reversal)
    Column("reverses", String(30), nullable=True),  # a reversal's original setl_id
    Column("cancelled_by", String(30), nullable=True),
    Column("msgid", String(30), nullable=False),  # medins_setl_id
    *(Column(name, BigInteger, nullable=False) for name in SETTLEMENT_AMOUNTS),
    Column("balc", BigInteger, nullable=False),
    Column("dedc_paid_in_chain", BigInteger, nullable=False, default=0),
    Column("output", JSON, nullable=False),  # setlinfo + setldetail + explanation as answered
    Index("ix_hospital_settlements_recon", "hospital_code", "setl_date"),
)

ytd_accumulators = Table(
    "ytd_accumulators",
    metadata,
    Column("id_number", String(18), ForeignKey("insured_persons.id_number"), primary_key=True),
    Column("year", Integer, primary_key=True),
    *(Column(name, BigInteger, nullable=False, default=0) for name in YTD_AMOUNTS),
    Column("settlements", Integer, nullable=False, default=0),
    Column("version", Integer, nullable=False, default=0),
)

message_log = Table(
    "national_message_log",
    metadata,
    Column("hospital_code", String(12), primary_key=True),
    Column("msgid", String(30), primary_key=True),
    Column("infno", String(5), nullable=False),
    Column("inf_refmsgid", String(30), nullable=False, index=True),
    Column("infcode", Integer, nullable=False),
    Column("psn_no", String(30), nullable=False, default=""),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("request", JSON, nullable=False),
    Column("response", JSON, nullable=False),
    Column("reversed_by", String(30), nullable=True),  # the 2601 msgid that undid it
)

national_files = Table(
    "national_files",
    metadata,
    Column("file_qury_no", String(30), primary_key=True),
    Column("hospital_code", String(12), ForeignKey("hospitals.code"), nullable=False, index=True),
    Column("filename", String(200), nullable=False),
    Column("kind", String(16), nullable=False),  # upload (9101) | result (3202 detail result)
    Column("content", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
