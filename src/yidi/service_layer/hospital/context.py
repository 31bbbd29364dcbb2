"""What a transaction handler receives (``Call``) and returns (``Outcome``), and shared lookups.

A hospital sees and changes only its own visits: ``own_visit`` answers "未找到" for another
hospital's ``mdtrt_id`` exactly as for an unknown one, so ids cannot be probed. ``person_for``
checks that the envelope's ``insuplc_admdvs`` is the person's insured region (§1.1: required
whenever the input names a person).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from yidi.adapters.hospital_repository import Row
from yidi.domain.filing.credit import DirectSettlementSuspended
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.national.codes import OUTPATIENT_MED_TYPES
from yidi.domain.national.envelope import Envelope
from yidi.domain.national.errors import NationalError, PsnNoIsCertificate
from yidi.domain.national.visit import Visit
from yidi.domain.person_number import looks_like_id_number
from yidi.service_layer.hospital.uow import HospitalUnitOfWork


@dataclass
class Call:
    uow: HospitalUnitOfWork
    env: Envelope
    hospital: Row
    now: datetime  # platform time of this transaction (the unit of work's clock date)
    refmsgid: str = ""  # this transaction's inf_refmsgid (3262 rolls a 3261 back by it)
    people: dict[str, InsuredPerson | None] = field(default_factory=dict, repr=False)

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def code(self) -> str:
        return str(self.hospital["code"])


@dataclass
class Outcome:
    output: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    psn_no: str = ""


def new_id(prefix: str, region: str, at: datetime) -> str:
    """A 30-character platform id: prefix(1) + region(6) + yyyyMMddHHmmss(14) + random(9)."""
    return f"{prefix}{region}{at:%Y%m%d%H%M%S}{secrets.randbelow(10**9):09d}"


@dataclass(frozen=True)
class PersonRow:
    """The insured person's columns that settlement and queries need (no filings loaded)."""

    id_number: str
    psn_no: str
    name: str
    insutype: str
    psn_type: str
    insured_region: str
    civil_servant: bool
    account_balance_fen: int
    assistance_group: str | None


def person_for(call: Call, psn_no: str, field: str, *, lock: bool = False) -> PersonRow:
    """The insured person of ``psn_no`` (the platform's opaque person number from 1101), checked
    against the envelope's ``insuplc_admdvs``; ``lock`` takes the per-person lock."""
    row = call.uow.hospital.person_row_by_psn_no(psn_no, for_update=lock)
    if row is None:
        raise unknown_person(psn_no, field)
    person = PersonRow(**{k: row[k] for k in PersonRow.__dataclass_fields__})
    _check_insuplc(call, person.insured_region)
    return person


def aggregate(call: Call, id_number: str) -> InsuredPerson | None:
    """The person with their filings, read once per transaction: the session's identity map
    returns the same objects anyway, this saves re-reading the filings, materials, commitments
    and settlement references (five statements) each time a step of 2304 needs them."""
    if id_number not in call.people:
        call.people[id_number] = call.uow.persons.get(id_number)
    return call.people[id_number]


def person_aggregate_for(call: Call, psn_no: str, field: str) -> InsuredPerson:
    """The person with their filings, locked — for transactions that may change a filing."""
    person = call.uow.persons.get_by_psn_no(psn_no, for_update=True)
    if person is None:
        raise unknown_person(psn_no, field)
    call.people[person.id_number] = person
    _check_insuplc(call, person.insured_region)
    return person


def refuse_if_suspended(call: Call, person: InsuredPerson | str, field: str) -> None:
    """A credit defaulter within the suspension period is refused direct settlement — admission
    (2401) and settlement (2303/2304, 2206/2207) — citing seed 001 三(二).3."""
    if isinstance(person, str):
        found = aggregate(call, person)
        if found is None:
            return
        person = found
    if person.direct_settlement_suspended(call.today):
        assert person.credit_restricted_until is not None
        raise DirectSettlementSuspended(person.credit_restricted_until, field)


def unknown_person(psn_no: str, field: str) -> NationalError:
    """No person has this ``psn_no``; an ID number in its place is refused by name (the interface
    takes the certificate only in 1101 and in ``mdtrt_cert_no``, never as ``psn_no``)."""
    if looks_like_id_number(psn_no):
        return PsnNoIsCertificate(field)
    return NationalError(field, f"未找到人员编号 {psn_no} 对应的参保人员")


def _check_insuplc(call: Call, insured_region: str) -> None:
    insuplc = call.env.insuplc_admdvs
    if not insuplc:
        raise NationalError(
            "insuplc_admdvs", "交易输入含人员编号时须填写参保地医保区划 insuplc_admdvs（可由【1101】获取）"
        )
    if insuplc != insured_region:
        raise NationalError(
            "insuplc_admdvs", f"参保地医保区划 {insuplc} 与人员参保地 {insured_region} 不一致"
        )


def own_visit(call: Call, mdtrt_id: str, field: str, *, lock: bool = False) -> Visit:
    visit = call.uow.hospital.visit(mdtrt_id, for_update=lock)
    if visit is None or visit.hospital_code != call.code:
        raise NationalError(field, f"未找到本机构的就诊ID {mdtrt_id}")
    return visit


def is_outpatient(visit: Visit) -> bool:
    """An outpatient visit (2201 挂号) rather than a stay (2401 入院): told by its ``med_type``."""
    return visit.med_type in OUTPATIENT_MED_TYPES


def check_psn(visit: Visit, psn_no: str, field: str) -> None:
    if visit.psn_no != psn_no:
        raise NationalError(field, f"人员编号 {psn_no} 与就诊ID {visit.mdtrt_id} 的人员不一致")
