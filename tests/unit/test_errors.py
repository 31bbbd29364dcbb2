"""The one error model (domain/errors.py): codes, kinds, the problem document, collecting problems."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import yidi
from yidi.domain.errors import (
    FilingRefused,
    InvalidInput,
    Kind,
    NotFound,
    PolicyFileError,
    PolicyUndecidable,
    Problem,
    Problems,
    YidiError,
    refusal,
)
from yidi.domain.filing.clauses import Clause, Reason


def _all_error_classes() -> set[type[YidiError]]:
    for info in pkgutil.walk_packages(yidi.__path__, "yidi."):
        if ".migrations" not in info.name:
            importlib.import_module(info.name)
    seen: set[type[YidiError]] = set()
    todo = [YidiError]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("yidi.") and sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return seen


def test_every_error_of_yidi_derives_from_the_base_and_has_a_code_and_a_kind() -> None:
    classes = _all_error_classes()
    names = {c.__name__ for c in classes}
    assert {
        "InvalidInput", "PolicyUndecidable", "PolicyFileError", "FilingRefused", "NotFound", "ClaimRefused",
        "ClaimNotFound", "AccessDenied", "NationalError", "NoCatalogue", "NoReferralCatalogue",
        "SettlementNotFound", "AuthRefused", "NotSignedIn", "LoginRequired", "PdfUnavailable",
    } <= names  # fmt: skip
    for cls in classes:
        assert cls.code != YidiError.code and cls.code.isupper(), cls
        assert isinstance(cls.kind, Kind), cls


def test_codes_and_kinds_of_the_existing_refusals_are_kept() -> None:
    reason = Reason(
        "lock.x", "锁定", "locked", Clause("辽医保中心发〔2021〕45号", "二(一)"), {"n": 6}, "filing_id"
    )
    refused = FilingRefused("FILING_LOCKED", reason, suggestion={"after": "2026-01-01"})
    assert (refused.code, refused.kind.status) == ("FILING_LOCKED", 409)
    body = refused.as_dict()
    assert body["clause"] == "辽医保中心发〔2021〕45号 二(一)" and body["rule_id"] == "lock.x"
    assert body["params"] == {"n": 6} and body["suggestion"] == {"after": "2026-01-01"}
    assert body["field"] == "filing_id" and body["message_zh"] == "锁定"
    assert NotFound("person", "X").as_dict()["message_zh"] == "未找到参保人员：X"
    assert NotFound("person", "X").kind.status == 404
    assert InvalidInput.of("a", "甲", "a").as_dict()["error"] == "invalid_input"
    assert PolicyUndecidable("r", "无", "none").kind.status == 422
    broken = PolicyFileError("210100.yaml", "params.x", "缺少 / missing")
    assert broken.kind.status == 500 and str(broken) == "210100.yaml: params.x: 缺少 / missing"


def test_one_instance_is_a_refusal_without_a_class() -> None:
    exc = refusal("CONFLICT", Kind.CONFLICT, "结算号已使用", "settlement id used", field="settlement_id", n=1)
    assert (exc.code, exc.kind.status, exc.field) == ("CONFLICT", 409, "settlement_id")
    assert exc.as_dict()["n"] == 1 and exc.as_dict()["problems"] == [
        {"field": "settlement_id", "message_zh": "结算号已使用", "message_en": "settlement id used"}
    ]


def test_problems_are_collected_and_raised_together() -> None:
    problems = Problems()

    def bad(field: str) -> int:
        raise InvalidInput.of(field, f"{field} 错", f"{field} bad")

    assert problems.value(lambda: bad("a"), 0) == 0
    assert problems.value(lambda: 7, 0) == 7
    problems.add("c", "c 错", "c bad")
    problems.value(lambda: bad("b"), 0)
    assert problems.has("a") and not problems.has("d")
    with pytest.raises(InvalidInput) as caught:
        problems.check()
    assert [p.field for p in caught.value.problems] == ["a", "c", "b"]
    Problems().check()  # nothing collected: nothing raised


def test_a_rule_refusal_is_not_collected() -> None:
    reason = Reason("x", "不可", "no", None, {}, "f")
    with pytest.raises(FilingRefused):
        Problems().value(lambda: (_ for _ in ()).throw(FilingRefused("NO", reason)), None)


def test_an_error_needs_a_problem() -> None:
    with pytest.raises(ValueError):
        YidiError([])
    assert YidiError(Problem(None, "甲", "a")).field is None
