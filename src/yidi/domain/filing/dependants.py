"""Who files as a long-term resident on someone else's footing (seed 001 二.4, last sentences).

* 未成年居民医保参保人员随监护人异地居住: a minor in the residents' scheme (390) living with a guardian
  who works away and cannot be insured there files as a long-term resident when the guardian is
  insured as an employee at that place or holds a posted-worker filing (常驻异地工作人员备案) for it.
  The guardian's record, checked by the service layer (``Guardian``), stands for the place proof.
* 自主择业军转人员: may file with a local property certificate, residence permit or a work proof at
  the place — the work proof (``work_proof``) counts for them only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yidi.domain.errors import FilingRefused
from yidi.domain.filing.clauses import DOC_TIELING, Clause, Reason
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.identifiers import IdNumber

CLAUSE = Clause(DOC_TIELING, "二.4")
ADULT_AGE = 18


@dataclass(frozen=True)
class Guardian:
    """What the agency's records say of the guardian, for the treatment place."""

    id_number: str
    employee_insured_at_place: bool  # 监护人在当地参加职工医保
    posted_filing_id: str | None = None  # 已办理常驻异地工作人员异地就医备案 (in force, that place)


def age_on(id_number: str, on: date) -> int:
    born = IdNumber(id_number).birth_date
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def check_minor(person: InsuredPerson, guardian: Guardian | None, on: date) -> Reason:
    """The minor's condition, or a refusal naming the clause; returns the reason it holds."""
    age = age_on(person.id_number, on)
    problem = None
    if person.insutype != "390" or age >= ADULT_AGE:
        problem = f"随监护人异地居住的备案适用于未成年居民医保参保人员（本人险种 {person.insutype}，{age} 岁）"
    elif guardian is None:
        problem = "未找到监护人的参保记录"
    elif not guardian.employee_insured_at_place and guardian.posted_filing_id is None:
        problem = "监护人须在就医地参加职工医保或已办理常驻异地工作人员异地就医备案"
    params: dict[str, object] = {"age": age, "insutype": person.insutype}
    if guardian is not None:
        params |= {"guardian": guardian.id_number, "guardian_posted_filing": guardian.posted_filing_id,
                   "guardian_employee_insured_at_place": guardian.employee_insured_at_place}  # fmt: skip
    if problem:
        raise FilingRefused(
            "CATEGORY_CONDITION", Reason("category.minor_with_guardian", problem, "minor following a guardian: condition not met", CLAUSE, params, "guardian_id_number")
        )  # fmt: skip
    basis = "已办理常驻异地工作人员备案" if guardian and guardian.posted_filing_id else "在就医地参加职工医保"
    return Reason(
        "category.minor_with_guardian",
        f"未成年人随监护人异地长期居住，监护人{basis}，以监护人记录代替居住证明",
        "minor following a guardian: the guardian's record stands for the place proof",
        CLAUSE,
        params,
    )


def veteran_reason() -> Reason:
    return Reason(
        "category.veteran",
        "自主择业军转人员：异地工作证明可作为长期居住证明",
        "self-employed demobilised officer: a work proof at the place counts as proof",
        CLAUSE,
    )
