"""One ``setldetail`` row of a settlement (基金支付明细): a fund's payment, typed.

The kernel's result builds these (``result.fund_lines``), a claw-back deduction adds its own
(``recovery.apply``), a stored answer is parsed back into them once (``parse``: strings or JSON
numbers) and a reversal negates them (``negated``); ``wire`` formats one once on the way out
(amounts 16,2 as in setlinfo).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from yidi.domain.money import fmt_fen
from yidi.domain.national.formats import parse_amount


@dataclass(frozen=True)
class FundLine:
    fund_pay_type: str
    fund_pay_type_name: str
    inscp_scp_amt: int  # fen: the policy-scope amount this fund's line applies to
    crt_payb_lmt_amt: int | None  # fen: the remaining annual cap (None: no cap); a reversal keeps it
    fund_payamt: int  # fen
    setl_proc_info: str  # the kernel's Chinese explanation, truncated to the field's length

    @classmethod
    def parse(cls, d: Mapping[str, Any]) -> FundLine:
        cap = d.get("crt_payb_lmt_amt")
        return cls(
            str(d["fund_pay_type"]), str(d["fund_pay_type_name"]),
            parse_amount(d.get("inscp_scp_amt", 0), "inscp_scp_amt", allow_negative=True),
            None if cap in (None, "") else parse_amount(cap, "crt_payb_lmt_amt", allow_negative=True),
            parse_amount(d["fund_payamt"], "fund_payamt", allow_negative=True), str(d.get("setl_proc_info", "")),
        )  # fmt: skip

    def negated(self) -> FundLine:
        return replace(self, inscp_scp_amt=-self.inscp_scp_amt, fund_payamt=-self.fund_payamt)

    def wire(self) -> dict[str, Any]:
        cap = self.crt_payb_lmt_amt
        return {
            "fund_pay_type": self.fund_pay_type, "fund_pay_type_name": self.fund_pay_type_name,
            "inscp_scp_amt": fmt_fen(self.inscp_scp_amt), "crt_payb_lmt_amt": None if cap is None else fmt_fen(cap),
            "fund_payamt": fmt_fen(self.fund_payamt), "setl_proc_info": self.setl_proc_info,
        }  # fmt: skip
