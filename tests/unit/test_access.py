"""The access rules (domain.access): every role × every read and act, incl. the hospital's patients."""

from __future__ import annotations

import pytest

from yidi.domain.access import (
    ACT_OF_OPERATION,
    HOSPITAL_LOOKUP,
    AccessDenied,
    Act,
    Read,
    act_of,
    check_act,
    check_read,
)
from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.actors import Actor, Channel, Role
from yidi.service_layer.accounts import actor_for

ME = "210102195001010012"
OTHER = "210102196002020023"
CITIZEN = Actor("canbao", Role.CITIZEN, Channel.SELF_SERVICE, ME)
HOSPITAL = Actor("yiyuan", Role.HOSPITAL, Channel.HOSPITAL_ADMISSION, "H21010000001")
STAFF = Actor("jingban", Role.STAFF, Channel.COUNTER)
SYSTEM = Actor("cron", Role.SYSTEM, Channel.SYSTEM)
PERSON_ACTS = [a for a in Act if a not in (Act.QUEUE, Act.JOB)]


def patient(answer: bool) -> object:
    asked: list[bool] = []

    def is_patient() -> bool:
        asked.append(True)
        return answer

    is_patient.asked = asked  # type: ignore[attr-defined]
    return is_patient


@pytest.mark.parametrize("what", list(Read))
@pytest.mark.parametrize("actor", [None, STAFF, SYSTEM, Actor("cli", Role.CITIZEN, Channel.SELF_SERVICE)])
def test_staff_system_and_internal_read_everything(actor: Actor | None, what: Read) -> None:
    check_read(actor, OTHER, what)


@pytest.mark.parametrize("act", list(Act))
@pytest.mark.parametrize("actor", [None, STAFF, SYSTEM])
def test_staff_system_and_internal_do_everything(actor: Actor | None, act: Act) -> None:
    check_act(actor, act, OTHER)
    check_act(actor, act, None)


@pytest.mark.parametrize("what", list(Read))
def test_a_citizen_reads_only_their_own_records(what: Read) -> None:
    check_read(CITIZEN, ME, what)
    with pytest.raises(AccessDenied) as exc:
        check_read(CITIZEN, OTHER, what)
    assert exc.value.as_dict()["code"] == "FORBIDDEN" and "本人" in exc.value.zh and exc.value.en


@pytest.mark.parametrize("act", list(Act))
def test_a_citizen_files_changes_and_claims_only_for_themselves(act: Act) -> None:
    if act in (Act.FILE, Act.FILING_CHANGE, Act.CLAIM):
        check_act(CITIZEN, act, ME)
    else:  # the agency's or the hospital's acts, and the queue and jobs
        with pytest.raises(AccessDenied):
            check_act(CITIZEN, act, ME)
    with pytest.raises(AccessDenied):
        check_act(CITIZEN, act, OTHER)


def test_a_citizen_account_without_an_id_number_reaches_nothing() -> None:
    nobody = actor_for(WebUser("x", WebRole.INSURED, "x"), Channel.SELF_SERVICE)
    assert nobody.subject == ""  # not None: None would mean an internal, trusted actor
    with pytest.raises(AccessDenied):
        check_read(nobody, ME, Read.PERSON)


@pytest.mark.parametrize("what", list(Read))
def test_a_hospital_looks_anyone_up_but_sees_the_rest_only_of_its_patients(what: Read) -> None:
    not_patient = patient(False)
    if what in HOSPITAL_LOOKUP:
        check_read(HOSPITAL, OTHER, what, not_patient)  # type: ignore[arg-type]
        assert not not_patient.asked  # type: ignore[attr-defined]  # no query for the lookup
        return
    with pytest.raises(AccessDenied) as exc:
        check_read(HOSPITAL, OTHER, what, not_patient)  # type: ignore[arg-type]
    assert exc.value.rule == "access.hospital_patient" and "本机构患者" in exc.value.zh
    check_read(HOSPITAL, OTHER, what, patient(True))  # type: ignore[arg-type]


