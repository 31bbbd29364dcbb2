"""The hospital's side of clearing (national-interface.md §2.10).

* 3203 清算申请 / 3204 撤销 / 3205A 状态: the hospital applies for its month; the application is
  accepted only when its totals equal ours (differences named); ``clr_stas`` 10 已申请, 20 已受理,
  50 已清算; only an application still at 10 may be cancelled.
* 3260 / 3261 / 3262 异地清分: the hospital reads its month's lines (≤ 100 per call from
  ``startrow``), confirms or rejects each (``cnfm_flag`` 1 / 0 with a reason; a rejected line is
  not cleared this month: it is disputed to the next month), and may roll a confirmation back by
  its ``inf_refmsgid`` (``"0"``: the whole period).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from yidi.domain.clearing.errors import IllegalTransition, NotInStatement
from yidi.domain.clearing.statement import Dispute, DisputeRoute

PAGE_SIZE = 100  # 3260: at most 100 rows per call


class ClrStas(StrEnum):
    APPLIED = "10"  # 已申请
    ACCEPTED = "20"  # 已受理
    CLEARED = "50"  # 已清算
    CANCELLED = "cancelled"  # 3204 (not a national code: the application is withdrawn)


_NEXT = {"accept": (ClrStas.APPLIED, ClrStas.ACCEPTED), "clear": (ClrStas.ACCEPTED, ClrStas.CLEARED),
         "cancel": (ClrStas.APPLIED, ClrStas.CANCELLED)}  # fmt: skip
_ZH = {"accept": "受理", "clear": "清算", "cancel": "撤销"}


def application_step(status: ClrStas, step: str) -> ClrStas:
    needs, leaves = _NEXT[step]
    if status is not needs:
        raise IllegalTransition(
            f"清算申请状态为 {status}，不能{_ZH[step]}", f"an application at {status} cannot be {step}ed",
            status=str(status), step=step,
        )  # fmt: skip
    return leaves


def page(startrow: int, total: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """(offset, limit) of a 3260 call; ``startrow`` counts from 1."""
    start = max(startrow, 1) - 1
    return start, max(min(size, total - start), 0)


@dataclass(frozen=True)
class LineConfirmation:
    setl_id: str
    cnfm_flag: str  # "1" 确认 / "0" 不确认（不纳入本次清分）
    reason: str = ""


def confirmation_disputes(
    confirmations: Sequence[LineConfirmation], own_open_lines: Iterable[str]
) -> list[Dispute]:
    """The disputes a 3261 raises; refuses, all at once, lines that are not the hospital's open
    lines of the period, bad flags and rejections without a reason."""
    own = set(own_open_lines)
    foreign = [c.setl_id for c in confirmations if c.setl_id not in own]
    bad_flag = [c.setl_id for c in confirmations if c.cnfm_flag not in ("0", "1")]
    no_reason = [c.setl_id for c in confirmations if c.cnfm_flag == "0" and not c.reason.strip()]
    seen: set[str] = set()
    twice = [c.setl_id for c in confirmations if c.setl_id in seen or seen.add(c.setl_id)]  # type: ignore[func-returns-value]
    if foreign or bad_flag or no_reason or twice:
        parts_zh, parts_en = [], []
        for ids, zh, en in (
            (foreign, "不是本机构本期待确认的结算", "not this hospital's open settlements of the period"),
            (bad_flag, "确认标志应为 0 或 1", "cnfm_flag must be 0 or 1"),
            (no_reason, "不确认须说明原因", "a rejection needs a reason"),
            (twice, "同一结算重复出现", "listed twice"),
        ):
            if ids:
                parts_zh.append(f"{zh}：{'、'.join(ids)}")
                parts_en.append(f"{en}: {', '.join(ids)}")
        raise NotInStatement(
            "；".join(parts_zh), "; ".join(parts_en),
            foreign=foreign, bad_flag=bad_flag, no_reason=no_reason, twice=twice,
        )  # fmt: skip
    return [
        Dispute(c.setl_id, f"医疗机构不确认：{c.reason.strip()}", DisputeRoute.NEXT_MONTH)
        for c in confirmations
        if c.cnfm_flag == "0"
    ]
