"""Conflicts between filings and the benefits at home during a filing (备案冲突与参保地待遇).

* One person never holds two overlapping filings in force. A long-term filer admitted in a third
  city ends the long-term filing, files temporary, and re-files long-term after the stay — one
  guided operation (seed 000 二(二)).
* Insured-region benefits are suspended during a filing (省直 2021, seed 000 一), or kept both ways
  for long-term filers (seed 001 三(六)); since 2025 both ways once a commitment filer has supplied
  the materials (seed 004 一(二)). Which applies is the dated ``home_benefits_during_filing``.
"""

from __future__ import annotations

from datetime import date

from yidi.domain.errors import FilingRefused
from yidi.domain.filing.clauses import DOC_2021_45, DOC_2025, Clause, Reason
from yidi.domain.filing.commitment import CommitmentStatus
from yidi.domain.filing.filing import Filing
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.rules import RegionRules

THIRD_CITY = Clause(DOC_2021_45, "二(二)")


def find_overlap(
    person: InsuredPerson, start: date, end: date | None, *, exclude: str | None = None
) -> Filing | None:
    for f in person.filings:
        if f.id != exclude and f.overlaps(start, end):
            return f
    return None


def check_no_overlap(
    person: InsuredPerson, start: date, end: date | None, treatment_region: str, *, exclude: str | None = None
) -> None:
    """Refuse a filing that would overlap one already in force, and say what to do instead."""
    other = find_overlap(person, start, end, exclude=exclude)
    if other is None:
        return
    params: dict[str, object] = {
        "existing_filing_id": other.id,
        "existing_category": other.category,
        "existing_region": other.treatment_region,
        "existing_start": other.start_date,
        "existing_end": other.end_date,
    }
    if other.long_term and other.treatment_region != treatment_region:
        raise FilingRefused(
            "OVERLAPPING_FILING",
            Reason(
                "conflict.third_city",
                "异地长期居住人员到居住地以外城市住院，需终止长期备案、办理临时外出备案，结算完成后重新办理长期备案",
                "a long-term filer admitted in a third city must end the long-term filing, file temporary, "
                "and re-file long-term afterwards",
                THIRD_CITY,
                params,
                "treatment_region",
            ),
            suggestion={"operation": "third_city_admission", "long_term_filing_id": other.id},
        )
    raise FilingRefused(
        "OVERLAPPING_FILING",
        Reason(
            "conflict.overlap",
            f"已有有效备案 {other.id}（{other.treatment_region}，{other.start_date}–{other.end_date or '长期'}），"
            "同一时段不能再办理备案；临时备案可随时取消后重新办理",
            f"filing {other.id} is already in force for this period; a temporary filing may be cancelled "
            "at any time and filed again",
            Clause(DOC_2025, "一(一)"),
            params,
            "start_date",
        ),
        suggestion={"operation": "cancel", "filing_id": other.id} if not other.long_term else None,
    )


def home_benefits(filing: Filing, on: date, rules: RegionRules) -> tuple[str, Reason]:
    """Whether the person keeps benefits at home (参保地) while this filing is in force."""
    param = rules.get("home_benefits_during_filing", on)
    mode = str(param.value)
    complete = filing.commitment is None or filing.commitment.status is CommitmentStatus.FULFILLED
    if mode == "two_way_when_materials_complete":
        mode = "two_way" if filing.long_term and complete else "suspended"
    elif mode == "two_way" and not filing.long_term:
        mode = "suspended"
    zh = "参保地和就医地双向享受待遇" if mode == "two_way" else "备案期间暂停参保地待遇"
    if mode == "suspended" and filing.long_term and not complete:
        zh = "承诺制备案材料补齐前只在备案就医地享受待遇，补齐后可在备案就医地和参保地双向享受"
    en = (
        "two-way benefits at home and away"
        if mode == "two_way"
        else "home benefits suspended during the filing"
    )
    return mode, Reason(
        "benefits.home", zh, en, param.clause, {"policy": param.value, "materials_complete": complete}
    )
