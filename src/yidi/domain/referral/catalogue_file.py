"""Read and validate one 转诊目录 data file (``policy/data/referral/<region>[-<tag>].yaml``).

A broken file is a deployment error, not bad user input: every problem raises
``PolicyFileError`` naming the file, the key (``rows[42].text``) and the reason, so the person
transcribing a catalogue sees exactly what to fix. Checked: header keys and types, region code
matching the file name, row numbers unique and exactly 1..row_count, ``row_count`` equal to the
number of rows, non-empty department and text, no unknown keys (a typo would silently drop data).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import yaml

from yidi.domain.errors import PolicyFileError
from yidi.domain.referral.model import Catalogue, CatalogueRow, CatalogueSource

SCHEMA = "yidi.referral-catalogue/1"
_HEADER_KEYS = {
    "schema", "region", "region_name", "title", "version", "source", "effective_from", "row_count", "rows",
}  # fmt: skip
_SOURCE_KEYS = {"seed", "document", "attachment", "title_as_written", "document_number", "note"}
_EFFECTIVE_KEYS = {"date", "assumption", "note"}
_ROW_KEYS = {"row", "department", "text", "aliases", "note"}
_REGION = re.compile(r"^\d{6}$")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_catalogue_file(path: Path) -> Catalogue:
    """Parse and validate one catalogue file; raise ``PolicyFileError`` on the first problem."""
    f = _FileCheck(str(path))
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyFileError(str(path), "<file>", f"无法读取或解析 YAML / unreadable YAML: {exc}") from exc
    top = f.mapping(data, "<root>", _HEADER_KEYS, required=_HEADER_KEYS)
    if top["schema"] != SCHEMA:
        f.fail("schema", f"应为 {SCHEMA} / must be {SCHEMA}")
    region = f.text(top["region"], "region")
    if not _REGION.match(region):
        f.fail("region", f"区划代码应为 6 位数字：{region!r} / region must be 6 digits")
    if path.stem.split("-", 1)[0] != region:
        f.fail("region", f"与文件名 {path.name} 不符 / does not match the file name")
    src = f.mapping(top["source"], "source", _SOURCE_KEYS, required={"seed", "document", "title_as_written"})
    eff = f.mapping(top["effective_from"], "effective_from", _EFFECTIVE_KEYS, required={"date"})
    rows = _rows(f, top["rows"])
    if f.integer(top["row_count"], "row_count") != len(rows):
        f.fail(
            "row_count",
            f"表头写 {top['row_count']} 行，实际 {len(rows)} 行 / header says {top['row_count']}, file has {len(rows)}",
        )
    return Catalogue(
        region=region,
        region_name=f.text(top["region_name"], "region_name"),
        title=f.text(top["title"], "title"),
        version=f.integer(top["version"], "version"),
        effective_from=f.day(eff["date"], "effective_from.date"),
        effective_from_assumed=eff.get("assumption") is True,
        effective_note=f.optional_text(eff.get("note"), "effective_from.note"),
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


def _rows(f: _FileCheck, raw: object) -> list[CatalogueRow]:
    if not isinstance(raw, list) or not raw:
        f.fail("rows", "应为非空列表 / must be a non-empty list")
    rows: list[CatalogueRow] = []
    seen: dict[int, int] = {}
    for i, item in enumerate(raw):
        key = f"rows[{i}]"
        r = f.mapping(item, key, _ROW_KEYS, required={"row", "department", "text"})
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


class _FileCheck:
    """Small typed accessors that fail with the file and key named."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, reason: str) -> NoReturn:
        raise PolicyFileError(self.file, key, reason)

    def mapping(self, value: object, key: str, allowed: set[str], *, required: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(key, "应为映射 / must be a mapping")
        unknown = sorted(str(k) for k in value if k not in allowed)
        if unknown:
            self.fail(key, f"未知的键 {unknown} / unknown keys")
        missing = sorted(required - value.keys())
        if missing:
            self.fail(key, f"缺少 {missing} / missing keys")
        return value

    def text(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "不能为空，应为文字 / must be non-empty text")
        return value.strip()

    def optional_text(self, value: object, key: str) -> str | None:
        return None if value is None else self.text(value, key)

    def integer(self, value: object, key: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.fail(key, f"应为正整数：{value!r} / must be a positive integer")
        return value

    def day(self, value: object, key: str) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"应为日期 YYYY-MM-DD：{value!r} / must be a date")
