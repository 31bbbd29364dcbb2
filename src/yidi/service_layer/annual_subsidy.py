"""重特大疾病医疗费用年度补助 for a year (seed 000 三(一)): every person's direct settlements of the
year, aggregated by ``domain/settlement/annual_subsidy.py`` with the dated parameters of
``claims/parameters.yaml`` (A-SET-20). Read-only: the result is the list the agency pays from."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from yidi.domain.money import fmt_fen
from yidi.domain.settlement.annual_subsidy import SubsidyRule, person_year
from yidi.policy.claims import load_claims_policy
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork


def rule_for(year: int) -> SubsidyRule:
    """The parameters in force on the last day of ``year``."""
    policy, day = load_claims_policy(), date(year, 12, 31)
    threshold = policy.param("catastrophic_subsidy_threshold", day)
    return SubsidyRule(
        int(threshold.value) * 100,
        int(policy.value("catastrophic_subsidy_percent", day)),
        int(policy.value("catastrophic_subsidy_cap", day)) * 100,
        str(threshold.clause),
    )


def catastrophic_subsidies(uow: SqlAlchemyUnitOfWork, year: int) -> dict[str, Any]:
    """Per person with a subsidy: counted personal part, subsidy and the rule, for ``year``."""
    rule = rule_for(year)
    with uow:
        rows = uow.hospital.valid_settlements_of_year(year)
    persons = []
    for id_number, group in groupby(rows, key=lambda r: str(r["id_number"])):
        out = person_year([r["output"] for r in group], rule)
        if out["subsidy_fen"] > 0:
            persons.append({"id_number": id_number, "counted": fmt_fen(out["counted_fen"]),
                            "subsidy": fmt_fen(out["subsidy_fen"]), "rule": out["rule"]})  # fmt: skip
    return {"year": year, "persons": persons}
