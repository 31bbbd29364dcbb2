"""The audit log of reads (查阅记录): who read which person's records, when, through which page or
API address — what a 个人信息保护法 review asks for — and its search for the administrator.

Read use cases call ``note_read`` when staff or a hospital reads a person (``queries.authorize_read``);
the entry point collects those notes for the request (``collecting``) and writes them once the
answer is made (``flush``), in a unit of work of its own: a read use case never commits, and
writing inside it would turn every read into a write transaction. The national interface's
queries of a person (1101, 2001, 52xx, 53xx: ``codes.PERSON_READS``) are written by the
dispatcher with ``national_read`` in the transaction that logs the message.
Changes to hospitals' access (onboarding) are written by ``hospital_onboarding`` directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from yidi.domain.actors import Actor, Role
from yidi.domain.national.codes import PERSON_READS
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

_notes: ContextVar[list[dict[str, str]] | None] = ContextVar("yidi_audit_reads", default=None)
AUDITED = (Role.STAFF, Role.HOSPITAL)


def note_read(actor: Actor | None, id_number: str, what: str) -> None:
    """Remember that ``actor`` (staff or a hospital) read ``what`` of ``id_number`` in this request."""
    notes = _notes.get()
    if notes is None or actor is None or actor.role not in AUDITED:
        return
    who = f"{actor.role}:{actor.subject or actor.user}"
    entry = {"actor": who, "subject": id_number, "what": what}
    if entry not in notes:
        notes.append(entry)


@contextmanager
def collecting() -> Iterator[list[dict[str, str]]]:
    """Collect the reads of one request."""
    notes: list[dict[str, str]] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)


def flush(factory: Callable[[], SqlAlchemyUnitOfWork], notes: list[dict[str, str]], via: str) -> None:
    """Write the collected reads (one entry per person, actor and kind of record)."""
    if not notes:
        return
    at = datetime.now(UTC)
    with factory() as uow:
        for n in notes:
            uow.audit.add(at=at, actor=n["actor"], action="person.read", subject=n["subject"], via=via, what=n["what"])
        uow.commit()


def national_read(uow: SqlAlchemyUnitOfWork, hospital_code: str, psn_no: str, infno: str, msgid: str) -> None:
    """Note that hospital ``hospital_code`` read the records of the person numbered ``psn_no``
    through national transaction ``infno`` (only the person queries of ``PERSON_READS``; others
    are acts). The entry names the person by ID number, as every other read does, so the
    administrator finds all reads of a person with one search; the opaque ``psn_no`` is kept beside."""
    if infno not in PERSON_READS or not psn_no:
        return
    person = uow.hospital.person_row_by_psn_no(psn_no)
    uow.audit.add(
        at=datetime.now(UTC), actor=f"{Role.HOSPITAL}:{hospital_code}", action="person.read",
        subject=str(person["id_number"]) if person is not None else psn_no, via=f"national {infno}",
        what=f"{infno} {PERSON_READS[infno]}", msgid=msgid, psn_no=psn_no,
    )  # fmt: skip


def search(factory: Callable[[], SqlAlchemyUnitOfWork], **criteria: Any) -> list[dict[str, Any]]:
    """Entries matching ``actor`` / ``subject`` / ``action`` / ``since`` / ``until``, newest first."""
    with factory() as uow:
        return [
            {"at": r["at"], "actor": r["actor"], "action": r["action"], "subject": r["subject"], "via": r["via"],
             "detail": r["detail"]}
            for r in uow.audit.search(**criteria)
        ]  # fmt: skip
