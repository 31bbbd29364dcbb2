"""The online supervision check after 2304 (issue 17 §2): the settlement just made is reviewed by
the rules in its own transaction — hits stored, the settlement counted as reviewed — and the
hospital's answer is the same as without it."""

from __future__ import annotations

from hospital_flow import admission, fees, settle_data, total
from sqlalchemy import select

from yidi.adapters import orm_supervision as t


def test_2304_is_reviewed_online(hospital, person, huow_factory, engine):  # type: ignore[no-untyped-def]
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    out = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]
    setl_id = out["setlinfo"]["setl_id"]
    with engine.connect() as conn:
        reviewed = conn.execute(select(t.reviewed.c.setl_id, t.reviewed.c.by_rules_at)).all()
        runs = conn.execute(select(t.review_runs.c.kind, t.review_runs.c.settlements)).all()
        hits = conn.execute(select(t.rule_hits.c.setl_id)).scalars().all()
    assert [r.setl_id for r in reviewed] == [setl_id] and reviewed[0].by_rules_at is not None
    assert [(r.kind, r.settlements) for r in runs] == [("online", 1)]
    assert set(hits) <= {setl_id}
