"""Load and validate the claims policy files (``src/yidi/policy/data/claims/``).

``types.yaml``: claim types, their regions and start date, the complete materials with their
clause and the pricing; ``parameters.yaml``: dated parameters in the one schema of
``policy.dated``. A broken file fails loudly with ``PolicyFileError(file, key, reason)``: unknown
claim types, materials or requirement keys, a material list without its clause, bad dates or
region codes, an assumption without a note, a settlement overlay the benefit policy of a region
refuses. The loaded policy carries the emergency criteria its types apply.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from yidi.domain.claims.catalogue import ClaimsPolicy, ClaimTypeSpec, MaterialList, Parameter, SettlementSpec
from yidi.domain.claims.kinds import ClaimType
from yidi.domain.errors import PolicyFileError
from yidi.policy import dated
from yidi.policy.dated import of_type, parse_citation
from yidi.policy.files import Fields, read_yaml
from yidi.policy.files import data_dir as _data_dir

REQUIREMENTS = {
    "emergency_criteria", "bill", "filing", "outcome", "chronic_hospital", "female", "insutype",
    "out_of_province", "refund_window", "no_direct_inpatient",
}  # fmt: skip
FILING_REQUIREMENTS = {"any", "long_term", "cross_province_in_year"}
PARAMETERS = {
    "promised_working_days": of_type(int),
    "max_returns": of_type(int),
    "refund_window_last_day": of_type(int),
    "commitment_holds_claims": of_type(bool),
    "clawback_deducted_from_claims": of_type(bool),
    "relief_annual_cap": of_type(int),  # yuan per person-year (seed 000 五(一), A-CLM-07)
    "catastrophic_subsidy_threshold": of_type(int),  # yuan (seed 000 三(一), A-SET-20)
    "catastrophic_subsidy_percent": of_type(int),
    "catastrophic_subsidy_cap": of_type(int),  # yuan per person-year
}
SETTLEMENT_CATEGORIES = {
    "emergency",
    "temporary",
    "referral",
    "long_term_resident",
    "maternity",
    "from_filing",
}


def data_dir() -> Path:
    return _data_dir("claims")


def _text(raw: dict[str, Any], key: str, f: Fields, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        f.fail(f"{where}.{key}", "缺少或为空 / missing or empty")
    return value


def _cited(raw: dict[str, Any], key: str, f: Fields, where: str) -> tuple[str, Any]:
    """The citation under ``key`` (a clause, or an assumption id) with the entry's assumption."""
    _text(raw, key, f, where)
    citation = parse_citation({**raw, "source": raw[key]}, f, where)
    return citation.source, citation


def _materials(raw: Any, vocabulary: dict[str, str], f: Fields, where: str) -> MaterialList:
    if not isinstance(raw, dict) or not isinstance(raw.get("list"), list) or not raw["list"]:
        f.fail(f"{where}.list", "材料清单应为非空列表 / must be a non-empty list")
    for i, kind in enumerate(raw["list"]):
        if kind not in vocabulary:
            f.fail(f"{where}.list[{i}]", f"未知材料 / unknown material: {kind!r}")
    if len(set(raw["list"])) != len(raw["list"]):
        f.fail(f"{where}.list", "材料重复 / duplicate material")
    clause, citation = _cited(raw, "clause", f, where)
    return MaterialList(
        tuple(raw["list"]), clause, citation.assumed, str(raw.get("note", "")), citation.assumption_id
    )


