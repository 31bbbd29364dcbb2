"""医保电子凭证 (e-voucher, mdtrt_cert_type 01): issue and verify the token a patient shows.

The real token comes from the national platform's app and is resolved by its service; yidi has
no network at run time, so it plays that service itself: a token is ``EC`` + the person's ID
number and the token's end (base 36), signed with HMAC-SHA256 under a key derived from the deployment's
secret (``YIDI_WEB_SECRET``; without one, a key that lives as long as the process). A token is
short-lived (``LIFETIME``: the app refreshes its QR code), cannot be forged without the key, and
resolves to the person through ``domain/national/certificates.resolve_certificate`` — the one
certificate resolution of 1101 and the hospital desk's patient lookup.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from yidi import settings

LIFETIME = timedelta(minutes=10)
PREFIX = "EC"
ID_LENGTH = 18
_PROCESS_KEY = secrets.token_bytes(32)


def _key() -> bytes:
    secret = settings.current().web_key() or _PROCESS_KEY
    return hmac.new(secret, b"yidi e-voucher v1", hashlib.sha256).digest()


def _sign(payload: str) -> str:
    mac = hmac.new(_key(), payload.encode(), hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(mac).decode()


def issue(id_number: str, now: datetime | None = None) -> str:
    """A token for ``id_number`` valid for ``LIFETIME`` from ``now`` (43 characters: the national
    field ``mdtrt_cert_no`` holds 50)."""
    end = int(((now or datetime.now(UTC)) + LIFETIME).timestamp())
    payload = f"{id_number}{_base36(end)}"
    return f"{PREFIX}{payload}.{_sign(payload)}"


def verify(token: str, now: datetime | None = None) -> str | None:
    """The ID number a valid, unexpired token names; None otherwise."""
    token = token.strip()
    if not token.startswith(PREFIX) or token.count(".") != 1:
        return None
    payload, mac = token[len(PREFIX) :].split(".")
    if len(payload) <= ID_LENGTH or not hmac.compare_digest(mac, _sign(payload)):
        return None
    try:
        expires = int(payload[ID_LENGTH:], 36)
    except ValueError:
        return None
    at = now or datetime.now(UTC)
    if at.tzinfo is None:
        at = at.astimezone(UTC)
    return payload[:ID_LENGTH] if at.timestamp() < expires else None


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"
