"""The online supervision check after 2304 (issue 17 §2): the settlement just made is reviewed by
the rules in its own transaction — hits stored, the settlement counted as reviewed — and the
hospital's answer is the same as without it."""

from __future__ import annotations

from hospital_flow import admission, fees, settle_data, total
from sqlalchemy import select

from yidi.adapters import orm_supervision as t
from yidi.service_layer.supervision_online import drain_all


def test_2304_is_reviewed_online(hospital, person, huow_factory, engine):  # type: ignore[no-untyped-def]
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    out = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]
    setl_id = out["setlinfo"]["setl_id"]
    assert drain_all(timeout=30)  # the check runs on the checker's thread, off the answer's path
    with engine.connect() as conn:
        reviewed = conn.execute(select(t.reviewed.c.setl_id, t.reviewed.c.by_rules_at)).all()
        runs = conn.execute(select(t.review_runs.c.kind, t.review_runs.c.settlements)).all()
        hits = conn.execute(select(t.rule_hits.c.setl_id)).scalars().all()
    assert [r.setl_id for r in reviewed] == [setl_id] and reviewed[0].by_rules_at is not None
    assert [(r.kind, r.settlements) for r in runs] == [("online", 1)]
    assert set(hits) <= {setl_id}


def test_settlements_checked_together_get_the_hits_of_each_alone(hospital, person, huow_factory):  # type: ignore[no-untyped-def]
    """Under load the checker hands over what waits as one round (``online_check_many``): the
    hits are the same as checking each settlement alone, and one run records them all."""
    from yidi.service_layer.supervision_review import online_check, online_check_many

    hospital.insuplc = "211200"
    setl_ids = []
    for k in range(3):
        idn = person()
        mdtrt_id = hospital.ok("2401", admission(idn, ipt_no=f"ZY100{k}"))["output"]["result"]["mdtrt_id"]
        body = fees(idn, mdtrt_id)
        hospital.ok("2301", body)
        setl_ids.append(hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]["setlinfo"]["setl_id"])
    drain_all()
    together = {(h.setl_id, h.rule, h.feedetl_sn) for h in online_check_many(huow_factory(), setl_ids)}
    alone = {(h.setl_id, h.rule, h.feedetl_sn) for s in setl_ids for h in online_check(huow_factory(), s)}
    assert together == alone and {s for s, _, _ in together} <= set(setl_ids)


def test_the_checker_takes_what_waits_as_one_round() -> None:
    """Settlements submitted while a round runs are checked together in the next one; ``drain``
    returns when nothing waits (a unit test of the thread, no database)."""
    import threading

    from yidi.service_layer.supervision_online import OnlineChecker

    started, release, rounds = threading.Event(), threading.Event(), []

    def check(batch: list[str]) -> None:
        rounds.append(list(batch))
        started.set()
        release.wait(10)

    checker = OnlineChecker(check)
    checker.submit("S1")
    assert started.wait(10)
    for s in ("S2", "S3", "S4"):
        checker.submit(s)
    release.set()
    assert checker.drain(10)
    assert rounds == [["S1"], ["S2", "S3", "S4"]]


def test_a_failed_check_is_logged_and_the_next_settlement_still_checked(caplog) -> None:  # type: ignore[no-untyped-def]
    from yidi.service_layer.supervision_online import OnlineChecker

    seen: list[list[str]] = []

    def check(batch: list[str]) -> None:
        seen.append(batch)
        if batch == ["bad"]:
            raise RuntimeError("database gone")

    checker = OnlineChecker(check)
    checker.submit("bad")
    assert checker.drain(10)
    checker.submit("good")
    assert checker.drain(10)
    assert seen == [["bad"], ["good"]] and "online supervision check" in caplog.text