def _requires(raw: Any, f: Fields, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        f.fail(where, "应为映射 / must be a mapping")
    for key in raw:
        if key not in REQUIREMENTS:
            f.fail(f"{where}.{key}", "未知条件 / unknown requirement")
    if "filing" in raw and raw["filing"] not in FILING_REQUIREMENTS:
        f.fail(f"{where}.filing", f"应为 {sorted(FILING_REQUIREMENTS)} 之一")
    return dict(raw)


def _settlement(raw: Any, regions: frozenset[str], f: Fields, where: str) -> SettlementSpec:
    from yidi.policy.loader import load_region
    from yidi.policy.overlay import apply_overlay

    if not isinstance(raw, dict):
        f.fail(where, "应为映射 / must be a mapping")
    kind = str(raw.get("kind", "kernel"))
    _source, citation = _cited(raw, "source", f, where)
    note = str(raw.get("note", ""))
    if kind == "account_refund":
        return SettlementSpec(kind, None, citation, {}, note)
    if kind != "kernel":
        f.fail(f"{where}.kind", f"未知结算方式 / unknown kind {kind!r}")
    category = raw.get("filing_category")
    if category not in SETTLEMENT_CATEGORIES:
        f.fail(f"{where}.filing_category", f"应为 {sorted(SETTLEMENT_CATEGORIES)} 之一")
    overlay = raw.get("overlay", {}) or {}
    for region in sorted(regions):  # the benefit policy of each region must accept the overlay
        try:
            apply_overlay(load_region(region), overlay, name=f"{f.file}:{where}.overlay")
        except PolicyFileError as exc:
            f.fail(f"{where}.overlay", f"{exc.key}: {exc.reason}")
    return SettlementSpec(kind, str(category), citation, dict(overlay), note)


def parse_types(raw: dict[str, Any], file: str) -> tuple[dict[ClaimType, ClaimTypeSpec], dict[str, str]]:
    f = Fields(file)
    vocabulary = raw.get("materials")
    if not isinstance(vocabulary, dict) or not vocabulary:
        f.fail("materials", "应为非空映射 / must be a non-empty mapping")
    labels = {str(k): str(v) for k, v in vocabulary.items()}
    types_raw = f.mapping(raw.get("types"), "types")
    specs: dict[ClaimType, ClaimTypeSpec] = {}
    for name, t in types_raw.items():
        where = f"types.{name}"
        try:
            claim_type = ClaimType(name)
        except ValueError:
            f.fail(where, "未知报销类型 / unknown claim type")
        t = f.mapping(t, where)
        regions = f.regions(t.get("regions"), f"{where}.regions")
        otherwise = t.get("otherwise")
        if otherwise is not None and otherwise not in {c.value for c in ClaimType}:
            f.fail(f"{where}.otherwise", f"未知报销类型 / unknown claim type {otherwise!r}")
        specs[claim_type] = ClaimTypeSpec(
            type=claim_type,
            label=_text(t, "label", f, where),
            label_en=_text(t, "label_en", f, where),
            clause=_cited(t, "clause", f, where)[0],
            start=f.day(t.get("from"), f"{where}.from"),
            regions=frozenset(regions),
            materials=_materials(t.get("materials"), labels, f, f"{where}.materials"),
            requires=_requires(t.get("requires", {}), f, f"{where}.requires"),
            settlement=_settlement(t.get("settlement"), frozenset(regions), f, f"{where}.settlement"),
            otherwise=ClaimType(otherwise) if otherwise else None,
        )
    missing = [c.value for c in ClaimType if c not in specs]
    if missing:
        f.fail("types", f"缺少报销类型 / missing claim types: {missing}")
    return specs, labels


def parse_parameters(raw: dict[str, Any], file: str) -> dict[str, Parameter]:
    f = Fields(file)
    parsed = dated.parse_parameters(raw.get("parameters"), f, PARAMETERS)
    out = {name: Parameter(name, values) for name, values in parsed.items()}
    absent = sorted(set(PARAMETERS) - set(out))
    if absent:
        f.fail("parameters", f"缺少参数 / missing parameters: {absent}")
    return out


def load_from(directory: Path) -> ClaimsPolicy:
    """Load ``types.yaml`` and ``parameters.yaml`` from a directory (tests use a copy)."""
    from yidi.policy.criteria import load_criteria

    specs, labels = parse_types(read_yaml(directory / "types.yaml"), "types.yaml")
    params = parse_parameters(read_yaml(directory / "parameters.yaml"), "parameters.yaml")
    return ClaimsPolicy(specs, labels, params, criteria=load_criteria)


@cache
def load_claims_policy() -> ClaimsPolicy:
    """The packaged claims policy (cached per process)."""
    return load_from(data_dir())
