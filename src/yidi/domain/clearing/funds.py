"""Which fund (``fund_pay_type``) each amount column of a settlement belongs to.

The settlement row keeps the fund amounts as ``setlinfo`` columns; the fund code depends on the
insurance type (national-interface.md §3.4: the first three digits are the ``insutype``). The
mapping is the settlement domain's (``domain/settlement/funds.py``); here it is only laid out per
column so the statement builder can turn it into one SQL ``CASE`` per column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from yidi.domain.settlement.funds import CVLSERV, Fund, major_fund, pooled_fund

# insurance types the settlement domain distinguishes; any other falls back like it does
KNOWN_INSUTYPES = ("310", "390")

_BY_COLUMN: dict[str, Callable[[str], Fund]] = {
    "hifp_pay": pooled_fund,  # 统筹基金: 310100 employees, 390100 residents
    "hifob_pay": major_fund,  # the layer above the cap as the kernel stores it: 330100 / 390200
    "hifmi_pay": lambda _insutype: major_fund("390"),  # 居民大病保险 390200
    "cvlserv_pay": lambda _insutype: CVLSERV,  # 公务员医疗补助 320100
}
FUND_COLUMNS = tuple(_BY_COLUMN)


def fund_code(column: str, insutype: str) -> str:
    return _BY_COLUMN[column](insutype).code


def fund_cases(column: str) -> tuple[dict[str, str], str]:
    """(code per known insutype, code for any other insutype) of one amount column."""
    return {t: fund_code(column, t) for t in KNOWN_INSUTYPES}, fund_code(column, "")


def fund_split(insutype: str, amounts: Mapping[str, int]) -> dict[str, int]:
    """One settlement's fund part by ``fund_pay_type`` (non-zero amounts only)."""
    out: dict[str, int] = {}
    for column in FUND_COLUMNS:
        fen = int(amounts.get(column, 0))
        if fen:
            code = fund_code(column, insutype)
            out[code] = out.get(code, 0) + fen
    return {k: v for k, v in out.items() if v}
