"""Agency parameters as dated rule data (经办参数): clearing, fund operations and what comes next.

Each area keeps a frozen dataclass of typed defaults in its domain package (``ClearingParameters``,
``Tolerances``) — the shape the arithmetic takes — and its values in
``policy/data/<area>/parameters.yaml`` in the one dated schema of ``policy.dated`` (every value with
dates and a source or an assumption id). ``parameters_on`` reads the file once, checks that every
field of the dataclass is given exactly once per date with the field's type, and builds the value
in force on a day. A file that misses a field or carries an unknown one fails loudly with
``PolicyFileError`` naming the file and key.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from fractions import Fraction
from functools import cache
from typing import Any, TypeVar

from yidi.domain.errors import PolicyFileError
from yidi.domain.rules import Citation, DatedValue, in_force
from yidi.policy import dated
from yidi.policy.dated import Kind, of_type
from yidi.policy.files import Fields, data_dir, read_yaml

T = TypeVar("T")


def _fraction(raw: object) -> object:
    """A non-negative fraction written as ``"1/2"`` or an integer."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise ValueError(f"应为分数如 \"1/2\" / must be a fraction like \"1/2\": {raw!r}")
    try:
        value = Fraction(raw)
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"应为分数如 \"1/2\" / must be a fraction like \"1/2\": {raw!r}") from exc
    if value < 0:
        raise ValueError(f"不能为负数 / must not be negative: {raw!r}")
    return value


_KINDS: dict[object, Kind] = {int: of_type(int), bool: of_type(bool), str: of_type(str), Fraction: _fraction}


def _kinds(cls: type) -> dict[str, Kind]:
    hints = typing.get_type_hints(cls)
    return {f.name: _KINDS[hints[f.name]] for f in dataclasses.fields(cls)}


@cache
def _values(area: str, cls: type) -> dict[str, tuple[DatedValue, ...]]:
    file = f"{area}/parameters.yaml"
    f = Fields(file)
    raw = read_yaml(data_dir(area) / "parameters.yaml", file)
    kinds = _kinds(cls)
    parsed = dated.parse_parameters(raw.get("parameters"), f, kinds)
    absent = sorted(set(kinds) - set(parsed))
    if absent:
        f.fail("parameters", f"缺少参数 / missing parameters: {absent}")
    return parsed


def _in_force(area: str, cls: type, day: date) -> dict[str, DatedValue]:
    out: dict[str, DatedValue] = {}
    for name, values in _values(area, cls).items():
        hits = in_force(values, day)
        if not hits:
            raise PolicyFileError(
                f"{area}/parameters.yaml", f"parameters.{name}",
                f"{day.isoformat()} 没有生效的取值 / no value in force on that day",
            )  # fmt: skip
        out[name] = hits[0]
    return out


def parameters_on(area: str, cls: type[T], day: date) -> T:
    """The parameters of ``area`` in force on ``day``, as the area's dataclass."""
    values: dict[str, Any] = {name: v.value for name, v in _in_force(area, cls, day).items()}
    return cls(**values)


def citations_on(area: str, cls: type, day: date) -> dict[str, Citation]:
    """Where each parameter in force on ``day`` comes from (for explanations and reports)."""
    return {name: v.citation for name, v in _in_force(area, cls, day).items()}
