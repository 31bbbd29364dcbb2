"""Sign-in accounts (登录账号) and their roles, as the use cases and the pages see them.

Roles (角色): ``insured`` (参保人 — sees and files only for their own ID number), ``staff``
(经办人员 — counter, follow-up, manual-claim queue), ``hospital`` (医疗机构 — the desk checks for
its patients) and ``admin`` (管理员 — everything staff may do). An account never carries its
password hash: that stays in storage (``adapters.accounts_repository``). Which ``Actor`` an
account acts as is decided by ``service_layer.accounts.actor_for``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


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
