"""Form → service input translation and display helpers (no rules, only parsing)."""

from __future__ import annotations

from yidi.domain.filing.categories import Category
from yidi.entrypoints.web.desk_pages import facts_from_form
from yidi.entrypoints.web.insured_pages import filing_from_form
from yidi.entrypoints.web.labels import region_zh, status_zh, yuan
from yidi.policy.criteria import load_criteria


def test_facts_from_form_types_values_and_drops_blanks() -> None:
    vocab = load_criteria().vocabulary
    specs = [vocab.facts[k] for k in ("systolic_bp", "lactate", "papilledema", "imaging_findings")]
    form = {
        "fact.systolic_bp": "75",
        "fact.lactate": "4.2",
        "fact.papilledema": "",
        "fact.imaging_findings": ["pneumothorax", "volvulus"],
    }
    assert facts_from_form(form, specs) == {
        "systolic_bp": 75,
        "lactate": 4.2,
        "imaging_findings": ["pneumothorax", "volvulus"],
    }
    assert facts_from_form({"fact.papilledema": "false"}, specs) == {"papilledema": False}


def test_filing_form_needs_category_region_and_commitment() -> None:
    cmd, errors = filing_from_form({"treatment_region": "21"})
    assert cmd is None and set(errors) == {"category", "treatment_region", "sign_commitment"}
    cmd, errors = filing_from_form(
        {
            "category": "temporary",
            "treatment_region": "210200",
            "temporary_reason": "travel",
            "sign_commitment": "yes",
        }
    )
    assert errors == {} and cmd is not None
    assert cmd.category is Category.TEMPORARY and cmd.sign_commitment


def test_labels() -> None:
    assert yuan(123456) == "1,234.56 元" and yuan(-5) == "-0.05 元" and yuan(None) == "—"
    assert region_zh("210200") == "大连市（210200）" and region_zh("999999") == "999999"
    assert status_zh("revoked") == "已撤销"
