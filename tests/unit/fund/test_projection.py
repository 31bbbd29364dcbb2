"""Projection aggregates over two batch outputs: totals by fund, groups, the change in each
person's burden (nearest-rank deciles, most affected), skipped rows, months of reserve."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from yidi.domain.arrow_money import fen_array
from yidi.domain.errors import InvalidInput
from yidi.domain.fund.projection import FUNDS, project
from yidi.domain.fund.reserve import MonthFigure, months_of_reserve

KEYS = {
    "psn_no": ["A", "A", "B", "C", "D"],
    "filing_category": ["temporary", "referral", "temporary", "temporary", "temporary"],
    "hosp_lv": ["3", "3", "2", "3", "1"],
    "insuplc_admdvs": ["219900", "219900", "211200", "219900", "219900"],
    "mdtrtarea_admvs": ["210100", "110000", "210100", "210100", "210100"],
}


def _output(hifp: list[int], psn: list[int], errors: list[str | None] | None = None) -> pa.Table:
    cols: dict[str, Any] = dict(KEYS)
    n = len(hifp)
    for f in FUNDS:
        cols[f"out_{f}"] = fen_array(np.zeros(n, dtype=np.int64))
    cols["out_hifp_pay"] = fen_array(np.array(hifp, dtype=np.int64))
    cols["out_fund_pay_sumamt"] = fen_array(np.array(hifp, dtype=np.int64))
    cols["out_psn_part_amt"] = fen_array(np.array(psn, dtype=np.int64))
    cols["error"] = pa.array(errors or [None] * n, pa.string())
    return pa.table(cols)


def test_totals_groups_and_burden() -> None:
    base = _output([1000, 2000, 3000, 4000, 500], [100, 200, 300, 400, 50], [None, None, None, None, "bad"])
    reform = _output([900, 1900, 3000, 3500, 0], [200, 300, 300, 900, 0])
    p = project(base, reform, top=2)
    assert p.skipped == 1 and p.baseline.claims == 4
    assert p.baseline.amounts["hifp_pay"] == 10_000 and p.reform.amounts["hifp_pay"] == 9_300
    assert p.delta.as_json() == {
        "claims": 0, "fund_pay_sumamt": "-7.00", "hifp_pay": "-7.00", "hifob_pay": "0.00",
        "cvlserv_pay": "0.00", "psn_part_amt": "7.00",
    }  # fmt: skip
    pairs = {g.key: (g.baseline.claims, g.reform.amounts["hifp_pay"]) for g in p.groups["region_pair"]}
    assert pairs == {
        ("211200", "210100"): (1, 3000),
        ("219900", "110000"): (1, 1900),
        ("219900", "210100"): (2, 4400),
    }
    assert [g.key for g in p.groups["level"]] == [("2",), ("3",)]
    b = p.burden
    assert b is not None
    # per person: A +200, B 0, C +500 (D skipped)
    assert (b.persons, b.increased, b.decreased, b.unchanged) == (3, 2, 0, 1)
    assert b.deciles == (0, 0, 0, 200, 200, 200, 500, 500, 500) and (b.smallest, b.largest) == (0, 500)
    assert [(m.psn_no, m.claims, m.reform - m.baseline) for m in b.most_affected] == [
        ("C", 1, 500),
        ("A", 2, 200),
    ]


def test_months_of_reserve_before_and_after() -> None:
    base = _output([1000] * 5, [0] * 5)
    reform = _output([1600] * 5, [0] * 5)  # the pooled fund pays 3 000 fen more over the period
    reserve = months_of_reserve(
        "219900", [MonthFigure(date(2025, m, 1), 70_000, 10_000) for m in range(1, 13)]
    )
    p = project(base, reform)
    assert p.monthly_fund_change(3) == Fraction(1000)
    assert p.as_json(reserve, months=3)["reserve_months"] == {"before": "7.00", "after": "6.36"}
    assert p.as_json()["reserve_months"] == {"before": None, "after": None}


def test_tables_of_different_claims_are_refused() -> None:
    with pytest.raises(InvalidInput):
        project(_output([1] * 5, [1] * 5), _output([1] * 5, [1] * 5).slice(0, 4))
    with pytest.raises(InvalidInput):
        project(_output([1] * 5, [1] * 5).drop_columns(["out_hifp_pay"]), _output([1] * 5, [1] * 5))
