"""Who acts (经办人/本人/定点医疗机构/系统) and through which channel (办理渠道).

Every use case receives an ``Actor``: the filing and claim workflows record it, ``domain.access``
decides whose records it may read or act on, and the web pages and the REST API build it from
the signed-in account (``service_layer.accounts.actor_for``). Which filing category may arrive
through which channel, and why, is decided in ``domain.filing.channels``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from yidi.domain.errors import InvalidInput


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
# The channels only a hospital acts through: a filing made through one of them is the hospital's.
HOSPITAL_CHANNELS = frozenset(c for c, roles in ROLES_OF_CHANNEL.items() if roles == {Role.HOSPITAL})

# The channel a role acts through when the caller names none (a reader, a REST call without
# X-Yidi-Channel): the insured person's own, the agency's counter, the hospital's admission desk.
DEFAULT_CHANNEL_OF_ROLE: dict[Role, Channel] = {
    Role.CITIZEN: Channel.SELF_SERVICE,
    Role.STAFF: Channel.COUNTER,
    Role.HOSPITAL: Channel.HOSPITAL_ADMISSION,
    Role.SYSTEM: Channel.SYSTEM,
}


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
