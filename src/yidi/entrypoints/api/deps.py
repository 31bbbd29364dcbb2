"""Dependencies: the signed-in account and its actor, the channel, and a unit of work per request.

REST clients sign in at ``POST /api/v1/auth/token`` and send ``Authorization: Bearer <token>``;
a missing, unknown, expired or revoked token (or a disabled account) is 401 with
``WWW-Authenticate: Bearer``. The account's role gives the actor (``accounts.actor_for``: the same
mapping the web pages use) and ``X-Yidi-Channel`` the channel, which must suit the role
(``ROLES_OF_CHANNEL``). The national hospital interface (``/fsi/api``) signs its calls instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from yidi.domain.accounts import WebUser
from yidi.domain.actors import Actor
from yidi.domain.errors import Kind, Problem, YidiError
from yidi.service_layer import api_tokens
from yidi.service_layer.accounts import actor_for
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

# the largest offset a listing accepts: beyond any real list, inside a 64-bit database integer
# (an offset of 2**63 was a server error; security review, issue 13)
MAX_OFFSET = 10_000_000

bearer_scheme = HTTPBearer(auto_error=False, description="POST /api/v1/auth/token 取得的访问令牌")


class NotSignedIn(YidiError):
    """No valid bearer token: 401 ``UNAUTHENTICATED`` with ``WWW-Authenticate: Bearer``."""

    code = "UNAUTHENTICATED"
    kind = Kind.UNAUTHENTICATED

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(Problem("Authorization", zh, en), text=en)


def get_uow(request: Request) -> SqlAlchemyUnitOfWork:
    factory = request.app.state.uow_factory
    uow: SqlAlchemyUnitOfWork = factory()
    return uow


def now(request: Request) -> datetime:
    """The app's clock (``app.state.now``), so tests can let a token expire."""
    clock: Callable[[], datetime] = request.app.state.now
    return clock()


UowDep = Annotated[SqlAlchemyUnitOfWork, Depends(get_uow)]
NowDep = Annotated[datetime, Depends(now)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def get_token(credentials: Credentials) -> str:
    """The presented bearer token (401 when there is none)."""
    if credentials is None or not credentials.credentials:
        raise NotSignedIn(
            "请先登录：缺少 Authorization: Bearer 访问令牌", "missing bearer token (Authorization: Bearer …)"
        )
    return credentials.credentials


TokenDep = Annotated[str, Depends(get_token)]


def get_account(token: TokenDep, uow: UowDep, at: NowDep) -> WebUser:
    """The account of a valid token (401 when it is unknown, expired, revoked or disabled)."""
    user = api_tokens.verify(uow, token, at)
    if user is None:
        raise NotSignedIn(
            "访问令牌无效、已过期或已注销，或账号已停用，请重新登录",
            "invalid, expired or revoked token, or disabled account",
        )
    return user


AccountDep = Annotated[WebUser, Depends(get_account)]


def get_actor(
    user: AccountDep,
    x_yidi_channel: Annotated[
        str | None,
        Header(
            description="办理渠道，须与角色相符；默认参保人 self_service、经办 counter、医院 hospital_admission"
        ),
    ] = None,
) -> Actor:
    actor = actor_for(user)
    return Actor.parse(f"{actor.role}:{actor.user}", x_yidi_channel or actor.channel, actor.subject)


ActorDep = Annotated[Actor, Depends(get_actor)]
