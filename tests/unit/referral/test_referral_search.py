"""Fuzzy search of the 朝阳 转诊目录: typos, partial names, pinyin, ranking, bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yidi.domain.errors import InvalidInput
from yidi.domain.referral import (
    DEFAULT_LISTED_THRESHOLD,
    MAX_QUERY_LENGTH,
    MatchKind,
    NoReferralCatalogue,
)
from yidi.policy.referral import is_listed, search


def _top(query: str) -> tuple[int, MatchKind]:
    hit = search("211300", query)[0]
    return hit.row.number, hit.kind


@pytest.mark.parametrize(
    ("query", "row", "kind"),
    [
        # exact: a whole row or one item of a row
        ("冠脉搭桥术", 45, MatchKind.EXACT),
        ("肝移植", 101, MatchKind.EXACT),
        ("先天性心脏病", 6, MatchKind.EXACT),
        ("烟雾病", 122, MatchKind.EXACT),
        ("再障", 19, MatchKind.EXACT),
        ("TOMO", 144, MatchKind.EXACT),
        # partial names and abbreviations
        ("冠脉搭桥", 45, MatchKind.SUBSTRING),
        ("川崎", 7, MatchKind.SUBSTRING),
        ("血友病", 167, MatchKind.SUBSTRING),
        ("格林巴利", 31, MatchKind.SUBSTRING),
        ("ercp", 73, MatchKind.SUBSTRING),
        ("tips", 66, MatchKind.SUBSTRING),
        ("人工肝", 63, MatchKind.SUBSTRING),
        # wrong character, same pinyin (the usual typing error)
        ("肝移值", 101, MatchKind.PINYIN),
        ("肝一植", 101, MatchKind.PINYIN),
        ("肾移直", 83, MatchKind.PINYIN),
        ("心机活检", 50, MatchKind.PINYIN),
        # wrong character, different sound
        ("冠脉塔桥", 45, MatchKind.PINYIN),  # da → ta: near pinyin
        ("新生儿溶血并", 1, MatchKind.PINYIN),
        ("先天性心藏病", 6, MatchKind.PINYIN),
        ("冠脉架桥术", 45, MatchKind.FUZZY),
        ("重型再生障碍贫血", 162, MatchKind.FUZZY),  # missing character
        # full pinyin and initials ("gyh" would be 肝硬化: 肝移植 is gan-yi-zhi → gyz)
        ("ganyizhi", 101, MatchKind.PINYIN),
        ("gyz", 101, MatchKind.PINYIN),
        ("gmdqs", 45, MatchKind.PINYIN),
        ("xueyoubing", 167, MatchKind.PINYIN),
        # a garbled source row is found through its editorial alias
        ("粒子支架", 81, MatchKind.SUBSTRING),
    ],
)
def test_finds_known_rows(query: str, row: int, kind: MatchKind) -> None:
    assert _top(query) == (row, kind)


def test_exact_match_ranks_first_and_scores_are_ordered() -> None:
    hits = search("211300", "肝移植", limit=20)
    assert hits[0].row.number == 101
    assert hits[0].kind is MatchKind.EXACT
    assert hits[0].score == 98.0
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    assert {100, 101, 104, 170}.issubset({h.row.number for h in hits})


def test_whole_row_exact_scores_100() -> None:
    hit = search("211300", "冠脉搭桥术")[0]
    assert (hit.score, hit.matched) == (100.0, "冠脉搭桥术")


def test_full_width_and_spaces_do_not_matter() -> None:
    assert _top("ＥＲＣＰ 治疗")[0] == 73
    assert _top(" 肝 移 植 ")[0] == 101


def test_limit_and_min_score() -> None:
    assert len(search("211300", "治疗", limit=3)) == 3
    assert all(h.score >= 90 for h in search("211300", "肝移植", min_score=90))


def test_nonsense_finds_nothing() -> None:
    assert search("211300", "量子计算机") == []


@pytest.mark.parametrize("bad", ["", "   ", "／、（）", "肝" * (MAX_QUERY_LENGTH + 1)])
def test_bad_query_is_rejected(bad: str) -> None:
    with pytest.raises(InvalidInput) as err:
        search("211300", bad)
    assert err.value.problems[0].field == "query"


@pytest.mark.parametrize(("kwargs", "field"), [({"limit": 0}, "limit"), ({"min_score": 101}, "min_score")])
def test_bad_options_are_rejected(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        search("211300", "肝移植", **kwargs)  # type: ignore[arg-type]
    assert err.value.problems[0].field == field


def test_unknown_region_says_so() -> None:
    with pytest.raises(NoReferralCatalogue) as err:
        search("211200", "肝移植")
    assert "该统筹区没有转诊目录" in err.value.problem.zh
    with pytest.raises(InvalidInput):
        search("2113", "肝移植")


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("肝移植", 101),
        ("主动脉夹层（Stanford A型）", 79),  # a diagnosis containing an item
        ("新生儿溶血病", 1),
        ("肝移值", 101),  # homophone typo of a whole item
    ],
)
def test_is_listed(text: str, row: int) -> None:
    result = is_listed("211300", text)
    assert result.listed
    assert result.best is not None and result.best.row.number == row
    assert result.threshold == DEFAULT_LISTED_THRESHOLD


def test_not_listed_below_threshold_but_best_row_given() -> None:
    result = is_listed("211300", "急性重症胰腺炎伴感染")
    assert not result.listed
    assert result.best is not None and result.best.row.number == 75
    assert is_listed("211300", "急性重症胰腺炎伴感染", threshold=60).listed
    assert not is_listed("211300", "量子计算机").listed


def test_is_listed_rejects_bad_threshold_and_text() -> None:
    with pytest.raises(InvalidInput):
        is_listed("211300", "肝移植", threshold=-1)
    with pytest.raises(InvalidInput):
        is_listed("211300", "")


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("肝移植心脏病血友溶新生儿 abcgyzERCP/（）、1"), min_size=1, max_size=30)
)
def test_any_query_gives_ordered_scores_in_range(query: str) -> None:
    try:
        hits = search("211300", query, limit=20, min_score=0)
    except InvalidInput:
        return  # blank or punctuation only
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
