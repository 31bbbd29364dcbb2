"""Read the fact vocabulary (``facts.yaml``) into ``FactSpec`` / ``DerivedSpec``, validating it."""

from __future__ import annotations

import re
from collections.abc import Mapping

from yidi.domain.criteria.vocabulary import DerivedSpec, FactSpec, Vocabulary
from yidi.domain.errors import PolicyFileError

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_TYPES = ("number", "boolean", "set", "enum")
_FORMULAS = {"ratio": 2, "difference": 2, "scaled_sum": None}


def parse_vocabulary(data: object, file: str) -> Vocabulary:
    """Build the vocabulary; stable snake_case keys, known types, sane ranges, numeric inputs."""
    if not isinstance(data, Mapping) or not isinstance(data.get("facts"), Mapping):
        raise PolicyFileError(file, "facts", "the file needs a `facts` mapping")
    facts = {key: _fact(key, spec, file) for key, spec in data["facts"].items()}
    derived_data = data.get("derived") or {}
    if not isinstance(derived_data, Mapping):
        raise PolicyFileError(file, "derived", "must be a mapping")
    derived = {key: _derived(key, spec, facts, file) for key, spec in derived_data.items()}
    clash = set(facts) & set(derived)
    if clash:
        raise PolicyFileError(file, f"derived.{sorted(clash)[0]}", "a derived quantity shares a fact's key")
    return Vocabulary(facts, derived)


def _fact(key: object, spec: object, file: str) -> FactSpec:
    path = f"facts.{key}"
    if not isinstance(key, str) or not _KEY.match(key):
        raise PolicyFileError(file, path, "fact keys are snake_case ASCII")
    if not isinstance(spec, Mapping):
        raise PolicyFileError(file, path, "must be a mapping with label and type")
    label, kind = spec.get("label"), spec.get("type")
    if not isinstance(label, str) or not label:
        raise PolicyFileError(file, f"{path}.label", "a Chinese label is required")
    if kind not in _TYPES:
        raise PolicyFileError(file, f"{path}.type", f"type {kind!r} not one of {list(_TYPES)}")
    if kind == "number":
        lo, hi = spec.get("min"), spec.get("max")
        if not (_is_number(lo) and _is_number(hi)):
            raise PolicyFileError(file, path, "a number fact needs numeric min and max")
        assert isinstance(lo, int | float) and isinstance(hi, int | float)
        if lo > hi:
            raise PolicyFileError(file, path, f"min {lo} is above max {hi}")
        if "unit" not in spec:
            raise PolicyFileError(file, f"{path}.unit", "a number fact needs a unit ('' if none)")
        return FactSpec(key, label, "number", str(spec["unit"]), float(lo), float(hi))
    if kind == "boolean":
        return FactSpec(key, label, "boolean")
    values = spec.get("values")
    if not isinstance(values, Mapping) or not values:
        raise PolicyFileError(file, f"{path}.values", f"a {kind} fact needs a mapping of code → 中文")
    for code, name in values.items():
        if not isinstance(code, str) or not _KEY.match(code) or not isinstance(name, str):
            raise PolicyFileError(file, f"{path}.values.{code}", "codes are snake_case, labels text")
    return FactSpec(key, label, kind, kind=str(spec.get("kind", "")), values=dict(values))


def _derived(key: object, spec: object, facts: Mapping[str, FactSpec], file: str) -> DerivedSpec:
    path = f"derived.{key}"
    if not isinstance(key, str) or not _KEY.match(key) or not isinstance(spec, Mapping):
        raise PolicyFileError(file, path, "needs a snake_case key and a mapping")
    formula, inputs = spec.get("formula"), spec.get("inputs")
    if formula not in _FORMULAS:
        raise PolicyFileError(file, f"{path}.formula", f"formula {formula!r} not one of {list(_FORMULAS)}")
    if not isinstance(inputs, list) or len(inputs) < 2:
        raise PolicyFileError(file, f"{path}.inputs", "needs a list of at least two number facts")
    arity = _FORMULAS[formula]
    if arity is not None and len(inputs) != arity:
        raise PolicyFileError(file, f"{path}.inputs", f"{formula} takes exactly {arity} inputs")
    for name in inputs:
        if name not in facts or facts[name].type != "number":
            raise PolicyFileError(file, f"{path}.inputs", f"{name!r} is not a number fact")
    if formula == "ratio" and (facts[inputs[1]].min or 0) <= 0:
        raise PolicyFileError(file, f"{path}.inputs", f"the divisor {inputs[1]} must have min > 0")
    factor = spec.get("factor", 1)
    if isinstance(factor, bool) or not isinstance(factor, int | float):
        raise PolicyFileError(file, f"{path}.factor", "must be a number")
    label = spec.get("label")
    if not isinstance(label, str) or not label:
        raise PolicyFileError(file, f"{path}.label", "a Chinese label is required")
    return DerivedSpec(key, label, str(spec.get("unit", "")), formula, tuple(inputs), float(factor))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
