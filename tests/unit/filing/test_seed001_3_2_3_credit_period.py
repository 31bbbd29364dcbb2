"""Seed 001 三(二).3: the suspension period of a credit defaulter (A-SET-17) as dated data."""

from __future__ import annotations

from datetime import date

from yidi.domain.filing.credit import CLAUSE, DirectSettlementSuspended, restricted_until, suspended
from yidi.domain.filing.person import InsuredPerson
from yidi.policy.filing import packaged_rule_book


def test_the_period_is_dated_data_citing_the_clause_and_the_assumption():
    v = packaged_rule_book().for_region("211200").get("credit_restriction_months", date(2026, 8, 1))
    assert v.value == 12 and "三(二).3" in str(v.clause) and v.clause.assumption_id == "A-SET-17"


def test_the_last_day_is_included_and_the_first_record_is_kept():
    assert restricted_until(date(2026, 8, 1), 12) == date(2027, 7, 31)
    assert restricted_until(date(2024, 2, 29), 12) == date(2025, 2, 27)
    assert suspended(date(2027, 7, 31), date(2027, 7, 31)) and not suspended(
        date(2027, 7, 31), date(2027, 8, 1)
    )
    assert not suspended(None, date(2026, 1, 1))
    p = InsuredPerson("210102195001011234", "张三", "310", "12", "211200")
    p.record_credit_default(date(2026, 8, 1), "first", 12)
    p.record_credit_default(date(2026, 9, 1), "second", 12)
    assert (p.credit_default_reason, p.credit_restricted_until) == ("first", date(2027, 7, 31))
    assert p.direct_settlement_suspended(date(2026, 8, 1)) and not p.direct_settlement_suspended(
        date(2027, 8, 1)
    )


def test_the_refusal_names_the_clause():
    err = DirectSettlementSuspended(date(2027, 7, 31))
    assert err.code == "DIRECT_SETTLEMENT_SUSPENDED" and err.kind.status == 409
    assert err.clause == CLAUSE and "2027-07-31" in err.zh and err.field == "psn_no"
