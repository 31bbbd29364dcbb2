"""Rows in, column bundles out: how the service layer (and the tests) fill a ``ReviewInput``.

Rows are mappings named as the hospital interface stores them (``hospital_visits``,
``hospital_settlements``, ``hospital_fee_details``), plus the person's credit default, each
filing's validity window (``filing_window``), the catalogue facts of the treatment region and
the length-of-stay norms. Links are by key (``setl_id``, ``mdtrt_id``, ``id_number``,
``filing_id``); a line's catalogue facts are found by the visit's treatment region, falling back
from a county to its city and province as the catalogue registry does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np

from yidi.domain.filing.filing import Filing, FilingStatus
from yidi.domain.identifiers import IdNumber
from yidi.domain.national.codes import CLR_TYPE_INPATIENT
from yidi.domain.supervision.columns import (
    CNT_SCALE,
    NO_DAY,
    NO_TIME,
    OPEN_DAY,
    Evidence,
    Filings,
    ItemFacts,
    Labels,
    Lines,
    LosNorms,
    Persons,
    ReviewInput,
    Settlements,
    Visits,
    VisitStatus,
)
from yidi.domain.supervision.context import to_day, to_minute

Row = Mapping[str, Any]
HOSP_LEVELS = ("3A", "3B", "3", "2", "1", "township", "unrated")
# the settlement amounts the review rules read (``Settlements``' money columns); the row and the
# column builders (``frames.py``) both fill them from this list
SETTLEMENT_AMOUNTS = (
    "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt",
    "fund_pay_sumamt", "psn_part_amt",
)  # fmt: skip
_VERDICT = {
    "qualifies": Evidence.QUALIFIES,
    "not_met": Evidence.NOT_MET,
    "undetermined": Evidence.UNDETERMINED,
}


def evidence_of(er_flag: bool, evidence: Mapping[str, Any] | None) -> Evidence:
    """What 2401 stored in ``detail.emergency_evidence``: nothing = no evidence was given."""
    if not er_flag:
        return Evidence.NOT_EMERGENCY
    if not evidence:
        return Evidence.MISSING
    return _VERDICT.get(str(evidence.get("verdict")), Evidence.UNDETERMINED)


def filing_window(filing: Filing) -> tuple[date, date | None]:
    """The days on which an admission is covered by the filing (seed 004 一(一): 有效期内入院).

    A filing that never came into force covers no day; one cancelled or revoked stops covering on
    the day it ended; a completed temporary filing covered the stay it was completed with.
    """
    return window(filing.start_date, filing.end_date, filing.status, filing.ended_on)


def window(
    start: date, end: date | None, status: FilingStatus, ended_on: date | None
) -> tuple[date, date | None]:
    """``filing_window`` over a filing's stored columns (the service layer's rows)."""
    if status is FilingStatus.DRAFT:
        return start, start - timedelta(days=1)
    if ended_on is not None and status in (FilingStatus.CANCELLED, FilingStatus.REVOKED):
        stop = ended_on - timedelta(days=1)
        end = stop if end is None else min(end, stop)
    return start, end


class _Codes:
    """Dictionary encoding of text codes, in order of first appearance."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: object) -> int:
        key = "" if value is None else str(value)
        return self.index.setdefault(key, len(self.index))

    def labels(self) -> tuple[str, ...]:
        return tuple(self.index)


@lru_cache(maxsize=4096)
def cnt_units(text: str) -> int:
    """A quantity's decimal text in ten-thousandths (``cnt`` is 16,4), truncated."""
    return int(Decimal(text) * CNT_SCALE)


def _cnt(value: object) -> int:
    """A quantity in 1/10 000 (quantities repeat: "1", "2", "0.5" — parsed once each)."""
    return cnt_units(str(value))


def _i(values: Iterable[Any], dtype: Any) -> Any:
    return np.fromiter(values, dtype=dtype)


def _o(values: Iterable[Any]) -> Any:
    out = list(values)
    arr = np.empty(len(out), dtype=object)
    arr[:] = out
    return arr


