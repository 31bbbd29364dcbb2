"""The review rules' input as typed column bundles (审核数据列).

The evaluator works on columns so that one settlement (the online check after 2304/2207) is a
batch of one and a month (the batch run) is a batch of a million — the same code either way, as
with the settlement kernel. Rows link by integer position: a line names its settlement, a
settlement its visit, a visit its person and filing, a line its catalogue facts (``-1`` = none).

Times are whole minutes since 1970-01-01 (naive local time, as the hospital sends them), dates
whole days since then; money is int64 fen, quantities int64 ten-thousandths (``cnt`` is 16,4).
A settlement with ``target`` False is context only (another stay of the same person, say): rules
read it but report hits only for target settlements, so the online check can load just what it
needs and still find what the batch finds.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from enum import IntEnum
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]
I32 = NDArray[np.int32]
I16 = NDArray[np.int16]
I8 = NDArray[np.int8]
B = NDArray[np.bool_]
Obj = NDArray[np.object_]

NO_ROW = -1
NO_TIME = np.iinfo(np.int64).max  # not discharged yet
NO_DAY = np.iinfo(np.int32).min  # no date (e.g. never a credit defaulter)
OPEN_DAY = np.iinfo(np.int32).max  # an open-ended filing
MINUTES_PER_DAY = 1440
CNT_SCALE = 10_000  # cnt is (16,4): ten-thousandths


class VisitStatus(IntEnum):
    """``hospital_visits.status``: a stay is admitted → discharged → settled; an outpatient visit
    (2201) is registered; either may be cancelled."""

    ADMITTED = 0
    DISCHARGED = 1
    SETTLED = 2
    CANCELLED = 3
    REGISTERED = 4


class Evidence(IntEnum):
    """What 2401 found about an emergency admission's 急危重病种 evidence."""

    NOT_EMERGENCY = 0
    QUALIFIES = 1
    NOT_MET = 2
    UNDETERMINED = 3
    MISSING = 4


@dataclass(frozen=True)
class Settlements:
    """Valid direct settlements (2304 住院 / 2207 门诊), reversals and cancelled ones left out."""

    setl_id: Obj
    visit: I32
    setl_time: I64
    inpatient: B
    medfee_sumamt: I64
    fulamt_ownpay_amt: I64
    overlmt_selfpay: I64
    preselfpay_amt: I64
    inscp_scp_amt: I64
    fund_pay_sumamt: I64
    psn_part_amt: I64
    target: B


@dataclass(frozen=True)
class Lines:
    """Fee lines (2301 / 2204) of the settlements, as stored with their adjudication."""

    settlement: I32
    feedetl_sn: Obj
    code: I32  # med_list_codg, dictionary-encoded over the batch (Labels.codes)
    fact: I32  # row of ItemFacts for (treatment region, code); -1 = not in the catalogue
    fee_time: I64
    cnt: I64
    amount: I64  # det_item_fee_sumamt
    overlmt_amt: I64
    chrgitm_lv: I8  # as adjudicated: 1 甲 2 乙 3 丙
    selfpay_bp: I32


@dataclass(frozen=True)
class Visits:
    """Stays and outpatient visits (就诊), including context visits without a settlement."""

    mdtrt_id: Obj
    person: I32
    hospital: I32  # Labels.hospitals
    hosp_lv: I8  # Labels.hosp_levels
    pay_loc: I8  # 3 省内异地, 4 跨省异地
    insured_region: Obj
    treatment_region: Obj
    begin: I64
    end: I64  # NO_TIME while in hospital
    status: I8  # VisitStatus
    er_flag: B
    evidence: I8  # Evidence
    diagnosis: I32  # Labels.diagnoses
    department: I32  # Labels.departments
    filing: I32  # row of Filings; -1 = none (no-filing region, none recorded)


@dataclass(frozen=True)
class Persons:
    gender: I8  # 1 male, 2 female (from the identity number)
    birth_day: I32
    credit_default_day: I32  # NO_DAY = not a credit defaulter


@dataclass(frozen=True)
class Filings:
    """The validity window of each filing a visit rests on (``filing_window``)."""

    valid_from: I32
    valid_to: I32  # inclusive; OPEN_DAY = open-ended


@dataclass(frozen=True)
class ItemFacts:
    """Catalogue facts per (treatment region, item): grade, cap and the supervision limits."""

    code: Obj
    name: Obj
    chrgitm_lv: I8
    selfpay_bp: I32
    unit_cap: I64  # fen per unit; -1 = no price cap
    bed_day: B  # billed once per day in hospital (床位费)
    max_per_day: I64  # ten-thousandths of a unit; -1 = no maximum
    sex: I8  # 0 any, 1 male only, 2 female only
    age_min: I16  # years, -1 = none
    age_max: I16  # years (inclusive), -1 = none


@dataclass(frozen=True)
class LosNorms:
    """95th percentile of length of stay per (diagnosis, hospital level) from past stays."""

    diagnosis: I32
    hosp_lv: I8
    p95_days: I32
    stays: I32


@dataclass(frozen=True)
class Labels:
    """What the integer codes stand for, for explanations."""

    hospitals: tuple[str, ...]
    hosp_levels: tuple[str, ...]
    diagnoses: tuple[str, ...]
    departments: tuple[str, ...]
    codes: tuple[str, ...]
    diagnosis_names: tuple[str, ...] = ()
    hospital_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewInput:
    settlements: Settlements
    lines: Lines
    visits: Visits
    persons: Persons
    filings: Filings
    items: ItemFacts
    norms: LosNorms
    labels: Labels


T = TypeVar("T")


def take(bundle: T, rows: NDArray[Any]) -> T:
    """The same bundle with only ``rows`` (positions or a mask), every column alike."""
    return type(bundle)(**{f.name: getattr(bundle, f.name)[rows] for f in fields(bundle)})  # type: ignore[arg-type]


def _remap(old_index: NDArray[Any], kept: NDArray[np.int64], size: int) -> I32:
    """Positions into a table after keeping ``kept`` of its ``size`` rows (-1 stays -1)."""
    new = np.full(size + 1, NO_ROW, dtype=np.int32)  # last slot catches -1
    new[kept] = np.arange(len(kept), dtype=np.int32)
    return new[old_index]


def restrict(inp: ReviewInput, targets: NDArray[Any]) -> ReviewInput:
    """What the online check loads for ``targets`` (settlement rows): those settlements, and every
    settlement, line and visit of the same persons as context (the rules that compare stays —
    overlaps, readmissions, visits per day, duplicate lines — need no more than that)."""
    s, v = inp.settlements, inp.visits
    people = np.unique(v.person[s.visit[targets]])
    keep_v = np.flatnonzero(np.isin(v.person, people))
    keep_s = np.flatnonzero(np.isin(s.visit, keep_v))
    keep_l = np.flatnonzero(np.isin(inp.lines.settlement, keep_s))
    is_target = np.zeros(len(s.setl_id), dtype=bool)
    is_target[targets] = True
    settlements = take(s, keep_s)
    settlements = replace(
        settlements, visit=_remap(settlements.visit, keep_v, len(v.mdtrt_id)), target=is_target[keep_s]
    )
    lines = take(inp.lines, keep_l)
    lines = replace(lines, settlement=_remap(lines.settlement, keep_s, len(s.setl_id)))
    return replace(inp, settlements=settlements, lines=lines, visits=take(v, keep_v))
