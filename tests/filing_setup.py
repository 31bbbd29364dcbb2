"""Actors and a registered person for the filing use-case tests, on a database
(``tests/integration/filing``) or on the fake unit of work (``tests/unit/service_layer``)."""

from __future__ import annotations

from typing import Any

from yidi.domain.actors import Actor, Channel, Role
from yidi.service_layer.person_services import register_person

STAFF = Actor("wang", Role.STAFF, Channel.COUNTER)
CITIZEN = Actor("me", Role.CITIZEN, Channel.SELF_SERVICE)
SYSTEM = Actor("job", Role.SYSTEM, Channel.SYSTEM)


def register(uow: Any, idn: str, region: str = "211200", psn_type: str = "12") -> dict[str, object]:
    """A retired employee insured in ``region`` with 1 234.56 yuan on the personal account."""
    return register_person(
        uow, STAFF, id_number=idn, name="李四", insutype="310", psn_type=psn_type, insured_region=region,
        account_balance_fen=123_456,
    )  # fmt: skip
