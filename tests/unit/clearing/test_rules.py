"""Months, closing, statement arithmetic, lifecycle, advance funds, funds and the hospital side."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.clearing.advance import size_advance, usage
from yidi.domain.clearing.closing import check_closed, check_order
from yidi.domain.clearing.errors import (
    AmountsDoNotReconcile,
    ClearingForbidden,
    IllegalTransition,
    MonthNotClosed,
    MonthOutOfOrder,
    NotInStatement,
)
from yidi.domain.clearing.funds import fund_split
from yidi.domain.clearing.hospital import (
    ClrStas,
    LineConfirmation,
    application_step,
    confirmation_disputes,
    page,
)
from yidi.domain.clearing.lifecycle import (
    CLR_STAS,
    StatementStatus,
    Step,
    advance,
    deadlines,
    deemed_confirmed,
    overdue,
)
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parameters import ASSUMPTIONS, ClearingParameters
from yidi.domain.clearing.statement import DisputeRoute, Statement, check_totals, compare_totals
from yidi.domain.errors import InvalidInput


def test_month() -> None:
    m = Month.parse("2026-12")
    assert (str(m.next()), str(m.previous()), m.compact) == ("2027-01", "2026-11", "202612")
    assert str(Month(2026, 1).previous()) == "2025-12" and m.last_day == date(2026, 12, 31)
    assert m.opens_for_clearing(5) == date(2027, 1, 6)
    for bad in ("2026-13", "2026-1", 202601, None):
        with pytest.raises(InvalidInput):
            Month.parse(bad)


def test_a_month_opens_for_clearing_after_its_grace_days_and_in_order() -> None:
    with pytest.raises(MonthNotClosed) as err:
        check_closed(Month(2026, 1), date(2026, 2, 5))
    assert err.value.facts["opens_on"] == "2026-02-06" and "2026-02-06" in err.value.zh
    check_closed(Month(2026, 1), date(2026, 2, 6))
    check_order(Month(2026, 3), None, None)
    check_order(Month(2026, 3), None, Month(2026, 3))
    with pytest.raises(MonthOutOfOrder):
        check_order(Month(2026, 3), None, Month(2026, 1))
    check_order(Month(2026, 4), Month(2026, 3), Month(2026, 1))  # late rows of cleared months
    with pytest.raises(MonthOutOfOrder):
        check_order(Month(2026, 5), Month(2026, 3), None)


def _statement(**kw: int) -> Statement:
    base = {"psntime": 1, "medfee_sumamt": 1_000, "fund_pay_sumamt": 600, "acct_pay": 100, "cash_payamt": 300,
            "cleared_amount": 700, "returns_amount": 50, "disputed_amount": 100}  # fmt: skip
    base.update(kw)
    return Statement("202601-210100-211200", Month(2026, 1), "210100", "211200", status=StatementStatus.BUILT,
                     built_on=date(2026, 2, 6), confirm_by=date(2026, 2, 16), funds={"310100": 600}, **base)  # fmt: skip


def test_statement_amounts_and_their_identities() -> None:
    s = _statement()
    assert (s.accepted_amount, s.payable) == (600, 550)
    check_totals(s)
    with pytest.raises(AmountsDoNotReconcile) as err:
        check_totals(_statement(cash_payamt=299, cleared_amount=600))
    assert err.value.facts["differences"] == {
        "medfee_sumamt - (fund_pay_sumamt + acct_pay + cash_payamt)": 1,
        "cleared_amount - cleared part": -100,
    }
    check_totals(_statement(cleared_amount=600), ClearingParameters(clear_account_part=False))
    with pytest.raises(AmountsDoNotReconcile) as err:
        compare_totals(
            "申请", "application", {"psntime": 3, "medfee_sumamt": 100}, {"psntime": 3, "medfee_sumamt": 90}
        )
    assert err.value.facts["differences"] == {"medfee_sumamt": -10}


def test_lifecycle_steps_owners_and_deadlines() -> None:
    kw = {"insured": "210100", "treatment": "211200"}
    s = advance(StatementStatus.BUILT, Step.CONFIRM, actor_region="210100", **kw)
    assert s is StatementStatus.CONFIRMED and CLR_STAS[s] == "20"
    with pytest.raises(ClearingForbidden):
        advance(StatementStatus.BUILT, Step.CONFIRM, actor_region="211200", **kw)
    with pytest.raises(IllegalTransition):
        advance(StatementStatus.CONFIRMED, Step.DISPUTE, actor_region=None, **kw)
    s = advance(StatementStatus.PAID, Step.PAY_HOSPITALS, actor_region="211200", **kw)
    assert CLR_STAS[s] == "50" and CLR_STAS[StatementStatus.BUILT] == "10"
    d = deadlines(date(2026, 2, 6), date(2026, 2, 10), None)
    assert (d.confirm_by, d.pay_by, d.hospitals_by) == (date(2026, 2, 16), date(2026, 2, 25), None)
    assert not deemed_confirmed(StatementStatus.BUILT, d.confirm_by, date(2026, 2, 16))
    assert deemed_confirmed(StatementStatus.BUILT, d.confirm_by, date(2026, 2, 17))
    assert overdue(StatementStatus.CONFIRMED, d, date(2026, 2, 26)) is Step.PAY


def test_advance_sizing_is_two_average_months_rounded_up_with_a_minimum() -> None:
    # 2025 total 61 234 567.89 yuan → 2/12 of it = 10 205 761.31… → 10 210 000 yuan (unit 10 000)
    s = size_advance(6_123_456_789)
    assert s.amount == 1_021_000_000 and not s.minimum_applied
    assert size_advance(0).amount == 5_000_000 and size_advance(0).minimum_applied
    assert size_advance(6_000_000 * 10).by_rule == 10_000_000  # exact multiples are not rounded up
    assert size_advance(6_000_000 * 10 + 1).by_rule == 11_000_000


def test_usage_warns_at_seventy_percent_and_requests_a_top_up() -> None:
    u = usage(6_999_999, 10_000_000)
    assert (u.ratio_bp, u.warning, u.top_up) == (7_000, True, 4_000_000)  # 6 999 999 rounds half-up to 70 %
    u = usage(6_994_999, 10_000_000)
    assert (u.ratio_bp, u.warning, u.top_up) == (6_995, False, 0)
    u = usage(100, 0)
    assert u.ratio_bp is None and u.warning and u.top_up == 5_000_000


def test_funds_by_insurance_type() -> None:
    amounts = {"hifp_pay": 100, "hifob_pay": 20, "cvlserv_pay": 5, "hifmi_pay": 0}
    assert fund_split("310", amounts) == {"310100": 100, "330100": 20, "320100": 5}
    assert fund_split("390", {"hifp_pay": 100, "hifob_pay": 20, "hifmi_pay": 3}) == {
        "390100": 100,
        "390200": 23,
    }


def test_hospital_side() -> None:
    assert application_step(ClrStas.APPLIED, "cancel") is ClrStas.CANCELLED
    with pytest.raises(IllegalTransition):
        application_step(ClrStas.ACCEPTED, "cancel")
    assert page(1, 250) == (0, 100) and page(201, 250) == (200, 50) and page(300, 250) == (299, 0)
    items = [LineConfirmation("S1", "1"), LineConfirmation("S2", "0", "未发生")]
    [d] = confirmation_disputes(items, ["S1", "S2"])
    assert (d.setl_id, d.route) == ("S2", DisputeRoute.NEXT_MONTH)
    bad = [
        LineConfirmation("S9", "1"),
        LineConfirmation("S1", "2"),
        LineConfirmation("S2", "0"),
        LineConfirmation("S1", "1"),
    ]
    with pytest.raises(NotInStatement) as err:
        confirmation_disputes(bad, ["S1", "S2"])
    f = err.value.facts
    assert (f["foreign"], f["bad_flag"], f["no_reason"], f["twice"]) == (["S9"], ["S1"], ["S2"], ["S1"])


def test_every_assumption_has_an_id_default_and_reason() -> None:
    ids = [a.id for a in ASSUMPTIONS]
    assert ids == sorted(set(ids)) and all(a.default and len(a.reason) > 30 for a in ASSUMPTIONS)
