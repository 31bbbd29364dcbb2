"""Outpatient benefit parameters (门诊统筹 / 门诊慢特病): the insured region's policy with the
outpatient overlay of ``data/settlement/outpatient.yaml`` (A-SET-22), so an outpatient settlement
(2206/2207) is not priced with the inpatient deductible and ratio, by the one kernel."""

from __future__ import annotations

from functools import cache

from yidi.domain.settlement.policy import RegionPolicy
from yidi.policy.files import data_dir, read_yaml
from yidi.policy.loader import load_region
from yidi.policy.overlay import apply_overlay

CHRONIC_MED_TYPES = frozenset({"14"})
NAMES = {"pooling": "门诊统筹", "chronic": "门诊慢特病"}


def outpatient_kind(med_type: str) -> str:
    return "chronic" if med_type in CHRONIC_MED_TYPES else "pooling"


@cache
def outpatient_policy(region: str, kind: str) -> RegionPolicy:
    raw = read_yaml(data_dir("settlement") / "outpatient.yaml")
    return apply_overlay(load_region(region), raw[kind], name=NAMES[kind])
