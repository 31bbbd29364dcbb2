"""When a filing starts and ends, and which days it covers (备案有效期).

* temporary filings are valid 6 months (``temporary_validity_months``, seed 004 一(一));
* long-term filings are valid as long as their proof (ibid.); without an expiring proof, open-ended;
* an admission inside the validity covers the whole stay even if discharge is after the end (ibid.);
* a self-filer already in hospital backdates the start to the day before admission (seed 000 二(一));
* 2017 省直 cross-province long-term filings opened 15 working days after registration
  (seed 002 第十二条) — the ``opening_delay_working_days`` parameter, 0 since 2021-06-01; working
  days skip public holidays (the claims module's calendar, ``RegionRules.calendar``).
"""

from __future__ import annotations

from datetime import date, timedelta

from yidi.domain.actors import HOSPITAL_CHANNELS, Channel
from yidi.domain.errors import FilingRefused
from yidi.domain.filing.categories import Category, is_long_term
from yidi.domain.filing.clauses import Reason
from yidi.domain.filing.dates import add_months, add_working_days
from yidi.domain.filing.filing import Filing, FilingStatus
from yidi.domain.filing.rules import RegionRules
from yidi.domain.regions import is_cross_province


def temporary_end(start: date, rules: RegionRules, on: date) -> date:
    """Last valid day of a temporary filing: start + N months − 1 day."""
    months = rules.as_int("temporary_validity_months", on)
    return add_months(start, months) - timedelta(days=1)


def start_date(
    *,
    category: Category,
    channel: Channel,
    filed_on: date,
    requested: date | None,
    admitted_on: date | None,
    insured_region: str,
    treatment_region: str,
    rules: RegionRules,
) -> tuple[date, Reason | None]:
    """The first day of cover and, when a rule moved it, the reason."""
    if admitted_on is not None and channel in HOSPITAL_CHANNELS:
        return admitted_on, None
    if admitted_on is not None:
        if channel is not Channel.SELF_SERVICE or admitted_on > filed_on:
            raise FilingRefused(
                "BACKDATE_NOT_ALLOWED",
                Reason(
                    "validity.backdate",
                    "只有已住院的自助备案人员可将待遇开始日期调整到入院日期前一天",
                    "only a self-service filer already in hospital may backdate to the day before admission",
                    rules.get("self_service_backdate_days", filed_on).clause,
                    {"channel": channel, "admitted_on": admitted_on, "filed_on": filed_on},
                    "admitted_on",
                ),
            )
        param = rules.get("self_service_backdate_days", filed_on)
        start = admitted_on - timedelta(days=rules.as_int("self_service_backdate_days", filed_on))
        return start, Reason(
            "validity.backdate",
            f"备案时已住院，待遇开始日期调整为入院日期前一天（{start}）",
            f"already in hospital: cover starts the day before admission ({start})",
            param.clause,
            {"admitted_on": admitted_on, "start_date": start},
        )
    start = requested or filed_on
    if start < filed_on:
        raise FilingRefused(
            "START_IN_PAST",
            Reason(
                "validity.start_in_past",
                f"开始日期 {start} 早于办理日期 {filed_on}；只有已住院的自助备案可追溯到入院前一天",
                f"start {start} is before the filing date {filed_on}; only an admitted self-filer may backdate",
                rules.get("self_service_backdate_days", filed_on).clause,
                {"start_date": start, "filed_on": filed_on},
                "start_date",
            ),
        )
    if is_long_term(category):
        opening = rules.get("opening_delay_working_days", filed_on)
        spec = opening.value
        assert isinstance(spec, dict)
        days = int(spec["days"].get(category, 0))
        applies = spec["scope"] == "all" or is_cross_province(insured_region, treatment_region)
        if days and applies:
            opened = add_working_days(filed_on, days, rules.calendar)
            if opened > start:
                return opened, Reason(
                    "validity.opening_delay",
                    f"登记备案后 {days} 个工作日内开通，自 {opened} 起生效",
                    f"opened {days} working days after registration, from {opened}",
                    opening.clause,
                    {"working_days": days, "start_date": opened},
                )
    return start, None


def window(filing: Filing) -> tuple[date, date | None] | None:
    """Days the filing covered or covers: none for drafts and revoked filings (revocation voids
    the filing, its settlements are clawed back); a cancelled filing up to the day before its
    cancellation; a completed temporary filing up to discharge."""
    if filing.status in (FilingStatus.DRAFT, FilingStatus.REVOKED):
        return None
    end = filing.end_date
    if filing.status is FilingStatus.COMPLETED and filing.discharge_date:
        end = filing.discharge_date
    if filing.status is FilingStatus.CANCELLED and filing.ended_on:
        stop = filing.ended_on - timedelta(days=1)
        end = stop if end is None else min(end, stop)
    if end is not None and end < filing.start_date:
        return None
    return filing.start_date, end


def covers(filing: Filing, day: date, admitted_on: date | None = None) -> bool:
    """Whether the filing covers care on ``day``. An admission inside the validity covers the whole
    stay even when discharge is after the end (seed 004 一(一))."""
    span = window(filing)
    if span is None:
        return False
    start, end = span
    if start <= day and (end is None or day <= end):
        return True
    return (
        admitted_on is not None
        and admitted_on <= day
        and start <= admitted_on
        and (end is None or admitted_on <= end)
    )
