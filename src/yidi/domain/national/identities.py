"""The arithmetic identities every ``setlinfo`` must satisfy (the national interface
specification: settlement identities, see docs/national-interface.md; checked on a real Hunan
2304 response), here exact to the fen:

* ``inscp_scp_amt = medfee_sumamt − fulamt_ownpay_amt − overlmt_selfpay − preselfpay_amt``
* ``fund_pay_sumamt = hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay``
  (yidi: the fund total excludes the personal account, assumption A-SET-08)
* ``psn_part_amt = medfee_sumamt − fund_pay_sumamt − hosp_part_amt``
* ``psn_cash_pay = psn_part_amt − acct_pay``
* ``Σ setldetail.fund_payamt = fund_pay_sumamt``
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yidi.domain.national.formats import parse_amount
from yidi.domain.settlement.amounts import FUND_AMOUNTS, SPLIT

FUNDS = FUND_AMOUNTS


def violations(setlinfo: dict[str, Any], setldetail: list[dict[str, Any]]) -> list[str]:
    """The identities that do not hold (empty = all hold), of an answer as text."""
    names = (
        "medfee_sumamt",
        *SPLIT,
        *FUNDS,
        "fund_pay_sumamt",
        "psn_part_amt",
        "hosp_part_amt",
        "acct_pay",
        "psn_cash_pay",
    )
    fen = {k: parse_amount(setlinfo[k], k, allow_negative=True) for k in names}
    detail = [parse_amount(d["fund_payamt"], "fund_payamt", allow_negative=True) for d in setldetail]
    return fen_violations(fen, detail)


def fen_violations(a: Mapping[str, int], fund_payamts: Sequence[int]) -> list[str]:
    """The identities that do not hold, of typed amounts (fen) and the setldetail payments."""
    out = []
    if (
        a["inscp_scp_amt"]
        != a["medfee_sumamt"] - a["fulamt_ownpay_amt"] - a["overlmt_selfpay"] - a["preselfpay_amt"]
    ):
        out.append("inscp_scp_amt ≠ medfee_sumamt − fulamt_ownpay_amt − overlmt_selfpay − preselfpay_amt")
    if a["fund_pay_sumamt"] != sum(a[f] for f in FUNDS):
        out.append("fund_pay_sumamt ≠ Σ 各基金支出")
    if a["psn_part_amt"] != a["medfee_sumamt"] - a["fund_pay_sumamt"] - a["hosp_part_amt"]:
        out.append("psn_part_amt ≠ medfee_sumamt − fund_pay_sumamt − hosp_part_amt")
    if a["psn_cash_pay"] != a["psn_part_amt"] - a["acct_pay"]:
        out.append("psn_cash_pay ≠ psn_part_amt − acct_pay")
    if sum(fund_payamts) != a["fund_pay_sumamt"]:
        out.append("Σ setldetail.fund_payamt ≠ fund_pay_sumamt")
    return out
