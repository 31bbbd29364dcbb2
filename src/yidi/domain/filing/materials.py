"""Proof materials (备案材料) and the one-time notice of what is missing (一次性告知).

Requirements are data (``materials`` parameter): per category a list of groups, each group
satisfied by any one of its kinds. E.g. long-term residence: ID card plus one of residence
permit / hukou / property certificate (seed 001 三(二).2); posted worker: the employer's proof
of posting ≥ 6 months or a labour contract (ibid.); student: student card and admission letter
(seed 001 四.5); 2017 省直 cross-province: application form and letter (seed 002 第九条).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class MaterialKind(StrEnum):
    ID_CARD = "id_card"  # 有效身份证件 / 社会保障卡
    RESIDENCE_PERMIT = "residence_permit"  # 就医地居住证
    HUKOU = "hukou"  # 就医地户口
    PROPERTY_CERTIFICATE = "property_certificate"  # 本人名下房产证
    POSTING_PROOF = "posting_proof"  # 单位派驻异地工作证明
    LABOUR_CONTRACT = "labour_contract"  # 劳动合同
    WORK_PROOF = "work_proof"  # 异地工作证明（自主择业军转人员）
    STUDENT_CARD = "student_card"  # 大学学生证
    ADMISSION_LETTER = "admission_letter"  # 大学录取通知书
    DIAGNOSIS_RECORD = "diagnosis_record"  # 确诊病历（转诊）
    REFERRAL_FORM = "referral_form"  # 转诊转院备案表 (2017 第十条)
    REFERRAL_CERTIFICATE = "referral_certificate"  # 定点医院出具的转诊证明 (seed 001 二.1)
    FAMILY_RESIDENCE_PROOF = "family_residence_proof"  # 配偶/子女/亲属 当地户籍或产权住房证明 (2017 第八条)
    APPLICATION_FORM = "application_form"  # 直接结算申报表 附表1 (2017 第九条)
    APPLICATION_LETTER = "application_letter"  # 个人自愿选择直接结算申请书 (2017 第九条)


LABELS_ZH: dict[MaterialKind, str] = {
    MaterialKind.ID_CARD: "有效身份证件",
    MaterialKind.RESIDENCE_PERMIT: "就医地居住证",
    MaterialKind.HUKOU: "就医地户口",
    MaterialKind.PROPERTY_CERTIFICATE: "本人名下房产证",
    MaterialKind.POSTING_PROOF: "单位出具的派驻异地工作证明",
    MaterialKind.LABOUR_CONTRACT: "劳动合同",
    MaterialKind.WORK_PROOF: "异地工作证明",
    MaterialKind.STUDENT_CARD: "大学学生证",
    MaterialKind.ADMISSION_LETTER: "大学录取通知书",
    MaterialKind.DIAGNOSIS_RECORD: "确诊病历",
    MaterialKind.REFERRAL_FORM: "转诊转院备案表",
    MaterialKind.REFERRAL_CERTIFICATE: "定点医院出具的转诊证明",
    MaterialKind.FAMILY_RESIDENCE_PROOF: "配偶、子女或亲属当地户籍或产权住房证明",
    MaterialKind.APPLICATION_FORM: "异地就医住院医疗费用直接结算申报表",
    MaterialKind.APPLICATION_LETTER: "个人自愿选择住院医疗费用直接结算申请书",
}

Group = tuple[MaterialKind, ...]

# Proofs tied to the treatment place: a change of place needs them anew; the rest carries over.
PLACE_BOUND = frozenset(
    {
        MaterialKind.RESIDENCE_PERMIT,
        MaterialKind.HUKOU,
        MaterialKind.PROPERTY_CERTIFICATE,
        MaterialKind.POSTING_PROOF,
        MaterialKind.LABOUR_CONTRACT,
        MaterialKind.WORK_PROOF,
        MaterialKind.FAMILY_RESIDENCE_PROOF,
    }
)


@dataclass(eq=False)
class Material:
    """One supplied proof; a proof with ``valid_until`` bounds a long-term filing's validity."""

    id: str
    kind: MaterialKind
    supplied_on: date
    reference: str = ""
    valid_until: date | None = None

    def valid_on(self, day: date) -> bool:
        return self.valid_until is None or day <= self.valid_until


def group_label(group: Group) -> str:
    return " 或 ".join(LABELS_ZH[k] for k in group)


def missing_groups(required: Iterable[Group], supplied: Iterable[Material], on: date) -> list[Group]:
    """Groups not satisfied by a material valid on ``on`` — the full list at once (一次性告知)."""
    have = {m.kind for m in supplied if m.valid_on(on)}
    return [g for g in required if not have.intersection(g)]


def proof_valid_until(required: Iterable[Group], supplied: Iterable[Material], on: date) -> date | None:
    """When the proof ends: the earliest expiry among the materials that satisfy the groups.

    A long-term filing is valid as long as its proof (seed 004 一(一)); for each group the
    longest-lived supplied alternative still valid on ``on`` counts; no expiry means open-ended.
    """
    materials = [m for m in supplied if m.valid_on(on)]
    ends: list[date] = []
    for group in required:
        matching = [m for m in materials if m.kind in group]
        if not matching or any(m.valid_until is None for m in matching):
            continue
        ends.append(max(m.valid_until for m in matching if m.valid_until is not None))
    return min(ends) if ends else None
