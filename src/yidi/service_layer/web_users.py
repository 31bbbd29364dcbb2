"""Web sign-in accounts: create, authenticate, and seed the demo accounts.

The account and its roles are ``domain.accounts``; storage is ``uow.accounts``. Passwords are
hashed with argon2 (``passwords``: the cost is configurable, nothing is hashed at import); a
wrong user name and a wrong password give the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.errors import InvalidInput
from yidi.service_layer.passwords import hash_password, verify_password
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

MIN_PASSWORD = 8


def create_user(uow: SqlAlchemyUnitOfWork, user: WebUser, password: str) -> None:
    """Add an account; the user name must be new and the password at least 8 characters.
    (``accounts.add_account`` also checks the role's ID number or hospital code.)"""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput.of("password", "密码至少 8 位", "password must have at least 8 characters")
    with uow:
        if find_user(uow, user.username) is not None:
            raise InvalidInput.of("username", "用户名已存在", "user name already taken")
        uow.accounts.add(user, hash_password(password), datetime.now(UTC))
        uow.commit()


def find_user(uow: SqlAlchemyUnitOfWork, username: str) -> WebUser | None:
    """The account (inside an open unit of work), or None."""
    return uow.accounts.get(username)


def authenticate(uow: SqlAlchemyUnitOfWork, username: str, password: str) -> WebUser | None:
    """The account when the password matches and the account is not disabled, else None (same
    work either way)."""
    with uow:
        row = uow.accounts.credentials(username)
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
