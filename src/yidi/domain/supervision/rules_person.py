"""Review rules about the person: items restricted by sex or age, visits per day, self-pay share.

Sex and age come from the identity number (GB 11643), the restrictions from the catalogue facts
of the treatment region (限性别、限年龄 items). The self-pay share protects the insured person:
an unusually large fully self-paid or over-cap part of a cross-region bill is worth a look.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from yidi.domain.supervision.basis import CATALOGUE, DAILY_REVIEW, Assumption, Severity
from yidi.domain.supervision.context import Context, day_text, yuan
from yidi.domain.supervision.rule import Found, HitRow, Param, ReviewRule
from yidi.domain.supervision.vectors import age_on, sort_groups

Facts = tuple[str, dict[str, object]]
_SEX = {1: "男性", 2: "女性"}


def _check_sex(c: Context, p: Mapping[str, int]) -> Found:
    f = np.maximum(c.l.fact, 0)
    only = np.where(c.line_listed, c.i.sex[f], 0)
    gender = c.p.gender[c.line_person]
    rows = np.flatnonzero((only != 0) & (gender != only))
    return Found.of(c.l.settlement[rows], line=rows, value=gender[rows], limit=only[rows])


def _explain_sex(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    return (
        f"“{c.item_name(h.line)}”限{_SEX.get(h.limit, '特定性别')}使用，参保人员为{_SEX.get(h.value, '其他性别')}",
        {"item_sex": h.limit, "person_gender": h.value},
    )


def _check_age(c: Context, p: Mapping[str, int]) -> Found:
    f = np.maximum(c.l.fact, 0)
    lo = np.where(c.line_listed, c.i.age_min[f], -1).astype(np.int64)
    hi = np.where(c.line_listed, c.i.age_max[f], -1).astype(np.int64)
    rows = np.flatnonzero((lo >= 0) | (hi >= 0))
    if len(rows) == 0:
        return Found.of([])
    age = age_on(c.p.birth_day[c.line_person[rows]], c.line_day[rows])  # only the restricted lines
    bad = ((lo[rows] >= 0) & (age < lo[rows])) | ((hi[rows] >= 0) & (age > hi[rows]))
    rows, age = rows[bad], age[bad]
    limit = np.where(age < lo[rows], lo[rows], hi[rows])
    return Found.of(c.l.settlement[rows], line=rows, value=age, limit=limit)


def _explain_age(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    f = int(c.l.fact[h.line])
    lo, hi = int(c.i.age_min[f]), int(c.i.age_max[f])
    scope = f"{lo}至{hi}岁" if lo >= 0 and hi >= 0 else f"{lo}岁及以上" if lo >= 0 else f"{hi}岁及以下"
    return (
        f"“{c.item_name(h.line)}”限{scope}人员使用，参保人员发生费用时 {h.value} 岁",
        {"age": h.value, "age_min": lo if lo >= 0 else None, "age_max": hi if hi >= 0 else None},
    )


def _check_frq(c: Context, p: Mapping[str, int]) -> Found:
    rows = np.flatnonzero(~c.s.inpatient)
    if len(rows) <= p["max_per_day"]:
        return Found.of([])
    order, starts = sort_groups(c.setl_person[rows], c.setl_day[rows])
    gid = np.cumsum(starts) - 1
    size = np.bincount(gid)[gid]
    hit = size > p["max_per_day"]
    mine = rows[order][hit]
    return Found.of(mine, value=size[hit], limit=np.full(len(mine), p["max_per_day"]))


def _explain_frq(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    day = day_text(int(c.setl_day[h.settlement]))
    return (
        f"同一参保人员 {day} 当天门诊直接结算 {h.value} 次，超过 {h.limit} 次",
        {"date": day, "settlements": h.value, "max_per_day": h.limit},
    )


def _check_self(c: Context, p: Mapping[str, int]) -> Found:
    s = c.s
    own = s.fulamt_ownpay_amt + s.overlmt_selfpay
    big = s.medfee_sumamt >= p["min_amount_fen"]
    # own / medfee > max_bp / 10000, in integers
    rows = np.flatnonzero(big & (own * 10_000 > s.medfee_sumamt * p["max_share_bp"]))
    share = (own[rows] * 10_000 + s.medfee_sumamt[rows] // 2) // np.maximum(s.medfee_sumamt[rows], 1)
    return Found.of(rows, value=share, limit=np.full(len(rows), p["max_share_bp"]))


def _explain_self(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    s = h.settlement
    own = int(c.s.fulamt_ownpay_amt[s] + c.s.overlmt_selfpay[s])
    return (
        f"全自费和超限价自付共 {yuan(own)} 元，占医疗费总额的 {h.value / 100:.2f}%，超过 {h.limit / 100:g}%",
        {"selfpay_total": yuan(own), "share_pct": f"{h.value / 100:.2f}", "max_pct": f"{h.limit / 100:g}"},
    )


RULES = (
    ReviewRule("R-SEX", "限性别项目性别不符", CATALOGUE, Severity.VIOLATION, _check_sex, _explain_sex, per_line=True),
    ReviewRule("R-AGE", "限年龄项目年龄不符", CATALOGUE, Severity.VIOLATION, _check_age, _explain_age, per_line=True),
    ReviewRule("R-FRQ", "同日多次门诊结算", DAILY_REVIEW, Severity.SUSPECT, _check_frq, _explain_frq,
               (Param("max_per_day", 3, "count", "每日门诊结算次数上限",
                      Assumption("A-SUP-05", "种子文件未给出；同一人一天超过3次门诊结算少见，值得人工查看")),)),
    ReviewRule("R-SELF", "自费比例异常", DAILY_REVIEW, Severity.SUSPECT, _check_self, _explain_self,
               (Param("max_share_bp", 3000, "bp", "全自费与超限价自付占比上限",
                      Assumption("A-SUP-04", "种子文件未给出；取30%，超过时核查是否将目录内项目按自费收取")),
                Param("min_amount_fen", 100_000, "fen", "参与判断的最低医疗费总额",
                      Assumption("A-SUP-04", "小额账单比例波动大；1 000 元以下不判断")))),
)  # fmt: skip
