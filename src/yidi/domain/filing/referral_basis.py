"""What a referral filing rests on (转诊依据): the diagnosis against the referral catalogue, or a
hospital's referral certificate (seed 001 二.1 / 三(二).1; seed 002 第十条).

A referral filing names the diagnosis (text, optional ICD-10 code) and the referring hospital. The
service layer looks the diagnosis up in the insured region's 转诊目录 with the referral module's
fuzzy search and hands the answer in as ``CatalogueCheck``; the domain decides:

* listed (best row at or above the threshold) → the agency or its delegated hospital files it
  directly, no certificate needed; the matched row and score go into the answer;
* below the threshold, or the region has no catalogue (铁岭's own is not among the documents:
  "目录未提供") → the filing needs the certificate of a hospital qualified to refer
  (``referral_certificate``), else it is refused naming the clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from yidi.domain.errors import FilingRefused, Problems
from yidi.domain.filing.clauses import DOC_2017_29, DOC_TIELING, Clause, Reason
from yidi.domain.filing.materials import Material, MaterialKind
from yidi.domain.filing.rules import RegionRules

CLAUSE = Clause(DOC_TIELING, "二.1")
CERTIFICATE_CLAUSE = Clause(DOC_2017_29, "第十条")
# the hospital's certificate: a 转诊证明, or the 2017 转诊转院备案表 a qualified hospital fills in
CERTIFICATES = frozenset({MaterialKind.REFERRAL_CERTIFICATE, MaterialKind.REFERRAL_FORM})
_ICD10 = re.compile(r"^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$")


@dataclass(frozen=True)
class CatalogueCheck:
    """The insured region's catalogue on the diagnosis: no catalogue, or the best row and score."""

    has_catalogue: bool
    listed: bool = False
    threshold: float = 0.0
    best: dict[str, object] = field(default_factory=dict)  # row, department, text, score, match

    @property
    def score(self) -> float | None:
        value = self.best.get("score")
        return float(value) if isinstance(value, int | float) else None


def check_fields(diagnosis: str | None, code: str | None, referring_hospital: str | None) -> dict[str, str]:
    """The referral's own fields (all problems at once): diagnosis text required, ICD-10 code
    optional but well formed, referring hospital required. Returns them for the filing's form."""
    problems = Problems()
    text = (diagnosis or "").strip()
    if not text:
        problems.add("diagnosis", "转诊备案须填写诊断", "a referral filing needs the diagnosis")
    icd = (code or "").strip().upper()
    if icd and not _ICD10.match(icd):
        problems.add("diagnosis_code", f"ICD-10 编码格式错误：{code}（如 I21.900）", f"bad ICD-10 code {code!r}")
    hospital = (referring_hospital or "").strip()
    if not hospital:
        problems.add("referring_hospital", "转诊备案须填写转出（诊断）医院", "the referring hospital is required")
    problems.check()
    out = {"diagnosis": text, "referring_hospital": hospital}
    return {**out, "diagnosis_code": icd} if icd else out


def decide(check: CatalogueCheck | None, materials: list[Material]) -> Reason:
    """The basis of the referral, or a refusal naming the clause when a certificate is missing."""
    if check is not None and check.listed:
        return Reason(
            "referral.catalogue_listed",
            f"诊断符合参保地转诊目录第 {check.best.get('row')} 项“{check.best.get('text')}”"
            f"（匹配度 {check.score}），无需定点医院出具转诊证明",
            f"diagnosis listed in the referral catalogue (row {check.best.get('row')}, score {check.score})",
            CLAUSE,
            {"catalogue_row": check.best, "score": check.score, "threshold": check.threshold},
        )
    if check is None or not check.has_catalogue:
        why_zh, why_en = "参保地转诊目录未提供", "the insured region's referral catalogue is not available"
        params: dict[str, object] = {"catalogue": "目录未提供"}
    else:
        why_zh = f"诊断未达到参保地转诊目录的匹配标准（最接近：第 {check.best.get('row')} 项，匹配度 {check.score}，须 ≥ {check.threshold}）"
        why_en = f"diagnosis below the catalogue threshold (best score {check.score} < {check.threshold})"
        params = {"catalogue_row": check.best or None, "score": check.score, "threshold": check.threshold}
    if any(m.kind in CERTIFICATES for m in materials):
        return Reason(
            "referral.certificate",
            f"{why_zh}，凭定点医院出具的转诊证明办理",
            f"{why_en}: filed on the hospital's referral certificate",
            CERTIFICATE_CLAUSE,
            params,
        )
    raise FilingRefused(
        "REFERRAL_CERTIFICATE_REQUIRED",
        Reason(
            "referral.certificate_required",
            f"{why_zh}，须由具有转诊转院资格的定点医院出具转诊证明后办理",
            f"{why_en}: a referral certificate from a qualified hospital is required",
            CLAUSE,
            params,
            "materials",
        ),
    )


def check_delegation(hospital: str, rules: RegionRules, on: date) -> None:
    """A hospital files a referral only with the agency's delegation (委托; seed 001 二.1): the
    region's ``referral_delegated_hospitals`` — ``any`` or a list of codes (A-FIL-13)."""
    param = rules.get("referral_delegated_hospitals", on)
    if param.value == "any" or hospital in param.value:
        return
    raise FilingRefused(
        "REFERRAL_NOT_DELEGATED",
        Reason(
            "referral.delegation",
            f"定点医院 {hospital} 未受参保地经办机构委托办理转诊备案，请由参保地经办机构或受委托医院办理",
            f"hospital {hospital} is not delegated by the insured region to file referrals",
            param.clause,
            {"hospital": hospital, "delegated": param.value},
            "hospital",
        ),
    )

