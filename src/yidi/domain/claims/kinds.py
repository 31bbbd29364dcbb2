"""Claim types (报销类型), claim states (办理状态) and visit outcomes, with Chinese labels."""

from __future__ import annotations

from enum import StrEnum


class ClaimType(StrEnum):
    INPATIENT_EMERGENCY = "inpatient_emergency"  # 未持卡住院，符合急危重病种标准 (seed 000 五(一))
    INPATIENT_RELIEF = "inpatient_relief"  # 未持卡住院，不符合：年度救助政策 (seed 000 五(一))
    EMERGENCY_OUTPATIENT = "emergency_outpatient"  # 急诊转住院或抢救无效去世的门急诊费用 (五(二))
    CHRONIC_OUTPATIENT = "chronic_outpatient"  # 门诊特慢病先行垫付 (五(三))
    MATERNITY_OUT_OF_PROVINCE = "maternity_out_of_province"  # 省外生育住院 (seed 001 四.7)
    ACCOUNT_REFUND = "account_refund"  # 个人账户返还 (seed 002 第二十二条)

    @classmethod
    def parse(cls, value: object) -> ClaimType:
        """A claim type from client input; an unknown one is ``InvalidInput`` naming ``claim_type``."""
        from yidi.domain.errors import InvalidInput

        try:
            return cls(str(value))
        except ValueError:
            raise InvalidInput.of(
                "claim_type", f"未知报销类型：{value!r}（{'/'.join(cls)}）", f"unknown claim type {value!r}"
            ) from None


class ClaimStatus(StrEnum):
    """States of a claim::

    submitted ──accept──▶ accepted ──review──▶ reviewed ──approve──▶ approved ──pay──▶ paid
        │  ▲                  │                    └──reject──▶ rejected
        │  └──resubmit── returned ◀──return (at most once, from submitted or accepted)
        └──reject──▶ rejected          submitted / returned / accepted ──withdraw──▶ withdrawn
    """

    SUBMITTED = "submitted"  # 已提交
    RETURNED = "returned"  # 退回补正（一次性告知）
    ACCEPTED = "accepted"  # 已受理（材料齐全）
    REVIEWED = "reviewed"  # 已审核（金额已计算）
    APPROVED = "approved"  # 审批同意
    REJECTED = "rejected"  # 不予报销
    PAID = "paid"  # 已拨付
    WITHDRAWN = "withdrawn"  # 申请人撤回


TRANSITIONS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    ClaimStatus.SUBMITTED: frozenset(
        {ClaimStatus.ACCEPTED, ClaimStatus.RETURNED, ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN}
    ),
    ClaimStatus.RETURNED: frozenset({ClaimStatus.SUBMITTED, ClaimStatus.WITHDRAWN}),
    ClaimStatus.ACCEPTED: frozenset({ClaimStatus.REVIEWED, ClaimStatus.RETURNED, ClaimStatus.WITHDRAWN}),
    ClaimStatus.REVIEWED: frozenset({ClaimStatus.APPROVED, ClaimStatus.REJECTED}),
    ClaimStatus.APPROVED: frozenset({ClaimStatus.PAID}),
    ClaimStatus.REJECTED: frozenset(),
    ClaimStatus.PAID: frozenset(),
    ClaimStatus.WITHDRAWN: frozenset(),
}
OPEN = frozenset({ClaimStatus.ACCEPTED, ClaimStatus.REVIEWED, ClaimStatus.APPROVED})  # promise running

STATUS_ZH = {
    ClaimStatus.SUBMITTED: "已提交",
    ClaimStatus.RETURNED: "退回补正",
    ClaimStatus.ACCEPTED: "已受理",
    ClaimStatus.REVIEWED: "已审核",
    ClaimStatus.APPROVED: "审批同意",
    ClaimStatus.REJECTED: "不予报销",
    ClaimStatus.PAID: "已拨付",
    ClaimStatus.WITHDRAWN: "已撤回",
}


class Outcome(StrEnum):
    """How the emergency visit ended (seed 000 五(二)): admitted (急诊转住院) or death (抢救无效去世)."""

    ADMITTED = "admitted"
    DIED = "died"


# national 医疗类别 (med_type) used when a claim is priced by the settlement kernel
MED_TYPE = {
    ClaimType.INPATIENT_EMERGENCY: "21",
    ClaimType.INPATIENT_RELIEF: "21",
    ClaimType.EMERGENCY_OUTPATIENT: "13",
    ClaimType.CHRONIC_OUTPATIENT: "14",
    ClaimType.MATERNITY_OUT_OF_PROVINCE: "52",
}
