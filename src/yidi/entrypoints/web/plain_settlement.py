"""A settlement as a citizen reads it (issue 19 scope 4): the answer first, then the detail.

The kernel's result (``setlinfo``, ``explanation``) is for staff and machines: every field, the
rule with its formula, flags and assumption ids. An insured person sees instead: one sentence
(医疗费、医保支付、您负担), the amounts that are not zero with thousand separators, ratios as
percentages, and "为什么是这个数" in plain sentences with the documents they rest on — no field names,
rule ids or assumption markers (those stay on staff pages and in the structured data). Display
only: every number comes from the stored result; nothing is computed here but formatting and the
share of the total.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from yidi.domain.settlement.result import SETLINFO_LABELS

RATIOS = {"pool_prop_selfpay"}
# what a person calls each amount (the national labels read like a ledger)
PEOPLE_LABELS = {
    "medfee_sumamt": "医疗费总额",
    "fulamt_ownpay_amt": "全自费（医保不支付的药品、项目）",
    "overlmt_selfpay": "超过限价的部分",
    "preselfpay_amt": "乙类项目先由个人支付的部分",
    "inscp_scp_amt": "医保政策范围内的费用",
    "act_pay_dedc": "本次起付线（先由您支付）",
    "hifp_pay": "统筹基金支付",
    "pool_prop_selfpay": "统筹基金支付比例",
    "cvlserv_pay": "公务员医疗补助",
    "hifes_pay": "企业补充医疗保险",
    "hifmi_pay": "居民大病保险",
    "hifob_pay": "职工大额医疗费用补助",
    "maf_pay": "医疗救助",
    "oth_pay": "其他支付",
    "fund_pay_sumamt": "医保基金支付合计",
    "psn_part_amt": "您个人负担合计",
    "acct_pay": "其中：个人账户支付",
    "psn_cash_pay": "其中：现金支付",
    "balc": "结算后个人账户余额",
    "hosp_part_amt": "医院负担",
}
AGENCY_PRACTICE = "按经办机构现行口径执行"  # a value no document fixes: not a source to cite to a person


def decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def amount(value: object) -> str:
    """"15753.00" → "15,753.00" (yuan as stored); anything else as it is."""
    d = decimal(value)
    return f"{d:,.2f}" if d is not None else str(value or "—")


def percent(value: object) -> str:
    """"0.8900" → "89%", "0.855" → "85.5%"."""
    d = decimal(value)
    if d is None:
        return str(value or "—")
    text = f"{d * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _zero(value: object) -> bool:
    d = decimal(value)
    return d is not None and d == 0


def rows(setlinfo: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, shown value) of the amounts that are not zero, in the national order."""
    out = []
    for key, label in SETLINFO_LABELS.items():
        value = setlinfo.get(key)
        if value in (None, "") or _zero(value):
            continue
        out.append((PEOPLE_LABELS.get(key, label), percent(value) if key in RATIOS else f"{amount(value)} 元"))
    return out


def summary(setlinfo: dict[str, Any]) -> dict[str, Any]:
    """The answer in one sentence and the share the fund paid (for the bar)."""
    total, fund, own = (decimal(setlinfo.get(k)) or Decimal(0) for k in ("medfee_sumamt", "fund_pay_sumamt", "psn_part_amt"))
    acct, cash = (decimal(setlinfo.get(k)) or Decimal(0) for k in ("acct_pay", "psn_cash_pay"))
    share = int((fund / total * 100).to_integral_value()) if total > 0 else 0
    paid = f"（个人账户 {amount(acct)} 元，现金 {amount(cash)} 元）" if acct and cash else ""
    return {
        "total": amount(total), "fund": amount(fund), "own": amount(own), "share": max(0, min(share, 100)),
        "paid": paid,
        "sentence": f"医疗费 {amount(total)} 元，医保基金支付 {amount(fund)} 元，您个人负担 {amount(own)} 元{paid}。",
    }  # fmt: skip


def _param(item: dict[str, Any], name: str) -> str | None:
    return next((str(p["value"]) for p in item.get("parameters") or () if p.get("name") == name), None)


def _sources(item: dict[str, Any]) -> list[str]:
    found = [str(p.get("source") or "") for p in item.get("parameters") or ()]
    return list(dict.fromkeys(s for s in found if s and s != AGENCY_PRACTICE))


def _sentence(item: dict[str, Any], s: dict[str, Any]) -> str | None:
    """The step in plain words, or None when it says nothing to a person (a zero fund)."""
    field, value = item.get("field"), item.get("amount")
    if field == "policy":
        applies = "、".join(c["label"] for c in (item.get("classes") or {}).values() if c.get("label"))
        return (
            "按您参保地的政策计算" + (f"（适用：{applies}）" if applies else "")
            + "：执行就医地的报销目录，参保地的起付标准、支付比例和最高支付限额。"
        )  # fmt: skip
    if field == "inscp_scp_amt":
        parts = [
            f"{PEOPLE_LABELS[k]} {amount(s[k])} 元"
            for k in ("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt") if not _zero(s.get(k))
        ]  # fmt: skip
        mine = f"其中{'、'.join(parts)}由您自己负担，" if parts else ""
        return f"医疗费 {amount(s.get('medfee_sumamt'))} 元，{mine}医保政策范围内的费用为 {amount(value)} 元。"
    if field == "act_pay_dedc":
        if _zero(value):
            return "本次不再支付起付线。"
        standard = _param(item, "deductible")
        return f"政策范围内的费用先由您支付起付线 {amount(value)} 元" + (
            f"（起付标准 {amount(standard)} 元）。" if standard else "。"
        )
    if field == "hifp_pay":
        ratio = _param(item, "pooled_ratio")
        how = f"按 {percent(ratio)} " if ratio else ""
        return f"起付线以上的政策范围内费用，统筹基金{how}支付 {amount(value)} 元。"
    if field in ("hifob_pay", "hifmi_pay", "cvlserv_pay", "hifes_pay", "maf_pay", "oth_pay"):
        return None if _zero(value) else f"{PEOPLE_LABELS[field]}支付 {amount(value)} 元。"
    if field == "fund_pay_sumamt":
        return f"医保基金共支付 {amount(value)} 元。"
    if field == "psn_part_amt":
        return f"其余 {amount(value)} 元由您个人负担（医疗费总额减去医保基金支付）。"
    if field == "acct_pay":
        return None if _zero(value) else f"其中个人账户支付 {amount(value)} 元。"
    if field == "psn_cash_pay":
        return None if _zero(value) else f"您用现金支付 {amount(value)} 元。"
    if field == "catastrophic_subsidy":
        return "本次您个人负担的部分，可纳入重特大疾病医疗费用年度补助（年底另行补助，不在本次结算中支付）。"
    label = PEOPLE_LABELS.get(str(field)) or SETLINFO_LABELS.get(str(field))
    if label and value is not None and not _zero(value):
        return f"{label}：{amount(value)} 元。"
    return None  # a step without a name a person knows: on the staff page only


def steps(result: dict[str, Any]) -> list[dict[str, Any]]:
    """"为什么是这个数": each step in plain words with the documents it rests on."""
    s = result.get("setlinfo") or {}
    out = []
    for item in result.get("explanation") or ():
        text = _sentence(item, s)
        if text:
            out.append({"text": text, "sources": _sources(item)})
    return out


def view(result: dict[str, Any]) -> dict[str, Any]:
    s = result.get("setlinfo") or {}
    return {"summary": summary(s), "rows": rows(s), "steps": steps(result)}
