"""Hospital interface: hospitals and credentials, nonces, auth events, sign-ins, visits, fee
details, settlements, year-to-date accumulators, the national message log and the 9101/9102
files (issue 5).

Money columns are BIGINT fen. Generated from ``adapters/orm_hospital.py`` with Alembic's
autogenerate and reviewed; later changes to those tables need a new revision.

Revision ID: 0100_hospital_interface
Revises: 0001_filing
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0100_hospital_interface"
down_revision = "0001_filing"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "hospital_auth_events",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paasid", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("remote", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "hospitals",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=6), nullable=False),
        sa.Column("hosp_lv", sa.String(length=16), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("paasid", sa.String(length=64), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("paasid"),
    )
    op.create_table(
        "national_message_log",
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("msgid", sa.String(length=30), nullable=False),
        sa.Column("infno", sa.String(length=5), nullable=False),
        sa.Column("inf_refmsgid", sa.String(length=30), nullable=False),
        sa.Column("infcode", sa.Integer(), nullable=False),
        sa.Column("psn_no", sa.String(length=30), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("reversed_by", sa.String(length=30), nullable=True),
        sa.PrimaryKeyConstraint("hospital_code", "msgid"),
    )
    op.create_index(
        op.f("ix_national_message_log_inf_refmsgid"), "national_message_log", ["inf_refmsgid"], unique=False
    )
    op.create_table(
        "hospital_nonces",
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["hospital_code"],
            ["hospitals.code"],
        ),
        sa.PrimaryKeyConstraint("hospital_code", "nonce"),
    )
    op.create_index(op.f("ix_hospital_nonces_seen_at"), "hospital_nonces", ["seen_at"], unique=False)
    op.create_table(
        "hospital_sign_ins",
        sa.Column("sign_no", sa.String(length=30), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("opter_no", sa.String(length=30), nullable=False),
        sa.Column("sign_time", sa.DateTime(), nullable=False),
        sa.Column("signed_out_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["hospital_code"],
            ["hospitals.code"],
        ),
        sa.PrimaryKeyConstraint("sign_no"),
    )
    op.create_index(
        op.f("ix_hospital_sign_ins_hospital_code"), "hospital_sign_ins", ["hospital_code"], unique=False
    )
    op.create_table(
        "hospital_visits",
        sa.Column("mdtrt_id", sa.String(length=30), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("psn_no", sa.String(length=30), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("insutype", sa.String(length=3), nullable=False),
        sa.Column("med_type", sa.String(length=6), nullable=False),
        sa.Column("insured_region", sa.String(length=6), nullable=False),
        sa.Column("treatment_region", sa.String(length=6), nullable=False),
        sa.Column("pay_loc", sa.String(length=1), nullable=False),
        sa.Column("filing_category", sa.String(length=32), nullable=False),
        sa.Column("filing_id", sa.String(length=32), nullable=True),
        sa.Column("filing_basis", sa.String(length=32), nullable=False),
        sa.Column("ipt_no", sa.String(length=30), nullable=False),
        sa.Column("begntime", sa.DateTime(), nullable=False),
        sa.Column("endtime", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("er_flag", sa.Boolean(), nullable=False),
        sa.Column("dscg_maindiag_code", sa.String(length=30), nullable=False),
        sa.Column("dscg_maindiag_name", sa.String(length=300), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hospital_code"],
            ["hospitals.code"],
        ),
        sa.ForeignKeyConstraint(
            ["id_number"],
            ["insured_persons.id_number"],
        ),
        sa.PrimaryKeyConstraint("mdtrt_id"),
        sa.UniqueConstraint("hospital_code", "ipt_no", name="uq_hospital_visits_ipt_no"),
    )
    op.create_index(
        "ix_hospital_visits_hospital", "hospital_visits", ["hospital_code", "begntime"], unique=False
    )
    op.create_index("ix_hospital_visits_person", "hospital_visits", ["id_number"], unique=False)
    op.create_table(
        "ytd_accumulators",
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("act_pay_dedc", sa.BigInteger(), nullable=False),
        sa.Column("hifp_pay", sa.BigInteger(), nullable=False),
        sa.Column("hifob_pay", sa.BigInteger(), nullable=False),
        sa.Column("cvlserv_pay", sa.BigInteger(), nullable=False),
        sa.Column("settlements", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id_number"],
            ["insured_persons.id_number"],
        ),
        sa.PrimaryKeyConstraint("id_number", "year"),
    )
    op.create_table(
        "hospital_fee_details",
        sa.Column("mdtrt_id", sa.String(length=30), nullable=False),
        sa.Column("feedetl_sn", sa.String(length=30), nullable=False),
        sa.Column("med_list_codg", sa.String(length=50), nullable=False),
        sa.Column("medins_list_codg", sa.String(length=150), nullable=False),
        sa.Column("fee_ocur_time", sa.DateTime(), nullable=False),
        sa.Column("cnt", sa.String(length=24), nullable=False),
        sa.Column("pric", sa.String(length=24), nullable=False),
        sa.Column("det_item_fee_sumamt", sa.BigInteger(), nullable=False),
        sa.Column("chrgitm_lv", sa.String(length=1), nullable=False),
        sa.Column("selfpay_prop_bp", sa.Integer(), nullable=False),
        sa.Column("pric_uplmt_amt", sa.BigInteger(), nullable=True),
        sa.Column("price_cap", sa.BigInteger(), nullable=False),
        sa.Column("fulamt_ownpay_amt", sa.BigInteger(), nullable=False),
        sa.Column("overlmt_amt", sa.BigInteger(), nullable=False),
        sa.Column("preselfpay_amt", sa.BigInteger(), nullable=False),
        sa.Column("inscp_scp_amt", sa.BigInteger(), nullable=False),
        sa.Column("etip_flag", sa.Boolean(), nullable=False),
        sa.Column("etip_hosp_code", sa.String(length=30), nullable=False),
        sa.Column("setl_id", sa.String(length=30), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mdtrt_id"],
            ["hospital_visits.mdtrt_id"],
        ),
        sa.PrimaryKeyConstraint("mdtrt_id", "feedetl_sn"),
    )
    op.create_index(
        op.f("ix_hospital_fee_details_setl_id"), "hospital_fee_details", ["setl_id"], unique=False
    )
    op.create_table(
        "hospital_settlements",
        sa.Column("setl_id", sa.String(length=30), nullable=False),
        sa.Column("mdtrt_id", sa.String(length=30), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("psn_no", sa.String(length=30), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("insutype", sa.String(length=3), nullable=False),
        sa.Column("clr_type", sa.String(length=4), nullable=False),
        sa.Column("clr_optins", sa.String(length=6), nullable=False),
        sa.Column("setl_time", sa.DateTime(), nullable=False),
        sa.Column("setl_date", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reverses", sa.String(length=30), nullable=True),
        sa.Column("cancelled_by", sa.String(length=30), nullable=True),
        sa.Column("msgid", sa.String(length=30), nullable=False),
        sa.Column("medfee_sumamt", sa.BigInteger(), nullable=False),
        sa.Column("fulamt_ownpay_amt", sa.BigInteger(), nullable=False),
        sa.Column("overlmt_selfpay", sa.BigInteger(), nullable=False),
        sa.Column("preselfpay_amt", sa.BigInteger(), nullable=False),
        sa.Column("inscp_scp_amt", sa.BigInteger(), nullable=False),
        sa.Column("act_pay_dedc", sa.BigInteger(), nullable=False),
        sa.Column("hifp_pay", sa.BigInteger(), nullable=False),
        sa.Column("cvlserv_pay", sa.BigInteger(), nullable=False),
        sa.Column("hifob_pay", sa.BigInteger(), nullable=False),
        sa.Column("hifmi_pay", sa.BigInteger(), nullable=False),
        sa.Column("fund_pay_sumamt", sa.BigInteger(), nullable=False),
        sa.Column("psn_part_amt", sa.BigInteger(), nullable=False),
        sa.Column("acct_pay", sa.BigInteger(), nullable=False),
        sa.Column("psn_cash_pay", sa.BigInteger(), nullable=False),
        sa.Column("balc", sa.BigInteger(), nullable=False),
        sa.Column("dedc_paid_in_chain", sa.BigInteger(), nullable=False),
        sa.Column("output", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mdtrt_id"],
            ["hospital_visits.mdtrt_id"],
        ),
        sa.PrimaryKeyConstraint("setl_id"),
    )
    op.create_index(
        op.f("ix_hospital_settlements_mdtrt_id"), "hospital_settlements", ["mdtrt_id"], unique=False
    )
    op.create_index(
        "ix_hospital_settlements_recon", "hospital_settlements", ["hospital_code", "setl_date"], unique=False
    )

    op.create_table(
        "national_files",
        sa.Column("file_qury_no", sa.String(length=30), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["hospital_code"], ["hospitals.code"]),
        sa.PrimaryKeyConstraint("file_qury_no"),
    )
    op.create_index(
        op.f("ix_national_files_hospital_code"), "national_files", ["hospital_code"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_national_files_hospital_code"), table_name="national_files")
    op.drop_table("national_files")

    op.drop_index("ix_hospital_settlements_recon", table_name="hospital_settlements")
    op.drop_index(op.f("ix_hospital_settlements_mdtrt_id"), table_name="hospital_settlements")
    op.drop_table("hospital_settlements")
    op.drop_index(op.f("ix_hospital_fee_details_setl_id"), table_name="hospital_fee_details")
    op.drop_table("hospital_fee_details")
    op.drop_table("ytd_accumulators")
    op.drop_index("ix_hospital_visits_person", table_name="hospital_visits")
    op.drop_index("ix_hospital_visits_hospital", table_name="hospital_visits")
    op.drop_table("hospital_visits")
    op.drop_index(op.f("ix_hospital_sign_ins_hospital_code"), table_name="hospital_sign_ins")
    op.drop_table("hospital_sign_ins")
    op.drop_index(op.f("ix_hospital_nonces_seen_at"), table_name="hospital_nonces")
    op.drop_table("hospital_nonces")
    op.drop_index(op.f("ix_national_message_log_inf_refmsgid"), table_name="national_message_log")
    op.drop_table("national_message_log")
    op.drop_table("hospitals")
    op.drop_table("hospital_auth_events")
