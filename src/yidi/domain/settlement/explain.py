"""Explanations (结算说明): for every amount, the rule, the parameter values with their dates
and sources, in Chinese for people and as structured data for machines.

People read the clause a value comes from, or "按经办机构现行口径执行" where the documents give
no value; machines also get the assumption id (``assumption_id``, see docs/assumptions.md).
"""

from __future__ import annotations

from typing import Any

from yidi.domain.money import fmt_fen, fmt_ratio
from yidi.domain.rules import PEOPLE_ASSUMPTION, DatedValue
from yidi.domain.settlement.parameters import CHOICE_LABELS, PARAMS
from yidi.domain.settlement.resolution import Resolution

MAX_PROC_INFO = 4000  # setl_proc_info is VARCHAR(4000) in the national interface


def fmt_value(p: DatedValue) -> str:
    kind = PARAMS[p.name].kind
    if p.value is None:
        return "不设限额"
    if isinstance(p.value, bool):
        return "是" if p.value else "否"
    if isinstance(p.value, str):
        return CHOICE_LABELS.get(p.value, p.value)
    return fmt_ratio(p.value) if kind == "ratio" else fmt_fen(p.value)


def param_entry(p: DatedValue) -> dict[str, Any]:
    return {
        "name": p.name,
        "label": PARAMS[p.name].label,
        "value": fmt_value(p),
        "from": p.start.isoformat(),
        "to": p.end.isoformat() if p.end else None,
        **p.citation.as_dict(),
        **({"note": p.note} if p.note else {}),
    }


def cite(p: DatedValue) -> str:
    """Short Chinese citation: 起付标准 1300.00 元（辽医保中心发〔2021〕45号 三(一)，自2021-06-01）."""
    unit = "" if PARAMS[p.name].kind in ("ratio", "bool", "enum") or p.value is None else " 元"
    derived = f"，{PEOPLE_ASSUMPTION}" if p.assumption and p.citation.clause is not None else ""
    return f"{PARAMS[p.name].label} {fmt_value(p)}{unit}（{p.citation}，自{p.start.isoformat()}{derived}）"


def entry(
    field: str,
    amount: int | None,
    rule: str,
    res: Resolution,
    names: tuple[str, ...],
    basis: tuple[str, ...] = (),
    **values: int,
) -> dict[str, Any]:
    """One explanation item: the amount, the rule in Chinese, the parameters and the inputs used;
    ``basis`` names the assumptions the computation method itself rests on (docs/assumptions.md)."""
    return {
        "field": field,
        "amount": None if amount is None else fmt_fen(amount),
        "rule": rule,
        "parameters": [param_entry(res.values[n]) for n in names],
        "values": {k: fmt_fen(v) for k, v in values.items()},
        **({"assumption_ids": list(basis)} if basis else {}),
    }


def classification(res: Resolution) -> dict[str, Any]:
    """Which classes of the region's policy this settlement falls in, and on what basis."""
    maps = {
        dim: {
            "class": m.klass,
            "label": m.label,
            **m.citation.as_dict(),
            **({"note": m.note} if m.note else {}),
        }
        for dim, m in res.class_maps.items()
    }
    text = "、".join(m.label for m in res.class_maps.values())
    return {
        "field": "policy",
        "amount": None,
        "rule": f"参保地 {res.policy.name}（{res.policy.region}）政策，按结算日期 {res.day.isoformat()} 取值；适用：{text}。执行就医地目录、参保地起付标准、支付比例和最高支付限额（辽社险办〔2017〕29号 第二十条）。",
        "parameters": [],
        "values": {},
        "classes": maps,
    }


def truncate(text: str) -> str:
    return text if len(text) <= MAX_PROC_INFO else text[: MAX_PROC_INFO - 1] + "…"
