"""REST sign-in under ``/api/v1/auth`` (登录、注销、当前账号).

``POST /token`` is the OAuth2 password grant (form fields ``username``, ``password``; a JSON body
with the same fields is accepted too) and answers ``{access_token, token_type: "bearer",
expires_in, role, username}``. A wrong user name or password is one 401 answer with the same
cost for both. ``POST /revoke`` revokes the presented token; ``GET /me`` shows the account.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from yidi.entrypoints.api.deps import AccountDep, NotSignedIn, NowDep, TokenDep, UowDep
from yidi.service_layer import api_tokens, sign_in_throttle
from yidi.service_layer.accounts import account_view

router = APIRouter(prefix="/api/v1/auth", tags=["auth 登录与令牌"])
Result = dict[str, Any]


async def _credentials(request: Request) -> tuple[str, str]:
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            body = {}
        data = body if isinstance(body, dict) else {}
    else:
        data = dict(await request.form())
    return str(data.get("username", "")).strip(), str(data.get("password", ""))


@router.post(
    "/token",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {
                            "grant_type": {"type": "string", "enum": ["password"]},
                            "username": {"type": "string"},
                            "password": {"type": "string", "format": "password"},
                        },
                    }
                }
            }
        }
    },
)
async def token(request: Request, uow: UowDep, at: NowDep) -> Result:
    """登录取得访问令牌（OAuth2 password grant）。"""
    username, password = await _credentials(request)
    remote = request.client.host if request.client else ""
    factory = request.app.state.uow_factory
    # the password hash (tens of milliseconds) and the database on a worker thread, not the event loop
    user = (
        await run_in_threadpool(sign_in_throttle.sign_in, factory, username, password, remote)
        if username and password
        else None
    )
    if user is None:
        raise NotSignedIn(
            "用户名或密码不正确，或账号已停用", "wrong user name or password, or account disabled"
        )
    lifetime = timedelta(seconds=request.app.state.settings.token_seconds)
    issued = await run_in_threadpool(api_tokens.issue, uow, user, at, lifetime)
    return {
        "access_token": issued.token,
        "token_type": "bearer",
        "expires_in": issued.expires_in,
        "expires_at": issued.expires_at.isoformat(),
        "role": user.role.value,
        "username": user.username,
    }


@router.post("/revoke")
def revoke(token: TokenDep, _: AccountDep, uow: UowDep, at: NowDep) -> Result:
    """注销：吊销本次出示的访问令牌。"""
    return {"revoked": api_tokens.revoke(uow, token, at)}


@router.get("/me")
def me(user: AccountDep) -> Result:
    """当前账号：角色、姓名、本人身份证号或本机构编码。"""
    return account_view(user)
