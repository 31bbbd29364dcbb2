"""Read and validate 转诊目录 data files (``policy/data/referral/<region>[-<tag>].yaml``) and offer
the referral functions bound to the packaged catalogues.

A broken file is a deployment error, not bad user input: every problem raises
``PolicyFileError`` naming the file, the key (``rows[42].text``) and the reason, so the person
transcribing a catalogue sees exactly what to fix. Checked: header keys and types, region code
matching the file name, ``effective`` (the version as a dated value, ``policy.dated``), row numbers
unique and exactly 1..row_count, ``row_count`` equal to the number of rows, non-empty department
and text, no unknown keys (a typo would silently drop data).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from yidi.domain.referral.model import Catalogue, CatalogueRow, CatalogueSource, ListingCheck, SearchHit
from yidi.domain.referral.registry import CatalogueRegistry, NoReferralCatalogue
from yidi.domain.referral.search import DEFAULT_LISTED_THRESHOLD, DEFAULT_MIN_SCORE
from yidi.domain.referral.search import is_listed as _is_listed
from yidi.domain.referral.search import search as _search
from yidi.domain.rules import DatedValue
from yidi.policy.dated import DATED_KEYS, parse_dated
from yidi.policy.files import Fields, data_dir, read_yaml

SCHEMA = "yidi.referral-catalogue/1"
DATA_DIR = data_dir("referral")
_HEADER_KEYS = {
    "schema", "region", "region_name", "title", "version", "source", "effective", "row_count", "rows",
}  # fmt: skip
_SOURCE_KEYS = {"seed", "document", "attachment", "title_as_written", "document_number", "note"}
_ROW_KEYS = {"row", "department", "text", "aliases", "note"}

__all__ = [
    "DEFAULT_LISTED_THRESHOLD", "DEFAULT_MIN_SCORE", "SCHEMA", "NoReferralCatalogue",
    "available_catalogues", "catalogue_for", "is_listed", "search",
]  # fmt: skip


def load_catalogue_file(path: Path) -> Catalogue:
    """Parse and validate one catalogue file; raise ``PolicyFileError`` on the first problem."""
    return load_version(path).value


def load_version(path: Path) -> DatedValue:
    """One catalogue file as a dated value of its region (the catalogue from ``effective.from``)."""
    f = Fields(str(path))
    top = f.mapping(read_yaml(path, str(path)), "<root>", _HEADER_KEYS, required=_HEADER_KEYS)
    if top["schema"] != SCHEMA:
        f.fail("schema", f"应为 {SCHEMA} / must be {SCHEMA}")
    region = f.region(f.text(top["region"], "region"), "region")
    if path.stem.split("-", 1)[0] != region:
        f.fail("region", f"与文件名 {path.name} 不符 / does not match the file name")
    src = f.mapping(top["source"], "source", _SOURCE_KEYS, required={"seed", "document", "title_as_written"})
    eff = parse_dated(
        f.mapping(top["effective"], "effective", set(DATED_KEYS), required={"from"}), f, "effective",
        name=region, value=None,
    )  # fmt: skip
    rows = _rows(f, top["rows"])
    if f.integer(top["row_count"], "row_count") != len(rows):
        f.fail(
            "row_count",
            f"表头写 {top['row_count']} 行，实际 {len(rows)} 行 / header says {top['row_count']}, file has {len(rows)}",
        )
    catalogue = Catalogue(
        region=region,
        region_name=f.text(top["region_name"], "region_name"),
        title=f.text(top["title"], "title"),
        version=f.integer(top["version"], "version"),
        effective_from=eff.start,
        effective_from_assumed=eff.assumption,
        effective_note=eff.note or None,
        source=CatalogueSource(
            seed=f.text(src["seed"], "source.seed"),
            document=f.text(src["document"], "source.document"),
            attachment=f.optional_text(src.get("attachment"), "source.attachment"),
            title_as_written=f.text(src["title_as_written"], "source.title_as_written"),
            document_number=f.optional_text(src.get("document_number"), "source.document_number"),
            note=f.optional_text(src.get("note"), "source.note"),
        ),
        rows=tuple(rows),
        file=str(path),
    )
    return DatedValue(
        region, catalogue, eff.start, eff.end, eff.citation, eff.note, origin=str(path), key="effective"
    )


def _rows(f: Fields, raw: object) -> list[CatalogueRow]:
    if not isinstance(raw, list) or not raw:
        f.fail("rows", "应为非空列表 / must be a non-empty list")
    rows: list[CatalogueRow] = []
    seen: dict[int, int] = {}
    for i, item in enumerate(raw):
        key = f"rows[{i}]"
        r: dict[str, Any] = f.mapping(item, key, _ROW_KEYS, required={"row", "department", "text"})
        number = f.integer(r["row"], f"{key}.row")
        if number in seen:
            f.fail(
                f"{key}.row",
                f"序号 {number} 重复（已见于 rows[{seen[number]}]）/ duplicate row number {number}",
            )
        seen[number] = i
        aliases = r.get("aliases") or []
        if not isinstance(aliases, list):
            f.fail(f"{key}.aliases", "应为列表 / must be a list")
        rows.append(
            CatalogueRow(
                number=number,
                department=f.text(r["department"], f"{key}.department"),
                text=f.text(r["text"], f"{key}.text"),
                aliases=tuple(f.text(a, f"{key}.aliases[{j}]") for j, a in enumerate(aliases)),
                note=f.optional_text(r.get("note"), f"{key}.note"),
            )
        )
    missing = sorted(set(range(1, len(rows) + 1)) - seen.keys())
    if missing:
        f.fail("rows", f"序号应为 1..{len(rows)}，缺少 {missing[:10]} / row numbers must be 1..{len(rows)}")
    return rows


def load_registry(directory: Path = DATA_DIR) -> CatalogueRegistry:
    """Every catalogue file of one directory, indexed by region and effective date."""
    return CatalogueRegistry(load_version(path) for path in sorted(directory.glob("*.yaml")))


@lru_cache(maxsize=1)
def default_registry() -> CatalogueRegistry:
    """The catalogues shipped in the package, loaded once per process."""
    return load_registry()


def catalogue_for(region: str, on: date | None = None) -> Catalogue:
    """The region's 转诊目录 in force on ``on`` (newest when omitted)."""
    return default_registry().get(region, on).catalogue


def available_catalogues() -> list[Catalogue]:
    """The newest catalogue of every pooling region that has one."""
    return default_registry().regions()


def search(
    region: str, query: str, *, registry: CatalogueRegistry | None = None, **kw: Any
) -> list[SearchHit]:
    """``domain.referral.search`` over the packaged catalogues (or ``registry``)."""
    return _search(region, query, registry=registry or default_registry(), **kw)


def is_listed(
    region: str, text: str, *, registry: CatalogueRegistry | None = None, **kw: Any
) -> ListingCheck:
    """``domain.referral.is_listed`` over the packaged catalogues (or ``registry``)."""
    return _is_listed(region, text, registry=registry or default_registry(), **kw)
