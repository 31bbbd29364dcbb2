"""Tables in, column bundles out, without a Python loop per row: the monthly review's path.

``records.build_input`` turns mappings into columns one row at a time — right for the online
check (one settlement and its person's context) but a minute of Python for a month of a million
settlements and their nine million fee lines (issue 17 §2: the batch over 1 000 000 settlements'
lines in ≤ 60 s). Here the same columns are built from Polars tables with joins, dictionary
encoding and vectorised casts; ``tests/unit/supervision/test_supervision_frames.py`` holds the two
builders to the same ``ReviewInput`` meaning (the same hits on a random world).

The tables are named as ``hospital_visits`` / ``hospital_settlements`` / ``hospital_fee_details``
store them (``MonthTables``): times as naive datetimes, ``cnt`` as decimal text, the visit's
emergency evidence as JSON text (parsed only for the few emergency admissions).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from yidi.domain.filing.filing import FilingStatus
from yidi.domain.national.codes import CLR_TYPE_INPATIENT
from yidi.domain.supervision.columns import (
    NO_DAY,
    NO_ROW,
    NO_TIME,
    OPEN_DAY,
    Filings,
    Labels,
    Lines,
    LosNorms,
    Persons,
    ReviewInput,
    Settlements,
    Visits,
    VisitStatus,
)
from yidi.domain.supervision.records import (
    HOSP_LEVELS,
    SETTLEMENT_AMOUNTS,
    cnt_units,
    evidence_of,
    item_facts,
)

EMERGENCY_MED_TYPE = "24"  # 2401 stores an emergency admission's med_type as 24 as well as er_flag


@dataclass(frozen=True)
class MonthTables:
    """visits: mdtrt_id, id_number, hospital_code, hospital_name, hosp_lv, insured_region,
    treatment_region, pay_loc, begntime, endtime, status, er_flag, med_type, evidence (JSON text),
    dscg_maindiag_code, dscg_maindiag_name, dept_code, filing_id; settlements: setl_id, mdtrt_id,
    setl_time, clr_type, the amounts, target; lines: setl_id, feedetl_sn, med_list_codg, cnt,
    fee_ocur_time, det_item_fee_sumamt, overlmt_amt, chrgitm_lv, selfpay_prop_bp; persons:
    id_number, credit_default_on; filings: filing_id, start_date, end_date, status, ended_on."""

    visits: pl.DataFrame
    settlements: pl.DataFrame
    lines: pl.DataFrame
    persons: pl.DataFrame
    filings: pl.DataFrame

    def target_ids(self) -> list[str]:
        """The settlements under review (the others are context)."""
        targets = self.settlements.filter(pl.col("target").cast(pl.Boolean).fill_null(False))
        return targets["setl_id"].to_list()


def _minutes(col: str) -> pl.Expr:
    """Whole minutes since 1970 of a naive datetime (floored, as ``context.to_minute``)."""
    return pl.col(col).dt.epoch("us").floordiv(60_000_000)


def _days(col: str) -> pl.Expr:
    return pl.col(col).dt.epoch("d")


def _encode(values: pl.Series, first: Iterable[str] = ()) -> tuple[Any, tuple[str, ...]]:
    """Dictionary codes of text values (``first`` keeps the low codes) and their labels."""
    text = values.fill_null("").cast(pl.String)
    seen = list(first)
    known = set(seen)
    seen += [x for x in text.unique(maintain_order=True).to_list() if x not in known]
    lookup = pl.DataFrame(
        {"_v": pl.Series(seen, dtype=pl.String), "_c": np.arange(len(seen), dtype=np.int32)}
    )
    codes = pl.DataFrame({"_v": text}).join(lookup, on="_v", how="left", maintain_order="left")["_c"]
    return codes.to_numpy(), tuple(seen)


def _position(keys: pl.Series, table: pl.Series) -> Any:
    """Row of each key in ``table`` (unique keys), ``NO_ROW`` where absent."""
    t = pl.DataFrame({"_k": table.cast(pl.String), "_i": np.arange(len(table), dtype=np.int32)})
    found = pl.DataFrame({"_k": keys.cast(pl.String)}).join(t, on="_k", how="left", maintain_order="left")[
        "_i"
    ]
    return found.fill_null(NO_ROW).to_numpy().astype(np.int32)


def _cnt(texts: pl.Series) -> Any:
    """Quantities (decimal text) in ten-thousandths, each distinct text parsed once by the row
    path's own parser (a month's nine million lines hold a few hundred distinct quantities)."""
    codes, labels = _encode(texts)
    values = np.fromiter((cnt_units(x) for x in labels), np.int64, len(labels))
    return values[codes] if len(codes) else np.zeros(0, dtype=np.int64)


def _persons(p: pl.DataFrame) -> Persons:
    ids = p["id_number"]
    born = ids.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
    return Persons(
        gender=np.where(ids.str.slice(16, 1).cast(pl.Int32).to_numpy() % 2 == 1, 1, 2).astype(np.int8),
        birth_day=born.dt.epoch("d").to_numpy().astype(np.int32),
        credit_default_day=p.select(_days("credit_default_on").fill_null(NO_DAY))
        .to_series()
        .to_numpy()
        .astype(np.int32),
    )


def _filings(f: pl.DataFrame) -> Filings:
    """``records.window`` per filing, vectorised: a draft covers no day; a cancelled or revoked
    filing stops covering on the day it ended."""
    start, end, ended = _days("start_date"), _days("end_date"), _days("ended_on") - 1
    stops = pl.col("status").is_in([str(FilingStatus.CANCELLED), str(FilingStatus.REVOKED)])
    stopped = pl.when(end.is_null()).then(ended).otherwise(pl.min_horizontal(end, ended))
    valid_to = (
        pl.when(pl.col("status") == str(FilingStatus.DRAFT))
        .then(start - 1)
        .when(stops & pl.col("ended_on").is_not_null())
        .then(stopped)
        .otherwise(end)
    )
    out = f.select(start.alias("a"), valid_to.fill_null(OPEN_DAY).alias("b"))
    return Filings(out["a"].to_numpy().astype(np.int32), out["b"].to_numpy().astype(np.int32))


def _evidence(v: pl.DataFrame, er: Any) -> Any:
    out = np.zeros(len(v), dtype=np.int8)
    texts = v["evidence"].to_list()
    for i in np.flatnonzero(er):  # emergency admissions only: a few in a hundred
        raw = texts[i]
        out[i] = int(evidence_of(True, json.loads(raw) if raw else None))
    return out


def _first_names(codes: pl.Series, names: pl.Series, labels: tuple[str, ...]) -> tuple[str, ...]:
    first = (
        pl.DataFrame({"c": codes.fill_null("").cast(pl.String), "n": names})
        .group_by("c", maintain_order=True)
        .first()
    )
    by = dict(zip(first["c"].to_list(), first["n"].to_list(), strict=True))
    return tuple(str(by.get(c) or c) for c in labels)


class _Sorted:
    """The lines in the order the row path reads them — by settlement row (an integer, in setl_id
    order) then feedetl_sn — each column gathered when asked for: not a sorted copy of the whole
    table next to the table (a month's nine million lines, most of the run's peak memory)."""

    def __init__(self, lines: pl.DataFrame, settlement: Any) -> None:
        keys = pl.DataFrame({"_s": settlement, "_n": lines["feedetl_sn"]})
        self.order = keys.select(pl.arg_sort_by("_s", "_n")).to_series()
        self.lines = lines
        self.settlement = settlement[self.order.to_numpy()]

    def __getitem__(self, name: str) -> pl.Series:
        return self.lines[name].gather(self.order)


def input_from_tables(
    t: MonthTables, items: Iterable[Mapping[str, Any]] = (), norms: Iterable[Mapping[str, Any]] = ()
) -> ReviewInput:
    """The columns ``records.build_input`` would build from the same rows."""
    items = list(items)
    P = t.persons.sort("id_number")
    F = t.filings.sort("filing_id")
    V = t.visits.sort("mdtrt_id")
    S = t.settlements.sort("setl_id")
    # lines by settlement row (an integer, in setl_id order) then feedetl_sn: the order the row
    # path reads them in, sorted on an integer first rather than on two strings
    L = _Sorted(t.lines, _position(t.lines["setl_id"], S["setl_id"]))
    hospital, hospitals = _encode(V["hospital_code"])
    level, levels = _encode(V["hosp_lv"], HOSP_LEVELS)
    diagnosis, diagnoses = _encode(V["dscg_maindiag_code"])
    department, departments = _encode(V["dept_code"])
    er = (V["er_flag"] | (V["med_type"] == EMERGENCY_MED_TYPE)).fill_null(False).to_numpy()
    status = V["status"].str.to_uppercase().replace_strict({s.name: int(s) for s in VisitStatus})
    times = V.select(_minutes("begntime").alias("b"), _minutes("endtime").fill_null(NO_TIME).alias("e"))
    visits = Visits(
        mdtrt_id=V["mdtrt_id"].to_numpy().astype(object), person=_position(V["id_number"], P["id_number"]),
        hospital=hospital, hosp_lv=level.astype(np.int8), pay_loc=V["pay_loc"].cast(pl.Int8).to_numpy(),
        insured_region=V["insured_region"].to_numpy().astype(object),
        treatment_region=V["treatment_region"].to_numpy().astype(object),
        begin=times["b"].to_numpy(), end=times["e"].to_numpy(), status=status.cast(pl.Int8).to_numpy(),
        er_flag=er, evidence=_evidence(V, er), diagnosis=diagnosis, department=department,
        filing=_position(V["filing_id"].fill_null(""), F["filing_id"]),
    )  # fmt: skip
    s_visit = _position(S["mdtrt_id"], V["mdtrt_id"])
    settlements = Settlements(
        setl_id=S["setl_id"].to_numpy().astype(object), visit=s_visit,
        setl_time=S.select(_minutes("setl_time")).to_series().to_numpy(),
        inpatient=(S["clr_type"] == CLR_TYPE_INPATIENT).to_numpy(),
        **{k: S[k].cast(pl.Int64).to_numpy() for k in SETTLEMENT_AMOUNTS},
        target=S["target"].cast(pl.Boolean).to_numpy(),
    )  # fmt: skip
    l_setl = L.settlement
    code, codes = _encode(L["med_list_codg"])
    region, regions = _encode(V["treatment_region"])
    line_cols = Lines(
        settlement=l_setl, feedetl_sn=L["feedetl_sn"].to_numpy().astype(object), code=code,
        fact=_facts(region[s_visit[l_setl]], regions, code, codes, items),
        fee_time=L["fee_ocur_time"].to_frame().select(_minutes("fee_ocur_time")).to_series().to_numpy(),
        cnt=_cnt(L["cnt"]),
        amount=L["det_item_fee_sumamt"].cast(pl.Int64).to_numpy(),
        overlmt_amt=L["overlmt_amt"].cast(pl.Int64).to_numpy(),
        chrgitm_lv=L["chrgitm_lv"].cast(pl.Int8).to_numpy(),
        selfpay_bp=L["selfpay_prop_bp"].cast(pl.Int32).to_numpy(),
    )  # fmt: skip
    diag_ix = {d: i for i, d in enumerate(diagnoses)}
    level_ix = {lv: i for i, lv in enumerate(levels)}
    N = [r for r in norms if str(r["dscg_maindiag_code"]) in diag_ix]
    norm_cols = LosNorms(
        diagnosis=np.fromiter((diag_ix[str(r["dscg_maindiag_code"])] for r in N), np.int32, len(N)),
        hosp_lv=np.fromiter((level_ix.get(str(r["hosp_lv"]), -1) for r in N), np.int8, len(N)),
        p95_days=np.fromiter((int(r["p95_days"]) for r in N), np.int32, len(N)),
        stays=np.fromiter((int(r["stays"]) for r in N), np.int32, len(N)),
    )
    labels = Labels(
        hospitals, levels, diagnoses, departments, codes,
        _first_names(V["dscg_maindiag_code"], V["dscg_maindiag_name"], diagnoses),
        _first_names(V["hospital_code"], V["hospital_name"], hospitals),
    )  # fmt: skip
    return ReviewInput(
        settlements, line_cols, visits, _persons(P), _filings(F), item_facts(items), norm_cols, labels
    )


def _facts(region: Any, regions: tuple[str, ...], code: Any, codes: tuple[str, ...], items: list[Any]) -> Any:
    """Row of the catalogue facts per line: the treatment region's item, else its city's, else
    the province's (as the catalogue registry falls back), ``NO_ROW`` if none — looked up once
    per distinct (region, item) of the month, then spread to the lines."""
    if not items or not len(code):
        return np.full(len(code), NO_ROW, dtype=np.int32)
    key = region.astype(np.int64) * len(codes) + code
    pairs = pl.Series(key).unique().sort().to_numpy()
    table = pl.DataFrame(
        {"r": [str(r["region"]) for r in items], "c": [str(r["med_list_codg"]) for r in items],
         "i": np.arange(len(items), dtype=np.int32)}
    ).unique(subset=["r", "c"], keep="first")  # fmt: skip
    wanted = pl.DataFrame(
        {"r": np.array(regions, dtype=object)[pairs // len(codes)].tolist(),
         "c": np.array(codes, dtype=object)[pairs % len(codes)].tolist()},
        schema={"r": pl.String, "c": pl.String},
    )  # fmt: skip
    found = np.full(len(pairs), NO_ROW, dtype=np.int32)
    for key_expr in (pl.col("r"), pl.col("r").str.slice(0, 4) + "00", pl.col("r").str.slice(0, 2) + "0000"):
        step = wanted.select(key_expr.alias("r"), "c").join(table, on=["r", "c"], how="left", maintain_order="left")
        hit = step["i"].fill_null(NO_ROW).to_numpy()
        found = np.where(found == NO_ROW, hit, found).astype(np.int32)
    return found[np.searchsorted(pairs, key)]
