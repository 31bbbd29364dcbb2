"""Sign-in accounts (登录账号) and REST bearer tokens, on the same metadata as the filing tables.

An account has one role — insured person (参保人), agency staff (经办人员), hospital (医疗机构) or
administrator — and, for an insured person, the ID number whose records it may see; for a
hospital, its institution code. Passwords are stored only as argon2 hashes; a disabled account
(``disabled_at`` set) can neither sign in nor use its tokens.

``api_tokens`` holds one row per bearer token issued to a REST client: only the SHA-256 of the
opaque token, so a copy of the database does not hand out working tokens; rows outlive restarts
and are shared by every worker process, and revoking one is an UPDATE.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table

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
    Column("disabled_at", DateTime(timezone=True), nullable=True),  # 0500
    # sessions are revocable tokens (api_tokens); 0840's session_version was dropped in 0950
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), ForeignKey("web_users.username"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # hex SHA-256
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
)
