"""Help contacts an administrator changed (``agency_contacts``): one row per pooling region,
overriding the packaged default of ``policy/data/contacts`` (issue 19 scope 5)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, String, Table

from yidi.adapters.orm import metadata

agency_contacts = Table(
    "agency_contacts",
    metadata,
    Column("region", String(6), primary_key=True),
    Column("agency", String(60), nullable=False),
    Column("phone", String(60), nullable=False),
    Column("address", String(120), nullable=False),
    Column("hours", String(120), nullable=False),
    Column("updated_by", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
