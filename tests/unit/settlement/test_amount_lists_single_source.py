"""One list of year-to-date fields and one of amount fields (issue 14 item 4): the interface, the
desk, the batch, manual claims and storage all take them from ``domain/settlement/amounts.py``.

The guard reads the source: a tuple, list or set literal (or a dict of non-label values) that
names all four year-to-date accumulators, or eight or more of the stored settlement amounts, is
a re-typed copy of one of those lists and fails here — import the list instead."""

from __future__ import annotations

import ast
from pathlib import Path

from yidi.adapters.orm_claims import AMOUNTS as CLAIM_AMOUNTS
from yidi.adapters.orm_hospital import SETTLEMENT_AMOUNTS as STORED
from yidi.adapters.orm_hospital import YTD_AMOUNTS as STORED_YTD
from yidi.domain.claims.amounts import YTD_KEYS
from yidi.domain.national.identities import FUNDS
from yidi.domain.settlement.amounts import (
    FUND_AMOUNTS,
    KERNEL_AMOUNTS,
    RESULT_AMOUNTS,
    SETLINFO_AMOUNTS,
    SETTLEMENT_AMOUNTS,
    SPLIT,
    YTD_AMOUNTS,
    YTD_INPUTS,
)
from yidi.domain.settlement.request import SPLIT_FIELDS, YTD_FIELDS
from yidi.service_layer import annual, batch, fund_projection, settlement_views

SRC = Path(__file__).resolve().parents[3] / "src" / "yidi"
HOME = SRC / "domain" / "settlement" / "amounts.py"
# the one place that assembles a setlinfo from the kernel's row (each field its own expression)
ASSEMBLY = SRC / "domain" / "settlement" / "result.py"


def _names(values: list[ast.expr]) -> set[str]:
    return {
        v.value.removeprefix("ytd_")
        for v in values
        if isinstance(v, ast.Constant) and isinstance(v.value, str)
    }


def _is_copy(names: set[str]) -> bool:
    return set(YTD_AMOUNTS) <= names or len(names & set(SETTLEMENT_AMOUNTS)) >= 8


def _copies() -> list[str]:
    found = []
    for path in SRC.rglob("*.py"):
        if path == HOME or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List | ast.Set) and _is_copy(_names(node.elts)):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
            elif isinstance(node, ast.Dict) and path != ASSEMBLY:
                labels = all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.values)
                if not labels and _is_copy(_names([k for k in node.keys if k is not None])):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return sorted(found)


def test_no_module_retypes_the_year_to_date_or_amount_lists() -> None:
    assert _copies() == []


def test_every_consumer_holds_the_one_list() -> None:
    assert STORED is SETTLEMENT_AMOUNTS and STORED_YTD is YTD_AMOUNTS and YTD_KEYS is YTD_AMOUNTS
    assert SPLIT_FIELDS is SPLIT and set(YTD_FIELDS) == {*YTD_AMOUNTS, "dedc_paid_in_chain"}
    assert annual.CARRIED is YTD_INPUTS and fund_projection.CARRIED is YTD_AMOUNTS
    assert batch.RESULT_FIELDS is RESULT_AMOUNTS and batch.KERNEL_RESULTS is KERNEL_AMOUNTS
    assert settlement_views.MONEY is SETLINFO_AMOUNTS and FUNDS is FUND_AMOUNTS
    assert set(YTD_AMOUNTS) <= set(CLAIM_AMOUNTS) and set(YTD_AMOUNTS) <= set(KERNEL_AMOUNTS)
    assert set(SETTLEMENT_AMOUNTS) <= set(SETLINFO_AMOUNTS)
