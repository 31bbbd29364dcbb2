"""Helpers shared by the filing domain tests (importable; conftest.py is not)."""

from __future__ import annotations

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.identifiers import check_char

ROLE = {
    Channel.SELF_SERVICE: Role.CITIZEN,
    Channel.COUNTER: Role.STAFF,
    Channel.REFERRAL_AGENCY: Role.STAFF,
    Channel.HOSPITAL_ADMISSION: Role.HOSPITAL,
    Channel.REFERRAL_HOSPITAL: Role.HOSPITAL,
    Channel.EMERGENCY_FLAG: Role.HOSPITAL,
    Channel.SYSTEM: Role.SYSTEM,
}


def make_person(
    region: str = "219900", psn_type: str = "12", insutype: str = "310", *, female: bool = False
) -> InsuredPerson:
    body = f"2101021960051701{2 if female else 1}"
    return InsuredPerson.register(
        id_number=body + check_char(body),
        name="测试",
        insutype=insutype,
        psn_type=psn_type,
        insured_region=region,
    )


def make_actor(channel: Channel) -> Actor:
    return Actor("tester", ROLE[channel], channel)
