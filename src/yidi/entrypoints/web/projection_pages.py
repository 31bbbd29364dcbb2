"""基金测算 pages for staff (seed 004 二: 各市相关政策调整须做好基金测算，提前报省级医保、财政部门备案):
pick a region and past months, write the reform as an overlay, save it as a named scenario; the
run is a background job (``service_layer.fund_jobs``) whose progress the page polls (htmx; a
refresh link without script). The result: baseline vs reform by fund, category, level and region
pair, the effect on months of reserve, who is affected most; scenarios side by side; the report
for the province as a PDF with its charts (``/ui/print/projection/{id}``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.errors import YidiError
from yidi.entrypoints.web.charts import bars, columns
from yidi.entrypoints.web.common import Form, Staff, render, uow
from yidi.entrypoints.web.errors import form_errors
from yidi.entrypoints.web.pdf import print_view
from yidi.policy.loader import available_regions
from yidi.service_layer import fund_jobs

router = APIRouter(include_in_schema=False)
FIELDS = ("name", "region", "first", "last", "overlay")
FUNDS_ZH = {
    "fund_pay_sumamt": "基金支付合计", "hifp_pay": "统筹基金", "hifob_pay": "大额（职工）",
    "cvlserv_pay": "公务员补助", "psn_part_amt": "个人负担",
}  # fmt: skip
GROUPS_ZH = {"category": "按备案类别", "level": "按医院等级", "region_pair": "按参保地→就医地"}
EXAMPLE = """"211200":
  pooled_ratio:
    - when: {insutype: "310", filing_category: temporary, psn_type: active}
      value: 0.60
      from: 2024-01-01
      source: 测算方案（临时外出在职比例下调5个百分点）
      assumption: true
"""


@router.get("/ui/fund/projection", response_class=HTMLResponse)
def projection_home(request: Request, user: Staff) -> Response:
    return _home(request, values={"overlay": EXAMPLE, "region": "211200"})


def _home(request: Request, status_code: int = 200, **ctx: Any) -> Response:
    return render(
        request, "fund/projection.html", status_code=status_code, scenarios=fund_jobs.listing(uow(request)),
        regions=available_regions(), **ctx,
    )  # fmt: skip


@router.post("/ui/fund/projection", response_class=HTMLResponse)
def create(request: Request, user: Staff, form: Form) -> Response:
    values = {k: str(form.get(k, "")) for k in FIELDS}
    try:
        sid = fund_jobs.create(
            uow(request), values["name"], values["region"], values["first"].strip(), values["last"].strip(),
            values["overlay"], user.username,
        )  # fmt: skip
    except YidiError as exc:
        errors = form_errors(exc, FIELDS, rename=_field)
        return _home(request, 422, values=values, errors=errors)
    fund_jobs.start(request.app.state.uow_factory, sid)
    return RedirectResponse(f"/ui/fund/projection/{sid}", status_code=303)


def _field(name: str) -> str:
    return {"--from": "first", "--to": "last"}.get(name, name if name in FIELDS else "overlay")


@router.get("/ui/fund/projection/compare", response_class=HTMLResponse)
def compare(request: Request, user: Staff, ids: list[int] = Query(default=[])) -> Response:
    chosen = [fund_jobs.get(uow(request), i) for i in ids[:4]]
    done = [s for s in chosen if s["status"] == "done"]
    chart = bars(
        "统筹基金支付变化（元）",
        [(str(s["name"]), [Decimal(s["result"]["projection"]["delta"]["hifp_pay"])]) for s in done],
    )
    return render(request, "fund/compare.html", scenarios=done, funds=FUNDS_ZH, chart=chart)


@router.get("/ui/fund/projection/{scenario_id}", response_class=HTMLResponse)
def detail(request: Request, user: Staff, scenario_id: int) -> Response:
    s = fund_jobs.get(uow(request), scenario_id)
    return render(request, "fund/scenario.html", s=s, **_charts(s))


@router.get("/ui/fund/projection/{scenario_id}/progress", response_class=HTMLResponse)
def progress(request: Request, user: Staff, scenario_id: int) -> Response:
    s = fund_jobs.get(uow(request), scenario_id)
    response = render(request, "fund/_progress.html", s=s)
    if s["status"] in ("done", "failed"):
        response.headers["HX-Refresh"] = "true"  # show the result page
    return response


@router.get("/ui/print/projection/{scenario_id}", response_class=HTMLResponse)
def report(request: Request, user: Staff, scenario_id: int) -> Response:
    s = fund_jobs.get(uow(request), scenario_id)
    return print_view(
        request, "print/projection.html", f"基金测算-{s['region']}-{s['name']}.pdf",
        back_href=f"/ui/fund/projection/{scenario_id}", s=s, **_charts(s),
    )  # fmt: skip


def _charts(s: dict[str, Any]) -> dict[str, Any]:
    """The result's charts (SVG) and labels; nothing before the run is done."""
    ctx: dict[str, Any] = {"funds": FUNDS_ZH, "groups_zh": GROUPS_ZH, "charts": {}}
    result = s.get("result")
    if s["status"] != "done" or not result:
        return ctx
    p = result["projection"]
    charts = {
        "funds": bars(
            "基线与方案：各项基金与个人负担（元）",
            [(label, [Decimal(p["baseline"][k]), Decimal(p["reform"][k])]) for k, label in FUNDS_ZH.items()],
            ("基线", "方案"),
        )
    }
    for name, rows in result["groups"].items():
        charts[name] = bars(
            f"{GROUPS_ZH[name]}：统筹基金支付变化（元）",
            [("→".join(r["key"]), [Decimal(r["delta"]["hifp_pay"])]) for r in rows],
        )
    burden = result.get("burden")
    if burden and burden["deciles"]:
        charts["burden"] = columns(
            "个人负担变化的分布（元，按人，十分位）",
            [(f"{(i + 1) * 10}%", Decimal(v)) for i, v in enumerate(burden["deciles"])],
        )
    ctx["charts"] = charts
    return ctx