@pytest.mark.parametrize("act", PERSON_ACTS)
def test_hospital_acts(act: Act) -> None:
    if act in (Act.FILE, Act.HOSPITAL_ACT):  # admission, emergency flag, referral: for anyone
        check_act(HOSPITAL, act, OTHER, patient(False))  # type: ignore[arg-type]
    elif act is Act.CLAIM:  # its patients only (the claim workflow then checks the step's role)
        with pytest.raises(AccessDenied):
            check_act(HOSPITAL, act, OTHER, patient(False))  # type: ignore[arg-type]
        check_act(HOSPITAL, act, OTHER, patient(True))  # type: ignore[arg-type]
    else:  # the person's or the agency's acts, even on a patient
        with pytest.raises(AccessDenied):
            check_act(HOSPITAL, act, OTHER, patient(True))  # type: ignore[arg-type]


@pytest.mark.parametrize("actor", [CITIZEN, HOSPITAL])
@pytest.mark.parametrize("act", [Act.QUEUE, Act.JOB])
def test_only_staff_work_the_queue_and_run_jobs(actor: Actor, act: Act) -> None:
    with pytest.raises(AccessDenied) as exc:
        check_act(actor, act, None)
    assert "经办人员" in exc.value.zh


def test_every_service_operation_is_mapped_to_an_act() -> None:
    filing_ops = {"create", "admit", "complete", "settlement", "third_city", "resume", "cancel", "supply"}
    claim_ops = {"submit", "accept", "return", "resubmit", "withdraw", "review", "approve", "reject", "pay"}
    assert filing_ops | claim_ops | {"change", "recovered", "deadlines", "release_hold"} == set(
        ACT_OF_OPERATION
    )
    assert act_of("something_new") is Act.JOB  # unmapped: staff only until decided


@pytest.mark.parametrize(
    ("role", "actor_role", "subject"),
    [
        (WebRole.INSURED, Role.CITIZEN, ME),
        (WebRole.HOSPITAL, Role.HOSPITAL, "H21010000001"),
        (WebRole.STAFF, Role.STAFF, None),
        (WebRole.ADMIN, Role.STAFF, None),
    ],
)
def test_one_mapping_from_account_to_actor(role: WebRole, actor_role: Role, subject: str | None) -> None:
    user = WebUser("u1", role, "名", id_number=ME, hospital_code="H21010000001")
    actor = actor_for(user, Channel.COUNTER)
    assert (actor.user, actor.role, actor.channel, actor.subject) == (
        "u1",
        actor_role,
        Channel.COUNTER,
        subject,
    )


def test_settlement_scope_forces_own_records() -> None:
    from yidi.domain.access import settlement_scope

    assert settlement_scope(CITIZEN) == {"id_number": ME}
    assert settlement_scope(HOSPITAL) == {"hospital_code": "H21010000001"}
    assert settlement_scope(STAFF) == {} and settlement_scope(None) == {}
    with pytest.raises(AccessDenied) as refused:
        settlement_scope(Actor("x", Role.CITIZEN, Channel.SELF_SERVICE, ""))
    assert refused.value.rule == "access.no_subject"


@pytest.mark.parametrize(
    ("actor", "id_number", "hospital", "rule"),
    [
        (CITIZEN, ME, "H99999999999", None),
        (CITIZEN, OTHER, "H21010000001", "access.citizen_own"),
        (HOSPITAL, OTHER, "H21010000001", None),
        (HOSPITAL, ME, "H21020000002", "access.hospital_own_settlements"),
        (HOSPITAL, ME, None, "access.hospital_own_settlements"),
        (STAFF, OTHER, None, None),
    ],
)
def test_check_settlement(actor: Actor, id_number: str, hospital: str | None, rule: str | None) -> None:
    from yidi.domain.access import check_settlement

    if rule is None:
        check_settlement(actor, id_number, hospital)
        return
    with pytest.raises(AccessDenied) as refused:
        check_settlement(actor, id_number, hospital)
    assert refused.value.rule == rule
