"""Returns and manual claims on the ledger: a supervision deduction (``record_return`` inside the
caller's unit of work) and a claw-back join the next month built as returns of the pair's
statement, are journaled back to the 参保地 on confirmation and netted from the payment; the
ledger stays balanced; a manual-claim payment is the insured region's own outflow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine
from tests.integration.clearing.world import PAIRS, World

from yidi.adapters import clearing_reads as reads
from yidi.domain.clearing.accounts import Account, Purpose
from yidi.domain.clearing.errors import AmountsDoNotReconcile, IdempotencyConflict, NotInStatement
from yidi.domain.clearing.journal import RefKind
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parties import agency, hospital
from yidi.domain.clearing.statement import statement_id
from yidi.domain.errors import InvalidInput
from yidi.service_layer import clearing_returns as returns

JAN, FEB = Month(2026, 1), Month(2026, 2)


def test_deduction_and_clawback_are_returned_with_the_next_month(
    engine: Engine, uow_factory: Callable[[], Any]
) -> None:
    with engine.begin() as conn:
        w = World(conn).setup()
        a = w.settle(PAIRS[0], 0, datetime(2026, 1, 5, 9), 10_000, 2_000, 3_000)
        b = w.settle(PAIRS[3], 0, datetime(2026, 1, 6, 9), 80_000, 0, 1_000)  # cross-province
        w.settle(PAIRS[0], 0, datetime(2026, 2, 3, 9), 7_000, 0, 0)
    uow = uow_factory()
    with uow:
        uow.clearing.build_month(JAN, date(2026, 2, 6))
        uow.commit()
    # supervision decides in February, inside its own unit of work, and commits with its decision
    with uow:
        out = returns.record_return(uow, return_id="D-1", kind="deduction", setl_id=a.setl_id, amount_fen=1_500,
                                    reason="超标准收费", decided_at=datetime(2026, 2, 10, 1, tzinfo=UTC))  # fmt: skip
        assert (out["insuplc_admdvs"], out["mdtrtarea_admvs"], out["amount"]) == ("210100", "211200", "15.00")
        uow.commit()
    again = dict(return_id="D-1", kind="deduction", setl_id=a.setl_id, amount_fen=1_500, reason="超标准收费",
                 decided_at=datetime(2026, 2, 10, 9))  # fmt: skip
    returns.book_return(uow_factory(), **again)  # the same return again: nothing changes
    with pytest.raises(IdempotencyConflict):
        returns.book_return(uow_factory(), **{**again, "amount_fen": 1_600})
    with pytest.raises(AmountsDoNotReconcile) as too_much:
        returns.book_return(uow_factory(), **{**again, "return_id": "D-2", "amount_fen": 12_001})
    assert too_much.value.facts["difference"] == 1
    with pytest.raises(NotInStatement):
        returns.book_return(uow_factory(), **{**again, "return_id": "D-3", "setl_id": "S-nope"})
    with pytest.raises(InvalidInput):
        returns.book_return(uow_factory(), **{**again, "return_id": "D-4", "kind": "fine"})
    returns.book_return(uow_factory(), return_id="C-1", kind="clawback", setl_id=b.setl_id, amount_fen=2_000,
                        reason="追回", decided_at=datetime(2026, 2, 11, 9))  # fmt: skip

    with uow:
        feb = {s.id: s for s in uow.clearing.build_month(FEB, date(2026, 3, 6))}
        uow.commit()
    own, cross = statement_id(FEB, *PAIRS[0]), statement_id(FEB, *PAIRS[3])
    assert feb[own].returns_amount == 1_500 and feb[own].payable == 7_000 - 1_500
    assert feb[cross].returns_amount == 2_000 and feb[cross].cleared_amount == 0
    with uow:
        for sid in (own, cross):
            uow.clearing.confirm(sid, date(2026, 3, 8))
            uow.clearing.pay(sid, date(2026, 3, 9))
            uow.clearing.pay_hospitals(sid, date(2026, 3, 10))
        uow.commit()
    with uow:
        [entry] = uow.clearing.entries(RefKind.DEDUCTION, "D-1")
        assert entry.key == "deduction:D-1"
        assert uow.clearing.balance(Account(hospital(a.hospital), Purpose.INCOME)) == -1_500 + 7_000
        assert uow.clearing.balance(Account(agency("211300"), Purpose.CROSS_REGION_EXPENSE)) == -2_000
        check = uow.clearing.check_ledger()
        assert check.balanced, check.problems


def test_a_paid_manual_claim_is_the_insured_regions_outflow(
    uow: Any, new_id_number: Callable[[], str]
) -> None:
    from tests.integration.claims.claims_setup import CHIEF, CLERK, INPATIENT, SHOCK, bill, person

    from yidi.service_layer import claims_services as cs

    idn = person(uow, new_id_number())
    cid = cs.submit_claim(uow, CLERK, idn, claim_type="inpatient_emergency", bill=bill(), evidence=SHOCK,
                          materials=INPATIENT)["id"]  # fmt: skip
    cs.accept_claim(uow, CLERK, cid)
    cs.review_claim(uow, CLERK, cid)
    cs.approve_claim(uow, CHIEF, cid)
    paid = cs.pay_claim(uow, CHIEF, cid)
    with uow:
        region = uow.persons.get(idn).insured_region
        [entry] = uow.clearing.entries(RefKind.MANUAL_CLAIM, cid)
        assert entry.key == f"manual_claim:{cid}"
        expense = uow.clearing.balance(Account(agency(region), Purpose.MANUAL_CLAIM_EXPENSE))
        assert f"{expense // 100}.{expense % 100:02d}" == paid["paid"]
        assert uow.clearing.check_ledger().balanced


def test_seed004_1_2_a_clawback_deducted_at_a_direct_settlement_is_returned_through_clearing(
    engine: Engine, uow_factory: Callable[[], Any]
) -> None:
    """Seed 004 一(二) (待遇差在后续医保结算时予以扣减) and issue 16 §5: the 待遇差 a later direct
    settlement deducted (A-SET-19: the funds' columns stay, ``fund_pay_sumamt`` is less, the person
    paid it in cash at the desk) enters that month's clearing as a claw-back return of its pair,
    referenced by the settlement — automatically, once."""
    with engine.begin() as conn:
        w = World(conn).setup()
        x = w.settle(PAIRS[0], 0, datetime(2026, 1, 5, 9), 10_000, 2_000, 3_000, recovered=1_200)
        w.settle(PAIRS[0], 0, datetime(2026, 1, 6, 9), 7_000, 0, 500)
    uow = uow_factory()
    with uow:
        (built,) = uow.clearing.build_month(JAN, date(2026, 2, 6))
        uow.commit()
    assert built.fund_pay_sumamt == 17_000 and sum(built.funds.values()) == 17_000  # what the funds paid
    assert built.cash_payamt == 3_500 and built.returns_amount == 1_200
    assert built.cleared_amount == 17_000 + 2_000
    with uow:
        rets = reads.returns_of(uow.session, built.id)
    assert [(r["id"], r["kind"], r["setl_id"], r["amount"]) for r in rets] == [
        (f"CB-{x.setl_id}", "clawback", x.setl_id, 1_200)
    ]
    sid = built.id
    with uow:  # confirmed and paid: the 参保地 pays net of the claw-back, the hospital gets the rest
        assert built.payable == 19_000 - 1_200
        uow.clearing.confirm(sid, date(2026, 2, 8))
        uow.clearing.pay(sid, date(2026, 2, 9))
        uow.clearing.pay_hospitals(sid, date(2026, 2, 10))
        uow.commit()
    with uow:
        [entry] = uow.clearing.entries(RefKind.CLAWBACK, f"CB-{x.setl_id}")
        assert entry.key == f"clawback:CB-{x.setl_id}"
        assert uow.clearing.balance(Account(hospital(x.hospital), Purpose.INCOME)) == 19_000 - 1_200
        assert uow.clearing.check_ledger().balanced

    # the settlement is reversed in February: the person gets the cash back and owes the 待遇差
    # again; the reversal line is as settled (net) and the month's fund split shows the amount
    # given back under the recovery code, so the statement still adds up; no second return
    with engine.begin() as conn:
        World(conn).reverse(x, datetime(2026, 2, 3, 9))
    with uow:
        (feb,) = uow.clearing.build_month(FEB, date(2026, 3, 6))
        uow.commit()
    assert feb.fund_pay_sumamt == -(10_000 - 1_200) and feb.funds["999901"] == 1_200
    assert sum(feb.funds.values()) == feb.fund_pay_sumamt and feb.returns_amount == 0
    with uow:
        assert reads.returns_of(uow.session, feb.id) == []
        assert uow.clearing.build_month(FEB, date(2026, 3, 7))[0] == feb  # idempotent
