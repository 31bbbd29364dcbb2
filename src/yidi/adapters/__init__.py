"""Adapters: database (SQLAlchemy + Alembic), repositories and reference-data loaders."""
