"""The one schema of a dated rule value, read the same way in every rule file::

    from: 2021-06-01            # required; the first day the value applies
    to: 2024-12-31              # optional, inclusive; otherwise until the next value's `from`
    source: 辽医保中心发〔2021〕45号 三(一)   # a document and its clause — or an assumption id
    assumption: A-SET-04        # optional: the assumption a value rests on besides its source
    note: why, how derived      # required for every assumption in the packaged data

plus the value itself (``value``, a ``by_<dimension>`` table, or the file's content). A source or
an assumption is required; an assumption id must be registered (``assumptions.yaml``).
``assumption: true`` without an id is accepted only in a what-if reform (``what_if``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from yidi.domain.rules import Citation, DatedValue, Layer, Selector, chain, is_assumption_id
from yidi.policy.files import Fields
from yidi.policy.sources import assumptions, documents

DATED_KEYS = frozenset({"from", "to", "source", "assumption", "note"})
CITATION_KEYS = frozenset({"source", "assumption", "note"})


def assumption_id(f: Fields, text: str, key: str) -> str:
    """A registered assumption id, else an error at ``key``."""
    if text not in assumptions():
        f.fail(key, f"未登记的假设编号 / assumption id not in assumptions.yaml: {text!r}")
    return text


def parse_citation(raw: dict[str, Any], f: Fields, where: str, *, what_if: bool = False) -> Citation:
    """``source`` / ``assumption`` / ``note`` of one entry → ``Citation`` (errors at ``where.key``)."""
    source, assumption = raw.get("source"), raw.get("assumption", False)
    clause, aid = None, None
    if source is not None and str(source).strip():
        text = str(source).strip()
        if is_assumption_id(text):
            aid = assumption_id(f, text, f"{where}.source")
        else:
            clause = documents().clause(text)
    if isinstance(assumption, str):
        if not is_assumption_id(assumption):
            f.fail(
                f"{where}.assumption", f"应为假设编号如 A-SET-01 / must be an assumption id: {assumption!r}"
            )
        if aid is not None and aid != assumption:
            f.fail(f"{where}.assumption", f"与 source 的假设编号不一致 / differs from the source's id {aid}")
        aid = assumption_id(f, assumption, f"{where}.assumption")
    elif not isinstance(assumption, bool):
        f.fail(
            f"{where}.assumption", f"应为假设编号或 true/false / must be an id or a boolean: {assumption!r}"
        )
    if clause is None and aid is None:
        f.fail(
            f"{where}.source",
            "每个取值必须注明来源或假设编号 / every value needs a source or an assumption id",
        )
    citation = Citation(clause, aid, assumed=assumption is True)
    if citation.assumed and not what_if and not str(raw.get("note") or "").strip():
        f.fail(f"{where}.note", "假设参数须写明理由 / an assumption needs a note saying why")
    return citation


def parse_dated(
    raw: dict[str, Any],
    f: Fields,
    where: str,
    *,
    name: str,
    value: Any,
    layer: Layer = Layer.REGION,
    selector: Selector = (),
    what_if: bool = False,
) -> DatedValue:
    """One dated value from its entry; ``value`` is already checked by the caller."""
    start = f.day(raw.get("from"), f"{where}.from")
    end = f.day(raw["to"], f"{where}.to") if raw.get("to") is not None else None
    if end is not None and end < start:
        f.fail(f"{where}.to", "结束日期早于开始日期 / end before start")
    citation = parse_citation(raw, f, where, what_if=what_if)
    note = str(raw.get("note") or "").strip()
    return DatedValue(name, value, start, end, citation, note, selector, layer, f.file, where)


Kind = Callable[[object], object]  # checks a raw value: the typed value, or ValueError


def parse_parameters(
    raw: object,
    f: Fields,
    kinds: Mapping[str, Kind],
    *,
    layer: Layer = Layer.REGION,
    where: str = "parameters",
) -> dict[str, tuple[DatedValue, ...]]:
    """A ``parameters`` section — name → list of dated values — checked against ``kinds`` and
    chained (``domain.rules.timeline``). Used by every rule file made of named parameters."""
    out: dict[str, tuple[DatedValue, ...]] = {}
    for name, entries in f.mapping(raw, where).items():
        key = f"{where}.{name}"
        if name not in kinds:
            f.fail(key, f"未知参数 / unknown parameter (known: {', '.join(sorted(kinds))})")
        if not isinstance(entries, list) or not entries:
            f.fail(key, "应为非空列表 / must be a non-empty list of dated values")
        values = []
        for i, entry in enumerate(entries):
            at = f"{key}[{i}]"
            if not isinstance(entry, dict) or "value" not in entry:
                f.fail(f"{at}.value", "缺少 value / missing value")
            f.mapping(entry, at, DATED_KEYS | {"value"})
            try:
                value = kinds[name](entry["value"])
            except ValueError as exc:
                f.fail(f"{at}.value", str(exc))
            values.append(parse_dated(entry, f, at, name=str(name), value=value, layer=layer))
        out[str(name)] = chain(sorted(values, key=lambda v: v.start))
    return out


def of_type(kind: type) -> Kind:
    """A kind that accepts exactly ``kind`` (a non-negative number for int)."""

    def check(raw: object) -> object:
        if type(raw) is not kind or (isinstance(raw, int) and raw < 0):
            raise ValueError(f"应为 {kind.__name__} / must be {kind.__name__}: {raw!r}")
        return raw

    return check
