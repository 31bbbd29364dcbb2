"""Session cookie and CSRF token for the web UI.

* Session: ``yidi_session`` = an opaque random token of a server-side session
  (``service_layer.web_sessions``: sign-out, a password reset and disabling end it at once),
  HttpOnly, SameSite=Lax, ``Secure`` under HTTPS (behind a proxy: ``yidi serve --proxy-headers``);
  ``YIDI_SESSION_SECONDS`` (8 hours). It carries no name, role or ID number.
* CSRF: the HMAC under the server key of the session token (signed in) or of a random
  ``yidi_csrf`` cookie (before sign-in), in every form; a POST without the matching pair is
  refused. Bound to the session, so it changes at every sign-in.

The key is ``YIDI_WEB_SECRET`` or the file ``YIDI_WEB_SECRET_FILE`` names (``yidi.settings``; set
one in production, the same for every worker); without either a random key is made at start, so
sessions end when the server restarts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from yidi.settings import DEFAULT_SESSION_SECONDS, Settings

SESSION_COOKIE = "yidi_session"
CSRF_COOKIE = "yidi_csrf"
SESSION_SECONDS = DEFAULT_SESSION_SECONDS  # a deployment's own: Settings.session_seconds


def server_key(settings: Settings) -> bytes:
    """The signing key (the configured web secret, or random per process)."""
    return settings.web_key() or secrets.token_bytes(32)


def _sign(key: bytes, data: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, data, hashlib.sha256).digest()).decode().rstrip("=")


def new_csrf_seed() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(key: bytes, seed: str) -> str:
    return _sign(key, b"csrf:" + seed.encode())


def csrf_ok(key: bytes, seed: str | None, token: str | None) -> bool:
    return bool(seed and token) and hmac.compare_digest(csrf_token(key, seed or ""), token or "")
