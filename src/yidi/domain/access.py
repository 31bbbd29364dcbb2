"""Who may read or act on whose records (访问权限): one rule set for the REST API and the web UI.

* 参保人 citizen: only their own ID number — filings, history, eligibility, claims, claw-back;
  filing or claiming for someone else is refused.
* 定点医疗机构 hospital: looks any person up as at admission — basic data, filings and
  eligibility (the national 1101 person query, 5301/5302 filing queries and the 2001 treatment
  check need no earlier visit) and does the hospital's own acts for anyone (admission 即申即享,
  the emergency flag, referral, discharge, recording a settlement: seed 004 一(二), seed 001 二.1/二.2).
  Without a visit it sees of a person what the national 1101 query returns (``HOSPITAL_PERSON_FIELDS``:
  no credit default). Histories, claims and the claw-back only of *its patients*: a visit at the
  hospital that is not cancelled, or a referral naming it — facts the platform made, nothing a
  hospital creates alone in the same breath (docs/security.md, security review H1).
* 经办人员 staff and the system: everything. ``actor=None`` and an actor without a ``subject``
  (CLI, jobs, the national interface's own actors, internal calls) are trusted: every signed-in
  account gets its subject from ``service_layer.accounts.actor_for`` — never None for a citizen
  or a hospital (an account without an ID number gets "" and so reaches nothing).

Which role may do which step of a workflow (e.g. only staff accept a claim) stays in the
workflow itself; this module decides only *whose* records an actor reaches.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from yidi.domain.actors import Actor, Role
from yidi.domain.errors import Kind, Problem, YidiError


class Read(StrEnum):
    """What is read about a person."""

    PERSON = "person"  # 基本信息
    FILINGS = "filings"  # 备案及其状态
    ELIGIBILITY = "eligibility"  # 待遇资格
    HISTORY = "history"  # 备案/人员变更历史
    CLAIMS = "claims"  # 手工报销
    CLAWBACK = "clawback"  # 待扣减待遇差


class Act(StrEnum):
    """What is done to a person's records (or to everyone's, for the queue and jobs)."""

    REGISTER_PERSON = "register_person"  # 参保登记 is the agency's
    FILE = "file"  # 办理备案
    FILING_CHANGE = "filing_change"  # 取消、变更、补充材料、第三地、恢复长期
    HOSPITAL_ACT = "hospital_act"  # 入院登记、急诊标志、出院、结算记录
    CLAWBACK_RECOVERED = "clawback_recovered"  # 已扣减
    CLAIM = "claim"  # 手工报销各环节 (the workflow checks the role of each step)
    QUEUE = "queue"  # 全部待办、超期清单
    JOB = "job"  # 期限任务、恢复审核


HOSPITAL_LOOKUP = frozenset({Read.PERSON, Read.FILINGS, Read.ELIGIBILITY})
# what a hospital sees of a person it has no visit of: what 【1101】人员信息获取 returns
HOSPITAL_PERSON_FIELDS = frozenset(
    {"id_number", "name", "insutype", "psn_type", "civil_servant", "insured_region", "account_balance_fen"}
)
CITIZEN_ACTS = frozenset({Act.FILE, Act.FILING_CHANGE, Act.CLAIM})
HOSPITAL_ANYONE = frozenset({Act.FILE, Act.HOSPITAL_ACT})

# filing_services / claims_services operation names → the act they are
ACT_OF_OPERATION: dict[str, Act] = {
    "create": Act.FILE,
    "admit": Act.HOSPITAL_ACT,
    "complete": Act.HOSPITAL_ACT,
    "settlement": Act.HOSPITAL_ACT,
    "third_city": Act.FILING_CHANGE,
    "resume": Act.FILING_CHANGE,
    "cancel": Act.FILING_CHANGE,
    "supply": Act.FILING_CHANGE,
    "change": Act.FILING_CHANGE,
    "recovered": Act.CLAWBACK_RECOVERED,
    "deadlines": Act.JOB,
    "release_hold": Act.JOB,
    **dict.fromkeys(
        ("submit", "accept", "return", "resubmit", "withdraw", "review", "approve", "reject", "pay"),
        Act.CLAIM,
    ),
}


def act_of(operation: str) -> Act:
    """The act of a use case; an operation nobody mapped is staff-only until someone decides."""
    return ACT_OF_OPERATION.get(operation, Act.JOB)


READ_ZH = {
    Read.PERSON: "基本信息",
    Read.FILINGS: "备案",
    Read.ELIGIBILITY: "待遇资格",
    Read.HISTORY: "变更历史",
    Read.CLAIMS: "手工报销申请",
    Read.CLAWBACK: "待扣减待遇差",
}


class AccessDenied(YidiError):
    """Refused because the records are not the actor's (无权访问); HTTP 403 ``FORBIDDEN``."""

    code = "FORBIDDEN"
    kind = Kind.FORBIDDEN

    def __init__(self, zh: str, en: str, *, rule: str) -> None:
        self.rule = rule
        super().__init__(Problem(None, zh, en), details={"rule": rule}, text=zh)


