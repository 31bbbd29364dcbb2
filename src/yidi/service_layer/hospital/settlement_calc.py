"""Settle a visit's unsettled fee lines with the settlement kernel (issue 2).

就医地目录、参保地政策 (seed 001): the lines carry the treatment region's catalogue attributes
(stored at 2301); the kernel applies the insured region's policy (``load_region(insuplc)``) with
the person's year-to-date accumulators and account balance read under the person lock. The
answer is the national ``setlinfo`` + ``setldetail[]`` (``setl_proc_info`` = the kernel's
Chinese explanation) and every identity of ``identities.py`` is checked before it leaves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from yidi.adapters.hospital_repository import Row
from yidi.domain.identifiers import IdNumber
from yidi.domain.national.adjudication import columns
from yidi.domain.national.codes import (
    CLR_TYPE_INPATIENT,
    CLR_TYPE_OUTPATIENT,
    PAY_LOC_IN_PROVINCE,
    national_psn_type,
)
from yidi.domain.national.errors import NationalError
from yidi.domain.national.formats import parse_amount
from yidi.domain.national.refunds import net_lines
from yidi.domain.national.setlinfo import Answer, SetlAmounts, SetlHead
from yidi.domain.national.visit import FeeLine, Visit
from yidi.domain.settlement.amounts import SPLIT
from yidi.domain.settlement.categories import settlement_category
from yidi.domain.settlement.fund_line import FundLine
from yidi.domain.settlement.request import SettlementRequest, Ytd
from yidi.domain.settlement.result import fund_lines, setl_amounts
from yidi.policy.account_only import account_only_policy
from yidi.policy.outpatient import outpatient_kind, outpatient_policy
from yidi.service_layer.desk import Settled, settle_request
from yidi.service_layer.hospital.context import PersonRow

ACCOUNT_ONLY_BASIS = "personal_account"  # the visit's filing_basis of an account-only outpatient visit


@dataclass(frozen=True)
class Computed:
    settled: Settled
    head: SetlHead
    detail: list[FundLine]  # setldetail, typed (fen)
    explanation: list[dict[str, Any]]
    recovers: tuple[str, ...] = ()  # settlements whose 待遇差 this one deducts (seed 004 一(二))

    @cached_property  # read by the identity check, the HIS-copy check, the answer and the output
    def amounts(self) -> SetlAmounts:
        """setlinfo's amounts, typed from the kernel's row and the split (no text in between)."""
        s = self.settled
        return SetlAmounts(**setl_amounts(s.request, s.split, s.amounts))

    def answer(self, setl_id: str = "") -> Answer:
        """The settlement's answer, typed; ``setl_id`` once it is stored (2304 / 2207 / 2102)."""
        return Answer(replace(self.head, setl_id=setl_id), self.amounts, tuple(self.detail))

    def violations(self) -> list[str]:
        """The identities of ``identities.py`` this settlement breaks, on the typed amounts."""
        return self.answer().violations()

    @property
    def setlinfo(self) -> dict[str, Any]:
        """The answer's setlinfo, from the one assembler (``domain/national/setlinfo.py``)."""
        return self.answer().setlinfo()

    @property
    def setldetail(self) -> list[dict[str, Any]]:
        return self.answer().setldetail()


def compute(
    person: PersonRow, visit: Visit, hospital: Row, fees: list[FeeLine], ytd: Ytd,
    at: datetime, acct_used: bool, msgid: str, clr_type: str = CLR_TYPE_INPATIENT,
) -> Computed:  # fmt: skip
    """Settle ``fees`` of ``visit``; ``clr_type`` 21 住院 (2303/2304) or 11 门诊 (2206/2207)."""
    if not fees:
        raise NationalError(
            "input.data.mdtrt_id", "该就诊没有未结算的费用明细，请先上传明细（住院【2301】/门诊【2204】）"
        )
    idn = IdNumber(person.id_number)
    psn_type = national_psn_type(person.psn_type, idn.birth_date, at.date())
    category = settlement_category(
        visit.filing_category, assistance_group=person.assistance_group,
        in_province=visit.pay_loc == PAY_LOC_IN_PROVINCE,
    )  # fmt: skip
    netted = net_lines(fees)  # 退单 lines folded into their original (domain/national/refunds.py)
    if isinstance(netted, str):
        raise NationalError("input.data.mdtrt_id", netted)
    lines = columns(netted)
    # typed from the stored values to the kernel: no formatting to strings and parsing back
    req = SettlementRequest(
        insuplc_admdvs=person.insured_region, mdtrtarea_admvs=visit.treatment_region,
        insutype=visit.insutype, psn_type=psn_type, cvlserv_flag=person.civil_servant,
        filing_category=category, hosp_lv=str(hospital["hosp_lv"]), setl_date=at.date(),
        med_type=visit.med_type, medfee_sumamt=lines.total, fulamt_ownpay_amt=0, overlmt_selfpay=0,
        preselfpay_amt=0, inscp_scp_amt=0, acct_used_flag=acct_used, acct_balc=person.account_balance_fen,
        ytd=ytd, fee_lines=lines,
        psn_no=visit.psn_no,
    )  # fmt: skip
    # 个人账户直接结算 without a filing (seed 000 四(一)): the same kernel, no fund share
    # an outpatient visit under a filing: the outpatient parameters (A-SET-22), not the inpatient ones
    policy = None
    if visit.filing_basis == ACCOUNT_ONLY_BASIS:
        policy = account_only_policy(person.insured_region)
    elif clr_type == CLR_TYPE_OUTPATIENT:
        policy = outpatient_policy(person.insured_region, outpatient_kind(visit.med_type))
    settled = settle_request(req, policy)
    b = idn.birth_date
    head = SetlHead(
        mdtrt_id=visit.mdtrt_id, psn_no=visit.psn_no, psn_name=person.name, certno=person.id_number,
        gend=idn.gender, brdy=b, age=at.year - b.year - ((at.month, at.day) < (b.month, b.day)),
        insutype=visit.insutype, psn_type=psn_type, cvlserv_flag=person.civil_servant, setl_time=at,
        mdtrt_cert_type=visit.mdtrt_cert_type, med_type=visit.med_type,
        pool_prop_selfpay=settled.resolution.number("pooled_ratio"), medins_setl_id=msgid,
        clr_optins=visit.treatment_region, clr_type=clr_type,
    )  # fmt: skip
    detail = fund_lines(req, settled.resolution, settled.amounts)
    c = Computed(settled, head, detail, settled.explanation())  # the answer itself comes from the assembler
    broken = c.violations()
    if broken:  # never answer a settlement that does not add up
        raise NationalError("setlinfo", "结算结果恒等式不成立：" + "；".join(broken))
    return c


def check_hospital_copy(data: dict[str, Any], c: Computed) -> None:
    """2304/2207 may carry the amounts 2303/2206 returned; they must equal what yidi computes now.
    Compared in fen: the HIS's values parsed once, ours typed (no parsing of our own answer)."""
    ours = c.amounts.fields()
    for name in ("medfee_sumamt", *SPLIT):
        value = data.get(name)
        if value in (None, ""):
            continue
        if parse_amount(value, f"input.data.{name}") != ours[name]:
            raise NationalError(
                f"input.data.{name}",
                f"{name} {value} 与本次计算的 {c.setlinfo[name]} 不一致，请重新【2303】预结算",
            )
