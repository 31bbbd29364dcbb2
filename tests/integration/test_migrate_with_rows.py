"""Upgrading a database that already holds people and filings (a deployment, not a fresh test
database): on SQLite a batch ALTER of ``insured_persons`` (migration 0900 makes ``psn_no`` NOT
NULL) copies the table and drops the old one, which foreign keys from filings used to refuse."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy import select, text

from yidi.adapters.migrate import upgrade_database
from yidi.adapters.orm import filings, insured_persons

BEFORE = "0830_seed_filing"  # the head before this session's migrations


def test_a_database_with_people_and_filings_upgrades_to_head(db_url, new_id_number):
    engine = upgrade_database(db_url, BEFORE)
    idn = new_id_number()
    person = {"id_number": idn, "name": "李四", "insutype": "310", "psn_type": "12", "civil_servant": False,
              "insured_region": "211200", "account_balance_fen": 0, "insurance_status": "active"}  # fmt: skip
    try:
        with engine.begin() as conn:
            conn.execute(sa.table("insured_persons", *(sa.column(k) for k in person)).insert(), person)
            conn.execute(text(
                "INSERT INTO filings (id, person_id_number, category, channel, insured_region, treatment_region,"
                " filed_on, start_date, status, place_effective_from, form)"
                " VALUES ('f1', :p, 'long_term_retiree', 'counter', '211200', '110100', :d, :d, 'active', :d, '{}')"
            ), {"p": idn, "d": date(2026, 3, 2)})  # fmt: skip
        upgrade_database(db_url).dispose()
        with engine.connect() as conn:
            psn_no = conn.execute(
                select(insured_persons.c.psn_no).where(insured_persons.c.id_number == idn)
            ).scalar()
            owner = conn.execute(select(filings.c.person_id_number).where(filings.c.id == "f1")).scalar()
            if engine.dialect.name == "sqlite":  # enforcement is back on for the connections that follow
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert psn_no and psn_no != idn and owner == idn
    finally:
        engine.dispose()
