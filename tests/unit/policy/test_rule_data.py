"""The packaged rule data cites only what the project holds: every citation names a document of
``documents.yaml`` or rests on an assumption id; every assumption id is registered in
``assumptions.yaml`` and described in ``docs/assumptions.md`` under the same title; no citation
names a file, and nothing in the data says "待确认"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from yidi.domain.clearing.parameters import ClearingParameters
from yidi.domain.fund.compliance import Tolerances
from yidi.domain.rules import Citation, DatedValue, Layer
from yidi.policy import agency, catalogue, referral
from yidi.policy.claims import load_claims_policy
from yidi.policy.criteria import _versions
from yidi.policy.files import data_dir, read_yaml
from yidi.policy.filing import packaged_rule_book
from yidi.policy.loader import available_regions, load_region
from yidi.policy.overlay import apply_overlay
from yidi.policy.sources import assumptions, documents
from yidi.policy.supervision import supervision_policy

ROOT = Path(__file__).parents[3]
DOCS = ROOT / "docs" / "assumptions.md"


def _dated() -> Iterator[tuple[str, DatedValue]]:
    for region in available_regions():
        for values in load_region(region).params.values():
            yield from ((f"benefit/{region}.yaml", v) for v in values)
    book = packaged_rule_book()
    for region in [*book.regions, "210100"]:  # 210100 has no file: the provincial default alone
        for values in book.for_region(region).values.values():
            yield from ((f"filing/{v.origin}", v) for v in values)
    claims = load_claims_policy()
    for p in claims.parameters.values():
        yield from (("claims/parameters.yaml", v) for v in p.values)
    for spec in claims.types.values():
        for region in spec.regions:
            overlaid = apply_overlay(load_region(region), spec.settlement.overlay)
            for values in overlaid.params.values():
                yield from ((f"claims/types.yaml {spec.type}", v) for v in values if v.layer == Layer.OVERLAY)
    yield from (("criteria", v) for v in _versions())
    for path in sorted(referral.DATA_DIR.glob("*.yaml")):
        yield f"referral/{path.name}", referral.load_version(path)
    for path in sorted(data_dir("catalogue").glob("*.yaml")):
        yield f"catalogue/{path.name}", catalogue.parse_version(read_yaml(path), path.name)
    for area, cls in (("clearing", ClearingParameters), ("fund", Tolerances)):
        for values in agency._values(area, cls).values():
            yield from ((f"{area}/parameters.yaml", v) for v in values)
    for values in supervision_policy().values.values():
        yield from (("supervision/parameters.yaml", v) for v in values)


def _citations() -> Iterator[tuple[str, Citation]]:
    for where, v in _dated():
        yield f"{where} {v.key}", v.citation
    for region in available_regions():
        for scheme in load_region(region).schemes.values():
            for dim, maps in scheme.maps.items():
                for code, m in maps.items():
                    if m.citation.clause or m.citation.assumed:
                        yield f"benefit/{region}.yaml {dim}.{code}", m.citation
    for spec in load_claims_policy().types.values():
        yield f"claims/types.yaml {spec.type}.settlement", spec.settlement.citation


def _texts() -> Iterator[tuple[str, str]]:
    """Every cited text of the packaged data, with where it is."""
    for where, c in _citations():
        yield where, c.source
    for spec in load_claims_policy().types.values():
        yield f"claims/types.yaml {spec.type}.clause", spec.clause
        yield f"claims/types.yaml {spec.type}.materials.clause", spec.materials.clause
    holidays = read_yaml(data_dir("claims") / "holidays.yaml")
    for year, entry in holidays["years"].items():
        yield f"claims/holidays.yaml years.{year}", entry["source"]


def test_every_citation_names_a_registered_document_or_an_assumption() -> None:
    citations = dict(_citations())
    for where, c in citations.items():
        assert c.clause is not None or c.assumption_id, where
        if c.assumption_id is None:
            assert documents().find(c.source), f"{where}: {c.source!r} names no document of documents.yaml"
    for where, text in _texts():
        if where not in citations:  # claim-type clauses, material clauses, calendar notices
            assert documents().find(text), f"{where}: {text!r} names no document of documents.yaml"


def test_every_assumption_has_an_id() -> None:
    for where, c in _citations():
        if c.assumed:
            assert c.assumption_id in assumptions(), where
    for spec in load_claims_policy().types.values():
        if spec.materials.assumption:
            assert spec.materials.assumption_id in assumptions(), spec.type


def _documented() -> dict[str, str]:
    return dict(re.findall(r"^### (A-[A-Z]{3}-\d{2}) (.+)$", DOCS.read_text(encoding="utf-8"), flags=re.M))


def test_every_assumption_is_described_under_its_title() -> None:
    registry = {a.id: a.title for a in assumptions().values()}
    assert _documented() == registry


def test_every_cited_assumption_is_registered() -> None:
    cited = {c.assumption_id for _, c in _citations() if c.assumption_id}
    assert cited <= set(assumptions())


def test_no_citation_names_a_file() -> None:
    """A citation names a document or an assumption, never a file (``….md``, ``….txt``)."""
    for where, text in _texts():
        assert not re.search(r"\.(md|txt)\b", text), f"{where}: {text!r}"


@pytest.mark.parametrize("path", sorted(data_dir().rglob("*.yaml")), ids=lambda p: p.name)
def test_no_value_is_left_to_be_confirmed(path: Path) -> None:
    """People read notes and sources: a value is decided (an assumption id says how), never
    "to be confirmed"."""
    assert "待确认" not in path.read_text(encoding="utf-8"), path.name


def test_every_assumption_id_named_in_code_or_docs_is_registered() -> None:
    """Ids written in code (parameter defaults of clearing, supervision, fund) and in the docs
    are the same registry's: an id in a module or a document that ``assumptions.yaml`` lacks is a
    number the seeds do not give without its paragraph in docs/assumptions.md. Register a new id in
    both files (title, default, why, confirm) when you add it."""
    named: dict[str, str] = {}
    for folder in ("src", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".md", ".yaml", ".html"}:
                for aid in re.findall(r"\bA-[A-Z]{3}-\d{2}\b", path.read_text(encoding="utf-8")):
                    named.setdefault(aid, str(path.relative_to(ROOT)))
    missing = {aid: where for aid, where in named.items() if aid not in assumptions()}
    assert not missing, f"assumption ids not registered in assumptions.yaml: {missing}"
