"""Search criteria of the settlement lookup (结算查询条件): parsed from form or query strings,
each bad field named in the refusal (InvalidInput), so the page shows it beside that field.

The use cases (``service_layer.settlement_queries``) and the read model that answers them
(``adapters.settlement_read_model``) both take a ``Criteria``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from yidi.domain.errors import InvalidInput, Problem
from yidi.domain.identifiers import parse_id_number

# code → Chinese name; the codes are those of hospital_settlements.kind / .status and of the row's source
SOURCES = {"hospital": "医院直接结算", "manual_claim": "手工报销"}
KINDS = {"settle": "结算", "reversal": "撤销记录"}
STATUSES = {"valid": "有效", "cancelled": "已撤销"}
ID_PATTERN = re.compile(r"[A-Za-z0-9]{1,40}\Z")


@dataclass(frozen=True)
class Criteria:
    """What to search by; every field optional (all given fields must match)."""

    id_number: str | None = None
    setl_id: str | None = None
    mdtrt_id: str | None = None
    hospital_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    kind: str | None = None
    status: str | None = None
    source: str | None = None


def _blank(v: object) -> str | None:
    text = str(v).strip() if v is not None else ""
    return text or None


def parse_criteria(raw: dict[str, Any]) -> Criteria:
    """Strings from a form or query → ``Criteria``; every bad field is named (InvalidInput)."""
    bad: list[Problem] = []
    v = {k: _blank(raw.get(k)) for k in Criteria.__dataclass_fields__}

    def check(ok: bool, field: str, zh: str, en: str) -> None:
        if not ok:
            bad.append(Problem(field, zh, en))

    if v["id_number"]:
        try:
            v["id_number"] = parse_id_number(v["id_number"], "id_number").value
        except InvalidInput as exc:
            bad.extend(exc.problems)
    for f, zh in (("setl_id", "结算ID"), ("mdtrt_id", "就诊ID"), ("hospital_code", "医疗机构编码")):
        check(
            not v[f] or bool(ID_PATTERN.match(str(v[f]))),
            f,
            f"{zh}只能由字母和数字组成（最多 40 位）",
            f"{f}: letters and digits, at most 40",
        )
    days: dict[str, date | None] = {}
    for f in ("date_from", "date_to"):
        given = raw.get(f)
        if isinstance(given, date):
            days[f] = given
            continue
        try:
            text = v[f]
            days[f] = date.fromisoformat(text) if text else None
        except ValueError:
            days[f] = None
            check(False, f, "日期格式应为 年-月-日，如 2026-01-31", f"{f}: expected YYYY-MM-DD")
    if days["date_from"] and days["date_to"]:
        check(
            days["date_from"] <= days["date_to"],
            "date_to",
            "结束日期不能早于开始日期",
            "date_to is before date_from",
        )
    for f, allowed, zh in (
        ("kind", KINDS, "类型"),
        ("status", STATUSES, "状态"),
        ("source", SOURCES, "来源"),
    ):
        check(
            v[f] is None or v[f] in allowed,
            f,
            f"{zh}应为 {'、'.join(allowed.values())} 之一",
            f"{f} must be one of {', '.join(allowed)}",
        )
    if bad:
        raise InvalidInput(bad)
    return Criteria(**{**v, **days})  # type: ignore[arg-type]
