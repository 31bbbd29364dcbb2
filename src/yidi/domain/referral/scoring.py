"""How well a query matches the rows of one 转诊目录: a score 0–100 and the kind of match.

Bands (a stronger kind outranks a weaker one, so an exact match always comes first):

* exact      100 (the whole row text) / 98 (one item, e.g. "肝移植" of "肝移植/手术及术后治疗")
* substring  80–95: the query inside an item, or an item inside a longer query (a hospital's
  diagnosis "主动脉夹层（Stanford A型）" contains the item "主动脉夹层"), scaled by coverage.
  The second way needs the item to be ≥ 60 % of the query (a Latin run such as "Stanford"
  counts as one character): "先天性" is not evidence for "先天性心藏病".
* pinyin     70–90 same pinyin from a syllable boundary (homophone typo "肝移值", typed pinyin
  "ganyizhi"); 65–85 initials ("gyz"); 67–75 near pinyin (one letter off, "冠脉塔桥"),
  computed only when no row reached 80 (it is the costly comparison)
* fuzzy      0–79, characters only (a wrong or missing character): 0.8 × rapidfuzz partial ratio
  + 0.05 × plain ratio, so an item about as long as the query ranks above a long row merely
  containing it; damped when the item is much shorter than the query. One wrong character in
  ten gives ≈ 76, in three ≈ 57. Capped at 79: fuzzy alone never looks like containment.

Each row's score is the best over its terms (whole text, items, aliases). The character and
pinyin fuzzy scores are computed for all terms at once by rapidfuzz (``cdist``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from yidi.domain.referral.model import Catalogue, MatchKind
from yidi.domain.referral.text import Pinyin, Term, compact, has_cjk, row_terms, weight

NEAR_PINYIN_CUTOFF = 90.0  # partial ratio on pinyin letters; below this "near pinyin" is noise
REVERSE_MIN_SHARE = 0.6  # an item inside the query counts as containment from this share on
FUZZY_CAP = 79.0
STRONG = 80.0  # a row this good makes the near-pinyin fallback unnecessary  # a fuzzy-only match never reaches the substring band (80+)


@dataclass(frozen=True)
class Query:
    """A validated query in the forms matching needs."""

    raw: str
    text: str  # compact
    pinyin: Pinyin
    is_latin: bool  # only letters/digits: pinyin, initials, or an abbreviation like ERCP

    @classmethod
    def of(cls, raw: str) -> Query:
        text = compact(raw)
        return cls(raw, text, Pinyin.of(text), not has_cjk(text))


@dataclass(frozen=True)
class Score:
    value: float
    kind: MatchKind
    term: Term


class IndexedCatalogue:
    """A catalogue with every row's terms and their pinyin precomputed (built at load time)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        terms: list[Term] = []
        owner: list[int] = []
        for i, row in enumerate(catalogue.rows):
            for term in row_terms(row.text, row.aliases):
                terms.append(term)
                owner.append(i)
        self.terms = terms
        self._owner = np.array(owner)
        self._owner_list = owner
        self._first = np.searchsorted(self._owner, np.arange(len(catalogue.rows)))  # rows own >= 1 term
        self._texts = [t.text for t in terms]
        self._lengths = np.array([len(t) for t in self._texts], dtype=np.float64)
        self._pinyins = [t.pinyin.full for t in terms]
        self._initials = [t.pinyin.initials for t in terms]
        self._wholes = [k for k, t in enumerate(terms) if t.is_whole]
        self._whole_pinyins = [self._pinyins[k] for k in self._wholes]

    def best_per_row(self, q: Query) -> list[Score | None]:
        """The best score of the query for every row (None when nothing matched at all)."""
        best: list[Score | None] = [None] * len(self.catalogue.rows)
        qt, qp = q.text, q.pinyin.full
        if not q.is_latin or len(qt) >= 4:
            for row, k, value in self._fuzzy_best(qt):
                best[row] = Score(value, MatchKind.FUZZY, self.terms[k])
        initials = q.is_latin and len(qt) >= 2
        candidates = [
            k
            for k, (tt, tp, ti) in enumerate(zip(self._texts, self._pinyins, self._initials, strict=True))
            if qt in tt or tt in qt or qp in tp or (initials and qt in ti)
        ]
        for k in candidates:
            self._keep(best, k, _score_term(q, self.terms[k]))
        if len(qp) >= 6 and not any(b is not None and b.value >= STRONG for b in best):
            # Near pinyin ("冠脉塔桥" for 冠脉搭桥) only as a fallback: it is the costly comparison.
            scores = process.cdist(
                [qp],
                self._whole_pinyins,
                scorer=fuzz.partial_ratio,
                score_cutoff=NEAR_PINYIN_CUTOFF,
                workers=1,
            )[0]
            for j in np.flatnonzero(scores):
                k = self._wholes[j]
                if len(self._pinyins[k]) >= len(qp):
                    self._keep(best, k, Score(0.75 * float(scores[j]), MatchKind.PINYIN, self.terms[k]))
        return best

    def _keep(self, best: list[Score | None], k: int, s: Score | None) -> None:
        row = self._owner_list[k]
        current = best[row]
        if s is not None and (current is None or s.value > current.value):
            best[row] = s

    def _fuzzy_best(self, qt: str) -> list[tuple[int, int, float]]:
        """Per row: (row, best term, character-fuzzy score), vectorised over all terms."""
        partial = process.cdist([qt], self._texts, scorer=fuzz.partial_ratio, workers=1)[0]
        plain = process.cdist([qt], self._texts, scorer=fuzz.ratio, workers=1)[0]
        chars = np.minimum(FUZZY_CAP, 0.8 * partial + 0.05 * plain)
        # An item much shorter than the query is weak evidence: damp by its share of the query.
        chars = np.where(self._lengths < len(qt), chars * (0.5 + 0.5 * self._lengths / len(qt)), chars)
        order = np.lexsort((-chars, self._owner))  # by row, best term first
        top = order[self._first]
        return [(row, int(k), float(chars[k])) for row, k in enumerate(top)]


def _score_term(q: Query, t: Term) -> Score | None:
    """Exact, substring and pinyin matches of one term (the fuzzy bands are computed in bulk)."""
    qt, tt = q.text, t.text
    if qt == tt:
        return Score(100.0 if t.is_whole else 98.0, MatchKind.EXACT, t)
    if qt in tt:
        return Score(80 + 15 * len(qt) / len(tt), MatchKind.SUBSTRING, t)
    if tt in qt and (has_cjk(tt) or len(tt) >= 3):
        share = weight(tt) / weight(qt)
        if share >= REVERSE_MIN_SHARE:
            return Score(80 + 15 * share, MatchKind.SUBSTRING, t)
    qp, tp = q.pinyin.full, t.pinyin
    if len(qp) >= 2 and qp in tp.full and tp.aligned_find(qp):
        return Score(70 + 20 * len(qp) / len(tp.full), MatchKind.PINYIN, t)
    if q.is_latin and len(qt) >= 2 and qt in tp.initials:
        return Score(65 + 20 * len(qt) / len(tp.initials), MatchKind.PINYIN, t)
    return None
