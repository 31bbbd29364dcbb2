"""The insured person (参保人员) — the aggregate root that owns a person's filings.

All filing changes go through the person so the rule "never two overlapping active filings for
one person" is checked in one place, under one lock (the person's row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from yidi.domain.errors import InvalidInput
from yidi.domain.identifiers import parse_id_number
from yidi.domain.person_number import new_psn_no
from yidi.domain.regions import validate_region

if TYPE_CHECKING:
    from yidi.domain.filing.filing import Filing

INSUTYPES = {"310": "职工基本医疗保险", "390": "城乡居民基本医疗保险"}
PSN_TYPES = {"11": "在职", "12": "退休", "13": "居民"}  # 13: assumption for resident scheme members
# 困难群体 whose deductible already paid in an in-province referral chain is continued
# (起付线连续计算, seed 001 四.3); None = not in an assistance group
ASSISTANCE_GROUPS = {
    "destitute": "特困人员",
    "subsistence": "低保对象",
    "relapsed_poverty": "返贫致贫人口",
    "monitored": "监测帮扶对象",
}


@dataclass(eq=False)
class InsuredPerson:
    id_number: str
    name: str
    insutype: str
    psn_type: str
    insured_region: str
    civil_servant: bool = False
    account_balance_fen: int = 0
    credit_default_on: date | None = None
    credit_default_reason: str | None = None
    # last day of the suspension of direct settlement (seed 001 三(二).3; domain/filing/credit.py)
    credit_restricted_until: date | None = None
    assistance_group: str | None = None
    # 参保状态: active | suspended | terminated (seed 002 第十三条(二); domain/filing/person_status.py)
    insurance_status: str = "active"
    filings: list[Filing] = field(default_factory=list)
    # 人员编号: the platform's opaque number, assigned when the platform first knows the person
    # (domain/person_number.py); the hospital interface's psn_no, never the ID number
    psn_no: str = field(default_factory=new_psn_no)

    @classmethod
    def register(
        cls,
        *,
        id_number: str,
        name: str,
        insutype: str,
        psn_type: str,
        insured_region: str,
        civil_servant: bool = False,
        account_balance_fen: int = 0,
        assistance_group: str | None = None,
    ) -> InsuredPerson:
        """Validate and create (ID per GB 11643, insutype 310/390, region code)."""
        idn = parse_id_number(id_number, "id_number").value
        if not name.strip():
            raise InvalidInput.of("name", "姓名不能为空", "name must not be empty")
        if insutype not in INSUTYPES:
            raise InvalidInput.of(
                "insutype", f"险种应为 310 或 390：{insutype!r}", "insutype must be 310 or 390"
            )
        if psn_type not in PSN_TYPES:
            raise InvalidInput.of(
                "psn_type", f"人员类别应为 11/12/13：{psn_type!r}", "psn_type must be 11, 12 or 13"
            )
        if isinstance(account_balance_fen, bool) or account_balance_fen < 0:
            raise InvalidInput.of("account_balance_fen", "个人账户余额不能为负", "balance must be >= 0 fen")
        if assistance_group is not None and assistance_group not in ASSISTANCE_GROUPS:
            raise InvalidInput.of(
                "assistance_group",
                f"困难群体类别应为 {'/'.join(ASSISTANCE_GROUPS)}：{assistance_group!r}",
                f"assistance_group must be one of {sorted(ASSISTANCE_GROUPS)}",
            )
        return cls(
            id_number=idn,
            name=name.strip(),
            insutype=insutype,
            psn_type=psn_type,
            insured_region=validate_region(insured_region, "insured_region"),
            civil_servant=civil_servant,
            account_balance_fen=account_balance_fen,
            assistance_group=assistance_group,
        )

    @property
    def credit_default(self) -> bool:
        return self.credit_default_on is not None

    def record_credit_default(self, on: date, reason: str, months: int) -> None:
        """List the person as a credit defaulter (医保失信人员) from ``on``: direct settlement is
        suspended for ``months`` (seed 001 三(二).3, period assumption A-SET-17). A person
        already listed keeps the first record."""
        from yidi.domain.filing.credit import restricted_until

        if self.credit_default_on is None:
            self.credit_default_on, self.credit_default_reason = on, reason
            self.credit_restricted_until = restricted_until(on, months)

    def direct_settlement_suspended(self, on: date) -> bool:
        """暂停医保直接结算 on ``on`` (seed 001 三(二).3): the one predicate for 2401, 2303/2304
        and the filing services."""
        from yidi.domain.filing.credit import suspended

        return suspended(self.credit_restricted_until, on)

    @property
    def retired(self) -> bool:
        return self.psn_type == "12"

    def filing(self, filing_id: str) -> Filing:
        from yidi.domain.errors import NotFound

        for f in self.filings:
            if f.id == filing_id:
                return f
        raise NotFound("filing", filing_id)
