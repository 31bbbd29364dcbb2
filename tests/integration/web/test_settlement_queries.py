"""Settlement lookup use cases (settlement_queries) on the demo data: search by every field, paging,
the reversal chain, a paid manual claim as the second source, refusals naming the field, access."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.integration.web.settlement_setup import CANBAO, TIELING, YIYUAN, demo, paid_claim

from yidi.domain.access import AccessDenied
from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.errors import InvalidInput
from yidi.service_layer import settlement_queries as sq


@pytest.fixture
def factory(app):
    return app.state.uow_factory


def ids(result) -> list[str]:
    return [r["setl_id"] for r in result["items"]]


def test_search_by_each_field(factory) -> None:
    d = demo(factory)
    everything = sq.search_settlements(factory(), {})
    assert everything["total"] == 4
    times = [r["setl_time"] for r in everything["items"]]
    assert times == sorted(times, reverse=True)  # newest first
    assert set(ids(sq.search_settlements(factory(), {"id_number": TIELING}))) == {
        d["cancelled"]["setl_id"],
        d["reversal"]["setl_id"],
        d["valid"]["setl_id"],
    }
    assert ids(sq.search_settlements(factory(), {"setl_id": d["canbao"]["setl_id"]})) == [
        d["canbao"]["setl_id"]
    ]
    assert len(ids(sq.search_settlements(factory(), {"mdtrt_id": d["valid"]["mdtrt_id"]}))) == 3
    assert sq.search_settlements(factory(), {"hospital_code": YIYUAN})["total"] == 3
    assert ids(sq.search_settlements(factory(), {"kind": "reversal"})) == [d["reversal"]["setl_id"]]
    assert ids(sq.search_settlements(factory(), {"status": "cancelled"})) == [d["cancelled"]["setl_id"]]
    today = date.fromisoformat(d["valid"]["setl_date"])
    assert sq.search_settlements(factory(), {"date_from": today, "date_to": today})["total"] == 4
    yesterday = (today - timedelta(days=1)).isoformat()
    assert sq.search_settlements(factory(), {"date_to": yesterday})["total"] == 0
    assert sq.search_settlements(factory(), {"source": "manual_claim"})["total"] == 0


def test_paging_is_bounded(factory) -> None:
    pages = [sq.search_settlements(factory(), {}, page=n, page_size=3) for n in (1, 2)]
    assert [len(p["items"]) for p in pages] == [3, 1] and pages[0]["pages"] == 2
    assert not set(ids(pages[0])) & set(ids(pages[1]))
    with pytest.raises(InvalidInput) as exc:
        sq.search_settlements(factory(), {}, page_size=sq.MAX_PAGE_SIZE + 1)
    assert exc.value.problems[0].field == "page_size"


def test_refusals_name_the_field(factory) -> None:
    with pytest.raises(InvalidInput) as exc:
        sq.search_settlements(
            factory(), {"id_number": "21010219700101001X", "date_from": "2026-13-01", "kind": "x"}
        )
    assert {p.field for p in exc.value.problems} == {"id_number", "date_from", "kind"}
    with pytest.raises(InvalidInput) as exc:
        sq.search_settlements(factory(), {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert exc.value.problems[0].field == "date_to" and "早于" in exc.value.problems[0].zh
    with pytest.raises(sq.SettlementNotFound) as missing:
        sq.get_settlement(factory(), "S000")
    assert "未找到结算记录" in str(missing.value.as_dict()["message_zh"])


def test_detail_has_stored_result_visit_and_reversal_chain(factory) -> None:
    d = demo(factory)
    cancelled = sq.get_settlement(factory(), d["cancelled"]["setl_id"])
    assert cancelled["chain"]["cancelled_by"]["setl_id"] == d["reversal"]["setl_id"]
    assert (
        cancelled["visit"]["hospital_name"] == "沈阳演示三级甲等医院"
        and cancelled["visit"]["hosp_lv"] == "3A"
    )
    assert cancelled["visit"]["filing_basis"] == "auto_filing" and cancelled["visit"]["discharged"]
    assert cancelled["explanation"] and cancelled["setldetail"] and cancelled["deductible"]["fen"] == 200_000
    assert any(c["assumption"] for c in cancelled["clauses"]) and cancelled["category_label"]
    a = cancelled["amounts"]
    assert (
        a["fulamt_ownpay_amt"] + a["overlmt_selfpay"] + a["preselfpay_amt"] + a["inscp_scp_amt"]
        == a["medfee_sumamt"]
    )
    reversal = sq.get_settlement(factory(), d["reversal"]["setl_id"])
    assert reversal["chain"]["reverses"]["setl_id"] == d["cancelled"]["setl_id"]
    assert reversal["amounts"]["medfee_sumamt"] == -a["medfee_sumamt"]


def test_paid_manual_claim_is_the_second_source(factory) -> None:
    cid = paid_claim(factory)
    found = sq.search_settlements(factory(), {"id_number": CANBAO})
    assert [r["source"] for r in found["items"]].count("manual_claim") == 1
    assert ids(sq.search_settlements(factory(), {"source": "manual_claim"})) == [cid]
    assert sq.search_settlements(factory(), {"source": "manual_claim", "kind": "reversal"})["total"] == 0
    claim = sq.get_settlement(factory(), cid)
    assert claim["source"] == "manual_claim" and claim["visit"]["treatment_region"] == "110100"
    assert claim["explanation"][0]["field"] == "claim_basis" and claim["visit"]["claim_label"]
    assert claim["amounts"]["fund_pay_sumamt"] == claim["paid_fen"]


def test_a_citizen_reads_only_their_own(factory) -> None:
    d = demo(factory)
    me = Actor("canbao", Role.CITIZEN, Channel.SELF_SERVICE, CANBAO)
    assert sq.get_settlement(factory(), d["canbao"]["setl_id"], actor=me)["id_number"] == CANBAO
    with pytest.raises(AccessDenied):
        sq.get_settlement(factory(), d["valid"]["setl_id"], actor=me)
    with pytest.raises(AccessDenied):
        sq.search_settlements(factory(), {"id_number": TIELING}, actor=me)