PARAM_ZH = {
    "deductible": "起付标准（元）", "pooled_ratio": "统筹支付比例", "cvlserv_ratio": "公务员补助比例",
    "pooled_annual_cap": "统筹年度最高支付限额（元）", "major_ratio": "大额（大病）支付比例",
}  # fmt: skip


def _params_page(request: Request, region: str, status_code: int = 200, **ctx: Any) -> Response:
    from yidi.service_layer.fund_overlay_form import cells

    region = region if region in available_regions() else available_regions()[0]
    table = cells(region, uow(request).clock())
    ctx.setdefault("values", {})
    return render(
        request, "fund/params.html", status_code=status_code, region=region, regions=available_regions(),
        table=table, params_zh=PARAM_ZH, **ctx,
    )  # fmt: skip


@router.get("/ui/fund/projection-params", response_class=HTMLResponse)
def params_form(request: Request, user: Staff, region: str = "") -> Response:
    return _params_page(request, region)


@router.post("/ui/fund/projection-params", response_class=HTMLResponse)
def params_submit(request: Request, user: Staff, form: Form) -> Response:
    from yidi.service_layer.fund_overlay_form import cells, overlay_text
    from yidi.service_layer.fund_projection import window

    region = str(form.get("region", ""))
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        w = window(values.get("first", "").strip(), values.get("last", "").strip())
        overlay = overlay_text(region, w.first, cells(region, uow(request).clock()), values)
        sid = fund_jobs.create(
            uow(request), values.get("name", ""), region, values["first"].strip(), values["last"].strip(), overlay,
            user.username,
        )  # fmt: skip
    except YidiError as exc:
        errors = form_errors(exc, ("name", "first", "last"), rename=_field)
        return _params_page(request, region, 422, values=values, errors=errors)
    fund_jobs.start(request.app.state.uow_factory, sid)
    return RedirectResponse(f"/ui/fund/projection/{sid}", status_code=303)
