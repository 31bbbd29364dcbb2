"""The CSRF token (pure functions); sessions are server-side: tests/integration/web/test_web_sessions.py."""

from __future__ import annotations

from yidi.entrypoints.web import security

KEY = b"k" * 32


def test_csrf_token_matches_only_its_seed_and_key() -> None:
    seed = security.new_csrf_seed()
    token = security.csrf_token(KEY, seed)
    assert security.csrf_ok(KEY, seed, token)
    assert not security.csrf_ok(KEY, security.new_csrf_seed(), token)
    assert not security.csrf_ok(b"z" * 32, seed, token)
    assert not security.csrf_ok(KEY, None, token)
    assert not security.csrf_ok(KEY, seed, "")
