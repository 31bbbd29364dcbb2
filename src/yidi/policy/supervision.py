"""Supervision rule data (基金监管参数): the review rules' parameters, the queue, four-eyes and 协查
numbers as dated values, and the item limits (per-day maximum, sex, age) the rules read.

``supervision/parameters.yaml`` names a rule parameter ``<rule code>.<parameter>`` (``R-XC.
threshold_fen``) and a workflow one by its name (``queue_amount_fen``); every value is a
non-negative integer with its source or assumption id. ``supervision/limits.yaml`` lists limits
by national item code; ``item_rows`` joins them to a treatment region's catalogue as the rows
``domain.supervision.records.build_input`` takes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from yidi.domain.national.catalogue import Catalogue
from yidi.domain.rules import DatedValue, in_force
from yidi.domain.supervision.rulebook import RULES
from yidi.policy import dated
from yidi.policy.files import Fields, data_dir, read_yaml

WORKFLOW = ("queue_amount_fen", "queue_random_rate_bp", "four_eyes_fen", "xiecha_answer_days")
# Rule parameters that are another area's parameter, read from there and never written twice: the
# credit-default suspension R-CRD checks is the one the filing rules impose (铁岭指南 三(二).3,
# ``credit_restriction_months``, assumption A-SET-17; A-SUP-01 refers to it).
SHARED = {"R-CRD.suspension_months": "credit_restriction_months"}
_LIMIT_KEYS = {"med_list_codg", "max_per_day", "sex", "age_min", "age_max"}


def _kinds() -> dict[str, dated.Kind]:
    names = [f"{r.code}.{p.name}" for r in RULES for p in r.params if f"{r.code}.{p.name}" not in SHARED]
    names += list(WORKFLOW)
    return {n: dated.of_type(int) for n in names}


@dataclass(frozen=True)
class SupervisionPolicy:
    values: Mapping[str, tuple[DatedValue, ...]]
    limits: Mapping[str, dict[str, Any]]  # med_list_codg → max_per_day / sex / age_min / age_max
    limits_from: date

    def value(self, name: str, on: date, default: int) -> int:
        hits = in_force(self.values.get(name, ()), on)
        return int(hits[0].value) if hits else default

    def rule_params(self, on: date) -> dict[str, dict[str, object]]:
        """Every rule's parameters in force on ``on`` (defaults where the file has none; a shared
        parameter from the filing rules' provincial default)."""
        return {r.code: {p.name: self._param(f"{r.code}.{p.name}", on, p.default) for p in r.params}
                for r in RULES if r.params}  # fmt: skip

    def _param(self, name: str, on: date, default: int) -> int:
        if name in SHARED:
            from yidi.policy.filing import packaged_rule_book  # lazy: only the review needs it

            return packaged_rule_book().for_region("default").as_int(SHARED[name], on)
        return self.value(name, on, default)

    def item_rows(self, catalogue: Catalogue, on: date) -> list[dict[str, Any]]:
        """The catalogue's items with their limits, as ``build_input(items=…)`` rows."""
        limits = self.limits if on >= self.limits_from else {}
        return [
            {"region": catalogue.region, "med_list_codg": it.med_list_codg, "name": it.name,
             "chrgitm_lv": it.chrgitm_lv, "selfpay_prop": it.selfpay_prop, "pric_uplmt_amt": it.pric_uplmt_amt,
             "med_chrgitm_type": it.med_chrgitm_type, **limits.get(it.med_list_codg, {})}
            for it in catalogue.items.values()
        ]  # fmt: skip


def _limits(raw: dict[str, Any], f: Fields) -> tuple[dict[str, dict[str, Any]], date]:
    f.mapping(raw, "<root>", {"demo", "effective", "items"}, required={"effective", "items"})
    eff = f.mapping(raw["effective"], "effective", dated.DATED_KEYS, required={"from"})
    version = dated.parse_dated(eff, f, "effective", name="limits", value=None)
    out: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(raw["items"] or []):
        where = f"items[{i}]"
        item = f.mapping(item, where, _LIMIT_KEYS, required={"med_list_codg"})
        code = str(item["med_list_codg"])
        if code in out:
            f.fail(f"{where}.med_list_codg", f"重复的编码 / duplicate code {code}")
        limit: dict[str, Any] = {}
        if "max_per_day" in item:
            try:
                qty = Decimal(str(item["max_per_day"]))
            except InvalidOperation:
                qty = Decimal(-1)
            if qty <= 0:
                f.fail(f"{where}.max_per_day", "应为正数 / must be positive")
            limit["max_per_day"] = str(qty)
        if "sex" in item and item["sex"] not in (1, 2):
            f.fail(f"{where}.sex", "应为 1（男）或 2（女）/ must be 1 or 2")
        for k in ("sex", "age_min", "age_max"):
            if k in item:
                limit[k] = f.integer(item[k], f"{where}.{k}") if k == "sex" else _age(f, item[k], f"{where}.{k}")
        out[code] = limit
    return out, version.start


def _age(f: Fields, value: object, key: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 150:
        f.fail(key, f"年龄应为0–150的整数 / age must be an integer 0–150: {value!r}")
    return value


def load_from(directory: Path) -> SupervisionPolicy:
    f = Fields("supervision/parameters.yaml")
    values = dated.parse_parameters(read_yaml(directory / "parameters.yaml").get("parameters"), f, _kinds())
    limits, start = _limits(read_yaml(directory / "limits.yaml"), Fields("supervision/limits.yaml"))
    return SupervisionPolicy(values, limits, start)


@cache
def supervision_policy() -> SupervisionPolicy:
    """The packaged supervision data (cached per process)."""
    return load_from(data_dir("supervision"))
