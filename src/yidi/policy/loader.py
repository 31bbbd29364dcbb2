"""Load and validate a region's benefit-policy YAML file (待遇政策文件).

A broken file fails loudly with ``PolicyFileError(file, key, reason)``: unknown parameters or
dimensions, ratios outside [0, 1], negative amounts, bad dates, and — checked over the whole
effective span — any combination of insurance type × person type × filing category × hospital
level that has no value, or two values, for some parameter on some day.
"""

from __future__ import annotations

import itertools
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from yidi.domain.errors import InvalidInput, PolicyFileError
from yidi.policy.model import ClassMap, RegionPolicy, Scheme
from yidi.policy.params import parse_date, parse_param_entries
from yidi.policy.schema import DIMENSIONS, PARAMS

DATA = "benefit"


def _need(obj: dict[str, Any], key: str, file: str, where: str) -> Any:
    if key not in obj:
        raise PolicyFileError(file, f"{where}{key}", "缺少必填项 / missing required key")
    return obj[key]


def _scheme(insutype: str, raw: dict[str, Any], file: str) -> Scheme:
    where = f"schemes.{insutype}."
    maps: dict[str, dict[str, ClassMap]] = {}
    for dim in DIMENSIONS[1:]:
        entries = _need(raw, dim, file, where)
        if not isinstance(entries, dict) or not entries:
            raise PolicyFileError(file, where + dim, "应为非空映射 / must be a non-empty mapping")
        maps[dim] = {}
        for value, m in entries.items():
            if not isinstance(m, dict) or "class" not in m:
                raise PolicyFileError(file, f"{where}{dim}.{value}", "缺少 class / missing class")
            maps[dim][str(value)] = ClassMap(
                str(m["class"]), str(m.get("label", m["class"])), str(m.get("source", "")),
                bool(m.get("assumption", False)), str(m.get("note", "")),
            )  # fmt: skip
    missing = {
        dim[: -len("_missing")]: {str(k): str(v) for k, v in raw[dim].items()}
        for dim in raw
        if dim.endswith("_missing")
    }
    return Scheme(insutype, str(raw.get("name", insutype)), maps, missing)


def parse_policy(raw: Any, file: str) -> RegionPolicy:
    """Build and validate a RegionPolicy from parsed YAML; ``file`` names it in errors."""
    if not isinstance(raw, dict):
        raise PolicyFileError(file, "<root>", "文件内容应为映射 / top level must be a mapping")
    region = str(_need(raw, "region", file, ""))
    if len(region) != 6 or not region.isdigit():
        raise PolicyFileError(file, "region", f"区划代码应为6位数字 / region must be 6 digits: {region!r}")
    valid_from = parse_date(_need(raw, "valid_from", file, ""), file, "valid_from")
    schemes = {str(k): _scheme(str(k), v, file) for k, v in _need(raw, "schemes", file, "").items()}
    params_raw = _need(raw, "parameters", file, "")
    unknown = set(params_raw) - set(PARAMS)
    if unknown:
        raise PolicyFileError(file, f"parameters.{sorted(unknown)[0]}", "未知参数 / unknown parameter")
    params = {name: parse_param_entries(name, params_raw[name], schemes, file) for name in params_raw}
    policy = RegionPolicy(
        region, str(raw.get("name", region)), valid_from, schemes, params,
        tuple(raw.get("documents", ())), tuple(raw.get("notes", ())), file,
    )  # fmt: skip
    check_complete(policy)
    return policy


def combinations(policy: RegionPolicy) -> list[dict[str, str]]:
    """Every combination of classes the region declares (险种×人员类别×备案类别×医院等级)."""
    out = []
    for insutype, scheme in policy.schemes.items():
        for psn, cat, lv in itertools.product(*(scheme.classes(d) for d in DIMENSIONS[1:])):
            out.append({"insutype": insutype, "psn_type": psn, "filing_category": cat, "hosp_lv": lv})
    return out


def check_complete(policy: RegionPolicy) -> None:
    """Exactly one value per parameter, combination and day from ``valid_from`` on."""
    days = [d for d in policy.change_dates() if d >= policy.valid_from]
    for name in PARAMS:
        values = policy.params.get(name)
        if not values:
            raise PolicyFileError(policy.file, f"parameters.{name}", "缺少参数 / parameter missing")
        for combo, day in itertools.product(combinations(policy), days):
            hits = [v for v in values if v.covers(day) and v.matches(combo) and v.priority == 0]
            if len(hits) != 1:
                what = "无取值 / no value" if not hits else "取值重叠 / overlapping values"
                where = ", ".join(f"{k}={v}" for k, v in combo.items())
                raise PolicyFileError(
                    policy.file, f"parameters.{name}", f"{what} for {where} on {day.isoformat()}"
                )


def _data_dir() -> Path:
    return Path(str(resources.files("yidi.policy") / "data" / DATA))


def available_regions() -> list[str]:
    """Pooling regions that have a benefit-policy file."""
    return sorted(p.stem for p in _data_dir().glob("*.yaml"))


def load_file(path: Path) -> RegionPolicy:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PolicyFileError(path.name, "<yaml>", f"YAML 语法错误 / YAML syntax error: {exc}") from None
    policy = parse_policy(raw, path.name)
    if policy.region != path.stem:
        raise PolicyFileError(
            path.name, "region", f"与文件名不符 / does not match file name: {policy.region}"
        )
    return policy


@cache
def load_region(region: str) -> RegionPolicy:
    """The validated policy of one pooling region (cached; files are read once per process)."""
    path = _data_dir() / f"{region}.yaml"
    if not path.is_file():
        raise InvalidInput.of(
            "insuplc_admdvs",
            f"统筹区 {region} 没有待遇政策数据（已有：{'、'.join(available_regions())}）",
            f"no benefit policy for pooling region {region} (available: {', '.join(available_regions())})",
        )
    return load_file(path)
