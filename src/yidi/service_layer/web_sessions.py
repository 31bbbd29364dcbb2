"""Web sessions kept on the server (登录会话): the browser holds only an opaque random token.

A sign-in stores the SHA-256 of ``"web-session:" + token`` beside the REST bearer tokens
(``uow.tokens``, the same expiry and revocation), so the token a browser holds is not a REST
token and the cookie carries no name, role or ID number. A session is valid while unexpired,
unrevoked and its account is enabled; sign-out revokes it, and a password reset or disabling an
account (``service_layer.accounts``: ``revoke_all``) ends every session and token of the account
at once (security review: logout and a reset used to leave the old cookie valid for 8 hours).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from yidi.domain.accounts import WebUser
from yidi.service_layer import api_tokens
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

PREFIX = "web-session:"


def start(uow: SqlAlchemyUnitOfWork, user: WebUser, seconds: int, now: datetime | None = None) -> str:
    """A new session of an authenticated account; returns the token for the cookie."""
    at = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    with uow:
        uow.tokens.add(user.username, api_tokens.digest(PREFIX + token), at, at + timedelta(seconds=seconds))
        uow.commit()
    return token


def resolve(uow: SqlAlchemyUnitOfWork, token: str | None, now: datetime | None = None) -> WebUser | None:
    """The account of a valid session token, else None."""
    if not token or len(token) > 100:
        return None
    return api_tokens.verify(uow, PREFIX + token, now)


def end(uow: SqlAlchemyUnitOfWork, token: str | None, now: datetime | None = None) -> None:
    """Sign out: the session stops everywhere at once."""
    if token and len(token) <= 100:
        api_tokens.revoke(uow, PREFIX + token, now)
