"""The transcription of 附件2 (seed 000) / seed 003: all 12 systems, all 56 diseases in the
document's order, each with its source text, source reference and a threshold written in it."""

from __future__ import annotations

import datetime as dt

from yidi.domain.criteria import CriteriaSet
from yidi.domain.criteria.leaves import Compare, Derived
from yidi.domain.criteria.logic import All, Any, Not
from yidi.domain.criteria.rules import Node, number

SYSTEMS = {
    "循环系统": ["心脏骤停", "急性冠脉综合征", "致命性心律失常", "高血压危象", "急性心包压塞", "休克",
                 "主动脉夹层", "重症病毒性心肌炎", "主动脉瘤破裂"],
    "呼吸系统": ["重症支气管哮喘急性发作", "呼吸衰竭", "急性肺栓塞", "急性呼吸窘迫综合征", "自发性气胸", "大咯血"],
    "消化系统": ["急性危险性上消化道出血", "急性重症胰腺炎", "急性肝衰竭", "急性梗阻性化脓性胆管炎", "急性肠梗阻",
                 "急性肠系膜缺血", "急性肠扭转", "消化道穿孔", "肝性脑病", "急性阑尾炎"],
    "内分泌系统": ["糖尿病酮症酸中毒", "非酮性高渗性糖尿病昏迷", "甲亢危象", "肾上腺皮质功能危象", "垂体危象",
                   "严重酸碱失衡及电解质紊乱"],
    "神经系统": ["急性脑血管病", "癫痫大发作", "重症肌无力危象", "自发性蛛网膜下腔出血", "重症脑炎", "格林巴利综合征"],
    "泌尿系统": ["急性肾功能衰竭", "溶血尿毒综合征", "急性横纹肌溶解", "急性输尿管结石"],
    "血液系统": ["急性溶血性贫血", "弥散性血管内凝血", "急性血小板减少", "血栓性血小板减少性紫癜"],
    "意外伤害": ["急性一氧化碳中毒", "急性亚硝酸盐中毒", "蛇咬伤"],
    "妇科危重症": ["宫外孕破裂出血", "重度子痫", "卵巢囊肿蒂扭转", "胎盘早剥"],
    "儿科危重症": ["小儿高热惊厥", "急性睾丸扭转"],
    "耳鼻喉科危重症": ["急性喉炎/会厌炎"],
    "传染性疾病": ["甲类传染病及按甲类管理的乙类传染病"],
}  # fmt: skip


def test_all_twelve_systems_and_every_disease_in_document_order(criteria: CriteriaSet) -> None:
    got = {s.name: [d.name for d in s.diseases] for s in criteria.systems}
    assert got == SYSTEMS
    assert list(got) == list(SYSTEMS)
    assert [s.section for s in criteria.systems] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                                     "十一", "十二"]  # fmt: skip
    assert len(criteria.diseases) == 56


def test_version_and_document(criteria: CriteriaSet) -> None:
    assert criteria.document == "辽医保发〔2020〕13号"
    assert criteria.effective_from == dt.date(2021, 6, 1)
    assert [s["seed"] for s in criteria.sources] == ["000", "003", "001"]
    assert criteria.preamble == "符合以下疾病诊断且满足关键标准的，可申请办理备案并直接结算。"


def test_every_disease_keeps_source_text_and_reference(criteria: CriteriaSet) -> None:
    for disease in criteria.diseases:
        assert disease.source_text.startswith("关键标准："), disease.code
        assert disease.source_text.endswith("。"), disease.code
        assert "seed 000" in disease.source_ref and "seed 003" in disease.source_ref
        assert disease.name in disease.source_ref
    shock = criteria.find("休克")
    assert shock.source_text == "关键标准：收缩压 ≤ 80mmHg 伴乳酸 > 3mmol/L。"
    assert shock.section == "一（六）"
    assert shock.source_ref.endswith("一、循环系统（六）休克")


def _leaves(node: Node) -> list[Compare | Derived]:
    if isinstance(node, Compare | Derived):
        return [node]
    if isinstance(node, All | Any):
        return [leaf for child in node.children for leaf in _leaves(child)]
    if isinstance(node, Not):
        return _leaves(node.child)
    return []


def test_every_threshold_appears_in_the_source_text(criteria: CriteriaSet) -> None:
    """Guards against typos: 乳酸 > 3 must come from a text that says 3."""
    for disease in criteria.diseases:
        for leaf in _leaves(disease.rule):
            assert number(leaf.threshold) in disease.source_text, (disease.code, leaf.threshold)


def test_strictness_as_written(criteria: CriteriaSet) -> None:
    ops = {(d.code, leaf.spec.key): leaf.op for d in criteria.diseases for leaf in _leaves(d.rule)}
    assert ops[("shock", "lactate")] == ">"  # 乳酸 > 3
    assert ops[("shock", "systolic_bp")] == "<="  # 收缩压 ≤ 80
    assert ops[("hypertensive_crisis", "diastolic_bp")] == ">="  # ≥ 130
    assert ops[("acute_coronary_syndrome", "ck_mb_uln_multiple")] == ">="  # 4 倍及以上
    assert ops[("massive_hemoptysis", "hemoptysis_single_ml")] == ">="  # 100ml 以上
    assert ops[("massive_hemoptysis", "hemoptysis_24h_ml")] == ">"  # 超过 600ml
    assert ops[("acute_renal_failure", "creatinine_rise")] == ">"  # 增加超过40
    assert ops[("acute_renal_failure", "creatinine_interval_hours")] == "<="  # 48小时内
    assert ops[("severe_acid_base_electrolyte_disorder", "serum_sodium")] in (">", "<")


def test_treatments_drugs_and_class_a_infections_are_in_the_vocabulary(criteria: CriteriaSet) -> None:
    vocab = criteria.vocabulary.facts
    assert set(vocab["procedures"].values.values()) >= {"心肺复苏", "气管插管", "有创呼吸机治疗", "心包穿刺",
                                                        "急诊手术", "急诊内镜下止血", "急诊介入止血"}  # fmt: skip
    assert set(vocab["drugs"].values.values()) == {
        "垂体后叶素",
        "蛇毒血清",
        "地西泮",
        "苯巴比妥",
        "水合氯醛",
        "丙戊酸",
    }
    assert set(vocab["infections"].values.values()) == {
        "鼠疫", "霍乱", "新型冠状病毒肺炎", "炭疽", "人感染高致病性禽流感", "传染性非典型肺炎",
    }  # fmt: skip


def test_references_resolve_to_the_renal_failure_criterion(criteria: CriteriaSet) -> None:
    for code in ("hemolytic_uremic_syndrome", "acute_rhabdomyolysis", "thrombotic_thrombocytopenic_purpura"):
        assert {"creatinine", "creatinine_baseline", "creatinine_interval_hours"} <= criteria.find(code).facts


def test_find_by_code_name_alias_and_full_width(criteria: CriteriaSet) -> None:
    assert criteria.find("shock").name == "休克"
    assert criteria.find("ＡＲＤＳ").code == "ards"
    assert criteria.find(" 弥散性血管内凝血 ").code == "disseminated_intravascular_coagulation"
    assert criteria.find("一（六）").code == "shock"
    assert criteria.find("十二").code == "class_a_infectious_disease"
