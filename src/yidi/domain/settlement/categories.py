"""Which benefit category (``filing_category`` of the settlement request) a stay is settled in.

The filing decides most of it; two clauses of the 铁岭 guide then change the standard:

* maternity (生育住院, seed 001 四.7: "均执行参保地本地就医待遇标准") has its own category,
  ``maternity``, which the insured region's policy places in its local class (铁岭) — the same
  category on the direct path (2401 med_type 52) and the manual out-of-province claim;
* an assistance-group member (特困人员、低保对象、返贫致贫人口、监测帮扶对象) on an in-province
  referral is settled as ``assistance_referral`` (seed 001 四.3: "住院起付线连续计算，执行我市同等
  待遇政策"): 铁岭's local deductible and ratios, with the deductible already paid in the chain
  credited. Where a region's documents say nothing (省直), its policy file places both categories
  with the ones they would otherwise be (A-SET-18), so the rule lives in data, not here.
"""

from __future__ import annotations

REFERRAL = "referral"
MATERNITY = "maternity"
ASSISTANCE_REFERRAL = "assistance_referral"


def settlement_category(filing_category: str, *, assistance_group: str | None, in_province: bool) -> str:
    """The request's ``filing_category`` for a stay covered by ``filing_category``."""
    if filing_category == REFERRAL and assistance_group and in_province:
        return ASSISTANCE_REFERRAL
    return filing_category
