"""Seed 001 二.1 / 002 第十条: a referral filing names the diagnosis and the referring hospital; the
agency files it on the insured region's 转诊目录 (fuzzy search: matched row and score in the answer)
or, below the threshold or without a catalogue (铁岭: 目录未提供), on a hospital's certificate."""

from __future__ import annotations

from datetime import date

import pytest
from tests.filing_setup import register

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.errors import FilingRefused, InvalidInput
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind as K
from yidi.service_layer import filing_services as fs

AGENCY = Actor("wang", Role.STAFF, Channel.REFERRAL_AGENCY)
RECORD = MaterialIn(K.DIAGNOSIS_RECORD, "病历")


def _person(uow, new_id_number, region: str) -> str:  # type: ignore[no-untyped-def]
    idn: str = new_id_number()
    register(uow, idn, region)
    return idn


def _referral(diagnosis: str, *extra: MaterialIn, **kw: str) -> NewFiling:
    return NewFiling(
        Category.REFERRAL, "210100", materials=(RECORD, *extra), diagnosis=diagnosis,
        referring_hospital=kw.pop("hospital", "H21130000001"), **kw,
    )  # fmt: skip


def test_seed001_二_1_listed_diagnosis_filed_directly_with_row_and_score(uow, clock, new_id_number):
    clock.today = date(2026, 3, 2)
    idn = _person(uow, new_id_number, "211300")
    out = fs.file(uow, AGENCY, idn, _referral("新生儿溶血病需要换血治疗", diagnosis_code="p55.1"))
    f = out["filing"]
    assert f["status"] == "active" and f["form"]["diagnosis_code"] == "P55.1"
    assert f["form"]["referring_hospital"] == "H21130000001" and f["form"]["catalogue_row"] == "1"
    why = out["reasons"][0]
    assert why["rule_id"] == "referral.catalogue_listed" and why["clause"] == "铁岭市参保人员异地就医联网结算服务指南 二.1"
    assert why["params"]["catalogue_row"]["row"] == 1 and why["params"]["score"] >= 80


def test_seed001_二_1_lumbar_strain_needs_the_hospital_certificate(uow, clock, new_id_number):
    clock.today = date(2026, 3, 2)
    idn = _person(uow, new_id_number, "211300")
    with pytest.raises(FilingRefused) as exc:
        fs.file(uow, AGENCY, idn, _referral("腰肌劳损"))
    assert exc.value.code == "REFERRAL_CERTIFICATE_REQUIRED" and exc.value.field == "materials"
    assert "转诊证明" in exc.value.problems[0].zh and str(exc.value.clause).endswith("二.1")
    out = fs.file(uow, AGENCY, idn, _referral("腰肌劳损", MaterialIn(K.REFERRAL_CERTIFICATE, "ZZ-1")))
    assert out["filing"]["status"] == "active" and out["reasons"][0]["rule_id"] == "referral.certificate"
    assert out["reasons"][0]["clause"] == "辽社险办〔2017〕29号 第十条"


def test_seed001_二_1_tieling_has_no_catalogue_目录未提供(uow, clock, new_id_number):
    clock.today = date(2026, 3, 2)
    idn = _person(uow, new_id_number, "211200")
    with pytest.raises(FilingRefused) as exc:
        fs.file(uow, AGENCY, idn, _referral("新生儿溶血病需要换血治疗"))
    assert "目录未提供" in exc.value.problems[0].zh
    assert exc.value.details["params"]["catalogue"] == "目录未提供"  # type: ignore[index]


def test_referral_needs_diagnosis_and_referring_hospital(uow, clock, new_id_number):
    clock.today = date(2026, 3, 2)
    idn = _person(uow, new_id_number, "211300")
    with pytest.raises(InvalidInput) as exc:
        fs.file(uow, AGENCY, idn, _referral("", hospital="", diagnosis_code="bad"))
    assert [p.field for p in exc.value.problems] == ["diagnosis", "diagnosis_code", "referring_hospital"]
