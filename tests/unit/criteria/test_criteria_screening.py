"""Screening one patient's facts against every disease."""

from __future__ import annotations

from yidi.domain.criteria import CriteriaSet, screen


def test_screening_sorts_diseases_into_qualifies_undetermined_not_met(criteria: CriteriaSet) -> None:
    result = screen(criteria, {"systolic_bp": 75, "lactate": 4.2, "hemoglobin": 65})
    assert [d.code for d in result.qualifies] == ["shock", "acute_upper_gi_bleeding"]
    assert [(d.code, m) for d, m in result.undetermined] == [
        ("hypertensive_crisis", ("diastolic_bp", "papilledema")),
        ("pituitary_crisis", ("imaging_findings",)),
    ]
    assert [d.code for d in result.not_met] == ["aortic_dissection"]
    assert len(result.not_assessed) == 56 - 5


def test_screening_follows_criterion_references(criteria: CriteriaSet) -> None:
    facts = {"creatinine_interval_hours": 24, "creatinine": 200, "creatinine_baseline": 100, "myoglobin": 1500,
             "platelet_count": 40, "schistocytes": True}  # fmt: skip
    result = screen(criteria, facts)
    assert [d.code for d in result.qualifies] == [
        "acute_renal_failure",
        "acute_rhabdomyolysis",
        "thrombotic_thrombocytopenic_purpura",
    ]
    undetermined = dict((d.code, m) for d, m in result.undetermined)
    assert undetermined["hemolytic_uremic_syndrome"] == ("reticulocyte_percent",)
    assert undetermined["severe_eclampsia"] == ("imaging_findings", "urine_protein_positive")
    assert undetermined["disseminated_intravascular_coagulation"] == (
        "prothrombin_time", "prothrombin_time_control", "d_dimer_elevated",
    )  # fmt: skip
    assert [d.code for d in result.not_met] == ["acute_thrombocytopenia"]  # 40 > 20


def test_screening_as_dict(criteria: CriteriaSet) -> None:
    data = screen(criteria, {"procedures": ["cpr"]}).as_dict()
    assert data["qualifies"] == [{"code": "cardiac_arrest", "name": "心脏骤停", "system": "循环系统"}]
    assert {d["code"] for d in data["not_met"]} >= {"acute_cardiac_tamponade", "acute_appendicitis"}
    assert data["not_assessed"] == 56 - 1 - len(data["not_met"]) - len(data["undetermined"])


def test_empty_facts_assess_nothing(criteria: CriteriaSet) -> None:
    result = screen(criteria, {})
    assert result.qualifies == () and result.undetermined == () and result.not_met == ()
    assert len(result.not_assessed) == 56
