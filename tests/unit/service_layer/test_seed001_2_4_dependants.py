"""Seed 001 二.4: a minor in the residents' scheme following a guardian who works away, and the
自主择业军转 officer's work proof."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from tests.filing_setup import STAFF

from yidi.domain.errors import FilingRefused
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind as K
from yidi.domain.identifiers import check_char
from yidi.service_layer import filing_services as fs
from yidi.service_layer.person_services import register_person

CLAUSE = "铁岭市参保人员异地就医联网结算服务指南 二.4"
FORM = {"phone": "13800000000", "signed_by": "监护人"}


def _idn(born: str, serial: str) -> str:
    body = f"211202{born}{serial}"
    return body + check_char(body)


def _register(uow, idn: str, insutype: str, psn_type: str, region: str = "211200") -> str:  # type: ignore[no-untyped-def]
    register_person(uow, STAFF, id_number=idn, name="某人", insutype=insutype, psn_type=psn_type, insured_region=region)
    return idn


def _minor_filing(guardian: str) -> NewFiling:
    return NewFiling(Category.LONG_TERM_RESIDENT, "110100", guardian_id_number=guardian, form=FORM)


def test_seed001_二_4_minor_follows_a_guardian_with_a_posted_worker_filing(uow, clock):
    clock.today = date(2026, 3, 2)
    parent = _register(uow, _idn("19880101", "011"), "310", "11")
    child = _register(uow, _idn("20150601", "021"), "390", "13")
    fs.file(uow, STAFF, parent, NewFiling(
        Category.POSTED_WORKER, "110100", materials=(MaterialIn(K.POSTING_PROOF),), posting_months=12, form=FORM,
    ))  # fmt: skip
    out = fs.file(uow, STAFF, child, _minor_filing(parent))
    assert out["filing"]["status"] == "active"
    why = out["reasons"][0]
    assert why["rule_id"] == "category.minor_with_guardian" and why["clause"] == CLAUSE
    assert why["params"]["guardian_posted_filing"]


def test_seed001_二_4_minor_refused_when_the_guardian_has_no_footing_there(uow, clock):
    clock.today = date(2026, 3, 2)
    parent = _register(uow, _idn("19880101", "031"), "390", "13")
    child = _register(uow, _idn("20150601", "041"), "390", "13")
    with pytest.raises(FilingRefused) as exc:
        fs.file(uow, STAFF, child, _minor_filing(parent))
    assert exc.value.code == "CATEGORY_CONDITION" and str(exc.value.clause) == CLAUSE
    adult = _register(uow, _idn("19900101", "051"), "390", "13")
    with pytest.raises(FilingRefused, match="未成年"):
        fs.file(uow, STAFF, adult, _minor_filing(parent))


def test_seed001_二_4_minor_with_a_guardian_insured_as_employee_at_the_place(uow, clock):
    clock.today = date(2026, 3, 2)
    parent = _register(uow, _idn("19880101", "061"), "310", "11", region="210200")
    child = _register(uow, _idn("20150601", "071"), "390", "13")
    out = fs.file(uow, STAFF, child, NewFiling(Category.LONG_TERM_RESIDENT, "210200", guardian_id_number=parent, form=FORM))
    assert out["filing"]["status"] == "active"
    assert out["reasons"][0]["params"]["guardian_employee_insured_at_place"] is True


def test_seed001_二_4_work_proof_counts_for_a_军转_officer_only(uow, clock):
    clock.today = date(2026, 3, 2)
    officer = _register(uow, _idn("19750101", "011"), "310", "11")
    req = NewFiling(Category.LONG_TERM_RESIDENT, "110100", materials=(MaterialIn(K.WORK_PROOF, "工作证明"),), form=FORM)
    draft = fs.file(uow, STAFF, officer, req)
    assert draft["filing"]["status"] == "draft"  # an ordinary resident: the work proof is not residence proof
    other = _register(uow, _idn("19750101", "031"), "310", "11")
    out = fs.file(uow, STAFF, other, replace(req, veteran=True))
    assert out["filing"]["status"] == "active" and out["reasons"][0]["rule_id"] == "category.veteran"
