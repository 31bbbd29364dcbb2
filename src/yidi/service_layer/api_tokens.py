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

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from yidi.adapters.orm_users import api_tokens, web_users
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork
from yidi.service_layer.web_users import WebUser, user_of
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


def _aware(at: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored one is UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def issue(
    uow: SqlAlchemyUnitOfWork, user: WebUser, now: datetime | None = None, lifetime: timedelta = TOKEN_LIFETIME
) -> IssuedToken:
    """A new token for an authenticated account (sign-in via ``web_users.authenticate`` first)."""
    at = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    with uow:
        uow.session.execute(
            insert(api_tokens).values(
                username=user.username,
                token_hash=digest(token),
                created_at=at,
                expires_at=at + lifetime,
            )
        )
        uow.commit()
    return IssuedToken(token, at + lifetime, user, lifetime)


def verify(uow: SqlAlchemyUnitOfWork, token: str, now: datetime | None = None) -> WebUser | None:
    """The account of a valid token; None when unknown, expired, revoked or the account is disabled."""
    at = now or datetime.now(UTC)
    with uow:
        row = uow.session.execute(
            select(web_users, api_tokens.c.id.label("token_id"), api_tokens.c.expires_at,
                   api_tokens.c.revoked_at, api_tokens.c.last_used_at)
            .join(api_tokens, api_tokens.c.username == web_users.c.username)
            .where(api_tokens.c.token_hash == digest(token))
        ).first()  # fmt: skip
        if row is None or row.revoked_at is not None or row.disabled_at is not None:
            return None
        if _aware(row.expires_at) <= at:
            return None
        if row.last_used_at is None or at - _aware(row.last_used_at) >= LAST_USED_RESOLUTION:
            uow.session.execute(
                update(api_tokens).where(api_tokens.c.id == row.token_id).values(last_used_at=at)
            )
            uow.commit()
        return user_of(row)


def revoke(uow: SqlAlchemyUnitOfWork, token: str, now: datetime | None = None) -> bool:
    """Revoke one token (sign out); False when it was unknown or already revoked."""
    with uow:
        done = uow.session.execute(
            update(api_tokens)
            .where(api_tokens.c.token_hash == digest(token), api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now or datetime.now(UTC))
        )
        uow.commit()
        return bool(done.rowcount)  # type: ignore[attr-defined]


def revoke_all(session: Session, username: str, now: datetime) -> None:
    """Revoke every live token of an account, inside the caller's transaction."""
    session.execute(
        update(api_tokens)
        .where(api_tokens.c.username == username, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
