"""Transfer out of the treatment place (转出就医地; seed 002 第十八条).

A long-term filer in care at the filed place who must leave it because the place cannot treat
them is referred by a hospital there of the grade the region names — 省直: 三级甲等 (“由就医地三级
甲等医院出具转往外地就医材料”). yidi sees such a transfer as a referral filing, to another place,
whose referring hospital lies in the place of the person's long-term filing in force (a referring
hospital named without its code is taken to be there). The hospital's grade comes from the
hospital registry (``hosp_lv``), looked up by the service layer; a hospital the registry does not
know cannot show the grade and is refused like a lower grade. Other regions accept any hospital
until they name a grade (``transfer_out_hospital_grades``, A-FIL-14).

A qualified transfer is filed like the third-city operation (seed 000 二(二)): the long-term
filing ends where the referral starts, the referral is linked to it, and after the stay
``resume_long_term`` re-files it — so one person still never holds two filings in force at once.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from yidi.domain.actors import Actor
from yidi.domain.errors import FilingRefused
from yidi.domain.filing.admission import end_then_file
from yidi.domain.filing.categories import Category
from yidi.domain.filing.clauses import Reason
from yidi.domain.filing.creation import NewFiling, create_filing
from yidi.domain.filing.filing import Filing
from yidi.domain.filing.lifecycle import Change
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.places import in_place, treatment_place
from yidi.domain.filing.rules import RegionRules
from yidi.domain.filing.validity import covers
from yidi.domain.national.codes import HOSP_LV_NAMES

_HOSPITAL = re.compile(r"^H(\d{6})\d{5}$")


def filing_left(person: InsuredPerson, referring_hospital: str, destination: str, on: date) -> Filing | None:
    """The long-term filing in force on ``on`` whose place the referral leaves, or None."""
    code = _HOSPITAL.match(referring_hospital.strip().upper())
    for f in person.filings:
        if not (f.long_term and f.in_force and covers(f, on)) or in_place(destination, f.treatment_region):
            continue
        if code is None or in_place(code.group(1), f.treatment_region):
            return f
    return None


def check_grade(
    left: Filing, referring_hospital: str, grade: str | None, rules: RegionRules, on: date
) -> Reason:
    """The referring hospital's grade on a transfer out of ``left``'s place: the reason it is met
    (or that the region names no grade), else a refusal ``TRANSFER_OUT_GRADE`` naming the clause."""
    param = rules.get("transfer_out_hospital_grades", on)
    place = left.treatment_region
    params = {"hospital": referring_hospital, "grade": grade, "required": param.value, "place_left": place}
    have = HOSP_LV_NAMES.get(grade, grade) if grade else "未知（医院名录中没有该医院）"
    if param.value == "any" or grade in param.value:
        zh = "不限转出医院等级" if param.value == "any" else f"转出医院为{have}，符合规定等级"
        return Reason(
            "referral.transfer_out_grade",
            f"从备案就医地 {place} 转往外地就医：{zh}；原长期备案在转诊开始时终止，就医结算后可重新办理",
            f"transfer out of {place}: the referring hospital qualifies ({grade}); the long-term filing "
            "ends where the referral starts and may be re-filed after the stay",
            param.clause,
            params,
        )
    wanted = "、".join(HOSP_LV_NAMES.get(g, g) for g in param.value)
    raise FilingRefused(
        "TRANSFER_OUT_GRADE",
        Reason(
            "referral.transfer_out_grade",
            f"从备案就医地 {place} 转往外地就医，须由就医地{wanted}医院出具转往外地就医材料；"
            f"转出医院 {referring_hospital} 的等级为{have}",
            f"a transfer out of the treatment place {place} needs a referring hospital of grade "
            f"{'/'.join(param.value)}; {referring_hospital} is {grade or 'unknown to the registry'}",
            param.clause,
            params,
            "referring_hospital",
        ),
    )


def file_referral(
    person: InsuredPerson, req: NewFiling, actor: Actor, on: date, rules: RegionRules
) -> tuple[Filing, list[Change]]:
    """File a referral: a transfer out of a long-term filer's place after the grade check (ending
    the long-term filing, linked), any other referral as it is."""
    assert req.category is Category.REFERRAL
    left = None
    if req.referring_hospital:
        left = filing_left(person, req.referring_hospital, treatment_place(req.treatment_region), on)
    if left is None:
        filing, reasons = create_filing(person, req, actor, on, rules)
        return filing, [Change(filing, "create", None, reasons)]
    graded = check_grade(left, str(req.referring_hospital), req.referring_grade, rules, on)
    first_day = max(req.start_date or on, on)
    filing, changes = end_then_file(
        person, left, first_day, replace(req, start_date=first_day), actor, on, rules
    )
    created = changes[-1]
    return filing, [*changes[:-1], replace(created, reasons=[graded, *created.reasons])]
