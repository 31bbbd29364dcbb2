"""The monthly review's column builder (``frames.input_from_tables``, no Python loop per row) means
what the row builder (``records.build_input``, the online check's) means: on random worlds both
give the same hits with the same explanations (issue 17 §2: one evaluator, online and batch)."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.supervision.random_world import random_world

from yidi.domain.filing.filing import FilingStatus
from yidi.domain.supervision.evaluator import review
from yidi.domain.supervision.frames import MonthTables, input_from_tables
from yidi.domain.supervision.records import build_input, window

FILING_SCHEMA = {"filing_id": pl.String, "start_date": pl.Date, "end_date": pl.Date, "status": pl.String,
                 "ended_on": pl.Date}  # fmt: skip


def tables(rows: dict[str, list[dict[str, Any]]]) -> MonthTables:
    """The world's rows as the adapter reads them from the tables."""
    v = [{**r, "hospital_name": r.get("hospital_name"), "med_type": "21", "pay_loc": str(r["pay_loc"]),
          "evidence": None if r.get("evidence") is None else json.dumps(r["evidence"]),
          "dscg_maindiag_name": r.get("dscg_maindiag_name")} for r in rows["visits"]]  # fmt: skip
    amounts = ("medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt",
               "fund_pay_sumamt", "psn_part_amt")  # fmt: skip
    s = [{"setl_id": r["setl_id"], "mdtrt_id": r["mdtrt_id"], "setl_time": r["setl_time"], "clr_type": r["clr_type"],
          **{k: r[k] for k in amounts}, "target": r.get("target", True)} for r in rows["settlements"]]  # fmt: skip
    f = [{"filing_id": r["filing_id"], "start_date": r["valid_from"], "end_date": r["valid_to"],
          "status": "active", "ended_on": None} for r in rows["filings"]]  # fmt: skip
    return MonthTables(
        visits=pl.DataFrame(v, infer_schema_length=None),
        settlements=pl.DataFrame(s, infer_schema_length=None),
        lines=pl.DataFrame(rows["lines"], infer_schema_length=None).with_columns(pl.col("cnt").cast(pl.String)),
        persons=pl.DataFrame(rows["persons"], schema={"id_number": pl.String, "credit_default_on": pl.Date}),
        filings=pl.DataFrame(f, schema=FILING_SCHEMA),
    )


def sql_order(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The rows in the order ``SupervisionRepository.review_rows`` reads them (R-DUP names the
    later of two equal lines, so the order of lines is part of the meaning)."""
    keys = {"visits": ("mdtrt_id",), "settlements": ("setl_id",), "lines": ("setl_id", "feedetl_sn"),
            "persons": ("id_number",)}  # fmt: skip
    return {k: sorted(v, key=lambda r: tuple(r[c] for c in keys[k])) if k in keys else v for k, v in rows.items()}


def _summaries(rows: dict[str, list[dict[str, Any]]], inp: Any) -> list[tuple[Any, ...]]:
    return sorted((h.setl_id, h.rule, h.feedetl_sn or "", h.detail, json.dumps(h.facts, sort_keys=True, default=str))
                  for h in review(inp))  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10_000))
def test_tables_give_the_hits_the_rows_give(seed: int) -> None:
    rows = sql_order(random_world(seed))
    by_rows = build_input(**copy.deepcopy(rows))
    by_tables = input_from_tables(tables(rows), rows["items"], rows["norms"])
    assert _summaries(rows, by_tables) == _summaries(rows, by_rows)
    assert np.array_equal(by_tables.lines.cnt, by_rows.lines.cnt)
    assert np.array_equal(by_tables.persons.birth_day, by_rows.persons.birth_day)


def test_decimal_quantities_and_filing_windows_as_the_rows_have_them() -> None:
    rows = sql_order(random_world(3))
    rows["lines"][0]["cnt"] = "-0.33335"
    rows["lines"][1]["cnt"] = "12.5"
    by_tables = input_from_tables(tables(rows), rows["items"], rows["norms"])
    assert list(by_tables.lines.cnt[:2]) == [-3333, 125_000]
    spans = [
        (FilingStatus.DRAFT, date(2025, 3, 1), None, None),
        (FilingStatus.REVOKED, date(2025, 3, 1), date(2025, 9, 1), date(2025, 4, 10)),
        (FilingStatus.CANCELLED, date(2025, 3, 1), None, date(2025, 5, 1)),
        (FilingStatus.EXPIRED, date(2025, 3, 1), date(2025, 6, 30), date(2025, 6, 30)),
    ]
    world = tables(rows)
    filings = pl.DataFrame(
        [{"filing_id": f"F{i}", "start_date": a, "end_date": b, "status": str(s), "ended_on": e}
         for i, (s, a, b, e) in enumerate(spans)],
        schema=world.filings.schema,
    )  # fmt: skip
    got = input_from_tables(MonthTables(world.visits, world.settlements, world.lines, world.persons, filings))
    for i, (s, a, b, e) in enumerate(spans):
        lo, hi = window(a, b, s, e)
        assert got.filings.valid_from[i] == (lo - date(1970, 1, 1)).days
        assert got.filings.valid_to[i] == (np.iinfo(np.int32).max if hi is None else (hi - date(1970, 1, 1)).days)
