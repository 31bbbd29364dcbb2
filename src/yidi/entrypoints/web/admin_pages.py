"""Account administration (账号管理) for administrators: list, create, reset a password,
change the role (``service_layer.account_roles``), disable or enable. The rules (what each role needs, revoking tokens) are in
``service_layer.accounts``; these pages parse the form and show its answer beside the fields.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.accounts import ROLE_ZH, WebRole, WebUser
from yidi.domain.errors import InvalidInput, NotFound, YidiError
from yidi.entrypoints.web.common import Form, choice, render, require, uow
from yidi.entrypoints.web.errors import add, form_errors
from yidi.service_layer import account_roles, accounts
from yidi.service_layer.web_users import find_user

router = APIRouter(prefix="/ui/admin/users", include_in_schema=False)
NEW_FIELDS = ("role", "username", "display_name", "password", "id_number", "hospital_code")
Admin = Annotated[WebUser, Depends(require(WebRole.ADMIN))]
DONE_ZH = {
    "created": "账号已创建，可以登录。",
    "password": "密码已重置；该账号的接口访问令牌已全部注销。",
    "disabled": "账号已停用：不能再登录，已登录的页面和接口访问令牌随即失效。",
    "enabled": "账号已启用。",
    "role": "角色已变更；该账号已登录的页面和接口访问令牌全部失效，需按新角色重新登录。",
}
ROLE_FIELDS = ("role", "id_number", "hospital_code", "role_password")  # beside the reset form's "password"


@router.get("", response_class=HTMLResponse)
def list_page(request: Request, user: Admin) -> Response:
    return render(request, "admin/users.html", accounts=accounts.list_accounts(uow(request)), roles=ROLE_ZH)


def _new_page(request: Request, status_code: int = 200, **ctx: Any) -> Response:
    return render(request, "admin/user_new.html", status_code=status_code, roles=ROLE_ZH, **ctx)


@router.get("/new", response_class=HTMLResponse)
def new_page(request: Request, user: Admin) -> Response:
    return _new_page(request, values={"role": WebRole.INSURED.value})


@router.post("/new", response_class=HTMLResponse)
def create(request: Request, user: Admin, form: Form) -> Response:
    values = {k: str(v) for k, v in form.items() if k not in ("csrf_token", "password")}
    errors: dict[str, str] = {}
    role = choice(values, "role", WebRole, errors, "请选择角色", required=True)
    account = WebUser(
        values.get("username", ""), role or WebRole.STAFF, values.get("display_name", ""),
        id_number=values.get("id_number"), hospital_code=values.get("hospital_code"),
    )  # fmt: skip
    password = str(form.get("password", ""))
    if role is None:  # the fields every role has are checked all the same (a staff account needs no more)
        problems = accounts.account_problems(uow(request), account, password)
        if problems:
            add(errors, form_errors(InvalidInput(problems), NEW_FIELDS))
        return _new_page(request, 422, values=values, errors=errors)
    try:
        created = accounts.add_account(uow(request), account, password)
    except YidiError as exc:
        return _new_page(request, 422, values=values, errors=form_errors(exc, NEW_FIELDS))
    return RedirectResponse(f"/ui/admin/users/{created.username}?done=created", status_code=303)


def _account(request: Request, username: str) -> WebUser:
    u = uow(request)
    with u:
        found = find_user(u, username)
    if found is None:
        raise NotFound("account", username, "没有这个账号")
    return found


def _detail(request: Request, account: WebUser, status_code: int = 200, **ctx: Any) -> Response:
    return render(request, "admin/user.html", status_code=status_code, account=account, roles=ROLE_ZH, **ctx)


@router.get("/{username}", response_class=HTMLResponse)
def detail(request: Request, user: Admin, username: str, done: str = "") -> Response:
    return _detail(request, _account(request, username), done=DONE_ZH.get(done))


@router.post("/{username}/password", response_class=HTMLResponse)
def reset_password(request: Request, user: Admin, username: str, form: Form) -> Response:
    account = _account(request, username)
    password, again = str(form.get("password", "")), str(form.get("password_again", ""))
    errors: dict[str, str] = {}
    if password != again:
        errors["password_again"] = "两次输入的密码不一致"
    try:
        if errors:  # the new password's own rule is reported with the mismatch
            accounts.check_password(password, account.role, username)
        else:
            accounts.reset_password(uow(request), username, password)
    except YidiError as exc:
        add(errors, form_errors(exc, ("password", "password_again")))
    if errors:
        return _detail(request, account, 422, errors=errors)
    return RedirectResponse(f"/ui/admin/users/{username}?done=password", status_code=303)


@router.post("/{username}/role", response_class=HTMLResponse)
def change_role(request: Request, user: Admin, username: str, form: Form) -> Response:
    account = _account(request, username)
    values = {k: str(form.get(k, "")).strip() for k in ROLE_FIELDS[:3]}
    errors: dict[str, str] = {}
    role = choice(values, "role", WebRole, errors, "请选择新角色", required=True)
    if username == user.username:
        errors["role"] = "不能变更自己正在使用的账号的角色"
    if role is not None and not errors:
        try:
            account_roles.change_role(
                uow(request), username, role, id_number=values["id_number"], hospital_code=values["hospital_code"],
                password=str(form.get("role_password", "")), by=f"admin:{user.username}", via=f"/ui/admin/users/{username}",
            )  # fmt: skip
        except YidiError as exc:
            add(errors, form_errors(exc, ROLE_FIELDS, lambda f: "role_password" if f == "password" else f))
    if errors:
        return _detail(request, account, 422, errors=errors, values=values)
    return RedirectResponse(f"/ui/admin/users/{username}?done=role", status_code=303)


@router.post("/{username}/{action}", response_class=HTMLResponse)
def disable_or_enable(request: Request, user: Admin, username: str, action: str, form: Form) -> Response:
    account = _account(request, username)
    if action not in ("disable", "enable"):
        raise NotFound("action", action, "没有这个操作")
    if action == "disable" and username == user.username:
        return _detail(request, account, 422, errors={"_": "不能停用自己正在使用的账号"})
    accounts.set_disabled(uow(request), username, action == "disable")
    return RedirectResponse(f"/ui/admin/users/{username}?done={action}d", status_code=303)
