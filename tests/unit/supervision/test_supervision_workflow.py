"""Decision rules and their refusals; 协查, tickets and inspections; the review ratio and queue."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from tests.unit.supervision.world import build

from yidi.domain.errors import InvalidInput
from yidi.domain.supervision import decisions as dec
from yidi.domain.supervision import inspections as insp
from yidi.domain.supervision import tickets as tk
from yidi.domain.supervision import xiecha as xc
from yidi.domain.supervision.basis import SupervisionRefused
from yidi.domain.supervision.evaluator import review
from yidi.domain.supervision.parties import Party, SettlementFacts
from yidi.domain.supervision.queue import Why, drawn, drawn_many, select

NOW = datetime(2025, 4, 1, 9, 0)
FACTS = SettlementFacts("S1", "110000", "210100", "H21010000001", "4", 4_000_000, 2_500_000,
                        {"1-1": 30_000, "1-2": 3_000_000})  # fmt: skip
REVIEWER = Party.agency("210100", "wang")
SECOND = Party.agency("210100", "li")
INSURED = Party.agency("110000", "zhao")
HOSPITAL = Party.hospital("H21010000001", "desk")


def _deduct(amount: int, key: str = "k1", line: str | None = None) -> dec.DecisionRequest:
    return dec.DecisionRequest(key, "S1", dec.Outcome.DEDUCT, amount, "重复收费", "R-DUP", line)


def test_deduction_below_four_eyes_is_final_and_goes_to_clearing() -> None:
    d = dec.decide(FACTS, [], _deduct(20_000, line="1-1"), REVIEWER, NOW, "D1")
    assert d.status is dec.DecisionStatus.FINAL
    ded = dec.deduction(d, FACTS)
    assert ded == dec.Deduction(
        "S1", "110000", "210100", "H21010000001", 20_000, "重复收费", "R-DUP", "D1", NOW
    )


def test_large_deduction_needs_a_second_person() -> None:
    d = dec.decide(FACTS, [], _deduct(1_000_000), REVIEWER, NOW, "D1")
    assert d.status is dec.DecisionStatus.PENDING_SECOND and dec.deduction(d, FACTS) is None
    with pytest.raises(SupervisionRefused) as err:
        dec.approve(d, FACTS, REVIEWER, NOW)
    assert err.value.code == "SAME_REVIEWER"
    ok = dec.approve(d, FACTS, SECOND, NOW + timedelta(hours=1))
    assert ok.status is dec.DecisionStatus.FINAL and dec.deduction(ok, FACTS) is not None
    assert dec.approve(ok, FACTS, SECOND, NOW) == ok  # repeated approval is idempotent


def test_deduction_above_the_fund_part_is_refused() -> None:
    first = dec.decide(FACTS, [], _deduct(2_000_000), REVIEWER, NOW, "D1")
    with pytest.raises(SupervisionRefused) as err:
        dec.decide(FACTS, [first], _deduct(600_000, key="k2"), REVIEWER, NOW, "D2")
    assert err.value.code == "DEDUCTION_ABOVE_FUND"


def test_decision_on_another_regions_settlement_is_refused() -> None:
    with pytest.raises(SupervisionRefused) as err:
        dec.decide(FACTS, [], _deduct(100), Party.agency("210200", "x"), NOW, "D1")
    assert err.value.code == "OTHER_REGION"


def test_form_problems_are_named_together() -> None:
    bad = dec.DecisionRequest("k", "S1", dec.Outcome.DEDUCT, 0, " ", "", "9-9")
    with pytest.raises(InvalidInput) as err:
        dec.decide(FACTS, [], bad, REVIEWER, NOW, "D1")
    assert {p.field for p in err.value.problems} == {"amount_fen", "reason", "feedetl_sn"}
    with pytest.raises(InvalidInput):
        dec.decide(FACTS, [], _deduct(30_001, line="1-1"), REVIEWER, NOW, "D1")  # above the line


def test_decisions_are_idempotent_on_their_key() -> None:
    d = dec.decide(FACTS, [], _deduct(100), REVIEWER, NOW, "D1")
    assert dec.decide(FACTS, [d], _deduct(100), REVIEWER, NOW, "D2") is d
    with pytest.raises(SupervisionRefused):
        dec.decide(FACTS, [d], _deduct(200), REVIEWER, NOW, "D2")


def test_reviewed_ratio() -> None:
    assert str(dec.reviewed_ratio(3, 2)) == "0.67"
    assert str(dec.reviewed_ratio(8, 8)) == "1.00" and str(dec.reviewed_ratio(0, 0)) == "1.00"
    with pytest.raises(InvalidInput):
        dec.reviewed_ratio(2, 3)


def test_xiecha_lifecycle_confirmed() -> None:
    case = xc.open_case("X1", FACTS, INSURED, ["是否存在重复收费？"], NOW)
    assert case.deadline == date(2025, 5, 1) and case.status is xc.XiechaStatus.OPEN
    with pytest.raises(SupervisionRefused):
        xc.answer(case, Party.agency("210200", "y"), "无", [], 0, NOW)  # not the addressed region
    xc.answer(case, REVIEWER, "发现重复收费 2 项", ["report.pdf"], 60_000, NOW + timedelta(days=3))
    with pytest.raises(SupervisionRefused):
        xc.confirm(case, REVIEWER, 60_000, "", NOW)  # only the insured region concludes
    ded = xc.confirm(case, INSURED, 60_000, "重复收费", NOW + timedelta(days=5))
    assert (
        case.status is xc.XiechaStatus.CONFIRMED
        and ded.amount_fen == 60_000
        and ded.insured_region == "110000"
    )
    assert [e.action for e in case.history] == ["open", "answer", "confirm"]


def test_xiecha_refusals_and_escalation() -> None:
    with pytest.raises(InvalidInput) as err:
        xc.open_case("X1", FACTS, INSURED, [], NOW, deadline=date(2025, 3, 31))
    assert {p.field for p in err.value.problems} == {"questions", "deadline"}
    with pytest.raises(SupervisionRefused):
        xc.open_case("X1", FACTS, REVIEWER, ["?"], NOW)  # the treatment region does not open
    in_province = SettlementFacts("S2", "219900", "210100", "H", "3", 100, 80)
    with pytest.raises(SupervisionRefused):
        xc.open_case("X2", in_province, Party.agency("219900", "a"), ["?"], NOW)
    case = xc.open_case("X3", FACTS, INSURED, ["?"], NOW, deadline=date(2025, 4, 10))
    assert not xc.escalate_overdue(case, datetime(2025, 4, 10, 23, 0))
    assert xc.escalate_overdue(case, datetime(2025, 4, 11, 0, 1)) and case.status is xc.XiechaStatus.ESCALATED
    xc.answer(case, REVIEWER, "迟复", [], 0, datetime(2025, 4, 12))
    assert case.answer is not None and case.answer.late
    xc.clear(case, INSURED, datetime(2025, 4, 13))
    with pytest.raises(SupervisionRefused):
        xc.confirm(case, INSURED, 1, "", datetime(2025, 4, 14))


def test_ticket_life_history_and_sla() -> None:
    t = tk.raise_ticket(
        "T1", tk.TicketKind.SETTLEMENT_FAILURE, HOSPITAL, REVIEWER, "2304 返回失败", NOW, setl_id="S1"
    )
    assert t.respond_by == NOW + timedelta(hours=4)
    assert tk.breaches(t, NOW + timedelta(hours=5)) == ["response"]
    with pytest.raises(SupervisionRefused):
        tk.step(t, "respond", HOSPITAL, "", NOW)  # the raiser does not answer itself
    tk.step(t, "respond", REVIEWER, "已收到", NOW + timedelta(hours=1))
    tk.step(t, "handle", REVIEWER, "排查中", NOW + timedelta(hours=2))
    with pytest.raises(InvalidInput):
        tk.step(t, "resolve", REVIEWER, "", NOW)
    tk.step(t, "resolve", REVIEWER, "已修复", NOW + timedelta(hours=3))
    tk.close(t, HOSPITAL, NOW + timedelta(hours=4))
    tk.reopen(t, HOSPITAL, "问题再次出现", NOW + timedelta(days=1))
    assert t.status is tk.TicketStatus.OPEN and t.reopened == 1
    assert [e.action for e in t.history] == ["raise", "respond", "handle", "resolve", "close", "reopen"]
    assert tk.visible_to(t, HOSPITAL) and not tk.visible_to(t, Party.hospital("H21010000009", "x"))


def test_ticket_needs_subject_and_link() -> None:
    with pytest.raises(InvalidInput) as err:
        tk.raise_ticket("T1", tk.TicketKind.SYSTEM, HOSPITAL, HOSPITAL, " ", NOW)
    assert {p.field for p in err.value.problems} == {"subject", "link", "addressed_to"}


def test_inspection_findings_and_coverage() -> None:
    i = insp.plan("I1", "H1", insp.InspectionKind.FLYING, date(2025, 6, 1))
    with pytest.raises(InvalidInput) as err:
        insp.complete(i, date(2025, 6, 2))
    assert len(err.value.problems) == len(insp.CHECKLIST["hospital"])
    for item in insp.CHECKLIST["hospital"]:
        insp.record(
            i,
            insp.Finding(item.code, item.code != "pricing", "超限价未拆分" if item.code == "pricing" else ""),
        )
    with pytest.raises(InvalidInput):
        insp.record(i, insp.Finding("nope", True))
    insp.complete(i, date(2025, 6, 2))
    planned = insp.plan("I2", "H2", insp.InspectionKind.ROUTINE, date(2025, 9, 1))
    cov = insp.coverage(2025, ["H1", "H2", "H3"], [i, planned])
    assert (cov.covered, str(cov.ratio), cov.uncovered) == (1, "0.33", ("H2", "H3"))


def test_queue_selects_by_rule_amount_and_random_draw() -> None:
    hits = review(build(lines=[{"item": "CBC"}, {"item": "CBC"}]))
    amounts = {"S1": 1_000, "S2": 3_000_000, **{f"R{i}": 100 for i in range(400)}}
    q = {e.setl_id: e for e in select(amounts, hits, seed="2025-03")}
    assert q["S1"].reasons[0] is Why.RULE and q["S1"].rules == ("R-DUP",)
    assert Why.AMOUNT in q["S2"].reasons
    drawn = [k for k in q if k.startswith("R")]
    assert 5 <= len(drawn) <= 40  # about 5 % of 400
    assert select(amounts, hits, seed="2025-03") == select(amounts, hits, seed="2025-03")


def test_queue_draws_many_as_one_at_a_time() -> None:
    """The monthly run draws a million settlements as one array: the same draw as ``drawn``."""
    ids = [f"S{i:09d}" for i in range(2_000)]
    assert drawn_many(ids, "2025-03", 500).tolist() == [drawn(s, "2025-03", 500) for s in ids]
    assert not drawn_many([], "2025-03", 500).size
