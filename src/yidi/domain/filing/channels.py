"""Channels a filing arrives by (办理渠道) and the acting user (经办人/本人).

* self-service (自助备案, 告知承诺制: no proof, no review, effective at once — seed 000 二(一));
* counter (窗口办理 with the 附件1 form — seed 000 二(二));
* hospital at admission (即申即享: the treatment place files while registering the stay — seed 004 一(二));
* referral by the insured region's agency or an authorised hospital (seed 001 二.1 / 三(二).1);
* the hospital's emergency flag (上传"急诊"标志视同备案 — seed 001 二.2).

Every use case receives an ``Actor``; ``domain.access`` decides whose records it may read or act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from yidi.domain.errors import FilingRefused, InvalidInput
from yidi.domain.filing.categories import Category, is_long_term
from yidi.domain.filing.clauses import DOC_2021_45, DOC_2025, DOC_TIELING, Clause, Reason


class Channel(StrEnum):
    SELF_SERVICE = "self_service"
    COUNTER = "counter"
    HOSPITAL_ADMISSION = "hospital_admission"
    REFERRAL_AGENCY = "referral_agency"
    REFERRAL_HOSPITAL = "referral_hospital"
    EMERGENCY_FLAG = "emergency_flag"
    SYSTEM = "system"


class Role(StrEnum):
    CITIZEN = "citizen"  # 本人或代办人
    STAFF = "staff"  # 经办机构工作人员
    HOSPITAL = "hospital"  # 定点医疗机构
    SYSTEM = "system"  # scheduled jobs


ROLES_OF_CHANNEL: dict[Channel, frozenset[Role]] = {
    Channel.SELF_SERVICE: frozenset({Role.CITIZEN, Role.STAFF}),
    Channel.COUNTER: frozenset({Role.STAFF}),
    Channel.HOSPITAL_ADMISSION: frozenset({Role.HOSPITAL}),
    Channel.REFERRAL_AGENCY: frozenset({Role.STAFF}),
    Channel.REFERRAL_HOSPITAL: frozenset({Role.HOSPITAL}),
    Channel.EMERGENCY_FLAG: frozenset({Role.HOSPITAL}),
    Channel.SYSTEM: frozenset({Role.SYSTEM, Role.STAFF}),
}

# The channel a role acts through when the caller names none (a reader, a REST call without
# X-Yidi-Channel): the insured person's own, the agency's counter, the hospital's admission desk.
DEFAULT_CHANNEL_OF_ROLE: dict[Role, Channel] = {
    Role.CITIZEN: Channel.SELF_SERVICE,
    Role.STAFF: Channel.COUNTER,
    Role.HOSPITAL: Channel.HOSPITAL_ADMISSION,
    Role.SYSTEM: Channel.SYSTEM,
}

# The form 辽宁省省直基本医疗保险异地就医申请（取消）表 (seed 000 附件1): fields a counter filing
# records beyond what the filing itself holds. The required ones must be present.
COUNTER_FORM_FIELDS: dict[str, str] = {
    "employer": "单位名称",
    "contact": "联系人",
    "phone": "联系电话",
    "signed_by": "本人（委托人）签字",
}
COUNTER_FORM_REQUIRED = ("phone", "signed_by")


@dataclass(frozen=True)
class Actor:
    """Who acts (user id and role), through which channel, and whose account it is.

    ``subject`` is what the account may see (本人/本机构): the ID number for a citizen, the
    institution code for a hospital. None for staff and system, and for actors that no account
    stands behind (CLI, jobs, the national interface's own actors), which ``domain.access`` trusts;
    ``service_layer.accounts.actor_for`` always sets it for a signed-in citizen or hospital.
    """

    user: str
    role: Role
    channel: Channel
    subject: str | None = None

    @classmethod
    def parse(cls, actor: str, channel: str, subject: str | None = None) -> Actor:
        """Parse ``role:user`` (e.g. ``staff:wang``) and a channel name; bad values are InvalidInput."""
        role_text, _, user = actor.partition(":")
        try:
            role = Role(role_text)
        except ValueError:
            raise InvalidInput.of(
                "actor",
                f"未知角色：{role_text!r}（citizen/staff/hospital/system）",
                f"unknown role {role_text!r}",
            ) from None
        try:
            chan = Channel(channel)
        except ValueError:
            raise InvalidInput.of(
                "channel", f"未知办理渠道：{channel!r}", f"unknown channel {channel!r}"
            ) from None
        if not user or len(user) > 80:
            raise InvalidInput.of(
                "actor", "经办人标识应为 1–80 个字符", "actor user id must have 1-80 characters"
            )
        if role not in ROLES_OF_CHANNEL[chan]:
            raise InvalidInput.of(
                "channel",
                f"角色 {role} 不能通过渠道 {chan} 办理",
                f"role {role} may not act through channel {chan}",
            )
        return cls(user, role, chan, subject)

    def __str__(self) -> str:
        return f"{self.role}:{self.user}"


def _allowed(category: Category) -> tuple[frozenset[Channel], Clause]:
    if is_long_term(category):
        return frozenset({Channel.SELF_SERVICE, Channel.COUNTER}), Clause(DOC_2021_45, "二")
    if category is Category.REFERRAL:
        return frozenset({Channel.REFERRAL_AGENCY, Channel.REFERRAL_HOSPITAL}), Clause(DOC_TIELING, "二.1")
    if category is Category.EMERGENCY:
        return frozenset({Channel.EMERGENCY_FLAG, Channel.COUNTER}), Clause(DOC_TIELING, "二.2")
    if category is Category.MATERNITY:
        return frozenset({Channel.HOSPITAL_ADMISSION, Channel.COUNTER}), Clause(DOC_TIELING, "四.7")
    return (
        frozenset({Channel.SELF_SERVICE, Channel.COUNTER, Channel.HOSPITAL_ADMISSION}),
        Clause(DOC_2025, "一(二)"),
    )


def check_channel(category: Category, channel: Channel) -> None:
    """Refuse a category through a channel that cannot file it (e.g. a citizen self-filing a referral)."""
    allowed, clause = _allowed(category)
    if channel not in allowed:
        raise FilingRefused(
            "CHANNEL_NOT_ALLOWED",
            Reason(
                "channel.category",
                f"{category} 类备案不能通过 {channel} 渠道办理，可用渠道：{', '.join(sorted(allowed))}",
                f"a {category} filing cannot be made through {channel}; allowed: {', '.join(sorted(allowed))}",
                clause,
                {"category": category, "channel": channel, "allowed": sorted(allowed)},
                "channel",
            ),
        )


def check_counter_form(form: dict[str, str]) -> None:
    """A counter filing records the 附件1 form; its required fields must be filled (seed 000 二(二))."""
    unknown = sorted(set(form) - set(COUNTER_FORM_FIELDS))
    if unknown:
        raise InvalidInput.of(
            "form", f"附件1 无此字段：{', '.join(unknown)}", f"unknown form fields: {unknown}"
        )
    missing = [k for k in COUNTER_FORM_REQUIRED if not str(form.get(k, "")).strip()]
    if missing:
        names = "、".join(COUNTER_FORM_FIELDS[k] for k in missing)
        raise InvalidInput.of(
            "form",
            f"窗口办理须填写《异地就医申请（取消）表》：缺少 {names}",
            f"counter form fields missing: {missing}",
        )
