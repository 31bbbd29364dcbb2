"""Session cookie signing and the CSRF token (pure functions)."""

from __future__ import annotations

from yidi.domain.accounts import WebRole, WebUser
from yidi.entrypoints.web import security

KEY = b"k" * 32
USER = WebUser("canbao", WebRole.INSURED, "省直在职", id_number="210102197001010016")


def test_session_round_trip() -> None:
    value = security.encode_session(KEY, USER, now=1000.0)
    assert security.decode_session(KEY, value, now=1001.0) == USER


def test_tampered_expired_or_foreign_sessions_are_refused() -> None:
    value = security.encode_session(KEY, USER, now=1000.0)
    sig = value.rsplit(".", 1)[1]
    forged = security.encode_session(KEY, WebUser("x", WebRole.ADMIN, "x"), now=1000.0).rsplit(".", 1)[0]
    assert security.decode_session(KEY, f"{forged}.{sig}", now=1001.0) is None
    assert security.decode_session(b"other" * 8, value, now=1001.0) is None
    assert security.decode_session(KEY, value, now=1000.0 + security.SESSION_SECONDS + 1) is None
    assert security.decode_session(KEY, "garbage", now=1001.0) is None
    assert security.decode_session(KEY, None) is None


def test_csrf_token_matches_only_its_seed_and_key() -> None:
    seed = security.new_csrf_seed()
    token = security.csrf_token(KEY, seed)
    assert security.csrf_ok(KEY, seed, token)
    assert not security.csrf_ok(KEY, security.new_csrf_seed(), token)
    assert not security.csrf_ok(b"z" * 32, seed, token)
    assert not security.csrf_ok(KEY, None, token)
    assert not security.csrf_ok(KEY, seed, "")
