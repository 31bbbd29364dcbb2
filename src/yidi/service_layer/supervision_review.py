"""智能审核 use cases: the monthly batch run, the online check after a settlement, the 协查 list.

Seed 004 三(一): the treatment region reviews cross-region bills like local ones (智能审核) until
every one is reviewed; 三(二): cross-province stays above 30 000 yuan are 协查 candidates. One
evaluator (``domain.supervision``) serves both paths; this module fills its columns from the
tables (``uow.supervision.review_rows``, set-based), with the rule parameters, item limits and
queue settings in force (``policy/data/supervision``), and stores what it found:

* hits, once per settlement, rule and line (a re-run stores nothing new and answers the same);
* the reviewers' queue (suspect or violation hits, an amount at or above the threshold, a random
  draw seeded by the month so a re-run draws the same settlements);
* every evaluated settlement as reviewed by the rules — the numerator of the 审核率.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from yidi.adapters.supervision_repository import ReviewRows, in_month, month_days, rows_of, settlements_named
from yidi.domain.errors import InvalidInput
from yidi.domain.national.catalogue import NoCatalogue
from yidi.domain.supervision import Hit, build_input, decisions, evaluate, explain, queue
from yidi.domain.supervision.columns import ReviewInput
from yidi.domain.supervision.frames import input_from_tables
from yidi.domain.supervision.los import los_norms
from yidi.policy.catalogue import default_registry
from yidi.policy.supervision import SupervisionPolicy, supervision_policy
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])\Z")
XIECHA_RULE = "R-XC"


def parse_month(text: str) -> str:
    if not _MONTH.match(text or ""):
        raise InvalidInput.of("month", f"月份格式应为 YYYY-MM：{text!r}", f"month must be YYYY-MM: {text!r}")
    return text


def _norm_rows(stays: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """LOS norms (95th percentile, nearest rank) per diagnosis and hospital level."""
    if not stays:
        return []
    diags = {d: i for i, d in enumerate(sorted({str(r["dscg_maindiag_code"]) for r in stays}))}
    levels = {lv: i for i, lv in enumerate(sorted({str(r["hosp_lv"]) for r in stays}))}
    los = [max((r["endtime"].date() - r["begntime"].date()).days, 1) for r in stays]
    n = los_norms(
        np.array([diags[str(r["dscg_maindiag_code"])] for r in stays], dtype=np.int32),
        np.array([levels[str(r["hosp_lv"])] for r in stays], dtype=np.int8),
        np.array(los, dtype=np.int64),
    )
    dname, lname = list(diags), list(levels)
    return [{"dscg_maindiag_code": dname[int(d)], "hosp_lv": lname[int(lv)], "p95_days": int(p), "stays": int(k)}
            for d, lv, p, k in zip(n.diagnosis, n.hosp_lv, n.p95_days, n.stays, strict=True)]  # fmt: skip


_NORMS: dict[tuple[str, date], list[dict[str, Any]]] = {}


def _month_norms(uow: SqlAlchemyUnitOfWork, first: date) -> list[dict[str, Any]]:
    """The LOS norms of a month (from the year before it), computed once per database and month
    in this process: the online check must stay cheap, and past years do not change."""
    key = (str(uow.session.get_bind().engine.url), first)
    if key not in _NORMS:
        if len(_NORMS) > 64:
            _NORMS.clear()
        _NORMS[key] = _norm_rows(uow.supervision.past_stays(first))
    return _NORMS[key]


def _items(regions: set[str], policy: SupervisionPolicy, on: date) -> list[dict[str, Any]]:
    """The catalogue facts with their limits of the treatment regions' catalogues."""
    registry = default_registry()
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for region in sorted(regions):
        try:
            cat = registry.for_region(region, on)
        except NoCatalogue:
            continue  # no catalogue: R-CAT names every line of that region (a gap to fix in the data)
        if cat.region not in seen:
            seen.add(cat.region)
            items.extend(policy.item_rows(cat, on))
    return items


def _input(rows: ReviewRows, norms: list[dict[str, Any]], policy: SupervisionPolicy, on: date) -> ReviewInput:
    return build_input(settlements=rows.settlements, lines=rows.lines, visits=rows.visits, persons=rows.persons,
                       filings=rows.filings, items=_items(rows.regions(), policy, on), norms=norms)  # fmt: skip


