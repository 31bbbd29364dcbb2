"""The desk settlement request (结算请求), validated at the edge.

Field names follow the national interface (the national interface specification, 2303/2304 input; see docs/national-interface.md). Amounts
are strings in yuan with at most two decimals; every bad field is named (``fee_lines[3].pric``)
in Chinese and English, all in one ``InvalidInput``. A request gives either ``fee_lines`` or the five
split amounts, which must add up (the national settlement identities).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from typing import Any

from yidi.domain.errors import InvalidInput, Problems
from yidi.domain.money import fmt_fen, parse_fen
from yidi.domain.regions import validate_region
from yidi.domain.settlement.amounts import CHAIN_DEDUCTIBLE, SPLIT, YTD_AMOUNTS
from yidi.domain.settlement.line_columns import LineColumns, parse_fee_lines

FILING_CATEGORIES = (
    "long_term_retiree",
    "long_term_resident",
    "posted_worker",
    "referral",
    "emergency",
    "temporary",
    "maternity",  # 生育住院 (seed 001 四.7)
    "assistance_referral",  # 困难群体省域内转诊 (seed 001 四.3)
)
HOSP_LEVELS = ("township", "1", "2", "3", "3A", "3B", "unrated")
SPLIT_FIELDS = SPLIT
YTD_FIELDS = (*YTD_AMOUNTS, CHAIN_DEDUCTIBLE)
MAX_FEE_LINES = 20_000
_SETL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?\Z")

_KNOWN = {
    "insuplc_admdvs", "mdtrtarea_admvs", "insutype", "psn_type", "cvlserv_flag", "filing_category",
    "hosp_lv", "setl_time", "med_type", "fee_lines", "medfee_sumamt", *SPLIT_FIELDS,
    "acct_used_flag", "acct_balc", "ytd", "psn_no", "mdtrt_id",
}  # fmt: skip


@dataclass(frozen=True)
class Ytd:
    """Year-to-date amounts before this settlement (本年累计), and the referral-chain deductible."""

    hifp_pay: int = 0
    hifob_pay: int = 0
    cvlserv_pay: int = 0
    dedc_paid_in_chain: int = 0
    act_pay_dedc: int = 0


@dataclass(frozen=True)
class SettlementRequest:
    insuplc_admdvs: str
    mdtrtarea_admvs: str
    insutype: str
    psn_type: str
    cvlserv_flag: bool
    filing_category: str
    hosp_lv: str
    setl_date: date
    med_type: str
    medfee_sumamt: int
    fulamt_ownpay_amt: int
    overlmt_selfpay: int
    preselfpay_amt: int
    inscp_scp_amt: int
    acct_used_flag: bool
    acct_balc: int
    ytd: Ytd = field(default_factory=Ytd)
    fee_lines: LineColumns | None = None
    psn_no: str = ""


def _choice(raw: dict[str, Any], name: str, allowed: tuple[str, ...], zh: str) -> str:
    value = raw.get(name)
    if value not in allowed:
        raise InvalidInput.of(
            name,
            f"{zh}应为 {'/'.join(allowed)} 之一，收到 {value!r}",
            f"{name} must be one of {allowed}, got {value!r}",
        )
    return str(value)


def _code(raw: dict[str, Any], name: str, zh: str, lengths: tuple[int, ...]) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.isdigit() or len(value) not in lengths:
        raise InvalidInput.of(
            name,
            f"{zh}应为 {'/'.join(map(str, lengths))} 位数字代码，收到 {value!r}",
            f"{name} must be a digit code of length {lengths}, got {value!r}",
        )
    return value


def _flag(raw: dict[str, Any], name: str, zh: str) -> bool:
    return _choice(raw, name, ("0", "1"), zh) == "1"


def parse_setl_date(value: object, name: str = "setl_time") -> date:
    """Settlement time decides which policy applies (以结算时间为准): 'YYYY-MM-DD[ HH:MM:SS]'."""
    if isinstance(value, str) and _SETL_TIME.match(value.strip()):
        text = value.strip()
        try:
            return datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)
        except ValueError:
            pass
    raise InvalidInput.of(
        name,
        f"结算时间无效（应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM:SS 的真实日期）：{value!r}",
        f"invalid settlement time {value!r}: expected a real date YYYY-MM-DD[ HH:MM:SS]",
    )


def _ytd(raw: Any) -> Ytd:
    if raw is None:
        return Ytd()
    if not isinstance(raw, dict):
        raise InvalidInput.of("ytd", "ytd 应为对象", "ytd must be an object")
    unknown = set(raw) - set(YTD_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidInput.of(f"ytd.{name}", f"未知字段 ytd.{name}", f"unknown field ytd.{name}")
    return Ytd(**{k: parse_fen(raw[k], f"ytd.{k}") for k in YTD_FIELDS if k in raw})


def _fee_lines(raw: Any) -> LineColumns:
    if not isinstance(raw, list) or not raw:
        raise InvalidInput.of("fee_lines", "费用明细应为非空数组", "fee_lines must be a non-empty array")
    if len(raw) > MAX_FEE_LINES:
        raise InvalidInput.of(
            "fee_lines", f"费用明细超过 {MAX_FEE_LINES} 条", f"more than {MAX_FEE_LINES} fee lines"
        )
    return parse_fee_lines(raw)


def parse_request(raw: Any) -> SettlementRequest:
    """Validate a desk request (a parsed JSON object) into a ``SettlementRequest``; every bad
    field is reported at once (one ``InvalidInput``)."""
    if not isinstance(raw, dict):
        raise InvalidInput.of("<request>", "请求应为 JSON 对象", "request must be a JSON object")
    problems = Problems()
    for k in sorted(set(raw) - _KNOWN):
        problems.add(k, f"未知字段：{k}", f"unknown field: {k}")
    v = problems.value
    base = SettlementRequest(
        insuplc_admdvs=v(lambda: validate_region(raw.get("insuplc_admdvs"), "insuplc_admdvs"), ""),
        mdtrtarea_admvs=v(lambda: validate_region(raw.get("mdtrtarea_admvs"), "mdtrtarea_admvs"), ""),
        insutype=v(lambda: _code(raw, "insutype", "险种类型", (3,)), ""),
        psn_type=v(lambda: _code(raw, "psn_type", "人员类别", (2, 3, 4)), ""),
        cvlserv_flag=v(lambda: _flag(raw, "cvlserv_flag", "公务员标志"), False),
        filing_category=v(lambda: _choice(raw, "filing_category", FILING_CATEGORIES, "备案类别"), ""),
        hosp_lv=v(lambda: _choice(raw, "hosp_lv", HOSP_LEVELS, "医院等级"), ""),
        setl_date=v(lambda: parse_setl_date(raw.get("setl_time")), date.min),
        med_type=v(lambda: _code(raw, "med_type", "医疗类别", (2, 4, 5, 6)), ""),
        medfee_sumamt=0, fulamt_ownpay_amt=0, overlmt_selfpay=0, preselfpay_amt=0, inscp_scp_amt=0,
        acct_used_flag=v(lambda: _flag(raw, "acct_used_flag", "个人账户使用标志"), False),
        acct_balc=v(lambda: parse_fen(raw.get("acct_balc", "0.00"), "acct_balc"), 0),
        ytd=v(lambda: _ytd(raw.get("ytd")), Ytd()),
        psn_no=str(raw.get("psn_no", "")),
    )  # fmt: skip
    has_split = any(k in raw for k in ("medfee_sumamt", *SPLIT_FIELDS))
    if "fee_lines" in raw:
        if has_split:
            problems.add(
                "fee_lines", "fee_lines 与拆分金额只能二选一", "give fee_lines or the split amounts, not both"
            )
        lines = v(lambda: _fee_lines(raw["fee_lines"]), None)
        problems.check()
        assert lines is not None  # no problem: the lines parsed
        # The split of lines depends on the policy (A-SET-06 rounding), so the settlement step makes it.
        return replace(base, medfee_sumamt=lines.total, fee_lines=lines)
    if not has_split:
        problems.add(
            "fee_lines",
            "缺少费用：请提供 fee_lines 或 medfee_sumamt 等拆分金额",
            "missing fees: give fee_lines or the split amounts",
        )
        problems.check()
    parts = {k: v(partial(parse_fen, raw.get(k), k), 0) for k in ("medfee_sumamt", *SPLIT_FIELDS)}
    total = sum(parts[k] for k in SPLIT_FIELDS)
    if not any(problems.has(k) for k in parts) and parts["medfee_sumamt"] != total:
        problems.add(
            "medfee_sumamt",
            f"医疗费总额 {fmt_fen(parts['medfee_sumamt'])} ≠ 全自费+超限价+先行自付+政策范围内 = {fmt_fen(total)}",
            f"medfee_sumamt {fmt_fen(parts['medfee_sumamt'])} != sum of the split amounts {fmt_fen(total)}",
        )
    problems.check()
    return replace(
        base, medfee_sumamt=parts["medfee_sumamt"], fulamt_ownpay_amt=parts["fulamt_ownpay_amt"],
        overlmt_selfpay=parts["overlmt_selfpay"], preselfpay_amt=parts["preselfpay_amt"], inscp_scp_amt=parts["inscp_scp_amt"],
    )  # fmt: skip
