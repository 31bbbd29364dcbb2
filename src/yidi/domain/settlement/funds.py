"""Fund types (基金支付类型) by insurance type: national codes and names (the national interface
specification; see docs/national-interface.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fund:
    code: str  # fund_pay_type
    name: str  # fund_pay_type_name
    field: str  # setlinfo amount field


_POOLED = {
    "310": Fund("310100", "职工基本医疗保险统筹基金", "hifp_pay"),
    "390": Fund("390100", "城乡居民基本医疗保险基金", "hifp_pay"),
}
_MAJOR = {
    "310": Fund("330100", "职工大额医疗费用补助基金", "hifob_pay"),
    "390": Fund("390200", "城乡居民大病保险资金", "hifmi_pay"),
}
CVLSERV = Fund("320100", "公务员医疗补助资金", "cvlserv_pay")


def pooled_fund(insutype: str) -> Fund:
    return _POOLED.get(insutype, _POOLED["310"])


def major_fund(insutype: str) -> Fund:
    """The layer above the pooled cap: 大额补充 for employees, 居民大病保险 for residents."""
    return _MAJOR.get(insutype, _MAJOR["310"])
