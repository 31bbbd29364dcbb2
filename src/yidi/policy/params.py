"""Parse the ``parameters`` section of a benefit-policy file into dated values.

An entry is the one dated-value schema (``policy.dated``) plus ``when`` (a selector on classes)
and ``value`` or ``by_<dimension>``: ``by_hosp_lv: {l3: 1300, l2: 700}`` expands into one value
per class. Amounts are yuan in the file and fen in memory; ratios are decimals in the file and
basis points (1/10000) in memory.
"""

from __future__ import annotations

from typing import Any

from yidi.domain.errors import PolicyFileError
from yidi.domain.money import ratio_to_bp, yuan_to_fen
from yidi.domain.rules import DatedValue, Layer, chain
from yidi.domain.settlement.parameters import DIMENSIONS, PARAMS
from yidi.domain.settlement.policy import Scheme, Value
from yidi.policy.dated import DATED_KEYS, parse_dated
from yidi.policy.files import Fields

_ENTRY_KEYS = DATED_KEYS | {"when", "value"}


def convert(name: str, raw: Any, file: str, key: str) -> Value:
    """Check a raw YAML value against the parameter's kind and convert it to fen / bp."""
    spec = PARAMS[name]
    if spec.kind == "bool":
        if not isinstance(raw, bool):
            raise PolicyFileError(file, key, f"应为 true/false / must be a boolean: {raw!r}")
        return raw
    if spec.kind == "enum":
        if raw not in spec.choices:
            raise PolicyFileError(file, key, f"取值应为 {spec.choices} / must be one of them: {raw!r}")
        return str(raw)
    if raw is None and spec.kind == "amount_or_null":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise PolicyFileError(file, key, f"应为数值 / must be a number: {raw!r}")
    try:
        num = float(raw)
    except ValueError:
        raise PolicyFileError(file, key, f"应为数值 / must be a number: {raw!r}") from None
    if spec.kind == "ratio":
        if not 0 <= num <= 1:
            raise PolicyFileError(file, key, f"比例应在 [0, 1] / ratio must be within [0, 1]: {raw!r}")
        return ratio_to_bp(raw)
    if num < 0:
        raise PolicyFileError(file, key, f"金额不能为负 / amount must be ≥ 0: {raw!r}")
    return yuan_to_fen(raw)


def _selector(when: Any, schemes: dict[str, Scheme], file: str, key: str) -> dict[str, frozenset[str]]:
    if when is None:
        return {}
    if not isinstance(when, dict):
        raise PolicyFileError(file, key, "when 应为映射 / when must be a mapping")
    out = {}
    for dim, allowed in when.items():
        if dim not in DIMENSIONS:
            raise PolicyFileError(file, f"{key}.{dim}", f"未知维度 / unknown dimension (known: {DIMENSIONS})")
        values = frozenset(str(a) for a in (allowed if isinstance(allowed, list) else [allowed]))
        known = set(schemes) if dim == "insutype" else {c for s in schemes.values() for c in s.classes(dim)}
        if not values <= known:
            bad = sorted(values - known)[0]
            raise PolicyFileError(
                file, f"{key}.{dim}", f"未声明的类别 / undeclared class {bad!r} (declared: {sorted(known)})"
            )
        out[dim] = values
    return out


def parse_param_entries(
    name: str, raw: Any, schemes: dict[str, Scheme], file: str, layer: Layer = Layer.REGION
) -> tuple[DatedValue, ...]:
    """All dated values of one parameter, chained (``by_<dim>`` tables are expanded); an
    overlay (``Layer.OVERLAY``) is a what-if reform and may flag an assumption without an id."""
    if not isinstance(raw, list) or not raw:
        raise PolicyFileError(file, f"parameters.{name}", "应为非空列表 / must be a non-empty list")
    f = Fields(file)
    out: list[DatedValue] = []
    for i, entry in enumerate(raw):
        key = f"parameters.{name}[{i}]"
        if not isinstance(entry, dict):
            raise PolicyFileError(file, key, "应为映射 / must be a mapping")
        by = [k for k in entry if k.startswith("by_")]
        extra = set(entry) - _ENTRY_KEYS - set(by)
        if extra:
            raise PolicyFileError(file, f"{key}.{sorted(extra)[0]}", "未知字段 / unknown key")
        if ("value" in entry) == bool(by) or len(by) > 1:
            raise PolicyFileError(
                file, key, "需且仅需 value 或一个 by_<维度> / need exactly one of value or by_<dimension>"
            )
        base = _selector(entry.get("when"), schemes, file, f"{key}.when")
        cells = [(None, entry["value"])] if not by else list(_by_table(entry, by[0], schemes, file, key))
        for klass, raw_value in cells:
            sel = dict(base)
            if klass is not None:
                sel[by[0][3:]] = frozenset({klass})
            value = convert(name, raw_value, file, f"{key}.{by[0]}.{klass}" if klass else f"{key}.value")
            out.append(parse_dated(
                entry, f, key, name=name, value=value, layer=layer, selector=tuple(sorted(sel.items())),
                what_if=layer == Layer.OVERLAY,
            ))  # fmt: skip
    return chain(out)


def _by_table(entry: dict[str, Any], by: str, schemes: dict[str, Scheme], file: str, key: str) -> Any:
    dim = by[3:]
    table = entry[by]
    if dim not in DIMENSIONS or not isinstance(table, dict):
        raise PolicyFileError(
            file, f"{key}.{by}", "by_ 后应为维度名且为映射 / by_<dimension> must be a mapping"
        )
    _selector({dim: [str(k) for k in table]}, schemes, file, f"{key}.{by}")
    for klass, value in table.items():
        yield str(klass), value