def _store(
    uow: SqlAlchemyUnitOfWork, inp: ReviewInput, hits: list[Hit], *, run_id: str, kind: str, month: str,
    policy: SupervisionPolicy, params: dict[str, Any], on: date, at: datetime, month_run: Any = None,
) -> None:  # fmt: skip
    """The run, new hits, the queue and the reviewed marks of the target settlements.
    ``month_run`` (the monthly run's target condition) makes the writes that touch every target
    set-based."""
    repo = uow.supervision
    s = inp.settlements
    targets = np.flatnonzero(s.target)
    ids: list[str] = s.setl_id[targets].tolist()
    row_of = dict(zip(ids, targets.tolist(), strict=True))
    repo.add_run({"run_id": run_id, "month": month if ids else "", "kind": kind, "started_at": at,
                  "finished_at": at, "settlements": len(ids), "hits": len(hits), "params": params})  # fmt: skip
    known = repo.hit_keys(ids) if month_run is None else repo.hit_keys_where(month_run)
    fresh = []
    for h in hits:
        key = (h.setl_id, h.rule, h.feedetl_sn or "")
        if key not in known:
            known.add(key)
            fresh.append(h)
    places = zip(*_places(inp, [row_of[h.setl_id] for h in fresh]), strict=True)
    new_hits = [
        {"run_id": run_id, "month": month, "setl_id": h.setl_id, "mdtrt_id": h.mdtrt_id, "line_sn": h.feedetl_sn or "",
         "rule": h.rule, "severity": str(h.severity), "clause": h.clause, "detail": h.detail, "params": h.params,
         "facts": _plain(h.facts), "hospital_code": hosp, "insured_region": ins, "treatment_region": trt,
         "found_at": at}
        for h, (hosp, ins, trt, _) in zip(fresh, places, strict=True)
    ]  # fmt: skip
    # the month's hits are copied in while the queue is chosen
    hits_stored = repo.meanwhile(lambda: repo.add_hits(new_hits)) if month_run is not None else None
    if hits_stored is None:
        repo.add_hits(new_hits)
    amount = policy.value("queue_amount_fen", on, queue.AMOUNT_FEN)
    rate = policy.value("queue_random_rate_bp", on, queue.RANDOM_RATE_BP)
    try:
        entries = _queue_entries(inp, targets, ids, hits, month=month, amount_fen=amount, rate_bp=rate, at=at)
    finally:
        if hits_stored is not None:
            hits_stored()
    if month_run is None:
        repo.enqueue(rows_of(entries))
        repo.mark_reviewed_by_rules(dict.fromkeys(ids, month), at, run_id)
    else:  # the month's reviewed marks: written by run_month while it evaluated
        repo.enqueue_month(entries, month)


def _queue_entries(
    inp: ReviewInput, targets: Any, ids: list[str], hits: list[Hit], *, month: str, amount_fen: int, rate_bp: int,
    at: datetime,
) -> dict[str, list[Any]]:  # fmt: skip
    """The queue entries of the target settlements, as columns named as ``review_queue``'s."""
    chosen = queue.choose(ids, inp.settlements.medfee_sumamt[targets], hits, seed=month, amount_fen=amount_fen,
                          rate_bp=rate_bp)  # fmt: skip
    hosp, ins, trt, fee = _places(inp, targets[chosen.rows].tolist())
    texts: dict[tuple[queue.Why, ...], list[str]] = {}
    n = len(chosen.rows)
    return {"setl_id": [ids[i] for i in chosen.rows.tolist()], "month": [month] * n, "hospital_code": hosp,
            "insured_region": ins, "treatment_region": trt, "medfee_sumamt": fee,
            "reasons": [texts.setdefault(why, [str(w) for w in why]) for why in chosen.reasons()],
            "rules": [list(r) for r in chosen.rules], "status": ["pending"] * n, "enqueued_at": [at] * n}  # fmt: skip


def _places(inp: ReviewInput, rows: list[int]) -> tuple[list[str], list[str], list[str], list[int]]:
    """Hospital, insured region, treatment region and medfee of settlement ``rows``, looked up as
    arrays (a month's queue holds hundreds of thousands of settlements)."""
    at = np.asarray(rows, dtype=np.int64)
    visit = inp.settlements.visit[at]
    v = inp.visits
    hospitals = np.asarray(inp.labels.hospitals, dtype=object)[v.hospital[visit]]
    return (hospitals.tolist(), v.insured_region[visit].astype(str).tolist(),
            v.treatment_region[visit].astype(str).tolist(), inp.settlements.medfee_sumamt[at].tolist())  # fmt: skip


