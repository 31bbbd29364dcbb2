"""Sampling with extrapolation and anomaly screening over a month in the database: the same
sample on every draw, extrapolation only once the sample is reviewed, and an expensive hospital
found among its peers with its largest stays queued and explained."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select
from tests.integration.supervision.audit_rows import ASPIRIN, PCI, Stay, add, march

from yidi.adapters import orm_supervision as t
from yidi.domain.errors import InvalidInput
from yidi.domain.supervision.parties import Party
from yidi.service_layer import supervision_decisions as sd
from yidi.service_layer import supervision_screening as ss
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Factory = Callable[[], SqlAlchemyUnitOfWork]
H = "H21010000001"


def test_sample_is_stable_queued_and_extrapolated(engine: Engine, uow_factory: Factory, new_id_number) -> None:  # type: ignore[no-untyped-def]
    amounts = [50_000, 80_000, 120_000, 300_000, 450_000, 600_000, 900_000, 1_500_000, 2_500_000, 6_000_000]
    for i, fen in enumerate(amounts):
        add(engine, Stay(new_id_number(), "110100", march(1 + i), march(2 + i), [(ASPIRIN, "1", fen)]))
    first = ss.sample(uow_factory(), H, "2026-03", size=4)
    assert first == ss.sample(uow_factory(), H, "2026-03", size=4)
    picked = [x for st in first["strata"] for x in st["sampled"]]
    assert first["settlements"] == 10 and len(picked) >= 4
    with engine.connect() as conn:
        queued = set(conn.execute(select(t.review_queue.c.setl_id)).scalars())
    assert set(picked) <= queued
    with pytest.raises(InvalidInput):
        ss.extrapolate(uow_factory(), H, "2026-03", size=4)
    reviewer = Party.agency("210100", "li")
    for n, setl_id in enumerate(picked):
        body = {"key": f"s{n}", "setl_id": setl_id, "outcome": "deduct" if n == 0 else "accept",
                "amount_fen": 1_000 if n == 0 else 0, "reason": "重复收费" if n == 0 else ""}  # fmt: skip
        sd.decide(uow_factory(), reviewer, body)
    out = ss.extrapolate(uow_factory(), H, "2026-03", size=4)
    assert out["sampled"] == len(picked) and out["sample_errors"] == 1 and out["found_fen"] == 1_000
    assert out["recovery_low_fen"] <= out["recovery_fen"] <= out["recovery_high_fen"]
    assert out["proposed_fen"] >= 1_000


def test_screening_finds_the_expensive_hospital_and_queues_its_stays(engine: Engine, uow_factory: Factory,
                                                                      new_id_number) -> None:  # type: ignore[no-untyped-def]
    hospitals = [f"H2101000001{k}" for k in range(6)]
    for k, code in enumerate(hospitals):
        for i in range(10):
            fen = 3_000_000 if k == 0 else 1_000_000 + 10_000 * ((i + k) % 5)
            add(engine, Stay(new_id_number(), "211200", march(1 + i), march(5 + i), [(PCI, "1", fen)], pay_loc="3",
                             hospital=code))  # fmt: skip
    out = ss.screen_month(uow_factory(), "2026-03")
    assert out["stays"] == 60
    costly = [a for a in out["anomalies"] if a["metric"] == "cost_per_stay" and a["unit"] == "hospital"]
    assert [a["hospital_code"] for a in costly] == [hospitals[0]]
    with engine.connect() as conn:
        hits = conn.execute(select(t.rule_hits.c.setl_id, t.rule_hits.c.detail).where(t.rule_hits.c.rule == "A-COST")).all()
        reasons = conn.execute(select(t.review_queue.c.reasons)).scalars().all()
    assert len({h.setl_id for h in hits}) == 10 and "次均费用" in hits[0].detail
    assert all("anomaly" in r for r in reasons)
    again = ss.screen_month(uow_factory(), "2026-03")
    assert again["queued"] == out["queued"]
