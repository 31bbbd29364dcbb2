"""The 朝阳 referral catalogue (异地就医结算问题清单 附件 2) is in the package completely and exactly."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

import pytest

from yidi.domain.referral import NoReferralCatalogue
from yidi.policy.referral import available_catalogues, catalogue_for

# Facts of the source table, taken from the attachment itself: its 177 rows as "序号<TAB>科室<TAB>
# 疾病名称/治疗方式" lines joined by newlines hash to ROWS_SHA256, and its departments, in the order
# they first appear, have these numbers of rows.
ROWS_SHA256 = "7477fa88fea49ced9dd59cf5c7ded2be5b34f553e5747c6ea1e2a93350e81aab"
DEPARTMENTS = {
    "儿科": 44, "循环内科": 8, "呼吸内科": 10, "消化内科": 6, "消化内镜科": 10, "介入治疗科": 2, "肿瘤介入": 2,
    "泌尿外科": 13, "皮肤科": 4, "普外科": 9, "烧伤整形科": 5, "神经内科": 9, "神经外科": 2, "泌尿内科": 4,
    "肾内科": 5, "眼科": 3, "肿瘤内科": 5, "肿瘤科": 3, "重症医学科": 3, "骨科": 1, "胸外科": 2, "内分泌科": 2,
    "风湿免疫科": 4, "产科": 3, "口腔科": 2, "血液科": 8, "传染科": 4, "综合": 4,
}  # fmt: skip


def test_all_177_rows_numbered_1_to_177() -> None:
    c = catalogue_for("211300")
    assert len(c.rows) == 177
    assert [r.number for r in c.rows] == list(range(1, 178))
    assert all(r.department and r.text for r in c.rows)


@pytest.mark.parametrize(
    ("number", "department", "text"),
    [
        (1, "儿科", "新生儿溶血病需要换血治疗"),
        (24, "儿科", "梗阻性黄疸需行（ERCP 或 EST 或 ENBD）检查及治疗"),
        (43, "儿科", "疑难复杂的家装下晃乳腺疾病-需明确诊断及手术治疗"),  # garbled in the source: kept
        (45, "循环内科", "冠脉搭桥术"),
        (66, "消化内科", "门脉高压症 tips 治疗"),
        (101, "普外科", "肝移植/手术及术后治疗"),
        (102, "普外科", "甲状腺癌术后/碘 131 治疗"),
        (144, "肿瘤科", "螺旋断层放射治疗系统（TOMO）"),
        (162, "血液科", "重型再生障碍性贫血，需要 ATG/ALG 治疗；造血干细胞移植治疗的"),
        (177, "综合", "其他脏器移植和异体组织移植"),
    ],
)
def test_rows_as_written_in_the_seed(number: int, department: str, text: str) -> None:
    row = catalogue_for("211300").rows[number - 1]
    assert (row.number, row.department, row.text) == (number, department, text)


def test_every_row_matches_the_source_table() -> None:
    rows = catalogue_for("211300").rows
    text = "\n".join(f"{r.number}\t{r.department}\t{r.text}" for r in rows)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == ROWS_SHA256
    assert list(Counter(r.department for r in rows).items()) == list(DEPARTMENTS.items())


def test_header_names_source_and_marks_the_assumed_date() -> None:
    c = catalogue_for("211300")
    assert c.region_name == "朝阳市"
    assert c.version == 1
    assert c.source.attachment == "附件 2"
    assert c.source.title_as_written == "朝阳市基本医疗保险转诊转院病种 及诊疗项目目录"
    assert c.source.document_number is None  # the seed gives none
    assert c.effective_from == date(2021, 1, 1)
    assert c.effective_from_assumed is True
    assert c.effective_note


def test_aliases_never_replace_the_source_text() -> None:
    row = catalogue_for("211300").rows[80]
    assert "例子支架" in row.text
    assert row.aliases == ("胆道恶性肿瘤需行粒子支架及消融治疗",)
    assert row.note


def test_regions_lists_chaoyang() -> None:
    assert "211300" in [c.region for c in available_catalogues()]


@pytest.mark.parametrize("region", ["211200", "210100", "110000"])
def test_region_without_catalogue_says_so(region: str) -> None:
    with pytest.raises(NoReferralCatalogue) as err:
        catalogue_for(region)
    assert err.value.problem.field == "region"
    assert "该统筹区没有转诊目录" in err.value.problem.zh


def test_no_catalogue_before_its_effective_date() -> None:
    with pytest.raises(NoReferralCatalogue) as err:
        catalogue_for("211300", on=date(2020, 12, 31))
    assert "2020-12-31" in err.value.problem.zh
    assert catalogue_for("211300", on=date(2021, 1, 1)).region == "211300"
