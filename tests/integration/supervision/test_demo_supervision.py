"""The supervision demo (``yidi demo supervision``, ``yidi serve --demo``): this month's stays hit
the main rules, the cross-province bill above 30 000 yuan is a 协查 candidate with a case open,
tickets and an inspection plan exist; seeding twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from tests.integration.databases import DEMO

from yidi.adapters import orm_supervision as t
from yidi.service_layer import supervision_review as sr
from yidi.service_layer.demo_supervision import seed_supervision


@pytest.fixture
def database_template() -> str:
    return DEMO


def test_demo_hits_the_main_rules(engine: Engine, uow_factory) -> None:  # type: ignore[no-untyped-def]
    out = seed_supervision(uow_factory, today=date(2026, 3, 20))
    assert out["seeded"] is True
    assert seed_supervision(uow_factory, today=date(2026, 3, 20)) == {"seeded": False}
    with engine.connect() as conn:
        rules = set(conn.execute(select(t.rule_hits.c.rule).where(t.rule_hits.c.month == "2026-03")).scalars())
        tickets = conn.execute(select(func.count()).select_from(t.tickets)).scalar_one()
        plans = conn.execute(select(func.count()).select_from(t.inspections)).scalar_one()
        cases = conn.execute(select(t.xiecha_cases.c.setl_id)).scalars().all()
    assert {"R-XC", "R-DUP", "R-PRC", "R-QTY", "R-EMG"} <= rules
    assert tickets == 3 and plans == 3 and cases == [out["settlements"][0]]
    xc = sr.xiecha_candidates(uow_factory(), "2026-03")["candidates"]
    assert [(c["insuplc_admdvs"], c["mdtrtarea_admvs"]) for c in xc] == [("211200", "110100")] and float(xc[0]["medfee_sumamt"]) > 30_000