def item_facts(rows: list[Row]) -> ItemFacts:
    """The catalogue facts and supervision limits of items (``SupervisionPolicy.item_rows``)."""
    def opt(r: Row, k: str) -> int:
        v = r.get(k)
        return -1 if v is None or v == "" else int(v)

    return ItemFacts(
        code=_o(r["med_list_codg"] for r in rows), name=_o(r["name"] for r in rows),
        chrgitm_lv=_i((int(r["chrgitm_lv"]) for r in rows), np.int8),
        selfpay_bp=_i((int(r["selfpay_prop"]) for r in rows), np.int32),
        unit_cap=_i((opt(r, "pric_uplmt_amt") for r in rows), np.int64),
        bed_day=_i((str(r.get("med_chrgitm_type")) == "01" for r in rows), bool),
        max_per_day=_i((-1 if r.get("max_per_day") in (None, "") else _cnt(r["max_per_day"]) for r in rows), np.int64),
        sex=_i((opt(r, "sex") if opt(r, "sex") > 0 else 0 for r in rows), np.int8),
        age_min=_i((opt(r, "age_min") for r in rows), np.int16),
        age_max=_i((opt(r, "age_max") for r in rows), np.int16),
    )  # fmt: skip


def _minutes(times: list[Any]) -> Any:
    """``to_minute`` of many naive datetimes at once (numpy truncates to the minute as it floors)."""
    return np.array(times, dtype="datetime64[m]").astype(np.int64) if times else np.zeros(0, dtype=np.int64)


