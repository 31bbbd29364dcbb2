"""The fund-figure CSV: yuan to fen exactly, negative balances, every bad cell at once."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.errors import InvalidInput
from yidi.domain.fund.figures_csv import parse_figures


def test_parses_yuan_exactly() -> None:
    rows = parse_figures("\ufeffregion,month,balance,expenditure\n211200,2025-03,-12.5,0.01\n\n", "f.csv")
    assert rows == [("211200", rows[0][1])]
    f = rows[0][1]
    assert (f.month, f.balance, f.expenditure, f.source) == (date(2025, 3, 1), -1250, 1, "f.csv")


def test_every_problem_at_once() -> None:
    text = "region,month,balance,expenditure\n21,2025-00,1.234,abc\n211200,2025-01,1,1\n211200,2025-01,1,1\n1,2\n"
    with pytest.raises(InvalidInput) as exc:
        parse_figures(text, "f.csv")
    fields = [p.field for p in exc.value.problems]
    assert fields == [
        "line 2.region",
        "line 2.month",
        "line 2.balance",
        "line 2.expenditure",
        "line 4.month",
        "line 5",
    ]


def test_header_is_required() -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_figures("a,b\n", "f.csv")
    assert exc.value.problems[0].field == "header"
