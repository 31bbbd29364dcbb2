"""基金安全 pages for staff (policy makers): months of reserve with its figures (admin entry and CSV
import), and compliance with the 2025 guidance (of the policy in force or of an overlay).

The warning below six months (seed 004 二) is shown wherever a policy maker looks: every page of
a staff or admin account includes ``fund/_warning.html`` (from ``base.html``), which asks
``reserve_warnings`` for the regions under six months.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from yidi.domain.errors import InvalidInput, YidiError
from yidi.domain.fund.exact import fen_text
from yidi.domain.fund.reserve import Reserve
from yidi.domain.money import parse_fen
from yidi.entrypoints.web.common import Form, Staff, render, templates, uow
from yidi.entrypoints.web.errors import form_errors
from yidi.policy.loader import available_regions
from yidi.service_layer import fund_services

router = APIRouter(prefix="/ui/fund", include_in_schema=False)
FIGURE_FIELDS = ("region", "month", "balance", "expenditure", "source")


def reserve_warnings(request: Request) -> list[Reserve]:
    """Regions under six months of reserve (empty when none is recorded or reading fails)."""
    try:
        return [r for r in fund_services.reserves(request.app.state.uow_factory()) if r.warning]
    except Exception:  # a warning banner must never break the page it sits on
        return []


templates.env.globals["reserve_warnings"] = reserve_warnings
templates.env.filters["fen"] = fen_text  # integer fen → "1234.56", exactly (never through a float)


def _reserve_page(request: Request, status_code: int = 200, **ctx: Any) -> Response:
    return render(
        request, "fund/reserve.html", status_code=status_code, overview=fund_services.overview(uow(request)),
        regions=available_regions(), **ctx,
    )  # fmt: skip


@router.get("/reserve", response_class=HTMLResponse)
def reserve_page(request: Request, user: Staff, done: str = "") -> Response:
    return _reserve_page(request, done=done)


@router.post("/reserve/figure", response_class=HTMLResponse)
def add_figure(request: Request, user: Staff, form: Form) -> Response:
    values = {k: str(form.get(k, "")).strip() for k in FIGURE_FIELDS}
    errors: dict[str, str] = {}
    month = _month(values["month"], errors)
    balance = _amount(values["balance"], "balance", errors, signed=True)
    spent = _amount(values["expenditure"], "expenditure", errors)
    if values["region"] not in available_regions():
        errors["region"] = "请选择统筹区"
    if not values["source"]:
        errors["source"] = "请注明数据来源（如基金收支月报）"
    if errors or month is None:
        return _reserve_page(request, 422, values=values, errors=errors)
    fund_services.record_figure(
        uow(request), values["region"], month, balance, spent, values["source"], user.username
    )
    return RedirectResponse("/ui/fund/reserve?done=figure", status_code=303)


@router.post("/reserve/import", response_class=HTMLResponse)
async def import_figures(request: Request, user: Staff, form: Form) -> Response:
    upload = (await request.form()).get("file")  # the parsed form is cached: the file is still there
    text = str(form.get("csv", ""))
    name = "网页粘贴"
    if isinstance(upload, UploadFile):
        data = await upload.read()
        if data:
            text, name = data.decode("utf-8-sig", errors="replace"), str(upload.filename or "上传文件")
    if not text.strip():
        return _reserve_page(request, 422, errors={"csv": "请选择 CSV 文件或粘贴内容"})
    try:
        await run_in_threadpool(fund_services.import_figures, uow(request), text, name, user.username)
    except YidiError as exc:
        messages = "；".join(p.zh for p in exc.problems)
        return _reserve_page(request, 422, errors={"csv": messages}, csv=text)
    return RedirectResponse("/ui/fund/reserve?done=import", status_code=303)


def _month(text: str, errors: dict[str, str]) -> date | None:
    try:
        year, month = (int(p) for p in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        errors["month"] = "月份应为 YYYY-MM"
        return None


def _amount(text: str, name: str, errors: dict[str, str], signed: bool = False) -> int:
    try:
        if signed and text.startswith("-"):
            return -parse_fen(text[1:], name)
        return parse_fen(text, name)
    except InvalidInput:
        errors[name] = "金额应为元，最多两位小数" + ("" if signed else "，不能为负")
        return 0


@router.get("/compliance", response_class=HTMLResponse)
def compliance_page(request: Request, user: Staff, region: str = "", on: str = "") -> Response:
    return _compliance(request, region, on, "")


@router.post("/compliance", response_class=HTMLResponse)
def compliance_overlay(request: Request, user: Staff, form: Form) -> Response:
    return _compliance(
        request, str(form.get("region", "")), str(form.get("on", "")), str(form.get("overlay", ""))
    )


def _compliance(request: Request, region: str, on: str, overlay: str) -> Response:
    from yidi.policy.fund_compliance import compliance_data
    from yidi.policy.overlay import overlays_from_text
    from yidi.service_layer.fund_compliance import compliance

    regions = sorted(compliance_data().regions)
    region = region or regions[0]
    errors: dict[str, str] = {}
    body = None
    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        errors["on"], day = "日期应为 YYYY-MM-DD", date.today()
    if not errors:
        try:
            overlays = overlays_from_text(overlay, "调整方案") if overlay.strip() else {}
            body = compliance(region, day, overlays)
        except YidiError as exc:
            errors = form_errors(exc, ("region", "on", "overlay"), rename=lambda _: "overlay")
    spec = compliance_data().regions.get(region)
    return render(
        request, "fund/compliance.html", status_code=422 if errors else 200, body=body, regions=regions,
        values={"region": region, "on": day.isoformat(), "overlay": overlay}, errors=errors, spec=spec,
    )  # fmt: skip
