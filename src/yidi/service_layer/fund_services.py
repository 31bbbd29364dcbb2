"""Use cases of the fund's figures (基金收支与可支付月数, seed 004 二): record a region's monthly
figures (CSV import or the admin page) and report its months of reserve, with the warning below
six months."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from yidi.domain.errors import InvalidInput, NotFound
from yidi.domain.fund.figures_csv import parse_figures
from yidi.domain.fund.reserve import MonthFigure, Reserve, months_of_reserve
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork


def import_figures(uow: SqlAlchemyUnitOfWork, text: str, source: str, by: str) -> dict[str, Any]:
    """Record every line of an import file in one transaction (nothing when any line is bad)."""
    figures = parse_figures(text, source)
    now = datetime.now(UTC)
    with uow:
        for region, figure in figures:
            uow.fund.put_figure(region, figure, by, now)
        uow.commit()
    regions = sorted({r for r, _ in figures})
    return {"imported": len(figures), "regions": regions}


def record_figure(
    uow: SqlAlchemyUnitOfWork, region: str, month: date, balance: int, expenditure: int, source: str, by: str
) -> None:
    """One month entered on the admin page (replaces that month's earlier figure)."""
    if expenditure < 0:
        raise InvalidInput.of("expenditure", "当月基金支出不能为负", "expenditure must not be negative")
    if not source.strip():
        raise InvalidInput.of("source", "请注明数据来源（如基金收支月报）", "name the source of the figure")
    with uow:
        uow.fund.put_figure(
            region, MonthFigure(month, balance, expenditure, source.strip()), by, datetime.now(UTC)
        )
        uow.commit()


def reserve(uow: SqlAlchemyUnitOfWork, region: str) -> Reserve:
    """Months of reserve of ``region`` from its recorded figures."""
    with uow:
        figures = uow.fund.figures(region)
    if not figures:
        raise NotFound("fund_figures", region, f"{region} 没有基金收支记录，请先导入（yidi fund import）")
    return months_of_reserve(region, figures)


def reserves(uow: SqlAlchemyUnitOfWork) -> list[Reserve]:
    """Every region with recorded figures (the warnings a policy maker sees on every page)."""
    with uow:
        regions = {r: uow.fund.figures(r) for r in uow.fund.regions_with_figures()}
    return [months_of_reserve(r, f) for r, f in regions.items()]


def overview(uow: SqlAlchemyUnitOfWork) -> list[dict[str, Any]]:
    """Per region with figures: months of reserve, the recorded months (newest first) and, for the
    latest month, the cross-region part of the fund's spending as the settlements record it
    (direct settlements of the region's insured, still valid, by settlement date)."""
    import calendar

    out = []
    with uow:
        for region in uow.fund.regions_with_figures():
            rows = list(uow.fund.figure_rows(region))
            figures = uow.fund.figures(region)
            r = months_of_reserve(region, figures)
            end = r.as_of.replace(day=calendar.monthrange(r.as_of.year, r.as_of.month)[1])
            cross = uow.fund.valid_settlement_totals(region, r.as_of, end)
            out.append({"reserve": r, "rows": rows[::-1], "cross_region": cross})
    return out
