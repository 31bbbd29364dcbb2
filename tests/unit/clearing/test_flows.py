"""The entries of each clearing step: who owes and pays whom, through the platform for
cross-province pairs, and that every claim has its mirror."""

from __future__ import annotations

from datetime import date

from yidi.domain.clearing.accounts import Account, Purpose, mirror_problems
from yidi.domain.clearing.flows import (
    LegPosition,
    Return,
    advance_notice_entry,
    hospital_payment_entry,
    manual_claim_entry,
    payment_entry,
    return_entry,
    statement_entry,
)
from yidi.domain.clearing.journal import RefKind, balances
from yidi.domain.clearing.parties import agency, hospital, platform, route

DAY = date(2026, 2, 10)
IN_PROVINCE = route("210100", "211200")
CROSS = route("211300", "110100")
H1, H2 = "H21120000001", "H21120000002"


def shown(b: dict[str, int], account: Account) -> int:
    return account.shown(b.get(account.key, 0))


def test_route_is_direct_in_province_and_through_the_platform_across() -> None:
    assert (agency("210100"), agency("211200")) == IN_PROVINCE
    assert (agency("211300"), platform("210000"), agency("110100")) == CROSS
    assert route("219900", "210200") == (agency("219900"), agency("210200"))


def test_statement_then_payments_leave_only_fund_movements() -> None:
    i, t = IN_PROVINCE
    e = statement_entry("S1", IN_PROVINCE, {H1: 7_000, H2: 3_000}, DAY)
    assert e is not None and e.key == "statement:S1"
    b = balances([e])
    assert shown(b, Account(i, Purpose.CROSS_REGION_EXPENSE)) == 10_000
    assert shown(b, Account(i, Purpose.PAYABLE, t)) == 10_000
    assert shown(b, Account(t, Purpose.HOSPITAL_PAYABLE, hospital(H1))) == 7_000
    assert mirror_problems(b) == []
    ret = Return("D1", RefKind.DEDUCTION, "S9", "210100", "211200", H1, 400, "超量")
    r = return_entry(ret, IN_PROVINCE, DAY)
    assert r is not None and r.key == "deduction:D1"
    pay = payment_entry("payment:S1", "S1", IN_PROVINCE, [LegPosition(10_000, 400, 0)], DAY)
    hp = hospital_payment_entry("hospital_payment:S1", "S1", t, {H1: 6_600, H2: 3_000}, DAY)
    b = balances([e, r, pay, hp])  # type: ignore[list-item]
    assert b == {
        Account(i, Purpose.CROSS_REGION_EXPENSE).key: 9_600,
        Account(i, Purpose.FUND).key: -9_600,
        Account(hospital(H1), Purpose.FUND).key: 6_600,
        Account(hospital(H2), Purpose.FUND).key: 3_000,
        Account(hospital(H1), Purpose.INCOME).key: -6_600,
        Account(hospital(H2), Purpose.INCOME).key: -3_000,
    }


def test_cross_province_money_passes_the_platform_which_keeps_nothing() -> None:
    _, p, t = CROSS
    e = statement_entry("S2", CROSS, {"H11010000001": 5_000}, DAY)
    pay = payment_entry("payment:S2", "S2", CROSS, [LegPosition(5_000, 0, 0)] * 2, DAY)
    b = balances([e, pay])  # type: ignore[list-item]
    assert not any(k.startswith(str(p)) for k in b)
    assert shown(b, Account(t, Purpose.FUND)) == 5_000
    assert shown(b, Account(t, Purpose.HOSPITAL_PAYABLE, hospital("H11010000001"))) == 5_000


def test_a_negative_month_reverses_the_direction() -> None:
    i, t = IN_PROVINCE
    e = statement_entry("S3", IN_PROVINCE, {H1: -1_200}, DAY)
    assert e is not None
    assert shown(balances([e]), Account(t, Purpose.RECEIVABLE, i)) == -1_200
    assert statement_entry("S4", IN_PROVINCE, {H1: 500, H2: -500}, DAY) is not None  # hospitals still move
    assert statement_entry("S5", IN_PROVINCE, {}, DAY) is None


def test_an_advance_reduction_is_netted_against_the_next_payment() -> None:
    i, t = IN_PROVINCE
    up = advance_notice_entry("A1", IN_PROVINCE, 1_000_000, DAY)
    down = advance_notice_entry("A2", IN_PROVINCE, -300_000, DAY)
    b = balances([up, down])  # type: ignore[list-item]
    assert shown(b, Account(i, Purpose.ADVANCE_PAID, t)) == 700_000
    assert shown(b, Account(i, Purpose.RECEIVABLE, t)) == 300_000
    s = statement_entry("S6", IN_PROVINCE, {H1: 500_000}, DAY)
    pay = payment_entry("payment:S6", "S6", IN_PROVINCE, [LegPosition(500_000, 0, 300_000)], DAY)
    b = balances([up, down, s, pay])  # type: ignore[list-item]
    assert shown(b, Account(i, Purpose.FUND)) == -1_000_000 - 200_000
    assert shown(b, Account(i, Purpose.RECEIVABLE, t)) == 0
    assert mirror_problems(b) == []


def test_manual_claims_are_the_insured_regions_own_outflow() -> None:
    e = manual_claim_entry("C1", agency("210100"), 2_500, DAY)
    assert e is not None and {p.account.party for p in e.postings} == {agency("210100")}
