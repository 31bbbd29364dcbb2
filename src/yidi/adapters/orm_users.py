"""Web sign-in accounts (登录账号), on the same metadata as the filing tables.

An account has one role — insured person (参保人), agency staff (经办人员), hospital (医疗机构) or
administrator — and, for an insured person, the ID number whose records it may see; for a
hospital, its institution code. Passwords are stored only as argon2 hashes.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table

from yidi.adapters.orm import metadata

web_users = Table(
    "web_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("display_name", String(64), nullable=False),
    Column("id_number", String(18), nullable=True),
    Column("hospital_code", String(32), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
