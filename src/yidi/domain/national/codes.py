"""Code tables the hospital side needs (the national interface specification: code tables; see
docs/national-interface.md), national core only.

Provincial extensions (4-digit ``med_type`` such as 2101) are not accepted yet: 2401 takes the
inpatient codes (住院), 2203 the outpatient ones (门诊, §2.7 / §3.3).
"""

from __future__ import annotations

from datetime import date

INPATIENT_MED_TYPES = {
    "21": "普通住院",
    "22": "外伤住院",
    "23": "转外诊治住院",
    "24": "急诊转住院",
    "52": "生育住院",
}
OUTPATIENT_MED_TYPES = {
    "11": "普通门诊",
    "12": "门诊挂号",
    "13": "急诊",
    "14": "门诊慢特病",
    "51": "生育门诊",
}
EMERGENCY_MED_TYPE = "24"
REFERRAL_MED_TYPE = "23"
MATERNITY_MED_TYPE = "52"
MDTRT_CERT_TYPES = {"01": "医保电子凭证", "02": "居民身份证", "03": "社会保障卡"}
INSUTYPES = {"310": "职工基本医疗保险", "390": "城乡居民基本医疗保险"}
PSN_SETLWAY = {"01": "按项目结算", "02": "按定额结算"}
CLR_TYPE_INPATIENT = "21"  # 清算类别 21 住院
CLR_TYPE_OUTPATIENT = "11"  # 清算类别 11 门诊
CLR_WAY_ITEM = "01"  # 清算方式 01 按项目
PAY_LOC_IN_PROVINCE, PAY_LOC_CROSS_PROVINCE = "3", "4"  # 支付地点类别
DSCG_WAYS = {
    "1": "医嘱离院",
    "2": "医嘱转院",
    "3": "医嘱转社区卫生服务机构/乡镇卫生院",
    "4": "非医嘱离院",
    "5": "死亡",
    "9": "其他",
}
STMT_RESULTS = {"0": "对平", "1": "中心多", "2": "医药机构多", "3": "数据不一致"}
GENDERS = {"1": "1", "2": "2"}  # from the ID number: odd 17th digit = 男 1, even = 女 2

# Hospital level (医院等级) in the settlement contract → the national hosp_lv text we report.
HOSP_LV_NAMES = {
    "3A": "三级甲等",
    "3B": "三级乙等",
    "3": "三级",
    "2": "二级",
    "1": "一级",
    "township": "乡镇卫生院",
    "unrated": "未定级",
}


def pay_loc(insured_region: str, treatment_region: str) -> str:
    """3 省内异地 when both regions are in one province, else 4 跨省异地 (§3.5 ``pay_loc``)."""
    same_province = insured_region[:2] == treatment_region[:2]
    return PAY_LOC_IN_PROVINCE if same_province else PAY_LOC_CROSS_PROVINCE


def national_psn_type(psn_type: str, birth: date, on: date) -> str:
    """The national ``psn_type`` (§3.2) of a person the filing register records as ``13`` 居民.

    The register (issue 4) keeps 11 在职 / 12 退休 / 13 居民; the national code table and the
    benefit policies split residents by age: 14 未成年 (< 18), 15 成年, 16 老年 (≥ 60). The age
    limits are an assumption to confirm against the insured region's 1901 dictionary.
    """
    if psn_type != "13":
        return psn_type
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return "14" if age < 18 else "16" if age >= 60 else "15"


# The transactions that answer a person's own records (basic data, eligibility, visits,
# settlements, fee lines, registrations): each successful one is a read of that person for the
# audit log (issue 13 scope 8), beside the message log. 3260/3202 answer the hospital's own
# settlement lines of a month in bulk (clearing), not one person's records.
PERSON_READS = {
    "1101": "人员信息获取",
    "2001": "人员待遇享受检查",
    "5201": "就诊信息查询",
    "5203": "结算信息查询",
    "5204": "费用明细查询",
    "5301": "人员慢特病备案查询",
    "5302": "人员定点信息查询",
}
