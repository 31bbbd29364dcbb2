"""What ``yidi serve`` tells the person who started it: where the web UI, the API documentation
and the national interface are, which database it uses, and either the demo's accounts and one
demo hospital's credentials (``--demo`` only) or, on a database without any account, how to
create the first administrator. Never a password or secret outside demo mode."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from yidi.service_layer.accounts import list_accounts
from yidi.service_layer.web_users import DEMO_PASSWORD, demo_accounts


def base_url(host: str, port: int) -> str:
    """The address to type into a browser: a wildcard listen address is reached as localhost."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def text(app: FastAPI, host: str, port: int, seeded: dict[str, Any] | None) -> str:
    url = base_url(host, port)
    engine = app.state.engine
    lines = [
        "yidi 已启动 / yidi is starting:",
        f"  网页（中文界面）     {url}/ui/",
        f"  接口文档             {url}/docs （ReDoc：{url}/redoc）",
        f"  国家医保接口         POST {url}/fsi/api/callService",
        f"  数据库               {engine.url.render_as_string(hide_password=True)}",
    ]
    if seeded is not None:
        lines += _demo(url, seeded)
    elif not list_accounts(app.state.uow_factory()):
        lines += [
            "还没有任何登录账号。创建第一个管理员（会提示输入密码）：",
            "  yidi users add NAME --role admin",
            "No sign-in account yet: create the first administrator with `yidi users add NAME --role admin`.",
        ]
    return "\n".join(lines)


def _demo(url: str, seeded: dict[str, Any]) -> list[str]:
    hospital = seeded["hospitals"][0]
    accounts = "；".join(f"{u.username}（{u.role_zh}）" for u in demo_accounts())
    persons = "；".join(
        f"{p['name']} 身份证 {p['certno']}（人员编号 {p['psn_no']}）" for p in seeded["persons"]
    )
    return [
        "演示数据（仅供演示，密码与密钥是公开的，切勿用于正式服务）/ DEMO ONLY:",
        f"  登录账号：{accounts}",
        f"  密码（全部账号）：{DEMO_PASSWORD}",
        f"  演示参保人：{persons}",
        f"  演示医院 {hospital['name']}（{hospital['code']}）：paasid {hospital['paasid']}，"
        f"secret {hospital['secret']}",
        f"  模拟医院 HIS：python examples/his_client.py --url {url}",
    ]
