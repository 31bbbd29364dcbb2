"""Bearer tokens for REST clients (访问令牌): issue on sign-in, check on each call, revoke.

A token is 32 random bytes (URL-safe text) handed to the client once; the database keeps only
its SHA-256, so tokens survive restarts, every worker process sees the same ones, and a revoked
or expired token stops everywhere at once. A token is valid while it is unexpired, unrevoked and
its account is not disabled.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from yidi.domain.accounts import WebUser
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork
from yidi.settings import DEFAULT_TOKEN_SECONDS

# The configured default (YIDI_TOKEN_SECONDS); the REST sign-in passes the deployment's value in.
TOKEN_LIFETIME = timedelta(seconds=DEFAULT_TOKEN_SECONDS)
# last_used_at is informational; writing it at most this often keeps reads from becoming writes
LAST_USED_RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True)
class IssuedToken:
    """What the client receives once: the token itself and when it ends."""

    token: str
    expires_at: datetime
    user: WebUser
    lifetime: timedelta = TOKEN_LIFETIME

    @property
    def expires_in(self) -> int:
        return int(self.lifetime.total_seconds())


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    uow: SqlAlchemyUnitOfWork, user: WebUser, now: datetime | None = None, lifetime: timedelta = TOKEN_LIFETIME
) -> IssuedToken:
    """A new token for an authenticated account (sign-in via ``web_users.authenticate`` first)."""
    at = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    with uow:
        uow.tokens.add(user.username, digest(token), at, at + lifetime)
        uow.commit()
    return IssuedToken(token, at + lifetime, user, lifetime)


def verify(uow: SqlAlchemyUnitOfWork, token: str, now: datetime | None = None) -> WebUser | None:
    """The account of a valid token; None when unknown, expired, revoked or the account is disabled."""
    at = now or datetime.now(UTC)
    with uow:
        found = uow.tokens.find(digest(token))
        if found is None or found.revoked_at is not None or found.user.disabled_at is not None:
            return None
        if found.expires_at <= at:
            return None
        if found.last_used_at is None or at - found.last_used_at >= LAST_USED_RESOLUTION:
            uow.tokens.touch(found.id, at)
            uow.commit()
        return found.user


def revoke(uow: SqlAlchemyUnitOfWork, token: str, now: datetime | None = None) -> bool:
    """Revoke one token (sign out); False when it was unknown or already revoked."""
    with uow:
        done = uow.tokens.revoke(digest(token), now or datetime.now(UTC))
        uow.commit()
        return done
