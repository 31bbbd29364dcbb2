"""Read side of settlements (结算查询): search and one settlement with its explanation.

Two sources, labelled in every row (``source``):

* ``hospital`` — direct settlements of the national interface (2304/2207 and their 2305/2208
  reversal records, table ``hospital_settlements``) with the visit, the hospital and the person;
* ``manual_claim`` — manual reimbursements (手工报销) once **paid**: the claim then holds the
  kernel's ``setlinfo``, ``setldetail`` and explanation (priced again on the day of payment), the
  bill's place and dates, so it gives a complete settlement statement. The claim id is its
  settlement id. A paid ``account_refund`` (个人账户返还) is left out: it is a refund of the
  account, not a medical settlement — it has no fee split and no fund payments to state.

Plain dicts out; money in integer fen (``amounts``) next to the stored national strings. The rows
come from the read model ``uow.settlements`` (cosmicpython ch. 12, "views") and, for the visit,
the person and the hospital, from ``uow.hospital``. Each use case takes the actor
for ``queries.authorize_read`` (the person rule) and ``domain.access.settlement_scope`` (a
citizen sees their own settlements, a hospital those it made).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from yidi.domain import access
from yidi.domain.access import Read
from yidi.domain.actors import Actor
from yidi.domain.claims import ClaimType
from yidi.domain.errors import InvalidInput, NotFound
from yidi.domain.national.visit import Visit
from yidi.domain.settlement.lookup import ID_PATTERN, KINDS, SOURCES, STATUSES, Criteria, parse_criteria
from yidi.policy.claims import load_claims_policy
from yidi.service_layer.queries import authorize_read
from yidi.service_layer.settlement_views import claim_view, hospital_view
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, Any]
PAGE_SIZE, MAX_PAGE_SIZE, MAX_PAGE = 20, 100, 1000
READ = Read.PERSON


class SettlementNotFound(NotFound):
    """No settlement (and no paid manual claim) with this id (未找到结算记录); HTTP 404."""

    def __init__(self, setl_id: str) -> None:
        super().__init__("settlement", setl_id, f"未找到结算记录：{setl_id}")


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
        found = uow.settlements.search(c, wanted)
    rows = [hospital_view(r) for r in found.direct] + [claim_view(r) for r in found.claims]
    total = found.total
    rows.sort(key=lambda r: (r["sort_at"], r["setl_id"]), reverse=True)
    items = rows[(page - 1) * page_size : wanted]
    for r in items:
        del r["sort_at"]
    return {"items": items, "page": page, "page_size": page_size, "total": total,
            "pages": max(1, -(-total // page_size)), "totals": found.totals}  # fmt: skip


def get_settlement(uow: SqlAlchemyUnitOfWork, setl_id: str, *, actor: Actor | None = None) -> Result:
    """One settlement: the stored setlinfo / setldetail / explanation, the visit (or the claim's
    bill), the person, amounts in fen, the clauses cited and the reversal chain."""
    key = str(setl_id).strip()
    if not ID_PATTERN.match(key):
        raise SettlementNotFound(key)
    with uow:
        row = uow.settlements.direct(key)
        if row is not None:
            out = hospital_view(row, full=True)
            visit = uow.hospital.visit(row["mdtrt_id"])
            assert visit is not None  # a settlement's visit is never deleted
            out["visit"] = _visit(row, visit)
            out["chain"] = {
                name: _brief(uow, row[name]) for name in ("reverses", "cancelled_by") if row[name]
            }
            # 基金监管扣除: what the treatment region deducted and returns to the insured region (004 三(一))
            out["deductions"] = [_deduction(d) for d in uow.supervision.deductions_of(key)]
        else:
            claim = uow.settlements.paid_claim(key)
            if claim is None:
                raise SettlementNotFound(key)
            out = claim_view(claim, full=True)
            out["visit"] = _claim_visit(uow, claim)
            out["chain"] = {}
            out["deductions"] = []
        authorize_read(uow, actor, str(out["id_number"]), READ)
        access.check_settlement(actor, str(out["id_number"]), out.get("hospital_code"))
        person = uow.hospital.person_row(str(out["id_number"]))
        assert person is not None  # a settlement's person is never deleted
    del out["sort_at"]
    out["person"] = {
        k: person[k] for k in ("id_number", "name", "insutype", "psn_type", "civil_servant", "insured_region")
    }
    return out


def _deduction(d: Any) -> Result:
    return {"source": d["source"], "amount_fen": int(d["amount_fen"]), "reason": d["reason"], "rule": d["rule"],
            "decided_at": _iso(d["decided_at"]), "returned_to": d["insured_region"],
            "clearing_ref": d["clearing_ref"]}  # fmt: skip


def _brief(uow: SqlAlchemyUnitOfWork, setl_id: str) -> Result:
    row = uow.settlements.direct(setl_id)
    assert row is not None  # a reversal and the settlement it reverses are kept together
    out = hospital_view(row)
    del out["sort_at"]
    return out


def _visit(row: Any, v: Visit) -> Result:
    return {
        "hospital_code": row["hospital_code"], "hospital_name": row["hospital_name"], "hosp_lv": row["hosp_lv"],
        "admitted": _iso(v.begntime), "discharged": _iso(v.endtime), "ipt_no": v.ipt_no,
        "diagnosis_code": v.dscg_maindiag_code, "diagnosis_name": v.dscg_maindiag_name,
        "med_type": v.med_type, "filing_category": v.filing_category, "filing_basis": v.filing_basis,
        "filing_id": v.filing_id, "insured_region": v.insured_region, "treatment_region": v.treatment_region,
    }  # fmt: skip


def _claim_visit(uow: SqlAlchemyUnitOfWork, k: Any) -> Result:
    code = k["bill_hospital_code"]
    h = uow.hospital.hospital(code) if code else None
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
