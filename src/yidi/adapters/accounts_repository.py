"""Storage of sign-in accounts (``web_users``) and REST bearer tokens (``api_tokens``).

Accounts come back as ``domain.accounts.WebUser`` (never with the password hash, which only
``credentials`` reads, for the sign-in check). Tokens are stored as their SHA-256 only; the
caller hashes. SQLite returns naive datetimes: every stored one is UTC, so they come back aware.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from yidi.adapters.orm_users import api_tokens, web_users
from yidi.domain.accounts import WebRole, WebUser


def _aware(at: datetime | None) -> datetime | None:
    return at if at is None or at.tzinfo else at.replace(tzinfo=UTC)


def _user(row: Any) -> WebUser:
    return WebUser(
        row.username, WebRole(row.role), row.display_name, row.id_number, row.hospital_code,
        row.created_at, row.disabled_at,
    )  # fmt: skip


@dataclass(frozen=True)
class Credentials:
    """What the sign-in check needs: the stored argon2 hash and whether the account is disabled."""

    password_hash: str
    disabled_at: datetime | None


@dataclass(frozen=True)
class StoredToken:
    """A token's row with its account (times in UTC)."""

    id: int
    user: WebUser
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class AccountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, username: str) -> WebUser | None:
        row = self.session.execute(select(web_users).where(web_users.c.username == username)).first()
        return None if row is None else _user(row)

    def all(self) -> list[WebUser]:
        """Every account, by role then user name."""
        rows = self.session.execute(select(web_users).order_by(web_users.c.role, web_users.c.username))
        return [_user(r) for r in rows]

    def add(self, user: WebUser, password_hash: str, created_at: datetime) -> None:
        self.session.execute(
            insert(web_users).values(
                username=user.username,
                password_hash=password_hash,
                role=user.role.value,
                display_name=user.display_name,
                id_number=user.id_number,
                hospital_code=user.hospital_code,
                created_at=created_at,
            )
        )

    def credentials(self, username: str) -> Credentials | None:
        row = self.session.execute(
            select(web_users.c.password_hash, web_users.c.disabled_at).where(web_users.c.username == username)
        ).first()
        return None if row is None else Credentials(row.password_hash, row.disabled_at)

    def is_active(self, username: str) -> bool:
        """The account exists and is not disabled."""
        row = self.session.execute(
            select(web_users.c.disabled_at).where(web_users.c.username == username)
        ).first()
        return row is not None and row.disabled_at is None

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self.session.execute(
            update(web_users).where(web_users.c.username == username).values(password_hash=password_hash)
        )

    def set_role(
        self, username: str, role: WebRole, id_number: str | None, hospital_code: str | None
    ) -> None:
        """The account's role with what it needs (an ID number, a hospital code; None otherwise)."""
        self.session.execute(
            update(web_users).where(web_users.c.username == username)
            .values(role=role.value, id_number=id_number, hospital_code=hospital_code)
        )  # fmt: skip

    def set_disabled_at(self, username: str, at: datetime | None) -> None:
        """Disable the account from ``at`` (None: enable it again)."""
        self.session.execute(update(web_users).where(web_users.c.username == username).values(disabled_at=at))


class TokenRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, username: str, token_hash: str, created_at: datetime, expires_at: datetime) -> None:
        self.session.execute(
            insert(api_tokens).values(
                username=username, token_hash=token_hash, created_at=created_at, expires_at=expires_at
            )
        )

    def find(self, token_hash: str) -> StoredToken | None:
        """The token with this hash and its account (one query), whatever its state."""
        row = self.session.execute(
            select(web_users, api_tokens.c.id.label("token_id"), api_tokens.c.expires_at,
                   api_tokens.c.revoked_at, api_tokens.c.last_used_at)
            .join(api_tokens, api_tokens.c.username == web_users.c.username)
            .where(api_tokens.c.token_hash == token_hash)
        ).first()  # fmt: skip
        if row is None:
            return None
        expires_at = _aware(row.expires_at)
        assert expires_at is not None  # NOT NULL
        return StoredToken(
            int(row.token_id), _user(row), expires_at, _aware(row.revoked_at), _aware(row.last_used_at)
        )

    def touch(self, token_id: int, at: datetime) -> None:
        self.session.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=at))

    def revoke(self, token_hash: str, at: datetime) -> bool:
        """Revoke one live token; False when it was unknown or already revoked."""
        done = self.session.execute(
            update(api_tokens)
            .where(api_tokens.c.token_hash == token_hash, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def revoke_all(self, username: str, at: datetime) -> None:
        """Revoke every live token of an account."""
        self.session.execute(
            update(api_tokens)
            .where(api_tokens.c.username == username, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
