"""The supervision tables as the migration builds them (SQLite, and PostgreSQL when configured):
money as BIGINT fen, hits unique per settlement, rule and line, histories append-only, and a
deduction row carrying what clearing needs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import BigInteger, Engine, inspect, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from yidi.adapters import orm_supervision as t
from yidi.adapters.migrate import current_revision, head_revision
from yidi.domain.supervision import decisions as dec
from yidi.domain.supervision.parties import Party, SettlementFacts

NOW = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)


def test_migration_builds_every_table(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()  # 0700_supervision or a later head
    names = set(inspect(engine).get_table_names())
    assert {tab.name for tab in t.metadata.sorted_tables if tab.name.startswith("supervision_")} <= names
    money = {c["name"]: c["type"] for c in inspect(engine).get_columns("supervision_deductions")}
    assert isinstance(money["amount_fen"], BigInteger)


def _hit(run_id: str) -> dict[str, object]:
    return {"run_id": run_id, "month": "2025-03", "setl_id": "S1", "mdtrt_id": "M1", "line_sn": "", "rule": "R-XC",
            "severity": "info", "clause": "c", "detail": "d", "params": {}, "facts": {}, "hospital_code": "H1",
            "insured_region": "110000", "treatment_region": "210100", "found_at": NOW}  # fmt: skip


def test_hits_are_unique_per_settlement_rule_and_line(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            t.review_runs.insert().values(
                run_id="R1", month="2025-03", kind="batch", started_at=NOW, params={}
            )
        )
        conn.execute(t.rule_hits.insert().values(**_hit("R1")))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(t.rule_hits.insert().values(**_hit("R1")))


def test_histories_are_append_only(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(t.tickets.insert().values(
            id="T1", kind="system", raised_by_kind="hospital", raised_by_code="H1", addressed_kind="agency",
            addressed_code="210100", subject="s", opened_at=NOW, respond_by=NOW, resolve_by=NOW, status="open", reopened=0,
        ))  # fmt: skip
        conn.execute(
            t.ticket_history.insert().values(ticket_id="T1", at=NOW, by="x", action="raise", note="")
        )
    for stmt in (t.ticket_history.update().values(note="changed"), t.ticket_history.delete()):
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(stmt)


def test_a_deduction_row_carries_what_clearing_needs(engine: Engine) -> None:
    facts = SettlementFacts("S1", "110000", "210100", "H1", "4", 4_000_000, 2_500_000)
    req = dec.DecisionRequest("k1", "S1", dec.Outcome.DEDUCT, 12_345, "重复收费", "R-DUP")
    d = dec.decide(facts, [], req, Party.agency("210100", "wang"), NOW, "D1")
    ded = dec.deduction(d, facts)
    assert ded is not None
    row = {"source_id": ded.decision_id, "source": "decision", "settlement_id": ded.settlement_id,
           "insured_region": ded.insured_region, "treatment_region": ded.treatment_region,
           "hospital_code": ded.hospital_code, "amount_fen": ded.amount_fen, "reason": ded.reason, "rule": ded.rule,
           "decided_at": ded.decided_at}  # fmt: skip
    with engine.begin() as conn:
        conn.execute(t.deductions.insert().values(**row))
        got = conn.execute(select(t.deductions)).mappings().one()
    assert got["amount_fen"] == 12_345 and got["insured_region"] == "110000" and got["clearing_ref"] is None
    with pytest.raises(IntegrityError), engine.begin() as conn:  # one deduction per decision
        conn.execute(t.deductions.insert().values(**row))


def test_xiecha_and_inspection_rows(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(t.xiecha_cases.insert().values(
            id="X1", setl_id="S1", insured_region="110000", treatment_region="210100", hospital_code="H1",
            medfee_fen=4_000_000, fund_fen=2_500_000, questions=["?"], opened_by="a", opened_at=NOW,
            deadline=date(2025, 5, 1), status="open", confirmed_fen=0,
        ))  # fmt: skip
        conn.execute(t.inspections.insert().values(id="I1", hospital_code="H1", institution_kind="hospital",
                                                   kind="flying", year=2025, planned_on=date(2025, 6, 1)))  # fmt: skip
        conn.execute(t.inspection_findings.insert().values(inspection_id="I1", item="pricing", compliant=False,
                                                           note="n", deduction_ids=["D1"], recorded_by="a", recorded_at=NOW))  # fmt: skip
        assert conn.execute(select(t.xiecha_cases.c.deadline)).scalar_one() == date(2025, 5, 1)
