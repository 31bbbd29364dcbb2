"""The fact vocabulary (事实词表) of the emergency-disease criteria and the validation of facts.

Every fact a rule may read has a stable key, a Chinese label, a type and — for numbers — a unit
and the range a lab can plausibly report. Facts arriving from a hospital or a claim reviewer are
checked here once, at the edge: an unknown key, a wrong type or a value outside the range is
rejected with ``InvalidInput`` naming the fact, never turned into a silent "not met".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from yidi.domain.errors import InvalidInput, Problem

FactType = Literal["number", "boolean", "set", "enum"]
FactValue = float | bool | str | frozenset[str]
Facts = Mapping[str, FactValue]


@dataclass(frozen=True)
class FactSpec:
    """One fact: key, Chinese label, type; unit and range for numbers; codes for sets and enums."""

    key: str
    label: str
    type: FactType
    unit: str = ""
    min: float | None = None
    max: float | None = None
    kind: str = ""  # for sets: finding / procedure / drug / diagnosis
    values: Mapping[str, str] = field(default_factory=dict)  # code → 中文
    _codes: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Code and Chinese label both map to the code, so validation is one dict lookup.
        codes = {label: code for code, label in self.values.items()}
        codes.update({code: code for code in self.values})
        object.__setattr__(self, "_codes", codes)

    def code_of(self, given: str) -> str | None:
        """A set/enum member by its code or by its Chinese label (hospitals send either)."""
        return self._codes.get(given)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"key": self.key, "label": self.label, "type": self.type}
        if self.type == "number":
            out.update(unit=self.unit, min=self.min, max=self.max)
        if self.values:
            out["kind"] = self.kind
            out["values"] = dict(self.values)
        return out


@dataclass(frozen=True)
class DerivedSpec:
    """A quantity computed from number facts (PaO₂/FiO₂, 2×(K⁺+Na⁺), multiple of the upper limit)."""

    key: str
    label: str
    unit: str
    formula: Literal["ratio", "difference", "scaled_sum"]
    inputs: tuple[str, ...]
    factor: float = 1.0

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "key": self.key,
            "label": self.label,
            "unit": self.unit,
            "formula": self.formula,
            "inputs": list(self.inputs),
        }
        if self.formula == "scaled_sum":
            out["factor"] = self.factor
        return out


@dataclass(frozen=True)
class Vocabulary:
    """All facts and derived quantities of one criteria version."""

    facts: Mapping[str, FactSpec]
    derived: Mapping[str, DerivedSpec]

    def validate(self, raw: object) -> dict[str, FactValue]:
        """Check facts given as JSON-like data; return them typed (sets as frozensets).

        ``null`` means "not known" and is dropped. All problems are reported together.
        """
        if not isinstance(raw, Mapping):
            raise InvalidInput.of(
                "facts", "事实必须是“键: 值”的对象（JSON object）", "facts must be a JSON object"
            )
        out: dict[str, FactValue] = {}
        problems: list[Problem] = []
        for key, value in raw.items():
            if value is None:
                continue
            spec = self.facts.get(key) if isinstance(key, str) else None
            if spec is None:
                problems.append(self._unknown(key))
                continue
            checked = _check_value(spec, value)
            if isinstance(checked, Problem):
                problems.append(checked)
            else:
                out[spec.key] = checked
        if problems:
            raise InvalidInput(problems)
        return out

    def _unknown(self, key: object) -> Problem:
        if isinstance(key, str) and key in self.derived:
            return Problem(
                f"facts.{key}",
                f"“{key}”是由其他事实计算出的派生量，请提供其输入：{', '.join(self.derived[key].inputs)}",
                f"{key} is derived; give its inputs instead",
            )
        return Problem(
            f"facts.{key}",
            f"未知事实“{key}”，可用事实见 `yidi criteria facts`",
            f"unknown fact {key!r}; see `yidi criteria facts`",
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "facts": [spec.as_dict() for spec in self.facts.values()],
            "derived": [spec.as_dict() for spec in self.derived.values()],
        }


def _check_value(spec: FactSpec, value: object) -> FactValue | Problem:
    name = f"facts.{spec.key}"
    if spec.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return Problem(name, f"{spec.label}必须是数值（单位 {spec.unit}）", "must be a number")
        lo = spec.min if spec.min is not None else -math.inf
        hi = spec.max if spec.max is not None else math.inf
        if not lo <= value <= hi:
            return Problem(
                name,
                f"{spec.label} {value:g} 超出允许范围 {lo:g}–{hi:g} {spec.unit}".rstrip(),
                f"{value:g} outside the allowed range {lo:g}..{hi:g} {spec.unit}".rstrip(),
            )
        return float(value)
    if spec.type == "boolean":
        if not isinstance(value, bool):
            return Problem(name, f"{spec.label}必须是 true 或 false", "must be true or false")
        return value
    if spec.type == "enum":
        code = spec.code_of(value) if isinstance(value, str) else None
        if code is None:
            return Problem(
                name, f"{spec.label}取值无效，可选：{', '.join(spec.values)}", "not one of the allowed codes"
            )
        return code
    if not isinstance(value, list | tuple):
        return Problem(name, f"{spec.label}必须是代码列表", "must be a list of codes")
    codes: set[str] = set()
    for item in value:
        code = spec.code_of(item) if isinstance(item, str) else None
        if code is None:
            return Problem(
                name,
                f"{spec.label}中“{item}”不是已知代码，可选：{', '.join(spec.values)}",
                f"{item!r} is not an allowed code",
            )
        codes.add(code)
    return frozenset(codes)
