"""Review rules about the stay (就诊): its size, admission, length, filing and the person's other stays.

R-XC follows seed 004 三(二) word for word: 就医地 helps the insured region investigate suspected
irregular costs of cross-province stays above 30 000 yuan, so such a settlement is a 协查
candidate. The others apply the local review to cross-region stays (004 三(一), 002 第十五条).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from yidi.domain.filing.clauses import DOC_2025, DOC_TIELING, Clause
from yidi.domain.supervision.basis import (
    ASSISTED_INVESTIGATION,
    CREDIT_DEFAULT,
    DAILY_REVIEW,
    Assumption,
    Severity,
)
from yidi.domain.supervision.columns import NO_DAY, NO_ROW, Evidence, VisitStatus
from yidi.domain.supervision.context import Context, day_text, time_text, yuan
from yidi.domain.supervision.rule import Found, HitRow, Param, ReviewRule
from yidi.domain.supervision.vectors import add_months, running_max_before, sort_groups

Facts = tuple[str, dict[str, object]]


def _check_xc(c: Context, p: Mapping[str, int]) -> Found:
    s = c.s
    hit = s.inpatient & (c.v.pay_loc[s.visit] == 4) & (s.medfee_sumamt > p["threshold_fen"])
    rows = np.flatnonzero(hit)
    return Found.of(rows, value=s.medfee_sumamt[rows], limit=np.full(len(rows), p["threshold_fen"]))


def _explain_xc(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    v = int(c.s.visit[h.settlement])
    facts: dict[str, object] = {"medfee_sumamt": yuan(h.value), "threshold": yuan(h.limit),
                                "insuplc_admdvs": str(c.v.insured_region[v]), "mdtrtarea_admvs": str(c.v.treatment_region[v])}  # fmt: skip
    return (
        f"跨省异地住院医疗费用 {yuan(h.value)} 元，超过 {yuan(h.limit)} 元，列为协查对象，"
        "就医地须配合参保地核查其中可能违规的费用",
        facts,
    )


_EVIDENCE_ZH = {
    Evidence.NOT_MET: "急危重病种关键指标不符合标准",
    Evidence.UNDETERMINED: "急危重病种关键指标缺少检查结果，无法判定",
    Evidence.MISSING: "入院时没有提供急危重病种证据",
}


def _check_emg(c: Context, p: Mapping[str, int]) -> Found:
    weak = c.v.evidence >= Evidence.NOT_MET  # NOT_MET, UNDETERMINED, MISSING
    return c.on_settlements(c.v.er_flag & weak, value=c.v.evidence.astype(np.int64))


def _explain_emg(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    why = _EVIDENCE_ZH[Evidence(h.value)]
    return (
        f"按急诊入院（急诊视同备案）结算，但{why}，须按急危重病种标准复核，不符合的可追回差额",
        {"evidence": Evidence(h.value).name.lower()},
    )


def _norm_key(diagnosis: np.ndarray, level: np.ndarray) -> np.ndarray:
    return diagnosis.astype(np.int64) * 256 + level.astype(np.int64)


def _check_los(c: Context, p: Mapping[str, int]) -> Found:
    n = c.inp.norms
    usable = n.stays >= p["min_stays"]
    if not usable.any():
        return Found.of([])
    keys = _norm_key(n.diagnosis[usable], n.hosp_lv[usable])
    order = np.argsort(keys)
    keys, p95 = keys[order], n.p95_days[usable][order].astype(np.int64)
    want = _norm_key(c.v.diagnosis, c.v.hosp_lv)
    at = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
    known = keys[at] == want
    limit = np.where(known, p95[at], 0)
    hit = c.visit_inpatient & c.discharged & known & (c.los_days > limit)
    return c.on_settlements(hit, value=c.los_days, limit=limit)


def _explain_los(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    v = int(c.s.visit[h.settlement])
    level = c.inp.labels.hosp_levels[int(c.v.hosp_lv[v])]
    return (
        f"住院 {h.value} 天，超过同级医院同一诊断（{c.diagnosis_name(v)}）住院天数的第 95 百分位 {h.limit} 天",
        {"los_days": h.value, "p95_days": h.limit, "diagnosis": c.inp.labels.diagnoses[int(c.v.diagnosis[v])],
         "hosp_lv": level},
    )  # fmt: skip


def _check_dte(c: Context, p: Mapping[str, int]) -> Found:
    return c.on_settlements(c.discharged & (c.v.end < c.v.begin))


def _explain_dte(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    v = int(c.s.visit[h.settlement])
    b, e = time_text(int(c.v.begin[v])), time_text(int(c.v.end[v]))
    return f"出院时间 {e} 早于入院时间 {b}", {"begntime": b, "endtime": e}


def _check_cnl(c: Context, p: Mapping[str, int]) -> Found:
    return c.on_settlements(c.v.status == VisitStatus.CANCELLED)


def _explain_cnl(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    return "该次就诊已撤销，但仍有一笔有效的直接结算", {}


def _stays(c: Context) -> np.ndarray:
    return np.flatnonzero(c.visit_inpatient & (c.v.status != VisitStatus.CANCELLED))


def _check_ovl(c: Context, p: Mapping[str, int]) -> Found:
    rows = _stays(c)
    if len(rows) < 2:
        return Found.of([])
    order, starts = sort_groups(c.v.person[rows], c.v.begin[rows], group_keys=1)
    stay = rows[order]
    before_end, holder = running_max_before(starts, c.v.end[stay])
    hit = c.v.begin[stay] < before_end
    flag = np.zeros(len(c.v.mdtrt_id), dtype=bool)
    other = np.full(len(c.v.mdtrt_id), NO_ROW, dtype=np.int64)
    mine, theirs = stay[hit], stay[holder[hit]]
    flag[theirs], other[theirs] = True, mine  # the earlier stay is flagged too
    flag[mine], other[mine] = True, theirs
    return c.on_settlements(flag, other=other)


def _explain_ovl(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    v, o = int(c.s.visit[h.settlement]), h.other
    same = c.v.hospital[v] == c.v.hospital[o]
    where = "同一医院" if same else f"另一家医院（{c.hospital_name(o)}）"
    return (
        f"同一参保人员在{where}的另一次住院（{time_text(int(c.v.begin[o]))} 入院）与本次住院时间重叠",
        {"other_mdtrt_id": str(c.v.mdtrt_id[o]), "same_hospital": bool(same)},
    )


def _check_rad(c: Context, p: Mapping[str, int]) -> Found:
    rows = _stays(c)
    if len(rows) < 2:
        return Found.of([])
    order, starts = sort_groups(c.v.person[rows], c.v.hospital[rows], c.v.begin[rows], group_keys=2)
    stay = rows[order]
    prev = np.concatenate(([NO_ROW], stay))[: len(stay)]
    gap = c.begin_day[stay] - c.end_day[prev]
    hit = ~starts & c.discharged[prev] & (gap >= 0) & (gap <= p["window_days"])
    flag = np.zeros(len(c.v.mdtrt_id), dtype=bool)
    other = np.full(len(c.v.mdtrt_id), NO_ROW, dtype=np.int64)
    days = np.zeros(len(c.v.mdtrt_id), dtype=np.int64)
    flag[stay[hit]], other[stay[hit]], days[stay[hit]] = True, prev[hit], gap[hit]
    return c.on_settlements(flag, value=days, limit=np.full(len(flag), p["window_days"]), other=other)


def _explain_rad(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    o = h.other
    return (
        f"出院后 {h.value} 天即在同一医院再次住院（上次 {day_text(int(c.end_day[o]))} 出院），"
        f"在 {h.limit} 天以内，疑似分解住院",
        {"gap_days": h.value, "window_days": h.limit, "previous_mdtrt_id": str(c.v.mdtrt_id[o])},
    )


def _check_fil(c: Context, p: Mapping[str, int]) -> Found:
    has = c.v.filing >= 0
    if not has.any():
        return Found.of([])
    f = np.where(has, c.v.filing, 0)
    lo, hi = c.f.valid_from[f], c.f.valid_to[f]
    hit = has & ((c.begin_day < lo) | (c.begin_day > hi))
    return c.on_settlements(hit, value=c.begin_day)


def _explain_fil(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    f = int(c.v.filing[int(c.s.visit[h.settlement])])
    lo, hi = int(c.f.valid_from[f]), int(c.f.valid_to[f])
    until = "长期有效" if hi == np.iinfo(np.int32).max else f"至 {day_text(hi)}"
    return (
        f"入院日期 {day_text(h.value)} 不在备案有效期（{day_text(lo)} {until}）内",
        {"admission_date": day_text(h.value), "valid_from": day_text(lo), "valid_to": None if until == "长期有效" else day_text(hi)},
    )  # fmt: skip


def _check_crd(c: Context, p: Mapping[str, int]) -> Found:
    since = c.p.credit_default_day[c.setl_person].astype(np.int64)
    has = since != NO_DAY
    if not has.any():
        return Found.of([])
    until = np.where(has, add_months(np.where(has, since, 0), p["suspension_months"]), NO_DAY)
    hit = has & (c.setl_day >= since) & (c.setl_day < until)
    rows = np.flatnonzero(hit)
    return Found.of(rows, value=since[rows], limit=until[rows])


def _explain_crd(c: Context, p: Mapping[str, int], h: HitRow) -> Facts:
    return (
        f"参保人员自 {day_text(h.value)} 起列为医保失信人员，{day_text(h.limit)} 前暂停直接结算，本次仍直接结算",
        {"credit_default_on": day_text(h.value), "suspended_until": day_text(h.limit)},
    )


RULES = (
    ReviewRule("R-XC", "跨省住院大额费用协查", ASSISTED_INVESTIGATION, Severity.INFO, _check_xc, _explain_xc,
               (Param("threshold_fen", 3_000_000, "fen", "协查金额起点", ASSISTED_INVESTIGATION),)),
    ReviewRule("R-EMG", "急诊入院证据不足", Clause(DOC_TIELING, "二.2（急诊视同备案）"), Severity.SUSPECT,
               _check_emg, _explain_emg),
    ReviewRule("R-LOS", "住院天数超出同病种同级别常规", DAILY_REVIEW, Severity.SUSPECT, _check_los, _explain_los,
               (Param("min_stays", 20, "count", "百分位所需最少住院人次",
                      Assumption("A-SUP-03", "样本太少时第95百分位不稳定；少于20人次的病种不判断")),)),
    ReviewRule("R-DTE", "出院早于入院", DAILY_REVIEW, Severity.VIOLATION, _check_dte, _explain_dte),
    ReviewRule("R-CNL", "已撤销就诊仍有结算", DAILY_REVIEW, Severity.VIOLATION, _check_cnl, _explain_cnl),
    ReviewRule("R-OVL", "同一人员住院时间重叠", DAILY_REVIEW, Severity.SUSPECT, _check_ovl, _explain_ovl),
    ReviewRule("R-RAD", "短期内再次入院（疑似分解住院）", DAILY_REVIEW, Severity.SUSPECT, _check_rad, _explain_rad,
               (Param("window_days", 15, "days", "再次入院间隔天数",
                      Assumption("A-SUP-02", "种子文件未给出分解住院的间隔；取常见审核口径15天")),)),
    ReviewRule("R-FIL", "入院不在备案有效期内", Clause(DOC_2025, "一(一)（有效期内入院）"), Severity.VIOLATION,
               _check_fil, _explain_fil),
    ReviewRule("R-CRD", "失信暂停期内直接结算", CREDIT_DEFAULT, Severity.VIOLATION, _check_crd, _explain_crd,
               (Param("suspension_months", 12, "months", "暂停直接结算月数",
                      Assumption("A-SET-17", "铁岭指南只说“一定时期内暂停医保直接结算”，未给期限；取12个月，与备案规则共用")),)),
)  # fmt: skip
