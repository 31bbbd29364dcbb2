"""Read side of settlements (结算查询): search and one settlement with its explanation.

Two sources, labelled in every row (``source``):

* ``hospital`` — direct settlements of the national interface (2304/2207 and their 2305/2208
  reversal records, table ``hospital_settlements``) with the visit, the hospital and the person;
* ``manual_claim`` — manual reimbursements (手工报销) once **paid**: the claim then holds the
  kernel's ``setlinfo``, ``setldetail`` and explanation (priced again on the day of payment), the
  bill's place and dates, so it gives a complete settlement statement. The claim id is its
  settlement id. A paid ``account_refund`` (个人账户返还) is left out: it is a refund of the
  account, not a medical settlement — it has no fee split and no fund payments to state.

Plain dicts out; money in integer fen (``amounts``) next to the stored national strings. Read-side
SQL lives here, not in a repository (cosmicpython ch. 12, "views"). Each use case takes the actor
for ``queries.authorize_read`` (the person rule) and ``domain.access.settlement_scope`` (a
citizen sees their own settlements, a hospital those it made).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select

from yidi.adapters.orm import insured_persons
from yidi.adapters.orm_claims import claims
from yidi.adapters.orm_hospital import hospitals, settlements, visits
from yidi.domain import access
from yidi.domain.access import Read
from yidi.domain.claims import ClaimType
from yidi.domain.claims.loading import load_claims_policy
from yidi.domain.errors import InvalidInput, NotFound
from yidi.domain.filing.channels import Actor
from yidi.service_layer.queries import authorize_read
from yidi.service_layer.settlement_criteria import (
    ID_PATTERN,
    KINDS,
    SOURCES,
    STATUSES,
    Criteria,
    parse_criteria,
)
from yidi.service_layer.settlement_views import claim_view, hospital_view
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, Any]
PAGE_SIZE, MAX_PAGE_SIZE, MAX_PAGE = 20, 100, 1000
NOT_REFUND = claims.c.claim_type != "account_refund"
READ = Read.PERSON


class SettlementNotFound(NotFound):
    """No settlement (and no paid manual claim) with this id (未找到结算记录); HTTP 404."""

    def __init__(self, setl_id: str) -> None:
        super().__init__("settlement", setl_id, f"未找到结算记录：{setl_id}")


def _hospital_rows(c: Criteria) -> Select[Any]:
    s, p, h, v = settlements.c, insured_persons.c, hospitals.c, visits.c
    stmt = (
        select(settlements, p.name.label("psn_name"), h.name.label("hospital_name"), h.hosp_lv)
        .select_from(
            settlements.join(insured_persons, p.id_number == s.id_number)
            .join(hospitals, h.code == s.hospital_code)
            .join(visits, v.mdtrt_id == s.mdtrt_id)
        )
    )  # fmt: skip
    for value, column in ((c.id_number, s.id_number), (c.setl_id, s.setl_id), (c.mdtrt_id, s.mdtrt_id),
                          (c.hospital_code, s.hospital_code), (c.kind, s.kind), (c.status, s.status)):  # fmt: skip
        if value is not None:
            stmt = stmt.where(column == value)
    if c.date_from:
        stmt = stmt.where(s.setl_date >= c.date_from)
    if c.date_to:
        stmt = stmt.where(s.setl_date <= c.date_to)
    return stmt


def _claim_rows(c: Criteria) -> Select[Any] | None:
    """Paid claims matching; None when a criterion cannot apply to a claim (no 就诊ID, no
    reversal, never cancelled once paid)."""
    if c.mdtrt_id or c.kind == "reversal" or c.status == "cancelled":
        return None
    k, p = claims.c, insured_persons.c
    stmt = (
        select(claims, p.name.label("psn_name"), p.insutype)
        .select_from(claims.join(insured_persons, p.id_number == k.person_id_number))
        .where(k.status == "paid", NOT_REFUND)
    )
    for value, column in (
        (c.id_number, k.person_id_number),
        (c.setl_id, k.id),
        (c.hospital_code, k.bill_hospital_code),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if c.date_from:
        stmt = stmt.where(k.paid_on >= c.date_from)
    if c.date_to:
        stmt = stmt.where(k.paid_on <= c.date_to)
    return stmt


def _count(uow: SqlAlchemyUnitOfWork, stmt: Select[Any] | None) -> int:
    if stmt is None:
        return 0
    return int(uow.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def search_settlements(
    uow: SqlAlchemyUnitOfWork, criteria: Criteria | dict[str, Any], *, page: int = 1,
    page_size: int = PAGE_SIZE, actor: Actor | None = None,
) -> Result:  # fmt: skip
    """Settlements of both sources matching ``criteria``, newest first, one page of at most
    ``MAX_PAGE_SIZE``. A paid claim has a day, not a time: it sorts as the start of that day."""
    c = criteria if isinstance(criteria, Criteria) else parse_criteria(criteria)
    scope = access.settlement_scope(actor)  # a citizen's own, a hospital's own
    if scope:  # asking for someone else's is refused, not silently narrowed
        access.check_settlement(
            actor, c.id_number or scope.get("id_number", ""), c.hospital_code or scope.get("hospital_code")
        )
        c = replace(c, id_number=scope.get("id_number", c.id_number),
                    hospital_code=scope.get("hospital_code", c.hospital_code))  # fmt: skip
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput.of(
            "page_size", f"每页条数应为 1–{MAX_PAGE_SIZE}", f"page_size must be 1..{MAX_PAGE_SIZE}"
        )
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInput.of("page", f"页码应为 1–{MAX_PAGE}", f"page must be 1..{MAX_PAGE}")
    wanted = page * page_size  # the first rows of each source are enough to merge this page
    with uow:
        if c.id_number:
            authorize_read(uow, actor, c.id_number, READ)
        hosp = _hospital_rows(c) if c.source in (None, "hospital") else None
        paid = _claim_rows(c) if c.source in (None, "manual_claim") else None
        rows: list[Result] = []
        if hosp is not None:
            s = settlements.c
            found = uow.session.execute(hosp.order_by(s.setl_time.desc(), s.setl_id.desc()).limit(wanted))
            rows += [hospital_view(r) for r in found.mappings()]
        if paid is not None:
            k = claims.c
            found = uow.session.execute(paid.order_by(k.paid_on.desc(), k.id.desc()).limit(wanted))
            rows += [claim_view(r) for r in found.mappings()]
        total = _count(uow, hosp) + _count(uow, paid)
    rows.sort(key=lambda r: (r["sort_at"], r["setl_id"]), reverse=True)
    items = rows[(page - 1) * page_size : wanted]
    for r in items:
        del r["sort_at"]
    return {"items": items, "page": page, "page_size": page_size, "total": total,
            "pages": max(1, -(-total // page_size))}  # fmt: skip


def get_settlement(uow: SqlAlchemyUnitOfWork, setl_id: str, *, actor: Actor | None = None) -> Result:
    """One settlement: the stored setlinfo / setldetail / explanation, the visit (or the claim's
    bill), the person, amounts in fen, the clauses cited and the reversal chain."""
    key = str(setl_id).strip()
    if not ID_PATTERN.match(key):
        raise SettlementNotFound(key)
    with uow:
        row = uow.session.execute(_hospital_rows(Criteria(setl_id=key))).mappings().one_or_none()
        if row is not None:
            out = hospital_view(row, full=True)
            visit = (
                uow.session.execute(select(visits).where(visits.c.mdtrt_id == row["mdtrt_id"]))
                .mappings()
                .one()
            )
            out["visit"] = _visit(row, visit)
            out["chain"] = {
                name: _brief(uow, row[name]) for name in ("reverses", "cancelled_by") if row[name]
            }
        else:
            by_id = _claim_rows(Criteria(setl_id=key))
            claim = uow.session.execute(by_id).mappings().one_or_none() if by_id is not None else None
            if claim is None:
                raise SettlementNotFound(key)
            out = claim_view(claim, full=True)
            out["visit"] = _claim_visit(uow, claim)
            out["chain"] = {}
        authorize_read(uow, actor, str(out["id_number"]), READ)
        access.check_settlement(actor, str(out["id_number"]), out.get("hospital_code"))
        person = uow.session.execute(
            select(insured_persons).where(insured_persons.c.id_number == out["id_number"])
        ).mappings().one()  # fmt: skip
    del out["sort_at"]
    out["person"] = {
        k: person[k] for k in ("id_number", "name", "insutype", "psn_type", "civil_servant", "insured_region")
    }
    return out


def _brief(uow: SqlAlchemyUnitOfWork, setl_id: str) -> Result:
    row = uow.session.execute(_hospital_rows(Criteria(setl_id=setl_id))).mappings().one()
    out = hospital_view(row)
    del out["sort_at"]
    return out


def _visit(row: Any, v: Any) -> Result:
    return {
        "hospital_code": row["hospital_code"], "hospital_name": row["hospital_name"], "hosp_lv": row["hosp_lv"],
        "admitted": _iso(v["begntime"]), "discharged": _iso(v["endtime"]), "ipt_no": v["ipt_no"],
        "diagnosis_code": v["dscg_maindiag_code"], "diagnosis_name": v["dscg_maindiag_name"],
        "med_type": v["med_type"], "filing_category": v["filing_category"], "filing_basis": v["filing_basis"],
        "filing_id": v["filing_id"], "insured_region": v["insured_region"], "treatment_region": v["treatment_region"],
    }  # fmt: skip


def _claim_visit(uow: SqlAlchemyUnitOfWork, k: Any) -> Result:
    code = k["bill_hospital_code"]
    h = (
        uow.session.execute(select(hospitals).where(hospitals.c.code == code)).mappings().one_or_none()
        if code
        else None
    )
    return {
        "hospital_code": code, "hospital_name": h["name"] if h else None, "hosp_lv": k["bill_hosp_lv"],
        "admitted": _iso(k["care_start"]), "discharged": _iso(k["care_end"]), "ipt_no": None,
        "diagnosis_code": None, "diagnosis_name": None, "med_type": None,
        "filing_category": None, "filing_basis": "manual_claim", "filing_id": k["filing_id"],
        "insured_region": k["insured_region"], "treatment_region": k["bill_treatment_region"],
        "claim_type": k["route"] or k["claim_type"],
        "claim_label": load_claims_policy().spec(ClaimType(k["route"] or k["claim_type"])).label,
    }  # fmt: skip


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()


__all__ = [
    "KINDS",
    "SOURCES",
    "STATUSES",
    "Criteria",
    "SettlementNotFound",
    "get_settlement",
    "parse_criteria",
    "search_settlements",
]
