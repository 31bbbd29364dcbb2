"""Compliance with the 2025 guidance (004 二): deductible ≈ 2.5 × local, ratios −10 / −20 points,
−10 for a region with one temporary type; tolerances; the `yidi policy compliance` row format."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from yidi.domain.errors import InvalidInput
from yidi.domain.fund.compliance import Setting, Tolerances, check, report


def test_tieling_employee_temporary_level_1_is_exactly_the_guidance() -> None:
    items = check(
        [
            Setting("deductible", "temporary", "1", 75_000, 30_000, local_is_assumption=True),
            Setting("pooled_ratio", "referral", "1", 7_500, 8_500, local_is_assumption=True),
            Setting("pooled_ratio", "temporary", "1", 6_500, 8_500, local_is_assumption=True),
        ]
    )
    assert [i.as_json() for i in items] == [
        {"parameter": "deductible", "category": "temporary", "level": "1", "value": "750.00",
         "local_value": "300.00", "guidance": "2.5", "deviation": "2.5000", "tolerance": "0.5",
         "compliant": True, "local_is_assumption": True},
        {"parameter": "pooled_ratio", "category": "referral", "level": "1", "value": "0.7500",
         "local_value": "0.8500", "guidance": "-10", "deviation": "-10.00", "tolerance": "2.5",
         "compliant": True, "local_is_assumption": True},
        {"parameter": "pooled_ratio", "category": "temporary", "level": "1", "value": "0.6500",
         "local_value": "0.8500", "guidance": "-20", "deviation": "-20.00", "tolerance": "2.5",
         "compliant": True, "local_is_assumption": True},
    ]  # fmt: skip


def test_provincial_temporary_against_long_term_is_far_from_two_and_a_half() -> None:
    (item,) = check([Setting("deductible", "temporary", "3", 150_000, 130_000)])
    assert item.deviation == Fraction(15, 13) and item.as_json()["deviation"] == "1.1538"
    assert item.compliant is False and item.as_json()["local_is_assumption"] is False


def test_tolerance_edges_are_inclusive_and_configurable() -> None:
    edge = check([Setting("deductible", "referral", "2", 60_000, 20_000)])[0]  # 3.0 ×
    assert edge.compliant is True
    assert check([Setting("deductible", "referral", "2", 60_001, 20_000)])[0].compliant is False
    strict = Tolerances(deductible_factor=Fraction(1, 10), ratio_points=Fraction(1))
    assert check([Setting("pooled_ratio", "emergency", "2", 7_850, 8_950)], tolerances=strict)[0].compliant
    assert not check([Setting("pooled_ratio", "emergency", "2", 7_800, 8_950)], tolerances=strict)[
        0
    ].compliant


def test_single_temporary_type_region_uses_minus_ten_for_every_temporary_visit() -> None:
    (item,) = check([Setting("pooled_ratio", "temporary", "1", 7_500, 8_500)], single_temporary_type=True)
    assert item.as_json()["guidance"] == "-10" and item.compliant


def test_zero_local_deductible_has_no_multiple() -> None:
    (item,) = check([Setting("deductible", "emergency", "1", 50_000, 0)])
    assert item.deviation is None and item.compliant is None and item.as_json()["deviation"] is None


def test_settings_the_guidance_does_not_cover_are_all_reported() -> None:
    with pytest.raises(InvalidInput) as exc:
        check(
            [
                Setting("major_ratio", "temporary", "1", 1, 1),
                Setting("deductible", "long_term_resident", "1", 1, 1),
            ]
        )
    assert [p.field for p in exc.value.problems] == ["parameter", "category"]


def test_report_wraps_the_items_as_the_command_prints_them() -> None:
    items = check([Setting("deductible", "referral", "3", 175_000, 70_000, True)])
    body = report("211200", date(2025, 6, 1), items)
    assert body["region"] == "211200" and body["date"] == "2025-06-01"
    assert body["items"][0]["deviation"] == "2.5000" and body["items"][0]["compliant"] is True
