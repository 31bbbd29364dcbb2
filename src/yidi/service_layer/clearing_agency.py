"""The agencies' clearing work for staff (REST ``/api/v1/clearing``, the staff pages): read the
month's statements and their lines, and — for the region the account acts for — confirm or
dispute as 参保地, pay the 就医地, pay the hospitals as 就医地.

Seed 002 第四条 (经办机构间清算资金划拨): each step journals its money (``adapters.clearing_*``).
Who may act: a staff account acts for the region assigned to it (``yidi clearing assign``);
another region's statement is refused with 403 (``ClearingForbidden``), an account with no region
may read but not act. The system (deadline jobs) acts for any region.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from yidi.adapters import clearing_reads as reads
from yidi.domain.access import Act, check_act
from yidi.domain.actors import Actor, Role
from yidi.domain.clearing.errors import ClearingForbidden
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parties import agency
from yidi.domain.clearing.statement import Dispute, DisputeRoute
from yidi.domain.errors import InvalidInput, Problem
from yidi.domain.money import fmt_fen, parse_fen
from yidi.domain.regions import validate_region
from yidi.service_layer.clearing_views import line_detail, statement_detail
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

PAGE = 100
CLAIMED_FIELDS = ("medfee_sumamt", "fund_pay_sumamt", "acct_pay", "cash_payamt")


def require_staff(actor: Actor) -> None:
    """Clearing is agency staff's work (403 for insured persons and hospitals)."""
    check_act(actor, Act.QUEUE, None)


def acting_region(uow: SqlAlchemyUnitOfWork, actor: Actor) -> str | None:
    """The region ``actor`` acts for (None: the system, for every region); inside a unit of work."""
    check_act(actor, Act.QUEUE, None)  # staff only
    if actor.role is Role.SYSTEM:
        return None
    region = uow.clearing.staff.region_of(actor.user)
    if region is None:
        raise ClearingForbidden(
            f"账号 {actor.user} 未指定所属经办机构，不能办理清算（由管理员运行 yidi clearing assign 指定）",
            f"account {actor.user} acts for no agency in clearing (assign one: yidi clearing assign)",
            user=actor.user,
        )
    return region


def whoami(uow: SqlAlchemyUnitOfWork, actor: Actor) -> dict[str, Any]:
    check_act(actor, Act.QUEUE, None)
    with uow:
        return {"user": actor.user, "region": uow.clearing.staff.region_of(actor.user)}


def assign(uow: SqlAlchemyUnitOfWork, actor: Actor, username: str, region: str) -> dict[str, Any]:
    """Let a staff account act for a region in clearing (an administrator's step)."""
    check_act(actor, Act.QUEUE, None)
    code = validate_region(region, "region")
    with uow:
        uow.clearing.staff.assign(username, code, datetime.now(UTC))
        uow.commit()
    return {"user": username, "region": code}


def months(uow: SqlAlchemyUnitOfWork, actor: Actor) -> dict[str, Any]:
    check_act(actor, Act.QUEUE, None)
    with uow:
        rows = reads.months(uow.session)
    return {"months": [{"month": r["month"], "built_on": r["built_on"].isoformat(),
                        "statements": r["statements"], "lines": r["lines"]} for r in rows]}  # fmt: skip


def statements(uow: SqlAlchemyUnitOfWork, actor: Actor, month: str) -> dict[str, Any]:
    check_act(actor, Act.QUEUE, None)
    m = Month.parse(month)
    with uow:
        found = uow.clearing.statements(m)
        params = uow.clearing.params
    return {"month": str(m), "statements": [statement_detail(s, params) for s in found]}


def statement(
    uow: SqlAlchemyUnitOfWork, actor: Actor, statement_id: str, offset: int = 0, limit: int | None = PAGE
) -> dict[str, Any]:
    """One statement with a page of its lines (``limit`` None: all), its disputes, its returns and
    its hospitals."""
    check_act(actor, Act.QUEUE, None)
    with uow:
        s = uow.clearing.statement(statement_id)
        lines = uow.clearing.lines(
            statement_id, offset=max(offset, 0), limit=None if limit is None else max(limit, 0)
        )
        total = reads.line_count(uow.session, statement_id)
        disputes = reads.disputes_of(uow.session, statement_id)
        returns = reads.returns_of(uow.session, statement_id)
        hospitals = uow.clearing.by_hospital(statement_id)
        params = uow.clearing.params
    return {
        **statement_detail(s, params),
        "lines": [line_detail(x) for x in lines], "line_count": total, "offset": offset,
        "disputes": [{"setl_id": d["setl_id"], "by": d["by_party"], "reason": d["reason"], "route": d["route"],
                      "amount": fmt_fen(int(d["amount"])), "disputed_on": d["disputed_on"].isoformat(),
                      "withdrawn_on": d["withdrawn_on"].isoformat() if d["withdrawn_on"] else None}
                     for d in disputes],
        "returns": [return_view(r) for r in returns],
        "hospitals": {h: fmt_fen(a) for h, a in hospitals.items()},
    }  # fmt: skip


def return_view(r: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": r["id"], "kind": r["kind"], "setl_id": r["setl_id"], "insuplc_admdvs": r["insuplc_admdvs"],
            "mdtrtarea_admvs": r["mdtrtarea_admvs"], "hospital_code": r["hospital_code"],
            "amount": fmt_fen(int(r["amount"])), "reason": r["reason"], "statement_id": r["statement_id"],
            "decided_at": r["decided_at"].isoformat()}  # fmt: skip