def _plain(value: Any) -> Any:
    """Facts as JSON: numpy scalars to Python, dates to text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, date | datetime | Decimal):
        return str(value)
    return value


def run_month(uow: SqlAlchemyUnitOfWork, month: str, *, today: date | None = None) -> dict[str, Any]:
    """``yidi audit run``: every rule over the month's settlements (as of ``today``), stored
    idempotently; the hits found and the month's 审核率."""
    first, last = month_days(parse_month(month))
    policy = supervision_policy()
    with uow:
        day = today or uow.clock()
        until = datetime.combine(day + timedelta(days=1), datetime.min.time()) - timedelta(microseconds=1)
        at = datetime.combine(day, datetime.now(UTC).time(), tzinfo=UTC)
        target = in_month(first, last, until)
        tables = uow.supervision.month_tables(target, first, last)
        params = policy.rule_params(first)
        regions = set(tables.visits["treatment_region"].unique().to_list())
        norms = _norm_rows(uow.supervision.past_stays(first))
        run_id = f"B{month.replace('-', '')}-{uuid.uuid4().hex[:16]}"
        ids, repo = tables.target_ids(), uow.supervision

        def mark_and_count() -> tuple[int, int]:
            repo.mark_reviewed_many(ids, month, at, run_id)
            return repo.cross_region_counts(first, last, until)

        # every target is reviewed by the rules in this run: the database marks them (and counts
        # the 审核率) while the rules are evaluated; the session is left alone until ``counted``
        counted = repo.meanwhile(mark_and_count)
        try:
            inp = input_from_tables(tables, _items(regions, policy, first), norms)
            del tables  # the columns hold what the rules need; free the month's tables before evaluating
            hits = explain(inp, evaluate(inp, params), params)
        finally:
            total, reviewed = counted()
        _store(uow, inp, hits, run_id=run_id, kind="batch", month=month, policy=policy, params=params,
               on=first, at=at, month_run=target)  # fmt: skip
        uow.commit()
    ratio = decisions.reviewed_ratio(total, reviewed)
    return {"hits": [h.summary() for h in hits], "reviewed_ratio": f"{ratio:.2f}"}


def online_check(uow: SqlAlchemyUnitOfWork, setl_id: str) -> list[Hit]:
    """The check after one 2304/2207 settlement (``online_check_many`` of that one)."""
    return online_check_many(uow, [setl_id])


def online_check_many(uow: SqlAlchemyUnitOfWork, setl_ids: list[str]) -> list[Hit]:
    """The check after 2304/2207 settlements: the rules over those settlements (their persons'
    other stays as context), hits stored, queue and reviewed marks updated — one transaction and
    one set-based read per settlement day, however many settlements wait (the online checker
    hands over what accumulated while it was busy: ``supervision_online``)."""
    policy = supervision_policy()
    hits: list[Hit] = []
    with uow:
        for day, ids in sorted(uow.supervision.valid_settlement_days(setl_ids).items()):
            target = settlements_named(ids)
            rows = uow.supervision.review_rows(target, day, day)
            if not any(r["target"] for r in rows.settlements):
                continue
            params = policy.rule_params(day)
            inp = _input(rows, _month_norms(uow, day.replace(day=1)), policy, day)
            found = explain(inp, evaluate(inp, params), params)
            one = len(ids) == 1  # a run id names its one settlement, or the day of a round
            run = f"O-{ids[0]}-{uuid.uuid4().hex[:6]}" if one else f"O{day:%Y%m%d}-{uuid.uuid4().hex[:16]}"
            _store(uow, inp, found, run_id=run[:40], kind="online", month=f"{day:%Y-%m}", policy=policy,
                   params=params, on=day, at=datetime.now(UTC))  # fmt: skip
            hits.extend(found)
        uow.commit()
    return hits


def xiecha_candidates(uow: SqlAlchemyUnitOfWork, month: str) -> dict[str, Any]:
    """``yidi audit xiecha``: the month's cross-province inpatient settlements above the 协查
    threshold (R-XC, 004 三(二)); reads only."""
    first, last = month_days(parse_month(month))
    policy = supervision_policy()
    with uow:
        rows = uow.supervision.review_rows(in_month(first, last), first, last)
        params = policy.rule_params(first)
        inp = _input(rows, [], policy, first)
        hits = explain(inp, evaluate(inp, params, codes={XIECHA_RULE}), params)
    return {"candidates": [
        {"setl_id": h.setl_id, "insuplc_admdvs": str(h.facts["insuplc_admdvs"]),
         "mdtrtarea_admvs": str(h.facts["mdtrtarea_admvs"]), "medfee_sumamt": str(h.facts["medfee_sumamt"])}
        for h in hits
    ]}  # fmt: skip


def month_ratio(uow: SqlAlchemyUnitOfWork, month: str, *, today: date | None = None) -> dict[str, Any]:
    """The month's 审核率 now, without running the rules: reviewed ÷ cross-region settlements."""
    first, last = month_days(parse_month(month))
    with uow:
        day = today or uow.clock()
        until = datetime.combine(day + timedelta(days=1), datetime.min.time()) - timedelta(microseconds=1)
        total, reviewed = uow.supervision.cross_region_counts(first, last, until)
    ratio = decisions.reviewed_ratio(total, reviewed)
    return {"month": month, "settlements": total, "reviewed": reviewed, "reviewed_ratio": f"{ratio:.2f}", "goal": "1.00"}


def month_hits(uow: SqlAlchemyUnitOfWork, month: str, hospital_code: str | None = None) -> list[dict[str, Any]]:
    """The stored hits of a month (a hospital's own when ``hospital_code`` is given)."""
    with uow:
        return uow.supervision.month_hits(parse_month(month), hospital_code)
