"""When a month may be cleared (月结): only after it closed, and in order.

A month is closed from ``close_after_days`` after its end (A-CLR-02). Months are cleared one after
the other: the first month cleared is the first with cross-region settlements, and each later
one the month after the last cleared. A settlement that reaches the database after its month was
cleared (a late 2304, a 2305 of an earlier month) is cleared with the next month built.
"""

from __future__ import annotations

from datetime import date

from yidi.domain.clearing.errors import MonthNotClosed, MonthOutOfOrder
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parameters import DEFAULTS, ClearingParameters


def check_closed(month: Month, today: date, params: ClearingParameters = DEFAULTS) -> None:
    opens = month.opens_for_clearing(params.close_after_days)
    if today < opens:
        raise MonthNotClosed(
            f"{month} 尚未结束清算期，{opens.isoformat()} 起可以清算",
            f"{month} is still open; it may be cleared from {opens.isoformat()}",
            month=str(month),
            opens_on=opens.isoformat(),
            clause="A-CLR-02",
        )


def check_order(month: Month, last_built: Month | None, earliest_uncleared: Month | None) -> None:
    """``last_built``: the latest month already cleared; ``earliest_uncleared``: the month of the
    earliest cross-region settlement before ``month`` not yet in any statement."""
    if last_built is None:
        if earliest_uncleared is not None and earliest_uncleared < month:
            raise MonthOutOfOrder(
                f"请先清算 {earliest_uncleared}（最早一笔未清算的异地结算所在月份）",
                f"clear {earliest_uncleared} first: it holds the earliest uncleared cross-region settlement",
                month=str(month),
                first=str(earliest_uncleared),
            )
        return
    if month != last_built.next():
        raise MonthOutOfOrder(
            f"清算须按月依次进行：上次清算 {last_built}，下一个应为 {last_built.next()}",
            f"months are cleared in order: the last was {last_built}, the next is {last_built.next()}",
            month=str(month),
            next=str(last_built.next()),
        )
