"""Eligibility conditions of each category (备案条件), each refusal naming its clause.

* long-term retiree: retired (psn_type 12) — seed 002 第八条(一);
* posted worker: working (psn_type 11), posted ≥ ``posted_worker_min_posting_months`` — seed 001
  二.4, seed 002 第八条(三), seed 000 一;
* maternity: a woman in employee insurance (310) — 生育保险女职工, seed 001 四.7;
* temporary: one of the 附件1 reasons; only long-term filers choose pooling hospitals (seed 000 四(二));
* every filing: a treatment place outside the insured region (and its ``home_regions``);
* hospital-generated filings only where the region has opened them (seed 004 一(二), seed 001 二.2).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from yidi.domain.actors import Channel
from yidi.domain.errors import FilingRefused
from yidi.domain.filing.categories import Category, is_long_term
from yidi.domain.filing.clauses import DOC_2017_29, DOC_2021_45, DOC_TIELING, Citation, Clause, Reason
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.rules import RegionRules
from yidi.domain.identifiers import IdNumber

if TYPE_CHECKING:
    from yidi.domain.filing.creation import NewFiling


def refuse(
    code: str, rule: str, zh: str, en: str, clause: Clause | Citation | None, params: dict[str, object], fld: str
) -> FilingRefused:
    return FilingRefused(code, Reason(rule, zh, en, clause, params, fld))


def check_conditions(person: InsuredPerson, req: NewFiling, place: str, rules: RegionRules, on: date) -> None:
    """The category's eligibility conditions; each refusal names its clause."""
    home = (person.insured_region, *rules.as_tuple("home_regions", on))
    if place in home or place[:4] == person.insured_region[:4]:
        raise refuse(
            "NOT_CROSS_REGION", "place.not_cross_region",
            f"就医地 {place} 属于参保地，无需办理异地就医备案", f"{place} is in the insured region: no filing needed",
            Clause(DOC_2021_45, "一"), {"insured_region": person.insured_region, "treatment_region": place}, "treatment_region",
        )  # fmt: skip
    cat = req.category
    if cat is Category.LONG_TERM_RETIREE and not person.retired:
        raise refuse(
            "CATEGORY_CONDITION", "category.retiree", "异地安置退休人员须为退休人员（人员类别 12）",
            "a long-term retiree filing requires a retired person (psn_type 12)",
            Clause(DOC_2017_29, "第八条(一)"), {"psn_type": person.psn_type}, "category",
        )  # fmt: skip
    if cat is Category.POSTED_WORKER:
        if person.psn_type != "11":
            raise refuse(
                "CATEGORY_CONDITION", "category.posted_worker", "常驻异地工作人员须为在职职工（人员类别 11）",
                "a posted worker must be an active employee (psn_type 11)",
                Clause(DOC_2017_29, "第八条(三)"), {"psn_type": person.psn_type}, "category",
            )  # fmt: skip
        param = rules.get("posted_worker_min_posting_months", on)
        if req.posting_months is not None and req.posting_months < rules.as_int(
            "posted_worker_min_posting_months", on
        ):
            raise refuse(
                "CATEGORY_CONDITION", "category.posting_duration",
                f"派驻异地工作应在 {param.value} 个月以上，申报 {req.posting_months} 个月",
                f"posting must last at least {param.value} months; declared {req.posting_months}",
                param.clause, {"min_months": param.value, "posting_months": req.posting_months}, "posting_months",
            )  # fmt: skip
    if cat is Category.MATERNITY and (person.insutype != "310" or IdNumber(person.id_number).gender != "2"):
        raise refuse(
            "CATEGORY_CONDITION", "category.maternity", "生育住院自动备案适用于参加生育保险的女职工",
            "maternity auto filing applies to women insured as employees", Clause(DOC_TIELING, "四.7"),
            {"insutype": person.insutype}, "category",
        )  # fmt: skip
    if cat is Category.TEMPORARY and req.temporary_reason is None:
        raise refuse(
            "CATEGORY_CONDITION", "category.temporary_reason",
            "临时外出就医须选择备案原因：因公出差、学习、探亲、旅游或其他", "temporary filing needs a reason",
            Clause(DOC_2021_45, "附件1"), {}, "temporary_reason",
        )  # fmt: skip
    if not is_long_term(cat) and (req.outpatient_hospital or req.chronic_hospital):
        raise refuse(
            "CATEGORY_CONDITION", "category.pooling_hospital", "只有异地长期居住人员选择门诊统筹/门诊特慢病定点医院",
            "only long-term filers choose an outpatient-pooling or chronic-disease hospital",
            Clause(DOC_2021_45, "四(二)"), {}, "outpatient_hospital",
        )  # fmt: skip


def check_channel_open(category: Category, channel: Channel, rules: RegionRules, on: date) -> None:
    """Hospital-generated filings exist only where the region has opened them: auto filing of
    temporary stays (即申即享, ``auto_filing_temporary``) and the emergency flag as a filing."""
    name = {
        (Category.TEMPORARY, Channel.HOSPITAL_ADMISSION): "auto_filing_temporary",
        (Category.EMERGENCY, Channel.EMERGENCY_FLAG): "emergency_flag_counts_as_filing",
    }.get((category, channel))
    if name is None or rules.value(name, on) is True:
        return
    param = rules.get(name, on)
    raise refuse(
        "CHANNEL_NOT_OPEN", f"channel.{name}", f"参保地在 {on} 尚未开通该渠道（{name}），请本人自助或窗口办理备案",
        f"the insured region has not opened {name} on {on}; file through self-service or the counter",
        param.clause, {"parameter": name, "value": param.value, "effective": param.start}, "channel",
    )  # fmt: skip