def _claimed(claimed: Mapping[str, object] | None) -> dict[str, int] | None:
    """The 参保地's own totals (yuan strings; ``psntime`` a count), to compare with ours."""
    if not claimed:
        return None
    out: dict[str, int] = {}
    problems = []
    for key, value in claimed.items():
        if key == "psntime":
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(Problem("psntime", "人次应为整数", "psntime must be an integer"))
                continue
            out[key] = value
        elif key in CLAIMED_FIELDS:
            out[key] = parse_fen(value, key)
        else:
            problems.append(Problem(key, f"不能核对的字段 {key}", f"unknown total {key}"))
    if problems:
        raise InvalidInput(problems)
    return out


def confirm(
    uow: SqlAlchemyUnitOfWork, actor: Actor, statement_id: str, claimed: Mapping[str, object] | None = None
) -> dict[str, Any]:
    """The 参保地 confirms its statement (optionally with its own totals, refused with each
    difference named when they differ); the statement and its returns are journaled."""
    figures = _claimed(claimed)
    with uow:
        region = acting_region(uow, actor)
        s = uow.clearing.confirm(statement_id, uow.clock(), actor_region=region, claimed=figures)
        uow.commit()
        return statement_detail(s, uow.clearing.params)


def dispute(
    uow: SqlAlchemyUnitOfWork, actor: Actor, statement_id: str, items: Sequence[Mapping[str, str]]
) -> dict[str, Any]:
    """The 参保地 disputes named settlements with reasons: each leaves the statement for the next
    month (``next_month``) or for supervision (``supervision``)."""
    disputes, problems = [], []
    for i, item in enumerate(items):
        reason = str(item.get("reason", "")).strip()
        route = str(item.get("route", DisputeRoute.NEXT_MONTH))
        if not reason:
            problems.append(Problem(f"disputes[{i}].reason", "须说明异议原因", "a reason is required"))
        if route not in {r.value for r in DisputeRoute}:
            problems.append(Problem(f"disputes[{i}].route", "去向应为 next_month 或 supervision",
                                    "route must be next_month or supervision"))  # fmt: skip
        disputes.append(Dispute(str(item.get("setl_id", "")), reason, DisputeRoute(route)
                                if route in {r.value for r in DisputeRoute} else DisputeRoute.NEXT_MONTH))  # fmt: skip
    if not items:
        problems.append(Problem("disputes", "至少列出一笔有异议的结算", "name at least one settlement"))
    if problems:
        raise InvalidInput(problems)
    with uow:
        region = acting_region(uow, actor)
        s = uow.clearing.statement(statement_id)
        by = agency(region or s.insuplc_admdvs)
        s = uow.clearing.dispute(statement_id, disputes, by, uow.clock(), actor_region=region)
        uow.commit()
        return statement_detail(s, uow.clearing.params)


def pay(uow: SqlAlchemyUnitOfWork, actor: Actor, statement_id: str) -> dict[str, Any]:
    """参保地 → 就医地 (through the platform across provinces), net of returns and of the
    advance-fund refund the payee owes."""
    with uow:
        s = uow.clearing.pay(statement_id, uow.clock(), actor_region=acting_region(uow, actor))
        uow.commit()
        return statement_detail(s, uow.clearing.params)


def pay_hospitals(uow: SqlAlchemyUnitOfWork, actor: Actor, statement_id: str) -> dict[str, Any]:
    """就医地 → its hospitals, each its share less its returns; the statement is closed (50)."""
    with uow:
        s = uow.clearing.pay_hospitals(statement_id, uow.clock(), actor_region=acting_region(uow, actor))
        uow.commit()
        return statement_detail(s, uow.clearing.params)


def confirm_overdue(uow: SqlAlchemyUnitOfWork, actor: Actor) -> dict[str, Any]:
    """The deadline job: statements left unanswered past ``confirm_by`` count as confirmed (A-CLR-03)."""
    check_act(actor, Act.JOB, None)
    with uow:
        ids = uow.clearing.confirm_overdue(uow.clock())
        uow.commit()
    return {"confirmed": ids}


def ledger(uow: SqlAlchemyUnitOfWork, actor: Actor, party: str | None = None) -> dict[str, Any]:
    """Every account's balance on its normal side (optionally one party's), and the check."""
    from yidi.domain.clearing.accounts import CHART, Account

    check_act(actor, Act.QUEUE, None)
    with uow:
        balances = uow.clearing.balances()
        check = uow.clearing.check_ledger().as_dict()
    accounts = []
    for key, signed in sorted(balances.items()):
        a = Account.parse(key)
        if party and str(a.party) != party:
            continue
        accounts.append({"account": key, "party": str(a.party), "purpose": str(a.purpose),
                         "name_zh": CHART[a.purpose].name_zh, "counterpart": None if a.counterpart is None
                         else str(a.counterpart), "balance": fmt_fen(a.shown(signed))})  # fmt: skip
    return {"accounts": accounts, "check": check}


def account_postings(uow: SqlAlchemyUnitOfWork, actor: Actor, account: str) -> dict[str, Any]:
    check_act(actor, Act.QUEUE, None)
    with uow:
        rows = reads.postings_of(uow.session, account)
    return {"account": account, "postings": [
        {"entry": r["id"], "ref_kind": r["ref_kind"], "ref_id": r["ref_id"], "effective_on": r["effective_on"]
         .isoformat(), "side": r["side"], "amount": fmt_fen(int(r["amount"]))} for r in rows]}  # fmt: skip


def pending_returns(uow: SqlAlchemyUnitOfWork, actor: Actor) -> dict[str, Any]:
    """Returns recorded but not yet in a statement (they join the next month built)."""
    require_staff(actor)
    with uow:
        rows = reads.returns_of(uow.session, None)
    return {"returns": [return_view(r) for r in rows]}
