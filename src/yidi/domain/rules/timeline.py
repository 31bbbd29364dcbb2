"""Which dated value is in force (取值规则) — the one precedence rule of all rule data.

1. Within a series (one parameter, one selector, one layer) a value applies from its ``from``
   until the day before the next value's ``from``, or until its own ``to`` if earlier (then
   nothing of that series applies until the next value). Two values of a series with the same
   ``from``, or a ``to`` reaching into the next value, are an error in the file.
2. Across layers the highest layer with a value in force wins: an overlay (reform) outranks the
   base file, a region's own file outranks the provincial default.
3. Within a layer, series with different selectors must not both apply to one combination on one
   day; where a combination must always have a value (benefit policy), a gap is an error too.
   Both are checked by the loader over the whole span, so resolution never guesses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

from yidi.domain.errors import PolicyFileError
from yidi.domain.rules.dated import DatedValue


def chain(values: Iterable[DatedValue]) -> tuple[DatedValue, ...]:
    """Close each value the day before the next value of its series starts (rule 1); the
    values keep their order. Raises ``PolicyFileError`` naming the later value's file and key."""
    items = list(values)
    series: dict[object, list[int]] = {}
    for i, v in enumerate(items):
        series.setdefault(v.series, []).append(i)
    out = list(items)
    for positions in series.values():
        ordered = sorted(positions, key=lambda i: items[i].start)
        for i, j in pairwise(ordered):
            a, b = items[i], items[j]
            if a.start == b.start:
                raise PolicyFileError(
                    b.origin, b.key,
                    f"同一适用范围同一生效日期有两个取值 / two values from the same date {b.start.isoformat()}",
                )  # fmt: skip
            if a.end is not None and a.end >= b.start:
                raise PolicyFileError(
                    b.origin, b.key,
                    f"取值重叠 / overlapping values: {a.key or a.name} 至 {a.end.isoformat()}，"
                    f"而下一取值自 {b.start.isoformat()} 起 / the next value starts {b.start.isoformat()}",
                )  # fmt: skip
            if a.end is None:
                out[i] = replace(a, end=b.start - timedelta(days=1))
    return tuple(out)


def in_force(
    values: Sequence[DatedValue], day: date, classes: dict[str, str] | None = None
) -> list[DatedValue]:
    """The values in force on ``day`` (matching ``classes`` when given) in the highest layer
    that has any (rule 2), in file order. Values must be chained first."""
    hits = [v for v in values if v.covers(day) and (classes is None or v.matches(classes))]
    if not hits:
        return []
    top = max(v.layer for v in hits)
    return [v for v in hits if v.layer == top]


def newest(values: Sequence[DatedValue]) -> DatedValue:
    """The value with the latest start (the current version of a versioned file)."""
    return max(values, key=lambda v: (v.layer, v.start))


def change_dates(values: Iterable[DatedValue]) -> set[date]:
    """Every day on which some value starts or stops applying."""
    days: set[date] = set()
    for v in values:
        days.add(v.start)
        if v.end is not None:
            days.add(v.end + timedelta(days=1))
    return days
