"""Every rule value resolves as before the one-model refactor (issue 12).

``tests/fixtures/rule_values.json`` was written with the old loaders (commit 7b3cd84, script
``tests/fixtures/snapshot_rule_values.py`` of that commit): for every region, parameter,
combination and every date on which some value changes (and the day before), the value, its dates
and its source. Here the new code resolves the same points and must agree. Two kinds of change
are allowed, each listed below so it is explicit: a source that cited a file outside the
repository (the settlement reference's decisions P1…P10, the seed file name, ``yidi 假设参数``)
now cites an assumption id of ``docs/assumptions.md``; and a few values that rested on an unnamed
assumption are now flagged as assumptions. Notes (free text) are not compared.

The one edit to the snapshot after it was written: the outside settlement reference's file name,
which this repository no longer mentions, reads "retired reference" (e.g. "retired reference P1").
"""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import date, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from yidi.domain.errors import YidiError
from yidi.domain.regions import LIAONING_POOLING_REGIONS
from yidi.domain.settlement.parameters import DIMENSIONS
from yidi.domain.settlement.resolution import resolve
from yidi.policy.calendar import packaged_calendar
from yidi.policy.catalogue import NoCatalogue
from yidi.policy.catalogue import default_registry as item_registry
from yidi.policy.claims import load_claims_policy
from yidi.policy.criteria import _versions, load_criteria
from yidi.policy.filing import packaged_rule_book
from yidi.policy.filing_values import PARAMETERS
from yidi.policy.loader import available_regions, load_region
from yidi.policy.overlay import apply_overlay
from yidi.policy.referral import default_registry as referral_registry

SNAPSHOT = json.loads(
    (Path(__file__).parents[2] / "fixtures" / "rule_values.json").read_text(encoding="utf-8")
)

# Benefit policy: sources that cited the retired outside reference (or a made-up source) → ids.
BENEFIT_SOURCES = {
    ("219900", "pooled_annual_cap", "retired reference P1"): "A-SET-01",
    ("219900", "major_annual_cap", "retired reference P1"): "A-SET-01",
    ("219900", "continued_deductible", "retired reference P5"): "A-SET-05",
    ("219900", "deductible_basis", "retired reference P2"): "A-SET-02",
    ("219900", "cvlserv_base_includes_preselfpay", "retired reference P3"): "A-SET-03",
    ("219900", "preselfpay_rounding", "retired reference P6"): "A-SET-06",
    ("219900", "acct_pay_scope", "retired reference P8"): "A-SET-08",
    ("211200", "pooled_annual_cap", "retired reference P1"): "A-SET-01",
    ("211200", "major_ratio", "retired reference P1、P10"): "A-SET-10",
    ("211200", "major_annual_cap", "retired reference P1"): "A-SET-10",
    ("211200", "deductible_basis", "retired reference P2"): "A-SET-02",
    ("211200", "cvlserv_base_includes_preselfpay", "retired reference P3"): "A-SET-03",
    ("211200", "preselfpay_rounding", "retired reference P6"): "A-SET-06",
    ("211200", "acct_pay_scope", "retired reference P8"): "A-SET-08",
    # claim-type overlays (types.yaml): a descriptive source → the claim type's assumption
    ("219900", "pooled_ratio", "年度救助政策（假设参数）"): "A-CLM-02",
    ("219900", "major_ratio", "年度救助政策（假设参数）"): "A-CLM-02",
    ("219900", "cvlserv_ratio", "年度救助政策（假设参数）"): "A-CLM-02",
    ("219900", "deductible", "门诊特慢病待遇（假设参数）"): "A-CLM-04",
}
# Filing rules: the made-up document "yidi 假设参数" → the assumption id of each parameter.
FILING_SOURCES = {
    "temporary_validity_months": "A-FIL-01",
    "place_change_lock": "A-FIL-02",
    "commitment_reminder_days": "A-FIL-04",
    "no_filing_temporary_regions": "A-FIL-11",
    "auto_filing_temporary": "A-FIL-05",
    "outpatient_account_without_filing": "A-FIL-06",
    "home_benefits_during_filing": "A-FIL-07",
    "self_service_backdate_days": "A-FIL-08",
    "home_regions": "A-FIL-10",
}
# Values cited to "yidi 假设参数" without the assumption flag: now flagged (they are assumptions).
FILING_NOW_FLAGGED = {"no_filing_temporary_regions", "home_regions"}
CLAIM_SETTLEMENT_SOURCES = {"省直医保非直接结算住院医疗费用年度救助政策（未载于种子文件）": "A-CLM-02"}
CATALOGUE_SOURCE = (
    "DEMO：yidi 演示目录，依据 national-interface.md §2.4 字段（chrgitm_lv、selfpay_prop、pric_uplmt_amt），数值为演示取值",
    "DEMO：yidi 演示目录，字段依国家医保接口（chrgitm_lv、selfpay_prop、pric_uplmt_amt），数值为演示取值",
)
# A class mapping flagged as an assumption had no source; it now cites its assumption id.
CLASS_MAP_ASSUMED_SOURCE = ("", "A-SET-13")
REFERRAL_SEED = (
    "003-problem-list-and-chaoyang-referral-catalog.txt",
    "003",
)  # a file name → the document's number
# Benefit categories added after the snapshot (issue 15): maternity (seed 001 四.7) and the
# assistance group's in-province referral (seed 001 四.3); tests/cases/settlement cover them.
ADDED_CATEGORIES = {"maternity", "assistance_referral"}
# Filing parameters added after the snapshot (issue 15), each tested by its clause.
ADDED_FILING_PARAMETERS = {"credit_restriction_months"}  # seed 001 三(二).3, A-SET-17
ADDED_CLAIM_PARAMETERS = {  # seed 000 五(一) (A-CLM-07) and 三(一) (A-SET-20)
    "relief_annual_cap", "catastrophic_subsidy_threshold", "catastrophic_subsidy_percent", "catastrophic_subsidy_cap",
}
# Claim types whose benefit category changed after the snapshot (issue 15): the manual
# out-of-province maternity claim uses the same category as the direct path (seed 001 四.7).
CLAIM_CATEGORY_CHANGES = {"maternity_out_of_province": ("emergency", "maternity")}
BENEFIT_NOTE_KEYS = {"P9": "A-SET-09"}
MOVED_NOTES = {"P9"}  # 铁岭→沈阳: now a delegation to 省直 rules (seed 001 四.1, issue 15)  # the 铁岭→沈阳 reading note: decision P9 → assumption id


