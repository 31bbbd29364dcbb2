"""Desk settlement (窗口/医院端单笔结算): one request → one explained one-bill result.

The same vectorised kernel as the batch, called on one row: rules exist once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np

from yidi.domain.settlement import kernel
from yidi.domain.settlement.amounts import CHAIN_DEDUCTIBLE, SETTLEMENT_AMOUNTS, YTD_INPUTS
from yidi.domain.settlement.delegation import Delegation, delegation_for
from yidi.domain.settlement.line_columns import split_columns
from yidi.domain.settlement.lines import Split
from yidi.domain.settlement.policy import RegionPolicy
from yidi.domain.settlement.request import SettlementRequest, parse_request
from yidi.domain.settlement.resolution import Resolution, resolve
from yidi.domain.settlement.result import explanation, setldetail, setlinfo
from yidi.policy.kernel_columns import policy_inputs
from yidi.policy.loader import load_region


@dataclass(frozen=True)
class Settled:
    """A settled request with everything that decided it."""

    request: SettlementRequest
    split: Split
    resolution: Resolution
    amounts: dict[str, int]  # the kernel's row, integer fen
    delegation: Delegation | None = None  # settled under another region's policy (铁岭指南 四.1)

    def result(self) -> dict[str, Any]:
        req, split, res, r = self.request, self.split, self.resolution, self.amounts
        return {"setlinfo": setlinfo(req, split, res, r), "setldetail": setldetail(req, res, r),
                "explanation": self.explanation()}  # fmt: skip

    def explanation(self) -> list[dict[str, Any]]:
        """The explanation items: each amount with the rule, parameters and clause that decided it."""
        req, split, res, r = self.request, self.split, self.resolution, self.amounts
        items = explanation(req, split, res, r, len(req.fee_lines) if req.fee_lines is not None else 0)
        if self.delegation is not None:
            items.insert(0, self.delegation.explanation(req.insuplc_admdvs))
        return items

    def stored_amounts(self) -> dict[str, int]:
        """The amounts a stored settlement keeps (``SETTLEMENT_AMOUNTS``, fen): the kernel's row and
        the split, typed — no formatting and parsing back. The major-expense layer stays in
        ``hifob_pay`` whatever the scheme: it is what the year-to-date accumulator adds."""
        parts = {**self.amounts, **asdict(self.split)}
        return {name: int(parts.get(name, 0)) for name in SETTLEMENT_AMOUNTS}


def request_keys(req: SettlementRequest) -> dict[str, str]:
    return {
        "insutype": req.insutype,
        "psn_type": req.psn_type,
        "filing_category": req.filing_category,
        "hosp_lv": req.hosp_lv,
    }


def claim_inputs(req: SettlementRequest, split: Split) -> dict[str, int]:
    """Kernel columns that come from the claim itself (amounts, flags, year-to-date)."""
    return {
        "fulamt_ownpay_amt": split.fulamt_ownpay_amt,
        "overlmt_selfpay": split.overlmt_selfpay,
        "preselfpay_amt": split.preselfpay_amt,
        "inscp_scp_amt": split.inscp_scp_amt,
        CHAIN_DEDUCTIBLE: req.ytd.dedc_paid_in_chain,
        **{column: getattr(req.ytd, name) for column, name in YTD_INPUTS.items()},
        "cvlserv_flag": int(req.cvlserv_flag),
        "acct_used_flag": int(req.acct_used_flag),
        "acct_balc": req.acct_balc,
    }


def direct_policy(region: str, values: dict[str, str], day: date) -> tuple[RegionPolicy, Delegation | None]:
    """The benefit policy of a direct settlement: the insured region's, or the one its policy
    delegates to for this kind of settlement (``domain/settlement/delegation.py``)."""
    own = load_region(region)
    found = delegation_for(own, values, day)
    return (load_region(found.region), found) if found else (own, None)


def settle_request(req: SettlementRequest, policy: RegionPolicy | None = None) -> Settled:
    """Settle one request; without ``policy`` it is a direct settlement under the insured region's
    policy (with its delegations); a given policy (a manual claim's, a reform's) is used as is."""
    delegation = None
    if policy is None:
        values = {"mdtrtarea_admvs": req.mdtrtarea_admvs, "insutype": req.insutype,
                  "filing_category": req.filing_category}  # fmt: skip
        policy, delegation = direct_policy(req.insuplc_admdvs, values, req.setl_date)
    res = resolve(policy, request_keys(req), req.setl_date)
    if req.fee_lines is not None:
        split = split_columns(req.fee_lines, per_line=res.value("preselfpay_rounding") == "per_line")
    else:
        split = Split(req.fulamt_ownpay_amt, req.overlmt_selfpay, req.preselfpay_amt, req.inscp_scp_amt)
    columns = {**claim_inputs(req, split), **policy_inputs(res)}
    out = kernel.settle(kernel.KernelInput(**{k: np.array([v], dtype=np.int64) for k, v in columns.items()}))
    return Settled(req, split, res, out.row(0), delegation)


def settle(raw: Any, policy: RegionPolicy | None = None) -> dict[str, Any]:
    """Validate and settle a desk request (parsed JSON); raises InvalidInput / PolicyUndecidable."""
    return settle_request(parse_request(raw), policy).result()
