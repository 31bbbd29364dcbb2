"""Account administration (账号管理, 管理员) and the one mapping from an account to the ``Actor``.

* ``actor_for``: the service layer's actor for a signed-in account, used by the web pages and the
  REST API alike — 参保人 → citizen (subject: their ID number), 医疗机构 → hospital (subject: the
  institution code), 经办人员 and 管理员 → staff.
* Creating an account checks what its role needs: an insured account the ID number of a
  registered person, a hospital account the code of a hospital in ``hospitals``.
* Resetting a password, disabling an account or changing its role (``account_roles``) revokes
  every REST token and web session of the account at once; a disabled account can no longer sign in.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.actors import DEFAULT_CHANNEL_OF_ROLE, Actor, Channel, Role
from yidi.domain.errors import InvalidInput, Problem
from yidi.domain.identifiers import parse_id_number
from yidi.policy.passwords import common_passwords
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork
from yidi.service_layer.web_users import MIN_PASSWORD, create_user, find_user, hash_password

ACTOR_ROLE = {WebRole.INSURED: Role.CITIZEN, WebRole.HOSPITAL: Role.HOSPITAL}  # others act as staff
USERNAME = re.compile(r"[A-Za-z0-9_.\-]{3,64}")
RESERVED = frozenset({"new"})
MIN_STAFF_PASSWORD = 10  # /ui/admin/users/new is the creation form


def actor_for(user: WebUser, channel: Channel | None = None) -> Actor:
    """The actor of an account acting through ``channel`` (default: its role's own channel,
    ``DEFAULT_CHANNEL_OF_ROLE``; admin acts as staff). A citizen's or hospital's subject is never
    None (None would mean "internal, trusted"): an account lacking its ID number or hospital code
    gets "" and reaches no one's records."""
    role = ACTOR_ROLE.get(user.role, Role.STAFF)
    subject = {Role.CITIZEN: user.id_number or "", Role.HOSPITAL: user.hospital_code or ""}.get(role)
    return Actor(user.username, role, channel or DEFAULT_CHANNEL_OF_ROLE[role], subject)


def account_view(user: WebUser) -> dict[str, object]:
    """An account as shown to its owner (REST ``/auth/me``) and to the administrator (CLI, pages):
    role, name, ID number or institution code, dates — never the password hash."""
    return {
        "username": user.username,
        "role": user.role.value,
        "role_zh": user.role_zh,
        "display_name": user.display_name,
        "id_number": user.id_number,
        "hospital_code": user.hospital_code,
        "actor_role": actor_for(user).role.value,
        "created_at": user.created_at.isoformat() if user.created_at else None,
        "disabled_at": user.disabled_at.isoformat() if user.disabled_at else None,
    }


def _problems(uow: SqlAlchemyUnitOfWork, user: WebUser) -> list[Problem]:
    out: list[Problem] = []
    if not USERNAME.fullmatch(user.username):
        out.append(
            Problem("username", "用户名为 3–64 位字母、数字或 _ . -", "user name: 3-64 of A-Z a-z 0-9 _ . -")
        )
    elif user.username in RESERVED:
        out.append(Problem("username", "此用户名保留给系统使用", "this user name is reserved"))
    elif find_user(uow, user.username) is not None:
        out.append(Problem("username", "用户名已存在", "user name already taken"))
    if not user.display_name.strip() or len(user.display_name) > 64:
        out.append(Problem("display_name", "请填写姓名或名称（至多 64 字）", "display name: 1-64 characters"))
    return out + role_problems(uow, user)


def role_problems(uow: SqlAlchemyUnitOfWork, user: WebUser) -> list[Problem]:
    """What the account's role needs: an insured account the ID number of a registered person,
    a hospital account the code of a hospital in ``hospitals`` (creation and role change)."""
    out: list[Problem] = []
    if user.role is WebRole.INSURED and not user.id_number:
        out.append(Problem("id_number", "参保人账号须填写身份证号", "an insured account needs an ID number"))
    elif user.role is WebRole.INSURED:
        try:
            idn = parse_id_number(user.id_number or "", "id_number").value
        except InvalidInput as exc:
            out.extend(exc.problems)
        else:
            if not uow.persons.exists(idn):
                out.append(
                    Problem(
                        "id_number",
                        "该身份证号尚未登记为参保人员",
                        "no registered insured person has this ID number",
                    )
                )
    if user.role is WebRole.HOSPITAL and not user.hospital_code:
        out.append(
            Problem("hospital_code", "医疗机构账号须填写机构编码", "a hospital account needs a hospital code")
        )
    elif user.role is WebRole.HOSPITAL:
        code = user.hospital_code or ""
        if uow.hospital.hospital(code) is None:
            out.append(Problem("hospital_code", "没有此定点医疗机构编码", f"no hospital with code {code!r}"))
    return out


