"""The account-only settlement's policy (个人账户直接结算, seed 000 四(一)): the insured region's
benefit policy with every fund's share set to 0 (``data/settlement/account_only.yaml``), so the one
kernel settles it and the personal account pays within its balance."""

from __future__ import annotations

from functools import cache

from yidi.domain.settlement.policy import RegionPolicy
from yidi.policy.files import data_dir, read_yaml
from yidi.policy.loader import load_region
from yidi.policy.overlay import apply_overlay

NAME = "个人账户直接结算"


@cache
def account_only_policy(region: str) -> RegionPolicy:
    raw = read_yaml(data_dir("settlement") / "account_only.yaml")
    return apply_overlay(load_region(region), raw["overlay"], name=NAME)
