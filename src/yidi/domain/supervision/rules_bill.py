"""Review rules about the bill: its fee lines against the catalogue, the stay and each other.

The treatment region's catalogue decides each line (seed 001 三(五): 就医地目录), so the
catalogue facts — grade, self-pay share, price cap, per-day maximum, bed-day items — are the
yardstick; 004 三(一) asks for the same intelligent review of cross-region bills as of local ones.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from yidi.domain.filing.clauses import DOC_2025, Clause
from yidi.domain.supervision.basis import CATALOGUE, DAILY_REVIEW, Assumption, Severity
from yidi.domain.supervision.columns import CNT_SCALE
from yidi.domain.supervision.context import Context, count_text, day_text, time_text, yuan
from yidi.domain.supervision.rule import Found, HitRow, Param, ReviewRule
from yidi.domain.supervision.vectors import (
    capped_total,
    first_of_group,
    group_cumsum,
    group_sums,
    group_total,
    sort_groups,
)

Facts = tuple[str, dict[str, object]]


def _lines(c: Context, rows: np.ndarray, **cols: np.ndarray) -> Found:
    return Found.of(c.l.settlement[rows], line=rows, **cols)


def _check_dup(c: Context, p: Mapping[str, int]) -> Found:
    order, starts = sort_groups(c.line_visit, c.l.code, c.l.fee_time, c.l.cnt)
    again = ~starts
    rows = order[again]
    return _lines(c, rows, other=order[first_of_group(starts)][again])


def _explain_dup(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    t = time_text(int(c.l.fee_time[h.line]))
    return (
        f"“{c.item_name(h.line)}”在同一次就诊中以相同时间 {t}、相同数量 {count_text(int(c.l.cnt[h.line]))} 重复计费",
        {"feedetl_sn": str(c.l.feedetl_sn[h.line]), "duplicate_of": str(c.l.feedetl_sn[h.other]), "fee_ocur_time": t},
    )  # fmt: skip


def _check_qty(c: Context, p: Mapping[str, int]) -> Found:
    f = c.l.fact
    limit_all = np.where(f >= 0, c.i.max_per_day[np.maximum(f, 0)], -1)
    rows = np.flatnonzero(limit_all >= 0)
    if len(rows) == 0:
        return Found.of([])
    order, starts = sort_groups(
        c.line_visit[rows], c.l.code[rows], c.line_day[rows], c.l.fee_time[rows], group_keys=3
    )
    line = rows[order]
    cnt = c.l.cnt[line]
    cum = group_cumsum(cnt, starts)
    limit = limit_all[line]
    crossing = (cum > limit) & (cum - cnt <= limit)
    day_total = group_total(cum, starts)
    return _lines(c, line[crossing], value=day_total[crossing], limit=limit[crossing])


def _explain_qty(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    day = day_text(int(c.line_day[h.line]))
    return (
        f"“{c.item_name(h.line)}”{day} 当日计费数量 {count_text(h.value)}，超过每日上限 {count_text(h.limit)}",
        {"date": day, "day_total": count_text(h.value), "max_per_day": count_text(h.limit)},
    )


def _check_prc(c: Context, p: Mapping[str, int]) -> Found:
    f = np.maximum(c.l.fact, 0)
    cap = np.where(c.line_listed, c.i.unit_cap[f], -1)
    total = capped_total(c.l.cnt, cap, c.l.amount)
    excess = c.l.amount - total
    rows = np.flatnonzero((cap >= 0) & (excess > c.l.overlmt_amt))
    return _lines(c, rows, value=excess[rows], limit=c.l.overlmt_amt[rows])


def _explain_prc(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    return (
        f"“{c.item_name(h.line)}”收费超过目录限价 {yuan(h.value)} 元，但只有 {yuan(h.limit)} 元计入超限价自付",
        {"above_cap": yuan(h.value), "overlmt_amt": yuan(h.limit)},
    )


def _line_totals(c: Context) -> tuple[np.ndarray, np.ndarray]:
    n = len(c.s.setl_id)
    total = group_sums(c.l.amount, c.l.settlement, n)
    count = np.bincount(c.l.settlement, minlength=n)
    return total, count


def _check_sum(c: Context, p: Mapping[str, int]) -> Found:
    total, count = _line_totals(c)
    rows = np.flatnonzero((count > 0) & (total != c.s.medfee_sumamt))
    return Found.of(rows, value=total[rows], limit=c.s.medfee_sumamt[rows])


def _explain_sum(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    return (
        f"费用明细合计 {yuan(h.value)} 元，与结算的医疗费总额 {yuan(h.limit)} 元不一致",
        {"lines_total": yuan(h.value), "medfee_sumamt": yuan(h.limit)},
    )


def _check_nol(c: Context, p: Mapping[str, int]) -> Found:
    _, count = _line_totals(c)
    rows = np.flatnonzero(c.s.inpatient & (count == 0) & (c.s.medfee_sumamt > 0))
    return Found.of(rows, value=c.s.medfee_sumamt[rows])


def _explain_nol(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    return f"住院结算 {yuan(h.value)} 元，但没有上传任何费用明细", {"medfee_sumamt": yuan(h.value)}


def _check_bal(c: Context, p: Mapping[str, int]) -> Found:
    s = c.s
    parts = s.fulamt_ownpay_amt + s.overlmt_selfpay + s.preselfpay_amt + s.inscp_scp_amt
    paid = s.fund_pay_sumamt + s.psn_part_amt
    diff = np.where(parts != s.medfee_sumamt, parts, paid)
    rows = np.flatnonzero((parts != s.medfee_sumamt) | (paid != s.medfee_sumamt))
    return Found.of(rows, value=diff[rows], limit=s.medfee_sumamt[rows])


def _explain_bal(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    return (
        f"结算分项合计 {yuan(h.value)} 元与医疗费总额 {yuan(h.limit)} 元不相等",
        {"parts_total": yuan(h.value), "medfee_sumamt": yuan(h.limit)},
    )


def _check_cat(c: Context, p: Mapping[str, int]) -> Found:
    rows = np.flatnonzero(~c.line_listed)
    return _lines(c, rows)


def _explain_cat(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    code = c.inp.labels.codes[int(c.l.code[h.line])]
    return f"项目编码 {code} 不在就医地医保目录中，却已结算", {"med_list_codg": code}


def _check_lvl(c: Context, p: Mapping[str, int]) -> Found:
    f = np.maximum(c.l.fact, 0)
    differs = (c.l.chrgitm_lv != c.i.chrgitm_lv[f]) | (c.l.selfpay_bp != c.i.selfpay_bp[f])
    rows = np.flatnonzero(c.line_listed & differs)
    return _lines(c, rows, value=c.l.chrgitm_lv[rows], limit=c.i.chrgitm_lv[f[rows]])


_GRADE = {1: "甲类", 2: "乙类", 3: "丙类"}


def _explain_lvl(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    f = int(c.l.fact[h.line])
    billed = f"{_GRADE.get(h.value, h.value)}、自付比例 {int(c.l.selfpay_bp[h.line]) / 100:g}%"
    listed = f"{_GRADE.get(h.limit, h.limit)}、自付比例 {int(c.i.selfpay_bp[f]) / 100:g}%"
    return (
        f"“{c.item_name(h.line)}”按{billed}结算，与就医地目录（{listed}）不符",
        {"billed_lv": h.value, "catalogue_lv": h.limit},
    )


def _check_bed(c: Context, p: Mapping[str, int]) -> Found:
    f = np.maximum(c.l.fact, 0)
    bed = c.line_listed & c.i.bed_day[f]
    days = group_sums(np.where(bed, c.l.cnt, 0), c.line_visit, len(c.v.mdtrt_id))
    allowed = (c.los_days + p["tolerance_days"]) * CNT_SCALE
    hit = c.visit_inpatient & c.discharged & (days > allowed)
    return c.on_settlements(hit, value=days, limit=allowed)


def _explain_bed(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    los = int(c.los_days[int(c.s.visit[h.settlement])])
    return (
        f"床位费计费 {count_text(h.value)} 天，住院只有 {los} 天",
        {"bed_days": count_text(h.value), "los_days": los, "allowed_days": count_text(h.limit)},
    )


def _check_out(c: Context, p: Mapping[str, int]) -> Found:
    v = c.line_visit
    stay = c.visit_inpatient[v]
    outside = (c.line_day < c.begin_day[v]) | (c.line_day > c.end_day[v])
    return _lines(c, np.flatnonzero(stay & outside))


def _explain_out(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    v = int(c.line_visit[h.line])
    t = time_text(int(c.l.fee_time[h.line]))
    end = day_text(int(c.end_day[v])) if c.discharged[v] else "尚未出院"
    return (
        f"“{c.item_name(h.line)}”的费用发生时间 {t} 不在住院期间（{day_text(int(c.begin_day[v]))} 至 {end}）",
        {"fee_ocur_time": t},
    )


def _check_late(c: Context, p: Mapping[str, int]) -> Found:
    rows = np.flatnonzero(c.l.fee_time > c.s.setl_time[c.l.settlement])
    return _lines(c, rows)


def _explain_late(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    t, s = time_text(int(c.l.fee_time[h.line])), time_text(int(c.s.setl_time[h.settlement]))
    return f"“{c.item_name(h.line)}”的费用发生时间 {t} 晚于结算时间 {s}", {"fee_ocur_time": t, "setl_time": s}


RULES = (
    ReviewRule("R-DUP", "重复收费", DAILY_REVIEW, Severity.VIOLATION, _check_dup, _explain_dup, per_line=True),
    ReviewRule("R-QTY", "单日数量超出上限", CATALOGUE, Severity.SUSPECT, _check_qty, _explain_qty, per_line=True),
    ReviewRule("R-PRC", "超限价未计入超限价自付", CATALOGUE, Severity.VIOLATION, _check_prc, _explain_prc,
               per_line=True),
    ReviewRule("R-SUM", "明细合计与结算总额不符", DAILY_REVIEW, Severity.VIOLATION, _check_sum, _explain_sum),
    ReviewRule("R-NOL", "住院结算无费用明细", Clause(DOC_2025, "四（住院费用明细上传）"), Severity.SUSPECT,
               _check_nol, _explain_nol),
    ReviewRule("R-BAL", "结算分项不平", DAILY_REVIEW, Severity.VIOLATION, _check_bal, _explain_bal),
    ReviewRule("R-CAT", "目录外项目已结算", CATALOGUE, Severity.SUSPECT, _check_cat, _explain_cat, per_line=True),
    ReviewRule("R-LVL", "收费等级与目录不符", CATALOGUE, Severity.SUSPECT, _check_lvl, _explain_lvl, per_line=True),
    ReviewRule("R-BED", "床位费天数超过住院天数", DAILY_REVIEW, Severity.SUSPECT, _check_bed, _explain_bed,
               (Param("tolerance_days", 1, "days", "床位费允许多计天数",
                      Assumption("A-SUP-06", "入院、出院当天是否都计床位费各地做法不一；允许多计1天")),)),
    ReviewRule("R-OUT", "费用发生在住院期间之外", DAILY_REVIEW, Severity.SUSPECT, _check_out, _explain_out,
               per_line=True),
    ReviewRule("R-LATE", "费用发生在结算之后", DAILY_REVIEW, Severity.VIOLATION, _check_late, _explain_late,
               per_line=True),
)  # fmt: skip
