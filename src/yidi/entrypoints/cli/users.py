"""CLI group ``yidi users``: sign-in accounts (账号管理) for the administrator at the server.

The same rules as the admin pages (``service_layer.accounts``): an insured account needs the ID
number of a registered person, a hospital account an existing hospital code; disabling an
account, resetting its password or changing its role ends its web sessions and REST tokens. Passwords are asked for without echo
(``--password`` exists for scripts; it is visible in the process list). Output is JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from yidi.domain.errors import InvalidInput
from yidi.entrypoints.cli.staff import _login_name, run_json, staff_uow

if TYPE_CHECKING:
    from yidi.domain.accounts import WebRole

ROLES = "insured / staff / hospital / admin"


def _web_role(text: str) -> WebRole:
    """The ``--role`` option as a role, or the named error listing the roles."""
    from yidi.domain.accounts import WebRole  # here, not at the top: the CLI starts light

    try:
        return WebRole(text)
    except ValueError:
        raise InvalidInput.of("--role", f"角色应为 {ROLES}", f"role must be one of {ROLES}") from None


app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="登录账号：新建、列表、停用/启用、重置密码、变更角色"
)

PasswordOpt = Annotated[
    str,
    typer.Option(
        "--password", prompt="密码", hide_input=True, confirmation_prompt="再次输入", help="至少 8 位"
    ),
]


@app.command("add")
def add(
    username: str,
    role: Annotated[str, typer.Option("--role", help=ROLES)],
    password: PasswordOpt,
    name: Annotated[str | None, typer.Option("--name", help="姓名或机构名称，默认同用户名")] = None,
    id_number: Annotated[str | None, typer.Option("--id-number", help="参保人的身份证号")] = None,
    hospital_code: Annotated[str | None, typer.Option("--hospital-code", help="医疗机构编码")] = None,
) -> None:
    """新建账号（第一个管理员：yidi users add NAME --role admin）。"""
    from yidi.domain.accounts import WebUser
    from yidi.service_layer import accounts

    def go() -> dict[str, object]:
        web_role = _web_role(role)
        user = WebUser(username, web_role, name or username, id_number=id_number, hospital_code=hospital_code)
        return accounts.account_view(accounts.add_account(staff_uow(), user, password))

    run_json(go)


@app.command("list")
def list_() -> None:
    """全部账号（不含密码）。"""
    from yidi.service_layer import accounts

    run_json(lambda: [accounts.account_view(u) for u in accounts.list_accounts(staff_uow())])


@app.command("disable")
def disable(
    username: str,
    enable: Annotated[bool, typer.Option("--enable", help="重新启用而不是停用")] = False,
) -> None:
    """停用账号（同时注销其全部接口访问令牌）；--enable 重新启用。"""
    from yidi.service_layer import accounts

    run_json(lambda: accounts.account_view(accounts.set_disabled(staff_uow(), username, not enable)))


@app.command("passwd")
def passwd(username: str, password: PasswordOpt) -> None:
    """重置密码（同时注销其全部接口访问令牌）。"""
    from yidi.service_layer import accounts

    def reset() -> dict[str, Any]:
        accounts.reset_password(staff_uow(), username, password)
        return {"username": username, "password_reset": True, "tokens_revoked": True}

    run_json(reset)


@app.command("role")
def role(
    username: str,
    new_role: Annotated[str, typer.Option("--role", help=ROLES)],
    id_number: Annotated[str | None, typer.Option("--id-number", help="改为参保人时：身份证号")] = None,
    hospital_code: Annotated[
        str | None, typer.Option("--hospital-code", help="改为医疗机构时：机构编码")
    ] = None,
    password: Annotated[
        str | None, typer.Option("--password", help="改为经办人员或管理员时的新密码（不填则提示输入）")
    ] = None,
) -> None:
    """变更角色（同时结束该账号全部已登录页面和接口访问令牌）。"""
    from yidi.service_layer import account_roles, accounts

    def go() -> dict[str, object]:
        web_role = _web_role(new_role)
        secret = password
        if secret is None and account_roles.needs_password(staff_uow(), username, web_role):
            secret = typer.prompt("新密码", hide_input=True, confirmation_prompt="再次输入")
        changed = account_roles.change_role(
            staff_uow(), username, web_role, id_number=id_number, hospital_code=hospital_code,
            password=secret, by=f"cli:{_login_name()}",
        )  # fmt: skip
        return {**accounts.account_view(changed), "sessions_ended": True}

    run_json(go)