def _not_own(actor: Actor) -> AccessDenied:
    return AccessDenied(
        "参保人只能查询和办理本人的业务",
        f"{actor} may only read and act on their own records",
        rule="access.citizen_own",
    )


def _not_patient(actor: Actor, what: Read) -> AccessDenied:
    return AccessDenied(
        f"医疗机构只能查看本机构患者的{READ_ZH[what]}（在本机构就诊且未撤销，或转诊至本机构）",
        f"{actor} may see the {what} only of its own patients (a visit there not cancelled, or a referral naming it)",
        rule="access.hospital_patient",
    )


def _trusted(actor: Actor | None) -> bool:
    return actor is None or actor.subject is None or actor.role in (Role.STAFF, Role.SYSTEM)


def check_read(
    actor: Actor | None, id_number: str, what: Read, is_patient: Callable[[], bool] = lambda: False
) -> None:
    """Refuse with ``AccessDenied`` unless ``actor`` may read ``what`` of ``id_number``.

    ``is_patient`` is asked only for a hospital reading beyond the admission lookup, so the
    caller pays for that query only then.
    """
    if _trusted(actor):
        return
    assert actor is not None
    if actor.role is Role.CITIZEN:
        if actor.subject != id_number:
            raise _not_own(actor)
        return
    if what in HOSPITAL_LOOKUP:
        return
    if not is_patient():
        raise _not_patient(actor, what)


def person_fields(actor: Actor | None, is_patient: Callable[[], bool]) -> frozenset[str] | None:
    """The fields of a person's basic data ``actor`` may see, or None for all of them: a hospital
    without a visit sees what 1101 returns and no more."""
    if _trusted(actor) or actor is None or actor.role is not Role.HOSPITAL or is_patient():
        return None
    return HOSPITAL_PERSON_FIELDS


def check_act(
    actor: Actor | None, act: Act, id_number: str | None, is_patient: Callable[[], bool] = lambda: False
) -> None:
    """Refuse with ``AccessDenied`` unless ``actor`` may do ``act`` on ``id_number``'s records
    (``None`` for acts on everyone's: the queue and the jobs)."""
    if _trusted(actor):
        return
    assert actor is not None
    if act in (Act.REGISTER_PERSON, Act.QUEUE, Act.JOB, Act.CLAWBACK_RECOVERED) or id_number is None:
        raise AccessDenied(
            "仅经办人员可办理此项业务",
            f"only agency staff may do {act}",
            rule=f"access.staff_only.{act}",
        )
    if actor.role is Role.CITIZEN:
        if act not in CITIZEN_ACTS:
            raise AccessDenied(
                "参保人不能办理此项业务（由医疗机构或经办机构办理）",
                f"a citizen may not do {act}",
                rule=f"access.citizen.{act}",
            )
        if actor.subject != id_number:
            raise _not_own(actor)
        return
    if act in HOSPITAL_ANYONE:
        return
    if act is Act.FILING_CHANGE:
        raise AccessDenied(
            "医疗机构不能取消、变更或补充他人的备案（由本人或经办机构办理）",
            "a hospital may not cancel, change or supplement a filing",
            rule="access.hospital.filing_change",
        )
    if not is_patient():
        raise _not_patient(actor, Read.CLAIMS)


def settlement_scope(actor: Actor | None) -> dict[str, str]:
    """The search criteria forced on a settlement search (结算查询): a citizen sees the
    settlements of their own ID number, a hospital those it made itself (its institution code —
    not every settlement of its patients elsewhere); staff and trusted callers everything."""
    if _trusted(actor):
        return {}
    assert actor is not None
    if not actor.subject:  # an account lacking its ID number / code reaches nothing
        raise AccessDenied(
            "此账号未关联身份证号或医疗机构编码，不能查询结算",
            f"{actor} has no ID number or institution code",
            rule="access.no_subject",
        )
    return {"id_number": actor.subject} if actor.role is Role.CITIZEN else {"hospital_code": actor.subject}


def check_settlement(actor: Actor | None, id_number: str, hospital_code: str | None) -> None:
    """Refuse one settlement outside ``settlement_scope``: another person's (citizen), another
    institution's (hospital)."""
    scope = settlement_scope(actor)
    assert actor is not None or not scope
    if "id_number" in scope and scope["id_number"] != id_number:
        raise _not_own(actor)  # type: ignore[arg-type]
    if "hospital_code" in scope and scope["hospital_code"] != hospital_code:
        raise AccessDenied(
            "医疗机构只能查看本机构办理的结算",
            f"{actor} may see only the settlements it made",
            rule="access.hospital_own_settlements",
        )
