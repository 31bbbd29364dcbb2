"""运行监测 dashboard for staff (issue 18 §1): by insured region and period — settlements and amounts
by month, filing category, hospital level and region pair; the direct-settlement rate (seed 003
二(三) names a low rate as a problem); cost per stay; top hospitals; manual-claim turnaround;
commitments due and overdue; filings by channel. Every chart (server-side SVG, ``charts``) has its
table under it, built from the same rows; every table exports as CSV and Excel."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.fund.dashboard import Dashboard, Sums
from yidi.domain.fund.exact import fen_text
from yidi.entrypoints.web.charts import bars, columns
from yidi.entrypoints.web.common import Staff, render, uow
from yidi.entrypoints.web.exports import Table, download
from yidi.entrypoints.web.labels import category_zh
from yidi.policy.loader import available_regions
from yidi.service_layer.ops_dashboard import dashboard

router = APIRouter(prefix="/ui/ops/dashboard", include_in_schema=False)
SUMS_HEADERS = ("人次", "医疗费总额（元）", "基金支付（元）", "次均费用（元）")
CHANNEL_ZH = {
    "self_service": "自助（网上、掌上）", "counter": "经办窗口", "hospital_admission": "入院时医疗机构办理",
    "referral_agency": "经办机构转诊", "referral_hospital": "医疗机构转诊", "emergency_flag": "急诊自动备案",
    "system": "系统",
}  # fmt: skip


def _period(request: Request, first: str, last: str) -> tuple[date, date]:
    """[first day of ``first``, last day of ``last``]; default: this year up to today."""
    today = uow(request).clock()
    start, end = date(today.year, 1, 1), today
    try:
        if first:
            start = date.fromisoformat(f"{first}-01")
        if last:
            y, m = (int(p) for p in last.split("-"))
            end = date(y, m, calendar.monthrange(y, m)[1])
    except ValueError:
        pass  # a malformed month keeps the default
    return start, max(start, end)


def _sums(s: Sums) -> list[object]:
    return [s.stays, fen_text(s.medfee), fen_text(s.fund), s.cost_per_stay or "—"]


def tables(d: Dashboard) -> list[Table]:
    """Every table of the dashboard, in page order (the charts and the exports use the same)."""
    by_count, by_amount = d.direct_rate
    ta = d.turnaround
    overview = Table(
        "overview", "总览",
        ("指标", "数值"),
        [
            ("异地就医直接结算人次", d.total.stays), ("医疗费总额（元）", fen_text(d.total.medfee)),
            ("基金支付（元）", fen_text(d.total.fund)), ("次均费用（元）", d.total.cost_per_stay or "—"),
            ("基金支付比例", d.total.fund_share.text() or "—"), ("手工报销（已拨付）人次", d.manual.stays),
            ("直接结算率（人次）", by_count.text() or "—"), ("直接结算率（金额）", by_amount.text() or "—"),
        ],
    )  # fmt: skip
    out = [
        overview,
        Table("month", "按月份", ("月份", *SUMS_HEADERS), [(k, *_sums(v)) for k, v in d.by_month.items()]),
        Table("category", "按备案类别", ("备案类别", *SUMS_HEADERS),
              [(category_zh(k), *_sums(v)) for k, v in d.by_category.items()]),
        Table("level", "按医院等级", ("医院等级", *SUMS_HEADERS), [(k, *_sums(v)) for k, v in d.by_level.items()]),
        Table("pair", "按参保地→就医地", ("参保地", "就医地", *SUMS_HEADERS),
              [(a, b, *_sums(v)) for (a, b), v in d.by_pair.items()]),
        Table("hospitals", "结算人次最多的医疗机构", ("机构编码", "名称", *SUMS_HEADERS),
              [(code, name, *_sums(v)) for (code, name), v in d.top_hospitals]),
    ]  # fmt: skip
    if ta is not None:
        out.append(
            Table("turnaround", "手工报销办结时限", ("指标", "数值"), [
                ("期间内办结件数", ta.decided), ("按承诺时限办结率", ta.on_time.text() or "—"),
                ("未办结且已超期", ta.overdue_open), ("未办结、未到期", ta.due_open),
            ])
        )  # fmt: skip
    out.append(
        Table("commitments", "承诺事项", ("指标", "数值"), [
            ("30日内到期（待补材料）", d.commitments_due), ("已逾期未补", d.commitments_overdue),
        ])
    )  # fmt: skip
    out.append(
        Table("channels", "备案渠道", ("渠道", "备案数"),
              [(CHANNEL_ZH.get(k, k), v) for k, v in sorted(d.filings_by_channel.items(), key=lambda kv: -kv[1])])
    )  # fmt: skip
    return out


def _charts(d: Dashboard) -> dict[str, object]:
    return {
        "month": columns("按月份：结算人次", [(k, v.stays) for k, v in d.by_month.items()]),
        "category": bars(
            "按备案类别：结算人次", [(category_zh(k), [v.stays]) for k, v in d.by_category.items()]
        ),
        "level": bars(
            "按医院等级：基金支付（元）", [(k, [Decimal(fen_text(v.fund))]) for k, v in d.by_level.items()]
        ),
        "pair": bars(
            "按参保地→就医地：结算人次", [(f"{a}→{b}", [v.stays]) for (a, b), v in d.by_pair.items()]
        ),
        "hospitals": bars("医疗机构：结算人次", [(n or c, [v.stays]) for (c, n), v in d.top_hospitals]),
        "channels": bars(
            "备案渠道：备案数", [(CHANNEL_ZH.get(k, k), [v]) for k, v in d.filings_by_channel.items()]
        ),
    }


@router.get("", response_class=HTMLResponse)
def page(request: Request, user: Staff, region: str = "", first: str = "", last: str = "") -> Response:
    start, end = _period(request, first, last)
    d = dashboard(uow(request), region or None, start, end)
    query = f"region={region}&first={start:%Y-%m}&last={end:%Y-%m}"
    return render(
        request, "ops/dashboard.html", d=d, tables=tables(d), charts=_charts(d), regions=available_regions(),
        values={"region": region, "first": f"{start:%Y-%m}", "last": f"{end:%Y-%m}"}, query=query,
    )  # fmt: skip


@router.get("/export.{fmt}")
def export(
    request: Request, user: Staff, fmt: str, region: str = "", first: str = "", last: str = ""
) -> Response:
    start, end = _period(request, first, last)
    d = dashboard(uow(request), region or None, start, end)
    name = f"运行监测-{region or '全部'}-{start:%Y%m}-{end:%Y%m}"
    return download(tables(d), fmt, name)
