"""Request signing of the hospital interface (x-tif-* style, the national interface specification:
request signing; see docs/national-interface.md).

A hospital holds ``paasid`` and a secret. Each request carries ``x-tif-paasid``,
``x-tif-timestamp`` (Unix seconds), ``x-tif-nonce`` and ``x-tif-signature`` =
hex(HMAC-SHA256(secret, timestamp + nonce + body)). Refused, and logged in
``hospital_auth_events``: unknown or inactive paasid, a bad signature, a timestamp more than
``WINDOW`` seconds away, a nonce this hospital already used inside the window. A nonce is
consumed once the signature is valid, whatever the transaction then answers.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from yidi.adapters.secret_box import open_secret
from yidi.domain.errors import Kind, Problem, YidiError
from yidi.service_layer.hospital.uow import HospitalUnitOfWork
from yidi.service_layer.unit_of_work import WriteConflict

WINDOW = 300  # seconds
PRUNE_EVERY = 100  # requests, on average
_NONCE = re.compile(r"[0-9A-Za-z]{6,64}\Z")
_TIMESTAMP = re.compile(r"[0-9]{1,12}\Z")  # ASCII digits only: "²".isdigit() is true, int("²") fails
# refusals logged per address and minute at most; more are counted in the server log only
LOGGED_REFUSALS_PER_MINUTE = 20
log = logging.getLogger("yidi.national.auth")


class AuthRefused(YidiError):
    """A signed request refused (``outcome`` as logged: ``bad_signature``, ``replayed_nonce``…); 401."""

    code = "AUTH_REFUSED"
    kind = Kind.UNAUTHENTICATED

    def __init__(self, outcome: str, zh: str) -> None:
        self.outcome, self.detail = outcome, zh
        super().__init__(
            Problem(None, f"认证失败：{zh}", f"authentication refused: {outcome}"),
            details={"outcome": outcome}, text=f"{outcome}: {zh}",
        )  # fmt: skip


@dataclass(frozen=True)
class Credentials:
    paasid: str
    timestamp: str
    nonce: str
    signature: str


def sign(secret: str, timestamp: str, nonce: str, body: bytes) -> str:
    """The signature a hospital sends (also used by ``examples/his_client.py`` and tests)."""
    message = timestamp.encode() + nonce.encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def _valid_secrets(hospital: Any, now: datetime) -> list[str]:
    """The hospital's secret, and the one before the last rotation while its grace period lasts
    (``hospital_onboarding.rotate_secret``, A-SEC-01); stored encrypted (``adapters.secret_box``)."""
    found = [open_secret(str(hospital["secret"]))]
    until = hospital.get("previous_secret_until")
    if hospital.get("previous_secret") and until is not None and _aware(until) > now:
        found.append(open_secret(str(hospital["previous_secret"])))
    return found


def _headers_checked(uow: HospitalUnitOfWork, cred: Credentials, now: datetime) -> Any:
    """The hospital of a known, active paasid whose timestamp is fresh and nonce well formed —
    what can be judged from the headers alone, before and after the body is read."""
    hospital = uow.hospital.hospital_by_paasid(cred.paasid) if cred.paasid else None
    if hospital is None or not hospital["active"]:
        raise AuthRefused("unknown_paasid", "未知或已停用的接入账号 x-tif-paasid")
    if not _TIMESTAMP.match(cred.timestamp) or abs(now.timestamp() - int(cred.timestamp)) > WINDOW:
        raise AuthRefused("stale_timestamp", f"x-tif-timestamp 与平台时间相差超过 {WINDOW} 秒")
    if not _NONCE.match(cred.nonce):
        raise AuthRefused("bad_nonce", "x-tif-nonce 应为 6–64 位字母数字")
    return hospital


def _check(uow: HospitalUnitOfWork, cred: Credentials, body: bytes, now: datetime) -> str:
    hospital = _headers_checked(uow, cred, now)
    if not any(
        hmac.compare_digest(sign(secret, cred.timestamp, cred.nonce, body), cred.signature.lower())
        for secret in _valid_secrets(hospital, now)
    ):
        raise AuthRefused("bad_signature", "签名 x-tif-signature 校验失败")
    code = str(hospital["code"])
    # no read first: the nonce's primary key refuses a replay (WriteConflict → replayed_nonce)
    if secrets.randbelow(PRUNE_EVERY) == 0:  # old nonces only need to outlive the timestamp window
        uow.hospital.forget_nonces_before(now - timedelta(seconds=2 * WINDOW))
    uow.hospital.use_nonce(code, cred.nonce, now)
    return code


def authenticate(uow: HospitalUnitOfWork, cred: Credentials, body: bytes, remote: str = "") -> str:
    """The authenticated hospital's code, or ``AuthRefused`` (logged) — one transaction each."""
    now = datetime.now(UTC)
    try:
        with uow:
            code = _check(uow, cred, body, now)
            uow.commit()  # two requests racing with one nonce: the primary key refuses the second
            return code
    except WriteConflict:
        refused = AuthRefused("replayed_nonce", "x-tif-nonce 已使用（重放请求被拒绝）")
    except AuthRefused as exc:
        refused = exc
    log.warning("hospital auth refused: %s paasid=%r remote=%s", refused.outcome, cred.paasid[:64], remote)
    _log_refusal(uow, cred, refused, remote, now)
    raise refused


def precheck(uow: HospitalUnitOfWork, cred: Credentials, remote: str = "") -> None:
    """What is judged before the body is read (security review: unsigned bodies used to be read
    in full first): a known, active paasid, a fresh ASCII timestamp and a well-formed nonce.
    ``AuthRefused`` (logged) otherwise; the signature is checked on the body afterwards."""
    now = datetime.now(UTC)
    try:
        with uow:
            _headers_checked(uow, cred, now)
    except AuthRefused as refused:
        log.warning("hospital auth refused: %s paasid=%r remote=%s", refused.outcome, cred.paasid[:64], remote)
        _log_refusal(uow, cred, refused, remote, now)
        raise


def _log_refusal(uow: HospitalUnitOfWork, cred: Credentials, refused: AuthRefused, remote: str, now: datetime) -> None:
    """One ``hospital_auth_events`` row per refusal, at most ``LOGGED_REFUSALS_PER_MINUTE`` per
    address and minute (a flood of bad requests must not become a flood of rows)."""
    with uow:
        if uow.hospital.auth_events_since(remote[:64], now - timedelta(minutes=1)) >= LOGGED_REFUSALS_PER_MINUTE:
            return
        uow.hospital.log_auth(
            at=now,
            paasid=cred.paasid[:64],
            outcome=refused.outcome,
            detail=refused.detail,
            remote=remote[:64],
        )
        uow.commit()
