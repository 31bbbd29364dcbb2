"""Sampling with extrapolation and anomaly screening (抽样审核、异常筛查), over the tables.

* ``sample``: a stratified random sample of one hospital's cross-region settlements of a month
  (amount bands, A-SUP-10; the top band reviewed in full), seeded by hospital and month so the
  same request draws the same settlements; the sampled ones join the reviewers' queue. Once every
  sampled settlement has a final decision, ``extrapolate`` gives the month's error rate and the
  recovery with their confidence intervals and the proposed recovery (A-SUP-11).
* ``screen_month``: robust z-scores of cost per stay, length of stay, self-pay share and 乙类
  share per hospital, department and diagnosis against peers of the same level (A-SUP-12); a unit
  far above its peers puts its largest stays in the queue, each with the anomaly as a hit
  (``A-COST``, ``A-LOS``, ``A-SELF``, ``A-CLB``) whose detail explains it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import numpy as np

from yidi.adapters.supervision_repository import in_month, month_days
from yidi.domain.errors import InvalidInput
from yidi.domain.supervision import anomaly, sampling
from yidi.domain.supervision.basis import Severity, basis_text
from yidi.domain.supervision.context import Context
from yidi.domain.supervision.decisions import DecisionStatus, Outcome
from yidi.policy.supervision import supervision_policy
from yidi.service_layer.supervision_review import _input, parse_month
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

METRIC_RULE = {anomaly.Metric.COST: "A-COST", anomaly.Metric.LOS: "A-LOS", anomaly.Metric.SELFPAY: "A-SELF",
               anomaly.Metric.CLASS_B: "A-CLB"}  # fmt: skip
PER_ANOMALY = 20  # the largest stays of an anomalous unit that join the queue


def _seed(hospital_code: str, month: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{hospital_code}:{month}".encode()).digest()[:8], "big")


def _draw(uow: SqlAlchemyUnitOfWork, hospital_code: str, month: str, size: int) -> tuple[list[Any], Any, Any]:
    first, last = month_days(parse_month(month))
    rows = uow.supervision.month_settlements(hospital_code, first, last)
    if not rows:
        raise InvalidInput.of("month", f"{hospital_code} 在 {month} 没有异地结算", "no cross-region settlements")
    amounts = np.array([int(r["medfee_sumamt"]) for r in rows], dtype=np.int64)
    bands = sampling.amount_bands(amounts)
    top = int(len(sampling.DEFAULT_BANDS) - 1)
    return rows, amounts, sampling.draw(amounts, bands, size, _seed(hospital_code, month), certainty=(top,))


def sample(uow: SqlAlchemyUnitOfWork, hospital_code: str, month: str, size: int = 30) -> dict[str, Any]:
    """Draw (or re-draw: the same) sample and queue the sampled settlements."""
    at = datetime.now(UTC)
    with uow:
        rows, _, s = _draw(uow, hospital_code, month, size)
        picked = [rows[i] for i in s.rows()]
        uow.supervision.enqueue([{
            "setl_id": r["setl_id"], "month": month, "hospital_code": hospital_code, "insured_region": r["insured_region"],
            "treatment_region": r["treatment_region"], "medfee_sumamt": int(r["medfee_sumamt"]), "reasons": ["sample"],
            "rules": [], "status": "pending", "enqueued_at": at} for r in picked])  # fmt: skip
        uow.commit()
    return {"hospital_code": hospital_code, "month": month, "settlements": len(rows), "seed": s.seed,
            "strata": [{"band": st.label, "population": st.population, "amount_fen": st.amount_fen,
                        "sampled": [rows[i]["setl_id"] for i in st.rows]} for st in s.strata]}  # fmt: skip


def extrapolate(uow: SqlAlchemyUnitOfWork, hospital_code: str, month: str, size: int = 30) -> dict[str, Any]:
    """The month's error rate and proposed recovery from the reviewed sample (refused until every
    sampled settlement has a final decision)."""
    with uow:
        rows, amounts, s = _draw(uow, hospital_code, month, size)
        found: dict[int, int] = {}
        for i in s.rows():
            final = [d for d in uow.supervision.decisions_of(rows[i]["setl_id"]) if d.status is DecisionStatus.FINAL]
            if final:
                found[i] = sum(d.amount_fen for d in final if d.outcome is Outcome.DEDUCT)
        fund = sum(int(r["fund_pay_sumamt"]) for r in rows)
    e = sampling.extrapolate(s, amounts, found, fund_total_fen=fund)
    return {"hospital_code": hospital_code, "month": month, **{k: (str(v) if not isinstance(v, int | float) else v)
                                                               for k, v in vars(e).items()}}  # fmt: skip


def screen_month(uow: SqlAlchemyUnitOfWork, month: str) -> dict[str, Any]:
    """Anomalies of the month's discharged stays; the largest stays of each join the queue."""
    first, last = month_days(parse_month(month))
    policy = supervision_policy()
    at = datetime.now(UTC)
    with uow:
        rows = uow.supervision.review_rows(in_month(first, last), first, last)
        inp = _input(rows, [], policy, first)
        c, st, v = Context(inp), inp.settlements, inp.visits
        keep = np.flatnonzero(st.target & st.inpatient & (c.los_days[st.visit] >= 0))
        vis = st.visit[keep]
        class_b = np.bincount(inp.lines.settlement, weights=np.where(inp.lines.chrgitm_lv == 2, inp.lines.amount, 0),
                              minlength=len(st.setl_id)).astype(np.int64)  # fmt: skip
        stats = anomaly.StayStats(v.hospital[vis], v.hosp_lv[vis], v.department[vis], v.diagnosis[vis],
                                  st.medfee_sumamt[keep], c.los_days[vis],
                                  st.fulamt_ownpay_amt[keep] + st.overlmt_selfpay[keep], class_b[keep])  # fmt: skip
        lab = inp.labels
        found = [a for a in anomaly.screen(stats) if a.z > 0]
        hits, queue = [], []
        for a in found:
            key = {anomaly.Unit.HOSPITAL: "", anomaly.Unit.DEPARTMENT: lab.departments[a.key] if a.key >= 0 else "",
                   anomaly.Unit.DIAGNOSIS: lab.diagnoses[a.key] if a.key >= 0 else ""}[a.unit]  # fmt: skip
            detail = a.detail({"hospital": lab.hospital_names[a.hospital], "key": key, "level": lab.hosp_levels[a.hosp_lv]})
            unit = {anomaly.Unit.HOSPITAL: stats.hospital == a.hospital,
                    anomaly.Unit.DEPARTMENT: (stats.hospital == a.hospital) & (stats.department == a.key),
                    anomaly.Unit.DIAGNOSIS: (stats.hospital == a.hospital) & (stats.diagnosis == a.key)}[a.unit]  # fmt: skip
            members = keep[np.flatnonzero(unit)]
            members = members[np.argsort(-st.medfee_sumamt[members], kind="stable")][:PER_ANOMALY]
            for i in members:
                vi = int(st.visit[i])
                setl_id = str(st.setl_id[i])
                common = {"hospital_code": lab.hospitals[int(v.hospital[vi])], "insured_region": str(v.insured_region[vi]),
                          "treatment_region": str(v.treatment_region[vi])}  # fmt: skip
                hits.append({"setl_id": setl_id, "mdtrt_id": str(v.mdtrt_id[vi]), "rule": METRIC_RULE[a.metric],
                             "severity": str(Severity.SUSPECT), "clause": basis_text(anomaly.BASIS), "detail": detail,
                             "params": {}, "facts": {"unit": str(a.unit), "z": round(a.z, 2), "peers": a.peers},
                             **common})  # fmt: skip
                queue.append({"setl_id": setl_id, "month": month, "medfee_sumamt": int(st.medfee_sumamt[i]),
                              "reasons": ["anomaly"], "rules": [METRIC_RULE[a.metric]], "status": "pending",
                              "enqueued_at": at, **common})  # fmt: skip
        uow.supervision.store_screening(month, hits, queue, at)
        uow.commit()
    return {"month": month, "stays": len(keep), "anomalies": [
        {"unit": str(a.unit), "metric": str(a.metric), "hospital_code": lab.hospitals[a.hospital], "z": round(a.z, 2),
         "peers": a.peers, "stays": a.stays} for a in found], "queued": sorted({q["setl_id"] for q in queue})}  # fmt: skip
