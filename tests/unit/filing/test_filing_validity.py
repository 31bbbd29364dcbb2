"""Validity (有效期): temporary 6 months, long-term as long as proof, admission covers the stay,
backdating for the already-admitted self-filer, 2017 opening delay."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.actors import Channel
from yidi.domain.errors import FilingRefused
from yidi.domain.filing import lifecycle
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import MaterialIn, NewFiling, create_filing
from yidi.domain.filing.dates import add_months, add_working_days, parse_date
from yidi.domain.filing.filing import FilingStatus
from yidi.domain.filing.materials import MaterialKind as K
from yidi.domain.filing.validity import covers

TRAVEL = TemporaryReason.TRAVEL


def test_seed004_一一_temporary_valid_6_months(person, rules, actor):
    f, _ = create_filing(
        person(), NewFiling(Category.TEMPORARY, "110100", temporary_reason=TRAVEL), actor(Channel.SELF_SERVICE),
        date(2026, 1, 10), rules("219900"),
    )  # fmt: skip
    assert f.end_date == date(2026, 7, 9)
    assert covers(f, date(2026, 7, 9)) and not covers(f, date(2026, 7, 10))


def test_seed004_一一_admission_inside_validity_covers_the_whole_stay(person, rules, actor):
    f, _ = create_filing(
        person(), NewFiling(Category.TEMPORARY, "110100", temporary_reason=TRAVEL), actor(Channel.SELF_SERVICE),
        date(2026, 1, 10), rules("219900"),
    )  # fmt: skip
    assert covers(f, date(2026, 7, 20), admitted_on=date(2026, 7, 1))
    assert not covers(f, date(2026, 7, 20), admitted_on=date(2026, 7, 12))
    f.move(FilingStatus.EXPIRED)
    assert covers(f, date(2026, 7, 20), admitted_on=date(2026, 7, 1))  # still, after the expiry job


def test_seed004_一一_long_term_valid_as_long_as_the_proof(person, rules, actor):
    req = NewFiling(
        Category.LONG_TERM_RESIDENT,
        "110100",
        materials=(MaterialIn(K.RESIDENCE_PERMIT, "JZZ", date(2027, 3, 31)),),
    )
    f, _ = create_filing(
        person("211200"), req, actor(Channel.SELF_SERVICE), date(2026, 1, 10), rules("211200")
    )
    assert f.end_date == date(2027, 3, 31)


def test_an_expired_proof_does_not_count(person, rules, actor):
    req = NewFiling(
        Category.LONG_TERM_RESIDENT,
        "110100",
        materials=(MaterialIn(K.RESIDENCE_PERMIT, "JZZ", date(2025, 3, 31)),),
    )
    f, _reasons = create_filing(
        person("211200"), req, actor(Channel.SELF_SERVICE), date(2026, 1, 10), rules("211200")
    )
    # an expired permit does not count: the filing runs under a commitment instead
    assert f.status is FilingStatus.PENDING_COMMITMENT


def test_seed000_二一_self_filer_in_hospital_backdates_to_the_day_before_admission(person, rules, actor):
    req = NewFiling(Category.TEMPORARY, "110100", temporary_reason=TRAVEL, admitted_on=date(2026, 1, 5))
    f, reasons = create_filing(person(), req, actor(Channel.SELF_SERVICE), date(2026, 1, 10), rules("219900"))
    assert f.start_date == date(2026, 1, 4)
    assert (
        reasons[0].rule_id == "validity.backdate"
        and str(reasons[0].clause) == "辽医保中心发〔2021〕45号 二(一)"
    )


def test_seed000_二一_only_self_service_may_backdate(person, rules, actor):
    req = NewFiling(
        Category.TEMPORARY, "110100", temporary_reason=TRAVEL, admitted_on=date(2026, 1, 5),
        form={"phone": "1", "signed_by": "x"},
    )  # fmt: skip
    with pytest.raises(FilingRefused) as exc:
        create_filing(person(), req, actor(Channel.COUNTER), date(2026, 1, 10), rules("219900"))
    assert exc.value.code == "BACKDATE_NOT_ALLOWED"


def test_a_start_in_the_past_is_refused(person, rules, actor):
    req = NewFiling(Category.TEMPORARY, "110100", temporary_reason=TRAVEL, start_date=date(2026, 1, 1))
    with pytest.raises(FilingRefused) as exc:
        create_filing(person(), req, actor(Channel.SELF_SERVICE), date(2026, 1, 10), rules("219900"))
    assert exc.value.code == "START_IN_PAST"


def test_seed002_第十二条_2017_cross_province_long_term_opens_after_15_working_days(person, rules, actor):
    req = NewFiling(
        Category.LONG_TERM_RETIREE, "110100",
        materials=(MaterialIn(K.HUKOU), MaterialIn(K.APPLICATION_FORM), MaterialIn(K.APPLICATION_LETTER)),
    )  # fmt: skip
    f, reasons = create_filing(
        person("219900"), req, actor(Channel.SELF_SERVICE), date(2019, 3, 1), rules("219900")
    )
    assert f.start_date == add_working_days(date(2019, 3, 1), 15) == date(2019, 3, 22)
    assert reasons[0].rule_id == "validity.opening_delay"
    in_province = NewFiling(Category.LONG_TERM_RETIREE, "210200", materials=req.materials)
    g, _ = create_filing(
        person("219900"), in_province, actor(Channel.SELF_SERVICE), date(2019, 3, 1), rules("219900")
    )
    assert g.start_date == date(2019, 3, 1)
    h, _ = create_filing(
        person("219900"), req, actor(Channel.SELF_SERVICE), date(2022, 3, 1), rules("219900")
    )
    assert h.start_date == date(2022, 3, 1)  # 2021: 即时开通


def test_expiry_job_marks_temporary_filings_expired(person, rules, actor):
    p = person()
    f, _ = create_filing(
        p, NewFiling(Category.TEMPORARY, "110100", temporary_reason=TRAVEL), actor(Channel.SELF_SERVICE),
        date(2026, 1, 10), rules("219900"),
    )  # fmt: skip
    assert lifecycle.run_deadlines(p, date(2026, 7, 9), rules("219900")) == []
    [ch] = lifecycle.run_deadlines(p, date(2026, 7, 10), rules("219900"))
    assert ch.action == "expire" and f.status is FilingStatus.EXPIRED


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 1, 10), 6, date(2026, 7, 10)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_impossible_dates_are_clear_errors():
    from yidi.domain.errors import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        parse_date("2025-02-30", "start_date")
    assert "不存在" in exc.value.problems[0].zh


def test_seed002_第十二条_2017_referral_opened_at_once(person, rules, actor):
    req = NewFiling(
        Category.REFERRAL, "110100", materials=(MaterialIn(K.REFERRAL_FORM),),
        diagnosis="急性心肌梗死", referring_hospital="H21010000001",
    )  # fmt: skip
    f, reasons = create_filing(
        person("219900"), req, actor(Channel.REFERRAL_AGENCY), date(2019, 3, 1), rules("219900")
    )
    # no catalogue for 省直: the hospital's 转诊转院备案表 is the certificate (seed 002 第十条)
    assert f.start_date == date(2019, 3, 1) and [r.rule_id for r in reasons] == ["referral.certificate"]


def test_seed002_第十二条_15_working_days_skip_public_holidays(person, rules, actor):
    req = NewFiling(
        Category.LONG_TERM_RETIREE, "110100",
        materials=(MaterialIn(K.HUKOU), MaterialIn(K.APPLICATION_FORM), MaterialIn(K.APPLICATION_LETTER)),
    )  # fmt: skip
    # 2019-09-20 (Fri) + 15 working days: 国庆 1–7 October off, Sunday 29 Sept and Saturday 12 Oct worked
    f, reasons = create_filing(
        person("219900"), req, actor(Channel.SELF_SERVICE), date(2019, 9, 20), rules("219900")
    )
    assert add_working_days(date(2019, 9, 20), 15) == date(2019, 10, 11)  # weekends only
    assert f.start_date == date(2019, 10, 16)
    assert reasons[0].params["start_date"] == date(2019, 10, 16)
