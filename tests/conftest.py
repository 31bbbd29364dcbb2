"""Shared fixtures. Database tests run on SQLite always and on PostgreSQL when
YIDI_TEST_DATABASE_URL is set (CI sets it when the server answers)."""
