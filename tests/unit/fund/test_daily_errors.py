"""每日报错治理 arithmetic: kinds from the Chinese err_msg, Beijing days, grouping with first/last
seen and an example, 7- and 30-day trends, and the error-rate alert (A-FND-05)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from yidi.domain.fund.daily_errors import Failure, day_bounds, group, kind_of, local_day, rate_alerts


def test_kinds() -> None:
    assert kind_of("FSI-缺少必填字段 mdtrt_id（就诊ID）") == "missing_field"
    assert kind_of("FSI-缺少交易签到流水号 sign_no，请先【9001】签到") == "sign_in"
    assert kind_of("FSI-字段 insutype（险种类型）无效：应为 310") == "invalid_field"
    assert kind_of("FSI-报文ID M1 已用于交易 2401") == "duplicate"
    assert kind_of("FSI-未找到本机构的结算ID S1") == "not_found"
    assert kind_of("FSI-该就诊已撤销") == "state"
    assert kind_of("FSI-something else") == "other"


def test_days_are_beijing_days() -> None:
    start, end = day_bounds(date(2026, 3, 2))
    assert start == datetime(2026, 3, 1, 16, 0, tzinfo=UTC) and end - start == timedelta(days=1)
    assert local_day(datetime(2026, 3, 1, 16, 0)) == date(2026, 3, 2)  # naive = UTC
    assert local_day(datetime(2026, 3, 1, 15, 59, tzinfo=UTC)) == date(2026, 3, 1)


def test_grouping_and_trends() -> None:
    day = date(2026, 3, 10)
    at = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
    fails = [Failure(at + timedelta(minutes=i), "H1", "2304", "state", f"M{i}") for i in range(3)]
    fails += [Failure(at - timedelta(days=d), "H1", "2304", "state", f"P{d}") for d in (1, 2, 2, 20, 40)]
    fails += [Failure(at, "H2", "2401", "sign_in", "X")]
    groups = group(day, fails)
    assert [g.as_json() for g in groups] == [
        {"fixmedins_code": "H1", "infno": "2304", "kind": "state", "count": 3, "example_msgid": "M0"},
        {"fixmedins_code": "H2", "infno": "2401", "kind": "sign_in", "count": 1, "example_msgid": "X"},
    ]
    g = groups[0]
    assert g.trend_7 == [0, 0, 0, 0, 2, 1, 3] and g.trend_30 == 7  # day 40 back is outside
    assert g.first_seen == at and g.last_seen == at + timedelta(minutes=2)


def test_rate_alert() -> None:
    day = date(2026, 3, 10)
    at = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
    before = [("H1", at - timedelta(days=3), i < 1) for i in range(20)]  # 5 % before
    today = [("H1", at, i < 4) for i in range(20)]  # 20 % today: ×4 and +15 points
    calm = [("H2", at - timedelta(days=1), i < 2) for i in range(20)] + [("H2", at, i < 3) for i in range(20)]
    small = [("H3", at, True) for _ in range(5)]  # fewer than 10 transactions
    alerts = rate_alerts(day, before + today + calm + small)
    assert [a.fixmedins_code for a in alerts] == ["H1"]
    assert (alerts[0].refused, alerts[0].transactions, alerts[0].before_refused) == (4, 20, 1)
