"""Policy files fail loudly, naming the file, the key and the reason."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from yidi.domain.errors import PolicyFileError
from yidi.domain.settlement.resolution import resolve
from yidi.policy.loader import available_regions, load_region, parse_policy
from yidi.policy.overlay import apply_overlay

DATA = Path(__file__).parents[3] / "src" / "yidi" / "policy" / "data" / "benefit"


def raw(region: str = "219900") -> dict[str, Any]:
    return yaml.safe_load((DATA / f"{region}.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_shipped_files_load() -> None:
    assert available_regions() == ["211200", "219900"]
    for region in available_regions():
        assert load_region(region).region == region


def broken(mutate: Any) -> PolicyFileError:
    doc = copy.deepcopy(raw())
    mutate(doc)
    with pytest.raises(PolicyFileError) as err:
        parse_policy(doc, "219900.yaml")
    assert err.value.file == "219900.yaml"
    return err.value


def test_ratio_above_one() -> None:
    e = broken(lambda d: d["parameters"]["pooled_ratio"][0]["by_hosp_lv"].update(l3=1.2))
    assert e.key == "parameters.pooled_ratio[0].by_hosp_lv.l3" and "[0, 1]" in e.reason


def test_negative_amount() -> None:
    e = broken(lambda d: d["parameters"]["deductible"][1]["by_hosp_lv"].update(l2=-800))
    assert e.key.startswith("parameters.deductible[1]") and "≥ 0" in e.reason


def test_incomplete_combination() -> None:
    e = broken(lambda d: d["parameters"]["deductible"].pop(1))
    assert e.key == "parameters.deductible" and "no value" in e.reason and "temporary" in e.reason


def test_overlapping_dates() -> None:
    # a later value with the same selector ends the earlier one (docs/policy-data.md); an explicit
    # `to` reaching past the later value's `from` is an overlap
    def overlap(d: dict[str, Any]) -> None:
        extra = copy.deepcopy(d["parameters"]["major_ratio"][0])
        extra.update(value=0.8, **{"from": date(2024, 1, 1)})
        d["parameters"]["major_ratio"][0]["to"] = date(2024, 6, 30)
        d["parameters"]["major_ratio"].append(extra)

    e = broken(overlap)
    assert "overlapping" in e.reason and "2024-01-01" in e.reason


def test_unknown_parameter_and_missing_source() -> None:
    assert "unknown parameter" in broken(lambda d: d["parameters"].update(bonus=[{"value": 1}])).reason
    e = broken(lambda d: d["parameters"]["major_ratio"][0].pop("source"))
    assert e.key == "parameters.major_ratio[0].source"


def test_bad_date_and_undeclared_class() -> None:
    assert (
        "invalid date"
        in broken(lambda d: d["parameters"]["major_ratio"][0].update(**{"from": "2021-13-01"})).reason
    )
    e = broken(lambda d: d["parameters"]["cvlserv_ratio"][0]["when"].update(filing_category="vip"))
    assert "vip" in e.reason


def test_dated_change_applies_from_its_date() -> None:
    doc = raw()
    doc["parameters"]["major_ratio"] = [
        {"value": 0.75, "from": date(2021, 6, 1), "to": date(2024, 12, 31), "source": "A"},
        {"value": 0.80, "from": date(2025, 1, 1), "source": "B"},
    ]
    policy = parse_policy(doc, "219900.yaml")
    keys = {"insutype": "310", "psn_type": "11", "filing_category": "temporary", "hosp_lv": "3"}
    assert resolve(policy, keys, date(2024, 12, 31)).number("major_ratio") == 7500
    assert resolve(policy, keys, date(2025, 1, 1)).number("major_ratio") == 8000


def test_gap_in_dates_is_refused() -> None:
    def gap(d: dict[str, Any]) -> None:
        d["parameters"]["major_ratio"] = [
            {"value": 0.75, "from": date(2021, 6, 1), "to": date(2024, 12, 30), "source": "A"},
            {"value": 0.80, "from": date(2025, 1, 1), "source": "B"},
        ]

    assert "2024-12-31" in broken(gap).reason


def test_overlay_outranks_base_only_where_it_matches() -> None:
    base = load_region("219900")
    reform = apply_overlay(
        base,
        {
            "deductible": [
                {
                    "when": {"filing_category": "temporary"},
                    "by_hosp_lv": {"l3": 1200},
                    "from": "2025-01-01",
                    "source": "测算方案A",
                    "assumption": True,
                }
            ]
        },
    )
    temp = {"insutype": "310", "psn_type": "11", "filing_category": "temporary", "hosp_lv": "3"}
    long = {**temp, "filing_category": "long_term_resident"}
    assert resolve(reform, temp, date(2025, 3, 1)).number("deductible") == 120_000
    assert resolve(reform, temp, date(2024, 3, 1)).number("deductible") == 150_000
    assert resolve(reform, long, date(2025, 3, 1)).number("deductible") == 130_000
    assert resolve(base, temp, date(2025, 3, 1)).number("deductible") == 150_000  # base untouched
