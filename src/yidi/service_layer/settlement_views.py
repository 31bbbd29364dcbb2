"""One settlement row as a plain dict (结算记录视图), the same shape for both sources.

``amounts`` are integer fen read back from the stored national strings of ``setlinfo`` (exact:
two decimals), so a direct settlement, its reversal (negative amounts) and a paid manual claim
are stated alike. ``clauses`` gathers the sources the explanation cites (for the 依据 block of
the 结算单), ``deductible`` the 起付标准 that applied.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from yidi.domain.money import parse_fen
from yidi.domain.settlement.amounts import SETLINFO_AMOUNTS

Result = dict[str, Any]
MONEY = SETLINFO_AMOUNTS


def signed_fen(text: object, field: str) -> int:
    """A stored amount string (a reversal's are negative) → fen."""
    s = str(text)
    return -parse_fen(s[1:], field) if s.startswith("-") else parse_fen(s, field)


def amounts(setlinfo: dict[str, Any]) -> dict[str, int]:
    return {k: signed_fen(setlinfo[k], k) for k in MONEY if k in setlinfo}


def clauses(explanation: list[dict[str, Any]]) -> list[Result]:
    """Each cited source once, with the parameters or classes that rest on it (in order)."""
    found: dict[str, Result] = {}

    def add(source: str, label: str, assumption: bool) -> None:
        if not source:
            return
        item = found.setdefault(source, {"source": source, "labels": [], "assumption": False})
        if label not in item["labels"]:
            item["labels"].append(label)
        item["assumption"] = item["assumption"] or assumption

    for e in explanation:
        if e.get("clause"):
            add(str(e["clause"]), "报销类型", bool(e.get("assumption")))
        for m in (e.get("classes") or {}).values():
            add(str(m.get("source") or ""), str(m.get("label", "")), bool(m.get("assumption")))
        for p in e.get("parameters") or []:
            add(str(p.get("source") or ""), str(p.get("label", "")), bool(p.get("assumption")))
    return list(found.values())


def deductible(explanation: list[dict[str, Any]]) -> Result | None:
    """The 起付标准 parameter of the explanation (value, source, dates, assumption)."""
    for e in explanation:
        for p in e.get("parameters") or []:
            if p.get("name") == "deductible":
                value = str(p.get("value", ""))
                return {**p, "fen": signed_fen(value, "deductible") if value[:1].isdigit() else None}
    return None


def category_label(explanation: list[dict[str, Any]]) -> str | None:
    """The policy class the settlement was priced in (e.g. 临时外出就医人员), as the policy names it."""
    for e in explanation:
        fc = (e.get("classes") or {}).get("filing_category")
        if fc:
            return str(fc.get("label"))
    return None


def _details(out: Result, stored: dict[str, Any]) -> Result:
    explanation = list(stored.get("explanation") or [])
    return {
        **out,
        "setlinfo": dict(stored.get("setlinfo") or {}),
        "setldetail": list(stored.get("setldetail") or []),
        "explanation": explanation,
        "memo": stored.get("memo"),
        "clauses": clauses(explanation),
        "deductible": deductible(explanation),
        "category_label": category_label(explanation),
    }


def hospital_view(row: Any, *, full: bool = False) -> Result:
    """A ``hospital_settlements`` row (joined with person and hospital names)."""
    stored = row["output"] or {}
    out: Result = {
        "source": "hospital", "setl_id": row["setl_id"], "kind": row["kind"], "status": row["status"],
        "reverses": row["reverses"], "cancelled_by": row["cancelled_by"], "mdtrt_id": row["mdtrt_id"],
        "setl_time": row["setl_time"].isoformat(sep=" ", timespec="seconds"), "setl_date": row["setl_date"].isoformat(),
        "id_number": row["id_number"], "psn_name": row["psn_name"], "hospital_code": row["hospital_code"],
        "hospital_name": row["hospital_name"], "insutype": row["insutype"], "ipt_no": row.get("ipt_no"),
        "amounts": amounts(stored.get("setlinfo") or {}), "sort_at": row["setl_time"],
    }  # fmt: skip
    return _details(out, stored) if full else out


def claim_view(row: Any, *, full: bool = False) -> Result:
    """A paid ``claims`` row: the claim id is the settlement id, the payment day its date."""
    stored = row["settlement"] or {}
    out: Result = {
        "source": "manual_claim", "setl_id": row["id"], "kind": "settle", "status": "valid",
        "reverses": None, "cancelled_by": None, "mdtrt_id": None, "setl_time": row["paid_on"].isoformat(),
        "setl_date": row["paid_on"].isoformat(), "id_number": row["person_id_number"], "psn_name": row["psn_name"],
        "hospital_code": row["bill_hospital_code"], "hospital_name": None, "insutype": row["insutype"], "ipt_no": None,
        "amounts": amounts(stored.get("setlinfo") or {}), "sort_at": datetime.combine(row["paid_on"], time.min),
        "claim_type": row["route"] or row["claim_type"], "paid_fen": row["paid_fen"],
    }  # fmt: skip
    return _details(out, stored) if full else out
