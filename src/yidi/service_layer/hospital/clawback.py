"""Settlement references on commitment filings and their benefit difference (待遇差, seed 004 一(二)).

A long-term filing made under the commitment (告知承诺制, materials still owed) is settled at the
long-term standard. If the commitment is not honoured the filing is revoked and the difference
between what the funds paid and what they would have paid at the standard the person gets
without that filing — 临时外出就医 (the 即申即享 temporary standard, seed 004 一(二)) — is
clawed back. So when a settlement (2304 / 2207) is made under such a filing, the kernel runs a
second time on the very same request with ``filing_category`` temporary, and the filing records
the settlement with ``fund_pay_sumamt(filing) − fund_pay_sumamt(temporary)`` (never below 0):
``domain.filing.settlements.record_settlement``, the filing module's own rule. A reversal of the
settlement removes its reference (nothing is owed for a cancelled settlement) unless it was
already recovered; a 2601 re-instating the settlement records it again.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from yidi.domain.actors import Channel
from yidi.domain.errors import YidiError
from yidi.domain.filing import settlements
from yidi.domain.filing.commitment import ClawbackStatus, CommitmentStatus
from yidi.domain.filing.filing import HistoryEntry
from yidi.domain.money import fmt_fen
from yidi.domain.national.errors import NationalError
from yidi.domain.national.visit import Visit
from yidi.domain.settlement import recovery
from yidi.service_layer.desk import settle_request
from yidi.service_layer.hospital.context import Call, aggregate
from yidi.service_layer.hospital.settlement_calc import Computed

log = logging.getLogger("yidi.national")
BASELINE = "temporary"
CLAUSE = "辽宁省医保局 辽宁省财政厅 2025 通知 一(二)"


def benefit_difference(c: Computed) -> tuple[int, int]:
    """(difference, baseline fund payment) in fen: the second kernel run at the temporary standard."""
    # the same policy (an outpatient settlement's outpatient parameters), unless it was a delegation
    same = c.settled.resolution.policy if getattr(c.settled, "delegation", None) is None else None
    baseline = settle_request(replace(c.settled.request, filing_category=BASELINE), same)
    paid = gross_fund_pay(c)
    base = int(baseline.amounts["fund_pay_sumamt"])
    return max(paid - base, 0), base


def gross_fund_pay(c: Computed) -> int:
    """The funds' payment for this stay before any 待遇差 deducted from it (``deduct_due``)."""
    amounts = c.settled.amounts
    return int(amounts["fund_pay_sumamt"]) + int(amounts.get(recovery.RECOVERED, 0))


def record(call: Call, id_number: str, visit: Visit, c: Computed, setl_id: str) -> dict[str, Any] | None:
    """Record ``setl_id`` on the visit's filing when that filing is under an open commitment;
    returns the explanation item added to the settlement's ``explanation[]`` (or None)."""
    filing_id = visit.filing_id
    if not filing_id or visit.filing_category == BASELINE:
        return None
    person = aggregate(call, id_number)
    filing = next((f for f in person.filings if f.id == filing_id), None) if person else None
    if person is None or filing is None or filing.commitment is None:
        return None
    if filing.commitment.status is not CommitmentStatus.OPEN:
        return None
    try:
        diff, base = benefit_difference(c)
    except YidiError as exc:  # the insured region has no temporary standard for this case
        log.warning("benefit difference of %s not computed: %s", setl_id, exc)
        return None
    settlements.record_settlement(person, filing_id, setl_id, call.today, diff)
    paid = gross_fund_pay(c)
    return {
        "field": "benefit_difference", "amount": fmt_fen(diff), "rule": (
            f"承诺制备案期间的结算：按备案待遇基金支付 {fmt_fen(paid)} 元，按临时外出就医待遇应支付 "
            f"{fmt_fen(base)} 元，待遇差 {fmt_fen(diff)} 元已记入备案 {filing_id}；承诺未兑现、备案撤销时追回（{CLAUSE}）。"
        ), "parameters": [], "values": {"fund_pay_sumamt": fmt_fen(paid), "baseline_fund_pay_sumamt": fmt_fen(base)},
    }  # fmt: skip


