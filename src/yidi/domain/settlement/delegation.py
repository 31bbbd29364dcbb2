"""Settling under another region's rules (执行他区政策): a dated rule of the insured region's policy.

铁岭's guide 四.1: "转诊至沈阳市的住院费用异地就医直接结算执行省直医保有关规定". A region's policy
file may say, as dated data with its clause, that direct settlements matching ``when`` (treatment
region, insurance type, filing category) are settled with the benefit policy of ``region``; the
desk (``service_layer.desk.settle_request``) and the batch (``service_layer.batch_policy``) both
ask ``delegation_for`` — one rule, two speeds. Manual claims keep the insured region's own
standards (the same clause: 手工报销执行参保地的…待遇标准), so only direct settlement delegates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from yidi.domain.rules import Citation

if TYPE_CHECKING:
    from yidi.domain.settlement.policy import RegionPolicy

KEYS = ("mdtrtarea_admvs", "insutype", "filing_category")


@dataclass(frozen=True)
class Delegation:
    when: dict[str, frozenset[str]]  # request field → the values it applies to
    region: str  # whose benefit policy applies
    start: date
    end: date | None
    citation: Citation
    what: str = "有关规定"  # the clause's words for the rules applied (执行省直医保有关规定)

    def applies(self, values: dict[str, str], day: date) -> bool:
        in_span = self.start <= day and (self.end is None or day <= self.end)
        return in_span and all(values.get(k) in allowed for k, allowed in self.when.items())

    def explanation(self, insured: str) -> dict[str, object]:
        item: dict[str, object] = {
            "field": "policy_region", "amount": None,
            "rule": f"按 {self.citation}：{self.what}，本次直接结算的起付标准、支付比例和限额"
                    f"按 {self.region} 待遇政策计算（参保地 {insured}）。",
            "parameters": [], "values": {"policy_region": self.region, "insuplc_admdvs": insured},
        }  # fmt: skip
        if self.citation.assumption_id:
            item["assumption_id"] = self.citation.assumption_id
        return item


def delegation_for(policy: RegionPolicy, values: dict[str, str], day: date) -> Delegation | None:
    """The delegation of ``policy`` that applies to a settlement with ``values`` on ``day``."""
    return next((d for d in policy.delegations if d.applies(values, day)), None)