def check_password(password: str, role: WebRole | None = None, username: str = "") -> None:
    """The rule a password must meet (``InvalidInput`` on ``password`` otherwise): at least 8
    characters; for staff and administrators (who reach everyone's records) at least
    ``MIN_STAFF_PASSWORD`` and neither a common password (the shipped list,
    ``policy/data/security/common_passwords.txt``) nor the user name (security review)."""
    if role in (WebRole.STAFF, WebRole.ADMIN):
        if len(password) < MIN_STAFF_PASSWORD:
            raise InvalidInput.of(
                "password", f"经办人员和管理员的密码至少 {MIN_STAFF_PASSWORD} 位",
                f"staff and administrator passwords need at least {MIN_STAFF_PASSWORD} characters",
            )  # fmt: skip
        lowered = password.strip().lower()
        base = re.sub(r"[\d\W_]+$", "", lowered)  # "password123456" is "password" with digits
        if {lowered, base} & common_passwords() or (username and username.lower() in lowered):
            raise InvalidInput.of(
                "password", "密码太常见或包含用户名，请换一个不易猜到的密码",
                "the password is too common or contains the user name",
            )  # fmt: skip
    if len(password) < MIN_PASSWORD:
        raise InvalidInput.of("password", "密码至少 8 位", "password must have at least 8 characters")


def account_problems(uow: SqlAlchemyUnitOfWork, user: WebUser, password: str) -> list[Problem]:
    """Every problem of a new account's fields (a form shows them all at once)."""
    with uow:
        problems = _problems(uow, user)
    try:
        check_password(password, user.role, user.username)
    except InvalidInput as exc:
        problems.extend(exc.problems)
    return problems


def add_account(uow: SqlAlchemyUnitOfWork, user: WebUser, password: str) -> WebUser:
    """Create an account after checking every field its role needs (all problems at once)."""
    user = WebUser(
        user.username.strip(), user.role, user.display_name.strip(),
        id_number=(user.id_number or "").strip().upper() if user.role is WebRole.INSURED else None,
        hospital_code=(user.hospital_code or "").strip().upper() if user.role is WebRole.HOSPITAL else None,
    )  # fmt: skip
    problems = account_problems(uow, user, password)
    if problems:
        raise InvalidInput(problems)
    create_user(uow, user, password)
    with uow:
        created = find_user(uow, user.username)
    assert created is not None
    return created


def list_accounts(uow: SqlAlchemyUnitOfWork) -> list[WebUser]:
    """Every account, by role then user name."""
    with uow:
        return uow.accounts.all()


def display_names(uow: SqlAlchemyUnitOfWork, actors: list[str]) -> dict[str, str]:
    """User name → the account's display name, for records that keep ``role:username`` (who
    handled a filing or a claim): printed forms and decision pages name the person, not the login."""
    users = {a.split(":")[-1] for a in actors if a}
    with uow:
        found = {u: uow.accounts.get(u) for u in users}
    return {u: a.display_name for u, a in found.items() if a is not None}


def existing(uow: SqlAlchemyUnitOfWork, username: str) -> WebUser:
    """The account ``username`` (``InvalidInput`` on ``username`` when there is none)."""
    found = find_user(uow, username)
    if found is None:
        raise InvalidInput.of("username", f"没有账号 {username}", f"no account {username!r}")
    return found


def reset_password(
    uow: SqlAlchemyUnitOfWork, username: str, password: str, now: datetime | None = None
) -> None:
    """Set a new password; the account's tokens are revoked (a reset usually means a leak)."""
    with uow:
        check_password(password, existing(uow, username).role, username)
        uow.accounts.set_password_hash(username, hash_password(password))
        uow.tokens.revoke_all(username, now or datetime.now(UTC))
        uow.commit()


def set_disabled(
    uow: SqlAlchemyUnitOfWork, username: str, disabled: bool, now: datetime | None = None
) -> WebUser:
    """Disable (停用, also revoking every token) or enable (启用) an account."""
    at = now or datetime.now(UTC)
    with uow:
        existing(uow, username)
        uow.accounts.set_disabled_at(username, at if disabled else None)
        if disabled:
            uow.tokens.revoke_all(username, at)
        uow.commit()
        return existing(uow, username)


def is_active(uow: SqlAlchemyUnitOfWork, username: str) -> bool:
    """The account exists and is not disabled (the web checks it for each signed-in page)."""
    with uow:
        return uow.accounts.is_active(username)
