"""The fund-figure import file (基金收支数据导入): CSV with the header
``region,month,balance,expenditure`` — the pooling region (6 digits), the month (YYYY-MM), the
accumulated balance at month end and the month's fund expenditure, both in yuan with at most two
decimals (the balance may be negative; the expenditure may not). Every bad cell of the file is
reported at once, by line and column, before anything is recorded.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from functools import partial

from yidi.domain.errors import Problems
from yidi.domain.fund.reserve import MonthFigure
from yidi.domain.money import parse_fen

HEADER = ("region", "month", "balance", "expenditure")
_REGION = re.compile(r"\d{6}\Z")
_MONTH = re.compile(r"(\d{4})-(\d{2})\Z")


def parse_figures(text: str, source: str) -> list[tuple[str, MonthFigure]]:
    """(region, figure) per data line; ``source`` is recorded with each figure (the file name)."""
    problems = Problems()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in next(reader, [])]
    if tuple(header) != HEADER:
        problems.add("header", f"表头应为 {','.join(HEADER)}", f"the header must be {','.join(HEADER)}")
        problems.check()
    out: list[tuple[str, MonthFigure]] = []
    seen: set[tuple[str, date]] = set()
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            problems.add(f"line {line}", f"第 {line} 行应有 4 列", f"line {line}: expected 4 columns")
            continue
        region, month_text, balance_text, spent_text = (c.strip() for c in row)
        if not _REGION.match(region):
            problems.add(
                f"line {line}.region", f"第 {line} 行统筹区代码无效：{region}", f"line {line}: bad region"
            )
        month = _month(month_text, line, problems)
        at = f"line {line}"
        balance = problems.value(partial(_signed_fen, balance_text, f"{at}.balance"), 0)
        spent = problems.value(partial(parse_fen, spent_text, f"{at}.expenditure"), 0)
        if month is not None:
            if (region, month) in seen:
                problems.add(
                    f"line {line}.month", f"第 {line} 行与前面重复：{region} {month_text}", "duplicate month"
                )
            seen.add((region, month))
            out.append((region, MonthFigure(month, balance, spent, source)))
    problems.check()
    return out


def _month(text: str, line: int, problems: Problems) -> date | None:
    m = _MONTH.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return date(int(m.group(1)), int(m.group(2)), 1)
    problems.add(
        f"line {line}.month", f"第 {line} 行月份无效：{text}（应为 YYYY-MM）", f"line {line}: bad month"
    )
    return None


def _signed_fen(text: str, field: str) -> int:
    """A balance in yuan: like any amount, but it may be negative (a fund in deficit)."""
    return -parse_fen(text[1:], field) if text.startswith("-") else parse_fen(text, field)
