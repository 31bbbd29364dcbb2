"""Clearing and fund-operations parameters from the dated rule data (``policy/data/clearing``,
``policy/data/fund``): the values in force on a business day, as the domain's dataclasses."""

from __future__ import annotations

from datetime import date

from yidi.domain.clearing.parameters import ClearingParameters
from yidi.domain.fund.compliance import Tolerances
from yidi.policy.agency import parameters_on


def clearing_parameters(on: date) -> ClearingParameters:
    """The clearing parameters in force on ``on`` (A-CLR-01 … A-CLR-13)."""
    return parameters_on("clearing", ClearingParameters, on)


def fund_tolerances(on: date) -> Tolerances:
    """How far from the 2025 guidance still reads as “左右” on ``on`` (A-FND-01, A-FND-02)."""
    return parameters_on("fund", Tolerances, on)