def remove(call: Call, id_number: str, setl_id: str) -> dict[str, Any] | None:
    """A reversal: drop the reference of ``setl_id`` (kept if already recovered); returns what was
    dropped so a 2601 of the reversal can record it again."""
    person = aggregate(call, id_number)
    for f in person.filings if person else []:
        for ref in list(f.settlements):
            if ref.settlement_id == setl_id and ref.clawback is not ClawbackStatus.RECOVERED:
                f.settlements.remove(ref)
                return {
                    "filing_id": f.id,
                    "settled_on": ref.settled_on.isoformat(),
                    "fen": ref.benefit_difference_fen,
                }
    return None


def restore(call: Call, id_number: str, setl_id: str, dropped: dict[str, Any] | None) -> None:
    """2601 of a reversal: record the settlement on its filing again, as it was."""
    person = aggregate(call, id_number)
    if not dropped or person is None:
        return
    on = date.fromisoformat(str(dropped["settled_on"]))
    settlements.record_settlement(person, str(dropped["filing_id"]), setl_id, on, int(dropped["fen"]))


def deduct_due(call: Call, id_number: str, c: Computed) -> Computed:
    """The 待遇差 of revoked commitment filings still due, deducted from this settlement
    (seed 004 一(二); ``domain/settlement/recovery.py``). Nothing is marked here: 2303 shows the
    deduction, ``mark_deducted`` records it when 2304 / 2207 stores the settlement."""
    person = aggregate(call, id_number)
    if person is None:
        return c
    _, refs = settlements.clawback_due(person)
    dues = [(s.settlement_id, s.benefit_difference_fen) for s in sorted(refs, key=lambda s: s.settled_on)]
    plan = recovery.plan(dues, int(c.settled.amounts["fund_pay_sumamt"]))
    if not plan.settlement_ids:
        return c
    detail, amounts, item = recovery.apply(c.detail, dict(c.settled.amounts), plan)
    deducted = replace(
        c, settled=replace(c.settled, amounts=amounts), detail=detail,
        explanation=[*c.explanation, item], recovers=plan.settlement_ids,
    )  # fmt: skip
    broken = deducted.violations()
    if broken:  # never answer a settlement that does not add up
        raise NationalError("setlinfo", "扣减待遇差后结算结果恒等式不成立：" + "；".join(broken))
    return deducted


def mark_deducted(call: Call, id_number: str, setl_id: str, recovered: tuple[str, ...] | list[str]) -> None:
    """Settlement ``setl_id`` deducted the 待遇差 of ``recovered``: mark them recovered, with history."""
    person = aggregate(call, id_number)
    if person is None:
        return
    for settlement_id in recovered:
        ref = settlements.mark_recovered(person, settlement_id, call.today)
        filing = next(f for f in person.filings if ref in f.settlements)
        call.uow.persons.add_history(HistoryEntry(
            person_id_number=person.id_number, filing_id=filing.id, at=datetime.now(UTC), actor=call.code,
            channel=str(Channel.HOSPITAL_ADMISSION), action="clawback_recovered",
            reason=f"直接结算 {setl_id} 扣减结算 {settlement_id} 的待遇差", rule_id="settlement.clawback",
            clause=CLAUSE, after=filing.snapshot(),
        ))  # fmt: skip


def reopen_deducted(call: Call, id_number: str, recovered: list[str]) -> None:
    """The settlement that deducted them is reversed: the 待遇差 of ``recovered`` is due again."""
    person = aggregate(call, id_number)
    if person is None:
        return
    for f in person.filings:
        for ref in f.settlements:
            if ref.settlement_id in recovered and ref.clawback is ClawbackStatus.RECOVERED:
                ref.clawback, ref.recovered_on = ClawbackStatus.DUE, None
