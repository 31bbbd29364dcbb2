"""Load and validate the claims policy files (``src/yidi/policy/data/claims/``).

A broken file fails loudly with ``PolicyFileError(file, key, reason)``: unknown claim types,
materials or requirement keys, a material list without its clause, bad dates or region codes,
an assumption without a note, a settlement overlay the benefit policy of a region refuses.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from yidi.domain.claims.catalogue import (
    ClaimsPolicy,
    ClaimTypeSpec,
    DatedValue,
    MaterialList,
    Parameter,
    SettlementSpec,
)
from yidi.domain.claims.kinds import ClaimType
from yidi.domain.data_files import file_date as _date
from yidi.domain.errors import PolicyFileError

REQUIREMENTS = {
    "emergency_criteria", "bill", "filing", "outcome", "chronic_hospital", "female", "insutype",
    "out_of_province", "refund_window", "no_direct_inpatient",
}  # fmt: skip
FILING_REQUIREMENTS = {"any", "long_term", "cross_province_in_year"}
PARAMETERS = {
    "promised_working_days": int,
    "max_returns": int,
    "refund_window_last_day": int,
    "commitment_holds_claims": bool,
    "clawback_deducted_from_claims": bool,
}
SETTLEMENT_CATEGORIES = {"emergency", "temporary", "referral", "long_term_resident", "from_filing"}


def data_dir() -> Path:
    return Path(str(resources.files("yidi.policy").joinpath("data", "claims")))


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyFileError(path.name, "<file>", f"无法读取 / unreadable: {exc}") from None
    if not isinstance(raw, dict):
        raise PolicyFileError(path.name, "<root>", "应为映射 / must be a mapping")
    return raw


def _text(raw: dict[str, Any], key: str, file: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PolicyFileError(file, f"{where}.{key}", "缺少或为空 / missing or empty")
    return value


def _assumed(raw: dict[str, Any], file: str, where: str) -> tuple[bool, str]:
    assumption, note = bool(raw.get("assumption", False)), str(raw.get("note", ""))
    if assumption and not note.strip():
        raise PolicyFileError(file, f"{where}.note", "假设参数须写明理由 / an assumption needs a note")
    return assumption, note


def _materials(raw: Any, vocabulary: dict[str, str], file: str, where: str) -> MaterialList:
    if not isinstance(raw, dict) or not isinstance(raw.get("list"), list) or not raw["list"]:
        raise PolicyFileError(file, f"{where}.list", "材料清单应为非空列表 / must be a non-empty list")
    for i, kind in enumerate(raw["list"]):
        if kind not in vocabulary:
            raise PolicyFileError(file, f"{where}.list[{i}]", f"未知材料 / unknown material: {kind!r}")
    if len(set(raw["list"])) != len(raw["list"]):
        raise PolicyFileError(file, f"{where}.list", "材料重复 / duplicate material")
    assumption, note = _assumed(raw, file, where)
    return MaterialList(tuple(raw["list"]), _text(raw, "clause", file, where), assumption, note)


def _requires(raw: Any, file: str, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise PolicyFileError(file, where, "应为映射 / must be a mapping")
    for key in raw:
        if key not in REQUIREMENTS:
            raise PolicyFileError(file, f"{where}.{key}", "未知条件 / unknown requirement")
    if "filing" in raw and raw["filing"] not in FILING_REQUIREMENTS:
        raise PolicyFileError(file, f"{where}.filing", f"应为 {sorted(FILING_REQUIREMENTS)} 之一")
    return dict(raw)


def _settlement(raw: Any, regions: frozenset[str], file: str, where: str) -> SettlementSpec:
    from yidi.policy.loader import load_region
    from yidi.policy.overlay import apply_overlay

    if not isinstance(raw, dict):
        raise PolicyFileError(file, where, "应为映射 / must be a mapping")
    kind = str(raw.get("kind", "kernel"))
    assumption, note = _assumed(raw, file, where)
    source = _text(raw, "source", file, where)
    if kind == "account_refund":
        return SettlementSpec(kind, None, source, {}, assumption, note)
    if kind != "kernel":
        raise PolicyFileError(file, f"{where}.kind", f"未知结算方式 / unknown kind {kind!r}")
    category = raw.get("filing_category")
    if category not in SETTLEMENT_CATEGORIES:
        raise PolicyFileError(file, f"{where}.filing_category", f"应为 {sorted(SETTLEMENT_CATEGORIES)} 之一")
    overlay = raw.get("overlay", {}) or {}
    for region in sorted(regions):  # the benefit policy of each region must accept the overlay
        try:
            apply_overlay(load_region(region), overlay, name=f"{file}:{where}.overlay")
        except PolicyFileError as exc:
            raise PolicyFileError(file, f"{where}.overlay", f"{exc.key}: {exc.reason}") from None
    return SettlementSpec(kind, str(category), source, dict(overlay), assumption, note)


def parse_types(raw: dict[str, Any], file: str) -> tuple[dict[ClaimType, ClaimTypeSpec], dict[str, str]]:
    vocabulary = raw.get("materials")
    if not isinstance(vocabulary, dict) or not vocabulary:
        raise PolicyFileError(file, "materials", "应为非空映射 / must be a non-empty mapping")
    labels = {str(k): str(v) for k, v in vocabulary.items()}
    types_raw = raw.get("types")
    if not isinstance(types_raw, dict):
        raise PolicyFileError(file, "types", "应为映射 / must be a mapping")
    specs: dict[ClaimType, ClaimTypeSpec] = {}
    for name, t in types_raw.items():
        where = f"types.{name}"
        try:
            claim_type = ClaimType(name)
        except ValueError:
            raise PolicyFileError(file, where, "未知报销类型 / unknown claim type") from None
        if not isinstance(t, dict):
            raise PolicyFileError(file, where, "应为映射 / must be a mapping")
        regions = t.get("regions")
        if not isinstance(regions, list) or not all(
            isinstance(r, str) and r.isdigit() and len(r) == 6 for r in regions
        ):
            raise PolicyFileError(file, f"{where}.regions", "应为6位统筹区代码列表 / 6-digit region codes")
        otherwise = t.get("otherwise")
        if otherwise is not None and otherwise not in {c.value for c in ClaimType}:
            raise PolicyFileError(
                file, f"{where}.otherwise", f"未知报销类型 / unknown claim type {otherwise!r}"
            )
        specs[claim_type] = ClaimTypeSpec(
            type=claim_type,
            label=_text(t, "label", file, where),
            label_en=_text(t, "label_en", file, where),
            clause=_text(t, "clause", file, where),
            start=_date(t.get("from"), file, f"{where}.from"),
            regions=frozenset(regions),
            materials=_materials(t.get("materials"), labels, file, f"{where}.materials"),
            requires=_requires(t.get("requires", {}), file, f"{where}.requires"),
            settlement=_settlement(t.get("settlement"), frozenset(regions), file, f"{where}.settlement"),
            otherwise=ClaimType(otherwise) if otherwise else None,
        )
    missing = [c.value for c in ClaimType if c not in specs]
    if missing:
        raise PolicyFileError(file, "types", f"缺少报销类型 / missing claim types: {missing}")
    return specs, labels


def parse_parameters(raw: dict[str, Any], file: str) -> dict[str, Parameter]:
    params_raw = raw.get("parameters")
    if not isinstance(params_raw, dict):
        raise PolicyFileError(file, "parameters", "应为映射 / must be a mapping")
    out: dict[str, Parameter] = {}
    for name, entries in params_raw.items():
        if name not in PARAMETERS:
            raise PolicyFileError(file, f"parameters.{name}", "未知参数 / unknown parameter")
        if not isinstance(entries, list) or not entries:
            raise PolicyFileError(file, f"parameters.{name}", "应为非空列表 / must be a non-empty list")
        values = []
        for i, e in enumerate(entries):
            where = f"parameters.{name}[{i}]"
            if not isinstance(e, dict) or "value" not in e:
                raise PolicyFileError(file, f"{where}.value", "缺少 value / missing value")
            kind = PARAMETERS[name]
            value = e["value"]
            if type(value) is not kind or (isinstance(value, int) and value < 0):
                raise PolicyFileError(
                    file, f"{where}.value", f"应为 {kind.__name__} / must be {kind.__name__}"
                )
            assumption, note = _assumed(e, file, where)
            start = _date(e.get("from"), file, f"{where}.from")
            values.append(DatedValue(value, start, _text(e, "source", file, where), assumption, note))
        values.sort(key=lambda v: v.start)
        if len({v.start for v in values}) != len(values):
            raise PolicyFileError(file, f"parameters.{name}", "同一日期两个值 / two values from one date")
        out[name] = Parameter(name, tuple(values))
    absent = sorted(set(PARAMETERS) - set(out))
    if absent:
        raise PolicyFileError(file, "parameters", f"缺少参数 / missing parameters: {absent}")
    return out


def load_from(directory: Path) -> ClaimsPolicy:
    """Load ``types.yaml`` and ``parameters.yaml`` from a directory (tests use a copy)."""
    specs, labels = parse_types(_read(directory / "types.yaml"), "types.yaml")
    params = parse_parameters(_read(directory / "parameters.yaml"), "parameters.yaml")
    return ClaimsPolicy(specs, labels, params)


@cache
def load_claims_policy() -> ClaimsPolicy:
    """The packaged claims policy (cached per process)."""
    return load_from(data_dir())
