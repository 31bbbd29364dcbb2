"""Request bodies (pydantic, at the edge only) and their translation into domain commands."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind


class MaterialBody(BaseModel):
    kind: MaterialKind
    reference: str = Field("", max_length=200, description="证件号/文书编号")
    valid_until: date | None = Field(None, description="证明有效期至（居住证等）")


class FilingBody(BaseModel):
    """附件1 fields plus what the rules need."""

    id_number: str = Field(..., description="公民身份号码 (GB 11643)")
    category: Category
    treatment_region: str = Field(..., description="就医地：市 (xxxx00) 或省 (xx0000) 区划代码")
    temporary_reason: TemporaryReason | None = None
    start_date: date | None = None
    admitted_on: date | None = Field(None, description="已住院时的入院日期（自助备案可追溯到前一天）")
    outpatient_hospital: str | None = Field(None, description="门诊统筹定点医院编码（长期）")
    chronic_hospital: str | None = Field(None, description="门诊特慢病定点医院编码（长期）")
    materials: list[MaterialBody] = []
    sign_commitment: bool = Field(False, description="材料不全时签订承诺书（自助备案默认承诺）")
    posting_months: int | None = Field(None, ge=0, le=600, description="派驻异地工作月数")
    form: dict[str, str] = Field(
        default_factory=dict, description="附件1：employer, contact, phone, signed_by"
    )
    diagnosis: str | None = Field(None, max_length=300, description="转诊：诊断")
    diagnosis_code: str | None = Field(None, max_length=30, description="转诊：ICD-10 编码（可选）")
    referring_hospital: str | None = Field(None, max_length=100, description="转诊：转出（诊断）医院")
    guardian_id_number: str | None = Field(None, max_length=18, description="未成年人随监护人：监护人身份证号")
    veteran: bool = Field(False, description="自主择业军转人员")
    request_id: str | None = Field(None, max_length=100, description="客户端请求号，重试幂等")

    def command(self) -> NewFiling:
        return NewFiling(
            category=self.category,
            treatment_region=self.treatment_region,
            temporary_reason=self.temporary_reason,
            start_date=self.start_date,
            admitted_on=self.admitted_on,
            outpatient_hospital=self.outpatient_hospital,
            chronic_hospital=self.chronic_hospital,
            materials=materials(self.materials),
            sign_commitment=self.sign_commitment,
            posting_months=self.posting_months,
            form=dict(self.form),
            diagnosis=self.diagnosis,
            diagnosis_code=self.diagnosis_code,
            referring_hospital=self.referring_hospital,
            guardian_id_number=self.guardian_id_number,
            veteran=self.veteran,
        )


class AdmissionBody(FilingBody):
    category: Category = Category.TEMPORARY
    admitted_on: date
    temporary_reason: TemporaryReason | None = TemporaryReason.OTHER


class ThirdCityBody(BaseModel):
    treatment_region: str
    admitted_on: date
    category: Category = Category.TEMPORARY
    temporary_reason: TemporaryReason | None = TemporaryReason.OTHER
    form: dict[str, str] = Field(default_factory=dict)  # 附件1 at the counter (phone, signed_by …)
    request_id: str | None = None


class CancelBody(BaseModel):
    reason: str = Field("", max_length=200)
    request_id: str | None = None


class ChangeBody(BaseModel):
    treatment_region: str | None = None
    outpatient_hospital: str | None = None
    chronic_hospital: str | None = None
    workplace_changed: bool = Field(False, description="常驻异地工作人员工作地变更")
    materials: list[MaterialBody] = []
    request_id: str | None = None


class MaterialsBody(BaseModel):
    materials: list[MaterialBody] = Field(..., min_length=1)
    request_id: str | None = None


class CompleteBody(BaseModel):
    discharge_date: date
    request_id: str | None = None


class SettlementBody(BaseModel):
    settlement_id: str = Field(..., max_length=64)
    settled_on: date | None = Field(None, description="不采用：以平台结算记录为准")
    benefit_difference_fen: int | None = Field(None, ge=0, description="不采用：待遇差由平台结算计算")


class PersonBody(BaseModel):
    name: str = Field(..., max_length=60)
    insutype: str = Field(..., description="310 职工 / 390 居民")
    psn_type: str = Field(..., description="11 在职 / 12 退休 / 13 居民")
    insured_region: str
    civil_servant: bool = False
    account_balance_fen: int = Field(0, ge=0)


def materials(items: list[MaterialBody]) -> tuple[MaterialIn, ...]:
    return tuple(MaterialIn(m.kind, m.reference, m.valid_until) for m in items)


class PersonStatusBody(BaseModel):
    """参保状态变更 (seed 002 第十三条(二))."""

    event: Literal["retire", "suspend", "resume", "terminate"]
    request_id: str | None = None

