"""Inspections (核查检查): the checklist, yearly plans per hospital, findings and the coverage indicator.

Seed 004 三(一): the treatment region draws up a 监督检查事项清单 for designated institutions and
uses 日常巡查、专项检查、重点检查、专家审查 (三(二) adds 飞行检查); the checklist names identity
checks, the catalogue's application, and keeping records and examination reports. 三(二): cross-
region care is inspected at least once a year — the indicator is the share of designated
hospitals with cross-region patients that year that had a completed inspection that year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from yidi.domain.errors import FieldProblem, InvalidInput
from yidi.domain.filing.clauses import DOC_2025, Clause
from yidi.domain.supervision.basis import ASSISTED_INVESTIGATION, DAILY_REVIEW, Assumption, Basis, refuse


class InspectionKind(StrEnum):
    ROUTINE = "routine"  # 日常巡查
    SPECIAL = "special"  # 专项检查
    KEY = "key"  # 重点检查
    FLYING = "flying"  # 飞行检查
    EXPERT = "expert"  # 专家审查

    @property
    def zh(self) -> str:
        return {"routine": "日常巡查", "special": "专项检查", "key": "重点检查", "flying": "飞行检查",
                "expert": "专家审查"}[self.value]  # fmt: skip


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    zh: str
    basis: Basis


_EXTRA = Assumption("A-SUP-14", "清单中种子文件未逐项列出的检查事项，取自本系统的审核规则")
CHECKLIST: dict[str, tuple[ChecklistItem, ...]] = {
    "hospital": (
        ChecklistItem("identity", "异地就医患者医保身份核验", DAILY_REVIEW),
        ChecklistItem("catalogue", "医保目录适用认定（执行就医地目录）", DAILY_REVIEW),
        ChecklistItem("records", "就诊记录存档", DAILY_REVIEW),
        ChecklistItem("reports", "检查检验报告存档", DAILY_REVIEW),
        ChecklistItem("uploads", "住院费用明细和结算清单上传", Clause(DOC_2025, "四")),
        ChecklistItem("pricing", "价格与收费（超限价、重复收费、分解住院）", _EXTRA),
        ChecklistItem("emergency", "急诊入院的急危重病种证据", _EXTRA),
    ),
    "pharmacy": (
        ChecklistItem("identity", "异地购药人员医保身份核验", DAILY_REVIEW),
        ChecklistItem("catalogue", "医保目录适用认定（执行就医地目录）", DAILY_REVIEW),
        ChecklistItem("records", "购药记录存档", DAILY_REVIEW),
    ),
}


@dataclass(frozen=True)
class Finding:
    item: str
    compliant: bool
    note: str = ""
    deduction_ids: tuple[str, ...] = ()


@dataclass
class Inspection:
    id: str
    hospital_code: str
    institution_kind: str
    kind: InspectionKind
    planned_on: date
    done_on: date | None = None
    findings: dict[str, Finding] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return (self.done_on or self.planned_on).year


def plan(inspection_id: str, hospital_code: str, kind: InspectionKind, planned_on: date,
         institution_kind: str = "hospital") -> Inspection:  # fmt: skip
    if institution_kind not in CHECKLIST:
        raise InvalidInput.of(
            "institution_kind", f"没有“{institution_kind}”的检查事项清单", "unknown institution kind"
        )
    return Inspection(inspection_id, hospital_code, institution_kind, kind, planned_on)


def record(inspection: Inspection, finding: Finding) -> Inspection:
    """A finding for one checklist item (a later finding for the same item replaces it)."""
    codes = {i.code for i in CHECKLIST[inspection.institution_kind]}
    problems = []
    if finding.item not in codes:
        problems.append(FieldProblem("item", f"检查事项清单中没有“{finding.item}”", "not a checklist item"))
    if not finding.compliant and not finding.note.strip():
        problems.append(
            FieldProblem("note", "不符合的事项须写明问题", "a non-compliant finding needs a note")
        )
    if problems:
        raise InvalidInput(problems)
    if inspection.done_on is not None:
        raise refuse("COMPLETED", "supervision.inspection.completed", "检查已完成，不能再记录", "inspection completed",
                     DAILY_REVIEW)  # fmt: skip
    inspection.findings[finding.item] = finding
    return inspection


def complete(inspection: Inspection, done_on: date) -> Inspection:
    """Completed when every checklist item has a finding (all missing items named at once)."""
    missing = [i for i in CHECKLIST[inspection.institution_kind] if i.code not in inspection.findings]
    if missing:
        raise InvalidInput(
            [
                FieldProblem(f"findings.{i.code}", f"尚未检查：{i.zh}", f"no finding for {i.code}")
                for i in missing
            ]
        )
    if done_on < inspection.planned_on.replace(month=1, day=1):
        raise InvalidInput.of("done_on", "完成日期早于计划年度", "done before the planned year")
    inspection.done_on = done_on
    return inspection


@dataclass(frozen=True)
class Coverage:
    year: int
    hospitals: int
    covered: int
    ratio: Decimal  # two decimals; the goal is 1.00
    uncovered: tuple[str, ...]
    basis: str = str(ASSISTED_INVESTIGATION)


def coverage(
    year: int, hospitals_with_cross_region: Iterable[str], inspections: Iterable[Inspection]
) -> Coverage:
    """每年不少于一次: hospitals with cross-region patients in ``year`` inspected (completed) that year."""
    wanted = sorted(set(hospitals_with_cross_region))
    done = {i.hospital_code for i in inspections if i.done_on is not None and i.done_on.year == year}
    uncovered = tuple(h for h in wanted if h not in done)
    covered = len(wanted) - len(uncovered)
    ratio = (
        Decimal("1.00")
        if not wanted
        else (Decimal(covered) / Decimal(len(wanted))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    )
    return Coverage(year, len(wanted), covered, ratio, uncovered)
