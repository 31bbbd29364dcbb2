"""Session cookie and CSRF token for the web UI (no server-side session store).

* Session: ``yidi_session`` = base64(JSON account + expiry) "." HMAC-SHA256, HttpOnly,
  SameSite=Lax, ``Secure`` when served over HTTPS; ``YIDI_SESSION_SECONDS`` (8 hours).
* CSRF: signed double-submit — a random ``yidi_csrf`` cookie (HttpOnly) and, in every form, the
  HMAC of that cookie under the server key; a POST without the matching pair is refused.

The key is ``YIDI_WEB_SECRET`` or the file ``YIDI_WEB_SECRET_FILE`` names (``yidi.settings``; set
one in production, the same for every worker); without either a random key is made at start, so
sessions end when the server restarts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

from yidi.domain.accounts import WebRole, WebUser
from yidi.settings import DEFAULT_SESSION_SECONDS, Settings

SESSION_COOKIE = "yidi_session"
CSRF_COOKIE = "yidi_csrf"
SESSION_SECONDS = DEFAULT_SESSION_SECONDS  # a deployment's own: Settings.session_seconds


def server_key(settings: Settings) -> bytes:
    """The signing key (the configured web secret, or random per process)."""
    return settings.web_key() or secrets.token_bytes(32)


def _sign(key: bytes, data: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, data, hashlib.sha256).digest()).decode().rstrip("=")


def encode_session(key: bytes, user: WebUser, now: float | None = None, seconds: int = SESSION_SECONDS) -> str:
    payload = {
        "u": user.username,
        "r": user.role.value,
        "n": user.display_name,
        "i": user.id_number,
        "h": user.hospital_code,
        "e": int((now or time.time()) + seconds),
    }
    body = base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode()
    return f"{body}.{_sign(key, body.encode())}"


def decode_session(key: bytes, value: str | None, now: float | None = None) -> WebUser | None:
    """The account in a valid, unexpired cookie; None for anything else."""
    if not value or "." not in value:
        return None
    body, sig = value.rsplit(".", 1)
    if not hmac.compare_digest(sig, _sign(key, body.encode())):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body.encode()))
        if data["e"] < (now or time.time()):
            return None
        return WebUser(data["u"], WebRole(data["r"]), data["n"], data["i"], data["h"])
    except (ValueError, KeyError, TypeError):
        return None


def new_csrf_seed() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(key: bytes, seed: str) -> str:
    return _sign(key, b"csrf:" + seed.encode())


def csrf_ok(key: bytes, seed: str | None, token: str | None) -> bool:
    return bool(seed and token) and hmac.compare_digest(csrf_token(key, seed or ""), token or "")
