"""Hospital onboarding (定点医疗机构接入): add a hospital, list them, rotate its secret, disable it —
for the administrator, through ``yidi hospitals …`` and the admin page alike.

A new hospital gets a paasid and a strong random secret (256 bits, ``secrets.token_urlsafe``),
answered exactly once: the platform stores only its encrypted form (``adapters.secret_box``) and
never prints or logs it again. A rotation answers the new secret once and keeps the old one valid
for ``YIDI_SECRET_GRACE_HOURS`` (A-SEC-01, default 24 h) so the hospital can switch its HIS without
an outage. Disabling ends the hospital's national interface at once (an inactive paasid is refused).
Every change is an audit-log entry (who, which hospital, when, through what) — never the secret.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from yidi import settings
from yidi.adapters.secret_box import seal
from yidi.domain.errors import Kind, Problems, refusal
from yidi.domain.filing.places import hospital_region
from yidi.domain.national.codes import HOSP_LV_NAMES
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, Any]
Factory = Callable[[], SqlAlchemyUnitOfWork]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hospital_view(row: Any) -> Result:
    """A hospital as listed: never its secret."""
    until = row.get("previous_secret_until")
    return {
        "code": row["code"], "name": row["name"], "region": row["region"], "hosp_lv": row["hosp_lv"],
        "uscc": row["uscc"], "paasid": row["paasid"], "active": bool(row["active"]),
        "previous_secret_valid_until": until.isoformat() if until else None,
    }  # fmt: skip


def _now() -> datetime:
    return datetime.now(UTC)


def _get(uow: SqlAlchemyUnitOfWork, code: str) -> Any:
    row = uow.hospital.hospital(code)
    if row is None:
        raise refusal("NOT_FOUND", Kind.NOT_FOUND, f"未找到医疗机构 {code}", f"no hospital {code}", field="code")
    return row


def add(
    factory: Factory, *, code: str, name: str, hosp_lv: str, uscc: str = "", by: str, via: str = "cli"
) -> Result:
    """Register a hospital; the answer holds ``secret`` — shown this once."""
    code = code.strip().upper()
    problems = Problems()
    problems.value(lambda: hospital_region(code, "code"), "")
    if not name.strip() or len(name) > 200:
        problems.add("name", "请填写机构名称（不超过 200 字）", "name is required (at most 200 characters)")
    if hosp_lv not in HOSP_LV_NAMES:
        problems.add("hosp_lv", f"医院等级应为 {'/'.join(HOSP_LV_NAMES)}", f"hosp_lv must be one of {list(HOSP_LV_NAMES)}")
    if len(uscc) > 18:
        problems.add("uscc", "统一社会信用代码不超过 18 位", "uscc has at most 18 characters")
    problems.check()
    paasid, secret = f"{code}-{secrets.token_hex(4)}", new_secret()
    with factory() as uow:
        if uow.hospital.hospital(code) is not None:
            raise refusal("HOSPITAL_EXISTS", Kind.CONFLICT, f"医疗机构 {code} 已登记", f"hospital {code} exists", field="code")
        uow.hospital.add_hospital(
            code=code, name=name.strip(), region=code[1:7], hosp_lv=hosp_lv, uscc=uscc, paasid=paasid,
            secret=seal(secret), active=True,
        )  # fmt: skip
        uow.audit.add(at=_now(), actor=by, action="hospital.add", subject=code, via=via, paasid=paasid)
        row = _get(uow, code)
        uow.commit()
        return {**hospital_view(row), "secret": secret}


def list_hospitals(factory: Factory) -> list[Result]:
    with factory() as uow:
        return [hospital_view(r) for r in uow.hospital.hospitals()]


def rotate_secret(factory: Factory, code: str, *, by: str, via: str = "cli", grace_hours: int | None = None) -> Result:
    """A new secret (answered once); the old one stays valid for the grace period (A-SEC-01)."""
    hours = settings.current().secret_grace_hours if grace_hours is None else grace_hours
    secret = new_secret()
    with factory() as uow:
        row = _get(uow, code)
        until = _now() + timedelta(hours=hours)
        uow.hospital.update_hospital(
            code, secret=seal(secret), previous_secret=row["secret"] if hours else None,
            previous_secret_until=until if hours else None,
        )  # fmt: skip
        uow.audit.add(at=_now(), actor=by, action="hospital.rotate_secret", subject=code, via=via, grace_hours=hours)
        row = _get(uow, code)
        uow.commit()
        return {**hospital_view(row), "secret": secret}


def set_active(factory: Factory, code: str, active: bool, *, by: str, via: str = "cli") -> Result:
    """Disable (or enable again) a hospital's national interface; disabling also ends the grace
    period of an old secret."""
    with factory() as uow:
        _get(uow, code)
        values: dict[str, Any] = {"active": active}
        if not active:
            values.update(previous_secret=None, previous_secret_until=None)
        uow.hospital.update_hospital(code, **values)
        action = "hospital.enable" if active else "hospital.disable"
        uow.audit.add(at=_now(), actor=by, action=action, subject=code, via=via)
        row = _get(uow, code)
        uow.commit()
        return hospital_view(row)


def seal_plain_secrets(factory: Factory) -> int:
    """Encrypt every secret still stored in plain text (before 0840); run at a production start.
    Returns how many were sealed."""
    from yidi.adapters.secret_box import is_sealed

    with factory() as uow:
        plain = [r for r in uow.hospital.hospitals() if not is_sealed(r["secret"])]
        for r in plain:
            uow.hospital.update_hospital(str(r["code"]), secret=seal(str(r["secret"])))
        uow.commit()
    return len(plain)
