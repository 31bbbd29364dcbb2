"""Advance funds (预付金) for staff: the yearly assessment, the balances held per pair with the
usage of the latest month cleared and its warning, the top-up request, the 预付金通知书.

Seed 002 第五条 (先预付后清算，预付金来源于省直基本医疗保险基金); sizing, warning threshold and
top-up rule are assumptions A-CLR-06…10 and A-CLR-12 (``domain/clearing/advance.py``). Every
notice is journaled: an increase is paid by the 参保地, a decrease owed back by the 就医地.
"""

from __future__ import annotations

from typing import Any

from yidi.adapters import clearing_reads as reads
from yidi.domain.clearing.advance import Usage, size_advance
from yidi.domain.clearing.errors import ClearingForbidden
from yidi.domain.clearing.month import Month
from yidi.domain.errors import Kind, refusal
from yidi.domain.money import fmt_fen, fmt_ratio
from yidi.domain.regions import division_name, validate_region
from yidi.service_layer.clearing_agency import acting_region, require_staff
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

KIND_ZH = {"annual": "年度核定", "top_up": "预警补足", "adjust": "调整"}


def usage_view(u: Usage) -> dict[str, Any]:
    return {"month_amount": fmt_fen(u.month_amount), "advance": fmt_fen(u.advance),
            "ratio": None if u.ratio_bp is None else fmt_ratio(u.ratio_bp), "warning": u.warning,
            "top_up": fmt_fen(u.top_up)}  # fmt: skip


def notice_view(n: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": n["id"], "insuplc_admdvs": n["insuplc_admdvs"], "mdtrtarea_admvs": n["mdtrtarea_admvs"],
        "insuplc_name": division_name(n["insuplc_admdvs"]) or n["insuplc_admdvs"],
        "mdtrtarea_name": division_name(n["mdtrtarea_admvs"]) or n["mdtrtarea_admvs"],
        "year": n["year"], "seq": n["seq"], "kind": n["kind"], "kind_zh": KIND_ZH.get(n["kind"], n["kind"]),
        "amount": fmt_fen(int(n["amount"])), "change": fmt_fen(int(n["change"])), "basis": fmt_fen(int(n["basis"])),
        "issued_on": n["issued_on"].isoformat(),
    }  # fmt: skip


def _pairs(uow: SqlAlchemyUnitOfWork) -> dict[tuple[str, str], str | None]:
    """Every pair with a notice or a statement → the id of its latest statement (or None)."""
    out: dict[tuple[str, str], str | None] = {
        (n["insuplc_admdvs"], n["mdtrtarea_admvs"]): None for n in reads.notices(uow.session)
    }
    for m in reversed(reads.months(uow.session)):  # oldest first: later months overwrite
        for s in uow.clearing.statements(Month.parse(m["month"])):
            out[(s.insuplc_admdvs, s.mdtrtarea_admvs)] = s.id
    return out


def overview(uow: SqlAlchemyUnitOfWork, actor: Any, year: int | None = None) -> dict[str, Any]:
    """Each pair: the advance held, the latest month's usage and warning (A-CLR-09, -12)."""
    require_staff(actor)
    with uow:
        pairs = []
        for (i, t), sid in sorted(_pairs(uow).items()):
            held = uow.clearing.advance.held(i, t)
            u = uow.clearing.advance.usage_after(sid) if sid else None
            pairs.append({
                "insuplc_admdvs": i, "mdtrtarea_admvs": t, "insuplc_name": division_name(i) or i,
                "mdtrtarea_name": division_name(t) or t, "held": fmt_fen(held), "latest_statement": sid,
                "usage": None if u is None else usage_view(u),
            })  # fmt: skip
        notices = [notice_view(n) for n in reads.notices(uow.session, year)]
        params = uow.clearing.params
    return {"pairs": pairs, "notices": notices,
            "warning_ratio": fmt_ratio(params.usage_warning_bp)}  # fmt: skip


def assess(uow: SqlAlchemyUnitOfWork, actor: Any, year: int) -> dict[str, Any]:
    """The annual assessment: every pair with cleared money in ``year − 1`` gets its notice
    (a second assessment of the same year issues nothing new)."""
    require_staff(actor)
    with uow:
        done = {(n["insuplc_admdvs"], n["mdtrtarea_admvs"]) for n in reads.notices(uow.session, year)
                if n["kind"] == "annual"}  # fmt: skip
        issued = []
        for (i, t), total in sorted(uow.clearing.advance.year_cleared_amounts(year - 1).items()):
            if (i, t) in done:
                continue
            sizing = size_advance(total, uow.clearing.params)
            issued.append(uow.clearing.advance.issue(i, t, year, sizing.amount, total, "annual", uow.clock()))
        uow.commit()
        notices = [notice_view(n) for n in reads.notices(uow.session, year) if n["id"] in issued]
    return {"year": year, "notices": notices}


def top_up(uow: SqlAlchemyUnitOfWork, actor: Any, insuplc: str, mdtrtarea: str) -> dict[str, Any]:
    """The 参保地 tops the advance up when the latest month's usage reached the warning (A-CLR-10)."""
    i = validate_region(insuplc, "insuplc_admdvs", known_only=False)
    t = validate_region(mdtrtarea, "mdtrtarea_admvs", known_only=False)
    with uow:
        region = acting_region(uow, actor)
        if region not in (None, i):
            raise ClearingForbidden(
                f"只有参保地 {i} 可以补足其预付金",
                f"only the insured region {i} tops up its advance",
                region=region,
            )
        sid = _pairs(uow).get((i, t))
        u = uow.clearing.advance.usage_after(sid) if sid else None
        if u is None or not u.warning:
            raise refusal(
                "NO_TOP_UP_DUE", Kind.CONFLICT,
                f"{i}→{t} 最近一月使用率未达预警线，无需补足预付金",
                f"the latest month of {i}→{t} did not reach the warning ratio: no top-up due",
                clause="A-CLR-09",
            )  # fmt: skip
        today = uow.clock()
        nid = uow.clearing.advance.issue(
            i, t, today.year, u.advance + u.top_up, u.month_amount, "top_up", today
        )
        uow.commit()
        found = reads.notice(uow.session, nid)
        assert found is not None
        return notice_view(found)


def notice(uow: SqlAlchemyUnitOfWork, actor: Any, notice_id: str) -> dict[str, Any]:
    require_staff(actor)
    with uow:
        found = reads.notice(uow.session, notice_id)
    if found is None:
        raise refusal("NOT_FOUND", Kind.NOT_FOUND, f"没有预付金通知书 {notice_id}", f"no notice {notice_id}")
    return notice_view(found)
