"""Changing an account's role (角色变更, 管理员): the CLI ``yidi users role`` and the admin page.

A role decides whose records an account reaches (``domain/access.py``), so a change ends every
web session and REST token of the account at once (issue 13 scope 4: "logout, password reset,
role change and disabling end every session at once") — whoever was signed in signs in again
under the new role. The new role's needs are those of a new account (``accounts.role_problems``:
an insured person's ID number, a hospital's code). An account raised to staff or administrator
— reaching everyone's records — gets a new password under their stricter rule, since the old
one was only checked against the old role's. The last enabled administrator keeps the role (no
one could manage accounts any more). Each change is an ``audit_log`` entry ``account.role``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.errors import InvalidInput, Problem
from yidi.service_layer.accounts import check_password, existing, role_problems
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork
from yidi.service_layer.web_users import hash_password

RAISED = (WebRole.STAFF, WebRole.ADMIN)  # reach everyone's records: the staff password rule


def change_role(
    uow: SqlAlchemyUnitOfWork, username: str, role: WebRole, *, id_number: str | None = None,
    hospital_code: str | None = None, password: str | None = None, by: str, via: str = "cli",
    now: datetime | None = None,
) -> WebUser:  # fmt: skip
    """Give ``username`` the role ``role`` (all problems at once) and end its sessions and tokens."""
    at = now or datetime.now(UTC)
    with uow:
        old = existing(uow, username)
        new = WebUser(
            username, role, old.display_name,
            id_number=(id_number or "").strip().upper() or None if role is WebRole.INSURED else None,
            hospital_code=(hospital_code or "").strip().upper() or None if role is WebRole.HOSPITAL else None,
        )  # fmt: skip
        problems = role_problems(uow, new)
        if (new.role, new.id_number, new.hospital_code) == (old.role, old.id_number, old.hospital_code):
            problems.append(
                Problem("role", "账号已是这个角色，无需变更", "the account already has this role")
            )
        if old.role is WebRole.ADMIN and role is not WebRole.ADMIN and _last_admin(uow, username):
            problems.append(Problem("role", "这是最后一个可用的管理员账号，不能改为其他角色",
                                    "the last enabled administrator keeps the role"))  # fmt: skip
        if role in RAISED and old.role not in RAISED:
            try:
                check_password(password or "", role, username)
            except InvalidInput as exc:
                problems.extend(exc.problems)
        if problems:
            raise InvalidInput(problems)
        uow.accounts.set_role(username, role, new.id_number, new.hospital_code)
        if role in RAISED and old.role not in RAISED:
            uow.accounts.set_password_hash(username, hash_password(password or ""))
        uow.tokens.revoke_all(username, at)  # web sessions are tokens too (web_sessions.py)
        uow.audit.add(
            at=at, actor=by, action="account.role", subject=username, via=via, before=old.role.value,
            after=role.value, id_number=new.id_number, hospital_code=new.hospital_code,
        )  # fmt: skip
        uow.commit()
        return existing(uow, username)


def needs_password(uow: SqlAlchemyUnitOfWork, username: str, role: WebRole) -> bool:
    """Whether the change to ``role`` asks for a new password (raised to staff or administrator)."""
    with uow:
        return role in RAISED and existing(uow, username).role not in RAISED


def _last_admin(uow: SqlAlchemyUnitOfWork, username: str) -> bool:
    others = [
        u for u in uow.accounts.all() if u.role is WebRole.ADMIN and not u.disabled and u.username != username
    ]
    return not others
