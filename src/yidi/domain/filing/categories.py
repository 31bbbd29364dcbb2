"""Filing categories (备案人员类别) and their classes.

Seed 000 一 splits people into two classes: long-term (异地长期居住人员: retirees settled
elsewhere, posted workers, other long-term residents) and temporary (临时外出就医人员: referral,
and business trip / study / family visit / travel / other). Seed 001 adds the emergency flag
(二.2), students studying elsewhere (四.5) and maternity (四.7).
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    LONG_TERM_RETIREE = "long_term_retiree"  # 异地安置退休人员
    LONG_TERM_RESIDENT = "long_term_resident"  # 异地长期居住人员（狭义）
    POSTED_WORKER = "posted_worker"  # 常驻异地工作人员
    STUDENT = "student"  # 外地上大学的大学生 (seed 001 四.5)
    REFERRAL = "referral"  # 异地转诊人员
    EMERGENCY = "emergency"  # 异地急诊抢救
    TEMPORARY = "temporary"  # 非急诊且未转诊临时外出 (temporary other)
    MATERNITY = "maternity"  # 生育 (seed 001 四.7)


class FilingClass(StrEnum):
    LONG_TERM = "long_term"
    TEMPORARY = "temporary"


class TemporaryReason(StrEnum):
    """Reasons of a temporary-other filing (附件1 备案原因)."""

    BUSINESS_TRIP = "business_trip"  # 因公出差
    STUDY = "study"  # 学习
    FAMILY_VISIT = "family_visit"  # 探亲
    TRAVEL = "travel"  # 旅游
    OTHER = "other"  # 其他


LABELS_ZH: dict[Category, str] = {
    Category.LONG_TERM_RETIREE: "异地安置退休人员",
    Category.LONG_TERM_RESIDENT: "异地长期居住人员",
    Category.POSTED_WORKER: "常驻异地工作人员",
    Category.STUDENT: "异地就读大学生",
    Category.REFERRAL: "异地转诊人员",
    Category.EMERGENCY: "异地急诊抢救人员",
    Category.TEMPORARY: "临时外出就医人员",
    Category.MATERNITY: "异地生育住院人员",
}

# Students live elsewhere for their studies (seed 000 一: "因各种原因在异地居住的其他人员"), so they
# are long-term; maternity admissions are temporary (auto-filed at admission, seed 001 四.7).
_CLASS: dict[Category, FilingClass] = {
    Category.LONG_TERM_RETIREE: FilingClass.LONG_TERM,
    Category.LONG_TERM_RESIDENT: FilingClass.LONG_TERM,
    Category.POSTED_WORKER: FilingClass.LONG_TERM,
    Category.STUDENT: FilingClass.LONG_TERM,
    Category.REFERRAL: FilingClass.TEMPORARY,
    Category.EMERGENCY: FilingClass.TEMPORARY,
    Category.TEMPORARY: FilingClass.TEMPORARY,
    Category.MATERNITY: FilingClass.TEMPORARY,
}


def filing_class(category: Category) -> FilingClass:
    """Long-term or temporary class of a category (seed 000 一)."""
    return _CLASS[category]


def is_long_term(category: Category) -> bool:
    return _CLASS[category] is FilingClass.LONG_TERM