def build_input(
    *, settlements: Iterable[Row], lines: Iterable[Row], visits: Iterable[Row], persons: Iterable[Row],
    filings: Iterable[Row] = (), items: Iterable[Row] = (), norms: Iterable[Row] = (),
) -> ReviewInput:  # fmt: skip
    """Columns from rows. Settlements are targets unless a row says ``target: False``."""
    P = list(persons)
    person_ix = {r["id_number"]: i for i, r in enumerate(P)}
    ids = [IdNumber(r["id_number"]) for r in P]
    F = list(filings)
    filing_ix = {r["filing_id"]: i for i, r in enumerate(F)}
    hospitals, levels, diagnoses, departments, codes = _Codes(), _Codes(), _Codes(), _Codes(), _Codes()
    for lv in HOSP_LEVELS:
        levels(lv)
    V = list(visits)
    visit_ix = {r["mdtrt_id"]: i for i, r in enumerate(V)}
    diag_names: dict[int, str] = {}
    hosp_names: dict[int, str] = {}
    for r in V:
        hosp_names.setdefault(
            hospitals(r["hospital_code"]), str(r.get("hospital_name") or r["hospital_code"])
        )
        diag_names.setdefault(
            diagnoses(r["dscg_maindiag_code"]), str(r.get("dscg_maindiag_name") or r["dscg_maindiag_code"])
        )
    S = list(settlements)
    setl_ix = {r["setl_id"]: i for i, r in enumerate(S)}
    L = list(lines)
    I_ = list(items)
    item_ix = {(str(r["region"]), str(r["med_list_codg"])): i for i, r in enumerate(I_)}

    region_of: dict[object, str] = {}
    fact_of: dict[tuple[str, str], int] = {}

    def fact(line: Row) -> int:
        # a month has millions of lines but few settlements' regions and item codes: look each up once
        setl = line["setl_id"]
        region = region_of.get(setl)
        if region is None:
            region = region_of[setl] = str(V[visit_ix[S[setl_ix[setl]]["mdtrt_id"]]]["treatment_region"])
        code = str(line["med_list_codg"])
        found = fact_of.get((region, code))
        if found is None:
            found = -1
            for key in (region, region[:4] + "00", region[:2] + "0000"):
                i = item_ix.get((key, code))
                if i is not None:
                    found = i
                    break
            fact_of[(region, code)] = found
        return found

    def end(r: Row) -> int:
        return NO_TIME if r.get("endtime") is None else to_minute(r["endtime"])

    visit_cols = Visits(
        mdtrt_id=_o(r["mdtrt_id"] for r in V), person=_i((person_ix[r["id_number"]] for r in V), np.int32),
        hospital=_i((hospitals(r["hospital_code"]) for r in V), np.int32),
        hosp_lv=_i((levels(r["hosp_lv"]) for r in V), np.int8), pay_loc=_i((int(r["pay_loc"]) for r in V), np.int8),
        insured_region=_o(r["insured_region"] for r in V), treatment_region=_o(r["treatment_region"] for r in V),
        begin=_i((to_minute(r["begntime"]) for r in V), np.int64), end=_i((end(r) for r in V), np.int64),
        status=_i((VisitStatus[str(r["status"]).upper()] for r in V), np.int8),
        er_flag=_i((bool(r.get("er_flag")) for r in V), bool),
        evidence=_i((int(evidence_of(bool(r.get("er_flag")), r.get("evidence"))) for r in V), np.int8),
        diagnosis=_i((diagnoses(r["dscg_maindiag_code"]) for r in V), np.int32),
        department=_i((departments(r.get("dept_code")) for r in V), np.int32),
        filing=_i((filing_ix.get(r.get("filing_id") or "", -1) for r in V), np.int32),
    )  # fmt: skip
    setl_cols = Settlements(
        setl_id=_o(r["setl_id"] for r in S), visit=_i((visit_ix[r["mdtrt_id"]] for r in S), np.int32),
        setl_time=_i((to_minute(r["setl_time"]) for r in S), np.int64),
        inpatient=_i((str(r["clr_type"]) == CLR_TYPE_INPATIENT for r in S), bool),
        **{k: _i((int(r[k]) for r in S), np.int64) for k in SETTLEMENT_AMOUNTS},
        target=_i((bool(r.get("target", True)) for r in S), bool),
    )  # fmt: skip
    line_cols = Lines(
        settlement=_i((setl_ix[r["setl_id"]] for r in L), np.int32), feedetl_sn=_o(r["feedetl_sn"] for r in L),
        code=_i((codes(r["med_list_codg"]) for r in L), np.int32), fact=_i((fact(r) for r in L), np.int32),
        fee_time=_minutes([r["fee_ocur_time"] for r in L]), cnt=_i((_cnt(r["cnt"]) for r in L), np.int64),
        amount=_i((int(r["det_item_fee_sumamt"]) for r in L), np.int64),
        overlmt_amt=_i((int(r["overlmt_amt"]) for r in L), np.int64),
        chrgitm_lv=_i((int(r["chrgitm_lv"]) for r in L), np.int8),
        selfpay_bp=_i((int(r["selfpay_prop_bp"]) for r in L), np.int32),
    )  # fmt: skip
    N = [r for r in norms if str(r["dscg_maindiag_code"]) in diagnoses.index]
    norm_cols = LosNorms(
        diagnosis=_i((diagnoses.index[str(r["dscg_maindiag_code"])] for r in N), np.int32),
        hosp_lv=_i((levels(r["hosp_lv"]) for r in N), np.int8),
        p95_days=_i((int(r["p95_days"]) for r in N), np.int32), stays=_i((int(r["stays"]) for r in N), np.int32),
    )  # fmt: skip
    person_cols = Persons(
        gender=_i((int(i.gender) for i in ids), np.int8), birth_day=_i((to_day(i.birth_date) for i in ids), np.int32),
        credit_default_day=_i((NO_DAY if r.get("credit_default_on") is None else to_day(r["credit_default_on"]) for r in P), np.int32),
    )  # fmt: skip
    filing_cols = Filings(
        valid_from=_i((to_day(r["valid_from"]) for r in F), np.int32),
        valid_to=_i((OPEN_DAY if r.get("valid_to") is None else to_day(r["valid_to"]) for r in F), np.int32),
    )
    labels = Labels(hospitals.labels(), levels.labels(), diagnoses.labels(), departments.labels(), codes.labels(),
                    tuple(diag_names[i] for i in range(len(diag_names))),
                    tuple(hosp_names[i] for i in range(len(hosp_names))))  # fmt: skip
    return ReviewInput(
        setl_cols, line_cols, visit_cols, person_cols, filing_cols, item_facts(I_), norm_cols, labels
    )
