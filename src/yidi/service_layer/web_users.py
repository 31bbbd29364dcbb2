"""Web sign-in accounts: create, authenticate, and seed the demo accounts.

Roles (角色): ``insured`` (参保人 — sees and files only for their own ID number), ``staff``
(经办人员 — counter, follow-up, manual-claim queue), ``hospital`` (医疗机构 — the desk checks for
its patients) and ``admin`` (管理员 — everything staff may do). Passwords are hashed with argon2
(``passwords``: the cost is configurable, nothing is hashed at import); a wrong user name and a
wrong password give the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import insert, select

from yidi.adapters.orm_users import web_users
from yidi.domain.errors import InvalidInput
from yidi.service_layer.passwords import hash_password, verify_password
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

MIN_PASSWORD = 8


class WebRole(StrEnum):
    INSURED = "insured"
    STAFF = "staff"
    HOSPITAL = "hospital"
    ADMIN = "admin"


ROLE_ZH = {
    WebRole.INSURED: "参保人",
    WebRole.STAFF: "经办人员",
    WebRole.HOSPITAL: "医疗机构",
    WebRole.ADMIN: "管理员",
}


@dataclass(frozen=True)
class WebUser:
    """A signed-in account as the UI needs it (never the password hash)."""

    username: str
    role: WebRole
    display_name: str
    id_number: str | None = None
    hospital_code: str | None = None
    created_at: datetime | None = None
    disabled_at: datetime | None = None  # 已停用: no sign-in, no tokens

    @property
    def role_zh(self) -> str:
        return ROLE_ZH[self.role]

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None


def create_user(uow: SqlAlchemyUnitOfWork, user: WebUser, password: str) -> None:
    """Add an account; the user name must be new and the password at least 8 characters.
    (``accounts.add_account`` also checks the role's ID number or hospital code.)"""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput.of("password", "密码至少 8 位", "password must have at least 8 characters")
    with uow:
        if find_user(uow, user.username) is not None:
            raise InvalidInput.of("username", "用户名已存在", "user name already taken")
        uow.session.execute(
            insert(web_users).values(
                username=user.username,
                password_hash=hash_password(password),
                role=user.role.value,
                display_name=user.display_name,
                id_number=user.id_number,
                hospital_code=user.hospital_code,
                created_at=datetime.now(UTC),
            )
        )
        uow.commit()


def find_user(uow: SqlAlchemyUnitOfWork, username: str) -> WebUser | None:
    """The account (inside an open unit of work), or None."""
    row = uow.session.execute(select(web_users).where(web_users.c.username == username)).first()
    if row is None:
        return None
    return user_of(row)


def user_of(row: Any) -> WebUser:
    """The account of a ``web_users`` row."""
    return WebUser(
        row.username, WebRole(row.role), row.display_name, row.id_number, row.hospital_code,
        row.created_at, row.disabled_at,
    )  # fmt: skip


def authenticate(uow: SqlAlchemyUnitOfWork, username: str, password: str) -> WebUser | None:
    """The account when the password matches and the account is not disabled, else None (same
    work either way)."""
    with uow:
        row = uow.session.execute(
            select(web_users.c.password_hash, web_users.c.disabled_at).where(web_users.c.username == username)
        ).first()
        if not verify_password(password, None if row is None else row.password_hash):
            return None
        if row is None or row.disabled_at is not None:
            return None
        return find_user(uow, username)


DEMO_PASSWORD = "yidi-demo-2026"  # DEMO ONLY


def demo_accounts() -> list[WebUser]:
    """One account per role; the insured person is the demo 省直在职 person of ``demo_seed``."""
    from yidi.service_layer.demo_seed import HOSPITALS, PERSONS

    return [
        WebUser("canbao", WebRole.INSURED, PERSONS[0].name, id_number=PERSONS[0].id_number),
        WebUser("jingban", WebRole.STAFF, "经办员小王"),
        WebUser("shenpi", WebRole.STAFF, "审批员老赵"),  # a second staff member: review ≠ approval
        WebUser("yiyuan", WebRole.HOSPITAL, HOSPITALS[0][1], hospital_code=HOSPITALS[0][0]),
        WebUser("admin", WebRole.ADMIN, "系统管理员"),
    ]


def seed_demo_users(uow_factory: Callable[[], SqlAlchemyUnitOfWork]) -> list[str]:
    """Create the demo accounts that do not exist yet (idempotent); returns the user names."""
    for user in demo_accounts():
        uow = uow_factory()
        with uow:
            exists = find_user(uow, user.username) is not None
        if not exists:
            create_user(uow_factory(), user, DEMO_PASSWORD)
    return [u.username for u in demo_accounts()]