def jsonable(v: Any) -> Any:
    if isinstance(v, Enum):
        return str(v.value)
    if isinstance(v, dict):
        return {str(jsonable(k)): jsonable(x) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}
    if isinstance(v, list | tuple):
        return [jsonable(x) for x in v]
    if isinstance(v, frozenset | set):
        return sorted(jsonable(x) for x in v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def around(days: set[date]) -> list[date]:
    return sorted(days | {d - timedelta(days=1) for d in days})


def _old_benefit(region: str, name: str, old: dict[str, Any]) -> dict[str, Any]:
    """The snapshot's value as the new code must give it (explicit rewordings applied)."""
    out = {k: old[k] for k in ("value", "from", "to", "source", "assumption")}
    out["source"] = BENEFIT_SOURCES.get((region, name, old["source"]), old["source"])
    return out


def _benefit_points(policy: Any) -> list[tuple[str, dict[str, str], date]]:
    days = around(set(policy.change_dates()))
    points = []
    for insutype, scheme in sorted(policy.schemes.items()):
        codes = [sorted(scheme.maps[d]) + sorted(scheme.missing.get(d, {})) for d in DIMENSIONS[1:]]
        for psn, cat, lv in itertools.product(*codes):
            request = {"insutype": insutype, "psn_type": psn, "filing_category": cat, "hosp_lv": lv}
            points += [(f"{insutype}|{psn}|{cat}|{lv}|{day.isoformat()}", request, day) for day in days]
    return points


def _compare_benefit(region: str, policy: Any, snap: dict[str, Any]) -> None:
    points = _benefit_points(policy)
    keys = {k for k, _, _ in points}
    assert set(snap["by_key"]) <= keys, f"{region}: resolution points lost"
    added = {k.split("|")[2] for k in keys - set(snap["by_key"])}
    assert added <= ADDED_CATEGORIES, f"{region}: resolution points added: {added}"
    table = snap["table"]
    for key, request, day in points:
        if key not in snap["by_key"]:
            continue  # a category added since the snapshot (ADDED_CATEGORIES), tested by its clause
        old = snap["by_key"][key]
        try:
            res = resolve(policy, request, day)
        except YidiError as exc:
            assert "error" in old and str(exc) == old["error"], key
            continue
        assert "error" not in old, key
        assert res.classes == old["classes"], key
        for dim, m in res.class_maps.items():
            was = dict(table[old["class_maps"][dim]])
            if was["assumption"] and was["source"] == CLASS_MAP_ASSUMED_SOURCE[0]:
                was["source"] = CLASS_MAP_ASSUMED_SOURCE[1]
            now = {"class": m.klass, "label": m.label, "source": m.source, "assumption": m.assumption}
            assert now == {k: was[k] for k in now}, (key, dim)
        for name, p in res.values.items():
            now = {
                "value": p.value, "from": p.start.isoformat(), "to": p.end.isoformat() if p.end else None,
                "source": p.source, "assumption": p.assumption,
            }  # fmt: skip
            assert now == _old_benefit(region, name, table[old["values"][name]]), (key, name)


@pytest.mark.parametrize("region", ["219900", "211200"])
def test_benefit_policy(region: str) -> None:
    assert available_regions() == sorted(SNAPSHOT["benefit"])
    snap = SNAPSHOT["benefit"][region]
    policy = load_region(region)
    assert policy.name == snap["name"] and policy.valid_from.isoformat() == snap["valid_from"]
    assert [d.isoformat() for d in policy.change_dates()] == snap["change_dates"]
    for dim, labels in snap["labels"].items():
        assert {k: policy.class_label(dim, k) for k in labels} == labels
    # the A-SET-09 note became the 211200 delegation (settle_under, issue 15)
    notes = [{**n, "key": BENEFIT_NOTE_KEYS[n["key"]]} for n in snap["notes"] if n["key"] not in MOVED_NOTES]
    assert [{"key": n["assumption"], **{k: v for k, v in n.items() if k != "assumption"}} for n in jsonable(policy.notes)] == notes  # fmt: skip
    _compare_benefit(region, policy, snap["resolutions"])


def test_filing_rules() -> None:
    book = packaged_rule_book()
    snap = SNAPSHOT["filing"]
    seen = set()
    # parameters added after the snapshot (e.g. issue 15's outside_cross_region) had no old value
    known = {k.split("|")[1] for k in snap}
    for region in sorted(set(LIAONING_POOLING_REGIONS) | set(book.regions)):
        rules = book.for_region(region)
        for name in sorted(set(PARAMETERS) & known):
            for key in (k for k in snap if k.startswith(f"{region}|{name}|")):
                seen.add(key)
                day = date.fromisoformat(key.rsplit("|", 1)[1])
                old = snap[key]
                try:
                    v = rules.get(name, day)
                except YidiError as exc:
                    assert old == {"error": str(exc)}, key
                    continue
                expected = dict(old)
                expected.pop("note")
                if old["source"] == "yidi 假设参数":
                    expected["source"] = FILING_SOURCES[name]
                    expected["assumption"] = old["assumption"] or name in FILING_NOW_FLAGGED
                now = {
                    "value": jsonable(v.value), "from": v.start.isoformat(), "source": v.source,
                    "assumption": v.assumption, "origin": v.origin,
                }  # fmt: skip
                if name == "place_change_lock":  # issue 15 added when the lock counts from
                    assert now["value"].pop("runs_from") in ("effect", "registration")  # type: ignore[attr-defined]
                assert now == expected, key
            # every day on which a value now starts or stops is a point the snapshot resolved
            changes = {v.start for v in rules.values.get(name, ())}
            changes |= {v.end + timedelta(days=1) for v in rules.values.get(name, ()) if v.end}
            if name not in ADDED_FILING_PARAMETERS:
                assert {f"{region}|{name}|{d.isoformat()}" for d in around(changes)} <= set(snap), (region, name)
    assert seen == set(snap)


def test_claims_types_and_parameters() -> None:
    policy = load_claims_policy()
    snap = SNAPSHOT["claims"]
    assert policy.material_labels == snap["material_labels"]
    for t, s in sorted(policy.types.items()):
        old = snap["types"][str(t.value)]
        old_settlement = {**old["settlement"], "note": None}
        if str(t.value) in CLAIM_CATEGORY_CHANGES:
            was, now_category = CLAIM_CATEGORY_CHANGES[str(t.value)]
            assert old_settlement["filing_category"] == was
            old_settlement["filing_category"] = now_category
        old_settlement["source"] = CLAIM_SETTLEMENT_SOURCES.get(
            old_settlement["source"], old_settlement["source"]
        )
        now = jsonable({
            "label": s.label, "label_en": s.label_en, "clause": s.clause, "from": s.start, "regions": s.regions,
            "materials": {"kinds": s.materials.kinds, "clause": s.materials.clause, "assumption": s.materials.assumption},
            "requires": s.requires,
            "settlement": {"kind": s.settlement.kind, "filing_category": s.settlement.filing_category,
                           "source": s.settlement.source, "overlay": None, "assumption": s.settlement.assumption,
                           "note": None},
            "otherwise": s.otherwise.value if s.otherwise else None,
            "available": {k: s.available(k.split("|")[0], date.fromisoformat(k.split("|")[1])) for k in old["available"]},
        })  # fmt: skip
        expected = {**old, "materials": {k: old["materials"][k] for k in ("kinds", "clause", "assumption")}}
        expected["settlement"] = {**old_settlement, "overlay": None}
        assert now == expected, t
        # overlays: the same entries; sources, notes and how the assumption is named are compared
        # where they take effect, in test_claim_type_overlays_over_the_benefit_policy
        strip = {"source", "note", "assumption"}
        assert jsonable(_without(s.settlement.overlay, strip)) == jsonable(
            _without(old["settlement"]["overlay"], strip)
        )
    for key, old in snap["parameters"].items():
        name, day = key.split("|")[0], date.fromisoformat(key.split("|")[1])
        v = policy.param(name, day)
        assert policy.value(name, day) == old["in_force"], key
        now = {"value": v.value, "from": v.start.isoformat(), "source": v.source, "assumption": v.assumption}
        assert now == {k: old["param"][k] for k in now}, key
    for name, p in policy.parameters.items():
        if name in ADDED_CLAIM_PARAMETERS:
            continue
        changes = {v.start for v in p.values}
        assert {f"{name}|{d.isoformat()}" for d in around(changes)} <= set(snap["parameters"]), name


def _without(raw: Any, keys: set[str]) -> Any:
    if isinstance(raw, dict):
        return {k: _without(v, keys) for k, v in raw.items() if k not in keys}
    if isinstance(raw, list):
        return [_without(v, keys) for v in raw]
    return raw


def test_claim_type_overlays_over_the_benefit_policy() -> None:
    policy = load_claims_policy()
    overlaid = SNAPSHOT["claims"]["overlaid_benefit"]
    done = set()
    for t, s in sorted(policy.types.items()):
        if s.settlement.kind != "kernel" or not s.settlement.overlay:
            continue
        for region in sorted(s.regions):
            key = f"{t.value}|{region}"
            done.add(key)
            reform = apply_overlay(load_region(region), s.settlement.overlay, name=f"手工报销 {t}")
            _compare_benefit(region, reform, overlaid[key])
    assert done == set(overlaid)


def test_working_calendar() -> None:
    calendar = packaged_calendar()
    snap = SNAPSHOT["claims"]["calendar"]
    # the years of the snapshot are unchanged; issue 15 added 2017–2021 (the 2017 opening delay)
    old_years = {int(y) for y in snap["years"]}
    assert sorted(d.isoformat() for d in calendar.holidays if d.year in old_years) == snap["holidays"]
    assert (
        sorted(d.isoformat() for d in calendar.working_weekends if d.year in old_years) == snap["working_weekends"]
    )
    assert {str(y): s for y, s in calendar.years.items() if y in old_years} == snap["years"]
    assert set(range(2017, 2022)) <= set(calendar.years)


def test_criteria_versions() -> None:
    snap = SNAPSHOT["criteria"]
    versions = [v.value for v in _versions()]
    assert [c.version for c in versions] == sorted(snap["versions"])
    for c in versions:
        old = snap["versions"][c.version]
        assert (c.id, c.title, c.document, c.effective_from.isoformat(), len(c.diseases)) == (
            old["id"], old["title"], old["document"], old["from"], old["diseases"],
        )  # fmt: skip
        assert jsonable(list(c.sources)) == old["sources"]
        assert {d.code: d.source_ref for d in c.diseases} == old["source_refs"]
    for day, old in snap["in_force"].items():
        try:
            assert load_criteria(date.fromisoformat(day)).version == old
        except YidiError as exc:
            assert old == {"error": str(exc)}


def test_referral_catalogues() -> None:
    registry = referral_registry()
    snap = SNAPSHOT["referral"]
    for c in registry.regions():
        old = snap["catalogues"][f"{c.region}|{c.version}"]
        header = jsonable(c.header())
        assert header["source"]["seed"] == REFERRAL_SEED[1]
        expected = {**old["header"], "source": {**old["header"]["source"], "seed": REFERRAL_SEED[1]}}
        assert old["header"]["source"]["seed"] == REFERRAL_SEED[0]
        assert header == expected
        rows = json.dumps([r.as_dict() for r in c.rows], ensure_ascii=False, sort_keys=True)
        assert hashlib.sha256(rows.encode()).hexdigest() == old["rows_sha256"]
    for key, old in snap["in_force"].items():
        region, day = key.split("|")
        try:
            assert registry.get(region, date.fromisoformat(day)).catalogue.version == old
        except YidiError as exc:
            assert old == {"error": str(exc)}


def test_item_catalogues() -> None:
    registry = item_registry()
    snap = SNAPSHOT["item_catalogues"]
    assert registry.regions() == sorted(snap["catalogues"])
    for region, old in snap["catalogues"].items():
        c = registry.for_region(region)
        now = jsonable({
            "name": c.name, "from": c.valid_from, "source": c.source, "demo": c.demo,
            "items": {k: vars(i) for k, i in sorted(c.items.items())},
        })  # fmt: skip
        assert old["source"] == CATALOGUE_SOURCE[0]
        assert now == {**old, "source": CATALOGUE_SOURCE[1]}
    for key, old in snap["lookup"].items():
        code, day = key.split("|")
        try:
            found = registry.for_region(code, None if day == "-" else date.fromisoformat(day)).region
        except NoCatalogue:
            found = None
        assert found == old, key
