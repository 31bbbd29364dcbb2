"""A person's insurance status changes and their filings (参保状态变更; seed 002 第十三条(二)).

"参保单位要及时申报异地就医人员的相关变更信息，如退休、暂停、恢复、终止等，以免影响享受待遇": the
employer reports retirement, suspension, resumption and termination; each updates the person's
filings, and every filing it touches gets a history entry with the clause:

* retire (退休): an active employee (psn_type 11) becomes retired (12); a posted worker's filing in
  force becomes the filing of a retiree resettled there (异地安置退休人员), same place and dates —
  the posting condition (在职) no longer holds, the stay does;
* suspend (暂停): while insurance is suspended nothing is covered and no filing is made; filings in
  force stay, marked in their history;
* resume (恢复): cover returns under the same filings;
* terminate (终止): filings in force end that day (cancelled, no lock: the insurance itself ended).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from yidi.domain.errors import FilingRefused
from yidi.domain.filing.categories import Category
from yidi.domain.filing.clauses import DOC_2017_29, Clause, Reason
from yidi.domain.filing.filing import FilingStatus
from yidi.domain.filing.person import InsuredPerson

if TYPE_CHECKING:  # lifecycle → creation → this module (``not_insured``)
    from yidi.domain.filing.lifecycle import Change

CLAUSE = Clause(DOC_2017_29, "第十三条(二)")
STATUS_ZH = {"active": "正常参保", "suspended": "暂停参保", "terminated": "终止参保"}
EVENTS = ("retire", "suspend", "resume", "terminate")
EVENT_ZH = {"retire": "退休", "suspend": "暂停", "resume": "恢复", "terminate": "终止"}
# which status each event needs and leads to
_MOVES = {
    "retire": (("active", "suspended"), None),
    "suspend": (("active",), "suspended"),
    "resume": (("suspended",), "active"),
    "terminate": (("active", "suspended"), "terminated"),
}


def _refuse(person: InsuredPerson, event: str, zh: str) -> FilingRefused:
    return FilingRefused(
        "INVALID_STATE",
        Reason(
            "person.status", zh, f"cannot {event}: insurance status {person.insurance_status}, psn_type {person.psn_type}",
            CLAUSE, {"event": event, "insurance_status": person.insurance_status, "psn_type": person.psn_type}, "event",
        ),
    )  # fmt: skip


def change_status(person: InsuredPerson, event: str, on: date) -> list[Change]:
    """Apply a status change reported on ``on``; returns the change of every filing it touched."""
    from yidi.domain.filing.lifecycle import Change
    if event not in _MOVES:
        raise _refuse(person, event, f"参保状态变更应为 {'/'.join(EVENTS)} 之一")
    allowed, to = _MOVES[event]
    if person.insurance_status not in allowed:
        raise _refuse(person, event, f"{STATUS_ZH.get(person.insurance_status, person.insurance_status)}的人员不能办理{EVENT_ZH[event]}")
    if event == "retire" and person.psn_type != "11":
        raise _refuse(person, event, "只有在职职工（人员类别 11）可以办理退休")
    changes: list[Change] = []
    for filing in person.filings:
        if not filing.in_force:
            continue
        before = filing.snapshot()
        if event == "retire" and filing.category is Category.POSTED_WORKER:
            filing.category = Category.LONG_TERM_RETIREE
            zh = "参保人退休，常驻异地工作备案转为异地安置退休备案（就医地、有效期不变）"
        elif event == "terminate":
            filing.move(FilingStatus.CANCELLED)
            filing.ended_on, filing.end_reason = on, "insurance_terminated"
            zh = f"参保关系于 {on} 终止，备案随之终止"
        elif event in ("suspend", "resume"):
            zh = f"参保{EVENT_ZH[event]}（{on}）：{'暂停期间不享受异地就医待遇' if event == 'suspend' else '恢复享受备案待遇'}"
        else:
            continue
        why = Reason(f"person.{event}", zh, f"person {event}: filing updated", CLAUSE, {"event": event, "on": on})
        changes.append(Change(filing, f"person_{event}", before, [why]))
    if event == "retire":
        person.psn_type = "12"
    if to is not None:
        person.insurance_status = to
    return changes


def not_insured(person: InsuredPerson) -> Reason | None:
    """Why a suspended or terminated person is not covered and may not file (None if insured)."""
    if person.insurance_status == "active":
        return None
    status = STATUS_ZH.get(person.insurance_status, person.insurance_status)
    return Reason(
        "person.not_insured",
        f"参保状态为{status}，不享受异地就医待遇，也不能办理备案",
        f"insurance {person.insurance_status}: no cover and no filing",
        CLAUSE,
        {"insurance_status": person.insurance_status},
        "id_number",
    )
