"""Text forms used to match a query against 转诊目录 rows: compact text, parts, pinyin.

Everything here is computed once per row when a catalogue is loaded (pinyin is the slow part),
and once per query. Chinese medical text mixes full-width punctuation, Latin abbreviations
(ERCP, ARDS, TOMO) and digits (碘 131), so text is NFKC-normalised, lower-cased and stripped of
spaces and punctuation before comparison.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Separators that join independent items inside one row ("肝移植/手术及术后治疗",
# "脑囊虫、烟雾病、…", "先天性心脏病（需要手术治疗）"). "及/或/和" are not split: they join
# parts of one condition ("肝癌及肝移植手术").
_PART_SPLIT = re.compile(r"[/／、，,；;。：:（）()\[\]【】\-]+")
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_RUNS = re.compile(r"[\u3400-\u9fff]+|[0-9a-z]+")


def compact(text: str) -> str:
    """NFKC, lower case, without spaces and punctuation: the form all matching uses."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def weight(compact_text: str) -> int:
    """Length counting each Chinese character and each Latin/digit run (ERCP, 131) as one."""
    return sum(len(run) if _CJK.match(run) else 1 for run in _RUNS.findall(compact_text))


def parts(text: str) -> list[str]:
    """The row's items split at list separators, compacted, without 1-character pieces and duplicates."""
    out: list[str] = []
    for piece in _PART_SPLIT.split(unicodedata.normalize("NFKC", text)):
        c = compact(piece)
        if len(c) >= 2 and c not in out:  # a lone "或" is not an item
            out.append(c)
    return out


def units(compact_text: str) -> list[tuple[str, bool]]:
    """Pinyin syllables without tones, each flagged ``True``; a Latin/digit run is one unit (``False``)."""
    # Imported here: pypinyin's dictionaries take ≈ 0.3 s to load, which every other ``yidi``
    # command would otherwise pay just because the CLI registers ``yidi referral``.
    from pypinyin import Style, lazy_pinyin

    out: list[tuple[str, bool]] = []
    for run in _RUNS.findall(compact_text):
        if _CJK.match(run):
            out.extend((s, True) for s in lazy_pinyin(run, style=Style.NORMAL))
        else:
            out.append((run, False))
    return out


@dataclass(frozen=True)
class Pinyin:
    """Full pinyin (``ganyizhi``), where each syllable starts, and initials (``gyz``).

    Latin and digit runs (ERCP, 131) are kept whole in both forms.
    """

    full: str
    starts: frozenset[int]
    initials: str

    @classmethod
    def of(cls, compact_text: str) -> Pinyin:
        pieces = units(compact_text)
        starts: set[int] = set()
        pos = 0
        for unit, _ in pieces:
            starts.add(pos)
            pos += len(unit)
        initials = "".join(unit[0] if is_syllable else unit for unit, is_syllable in pieces)
        return cls("".join(u for u, _ in pieces), frozenset(starts), initials)

    def aligned_find(self, query: str) -> bool:
        """True when ``query`` occurs in the full pinyin starting at a syllable boundary."""
        start = self.full.find(query)
        while start != -1:
            if start in self.starts:
                return True
            start = self.full.find(query, start + 1)
        return False


@dataclass(frozen=True)
class Term:
    """One searchable form of a row: its whole text, one of its parts, or an alias (compacted)."""

    text: str
    pinyin: Pinyin
    is_whole: bool

    @classmethod
    def of(cls, compact_text: str, *, is_whole: bool) -> Term:
        return cls(compact_text, Pinyin.of(compact_text), is_whole)


def row_terms(text: str, aliases: tuple[str, ...] = ()) -> list[Term]:
    """All terms of a row: whole text, each alias (as whole texts), then every part of them."""
    wholes = [compact(t) for t in (text, *aliases)]
    terms = [Term.of(w, is_whole=True) for w in dict.fromkeys(wholes) if w]
    seen = {t.text for t in terms}
    for source in (text, *aliases):
        for part in parts(source):
            if part not in seen:
                seen.add(part)
                terms.append(Term.of(part, is_whole=False))
    return terms
