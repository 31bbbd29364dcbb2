"""A broken catalogue file fails loudly, naming the file, the key and the reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from yidi.domain.errors import PolicyFileError
from yidi.policy.referral import SCHEMA, load_catalogue_file, load_registry, search


def _doc(**changes: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "schema": SCHEMA,
        "region": "211200",
        "region_name": "铁岭市",
        "title": "测试目录",
        "version": 1,
        "source": {"seed": "test", "document": "测试文件", "title_as_written": "测试目录"},
        "effective": {"from": date(2024, 1, 1), "source": "测试文件"},
        "row_count": 2,
        "rows": [
            {"row": 1, "department": "普外科", "text": "肝移植/手术及术后治疗"},
            {"row": 2, "department": "儿科", "text": "先天性心脏病（需要手术治疗）"},
        ],
    }
    doc.update(changes)
    return doc


def _write(tmp_path: Path, doc: dict[str, object], name: str = "211200.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def _error(tmp_path: Path, doc: dict[str, object], name: str = "211200.yaml") -> PolicyFileError:
    path = _write(tmp_path, doc, name)
    with pytest.raises(PolicyFileError) as err:
        load_catalogue_file(path)
    assert err.value.file == str(path)
    return err.value


def test_a_valid_file_is_another_city_catalogue(tmp_path: Path) -> None:
    _write(tmp_path, _doc())
    registry = load_registry(tmp_path)
    assert [c.region for c in registry.regions()] == ["211200"]
    hits = search("211200", "肝移植", registry=registry)
    assert hits[0].row.number == 1


def test_duplicate_row_number(tmp_path: Path) -> None:
    rows = [{"row": 1, "department": "a", "text": "x病"}, {"row": 1, "department": "b", "text": "y病"}]
    err = _error(tmp_path, _doc(rows=rows))
    assert err.key == "rows[1].row"
    assert "重复" in err.reason


def test_missing_row_number(tmp_path: Path) -> None:
    rows = [{"row": 1, "department": "a", "text": "x病"}, {"row": 3, "department": "b", "text": "y病"}]
    err = _error(tmp_path, _doc(rows=rows))
    assert err.key == "rows"
    assert "缺少 [2]" in err.reason


@pytest.mark.parametrize(("field", "value"), [("text", ""), ("text", "  "), ("department", None)])
def test_empty_names(tmp_path: Path, field: str, value: object) -> None:
    rows = [{"row": 1, "department": "a", "text": "x病"}, {"row": 2, "department": "b", "text": "y病"}]
    rows[1][field] = value
    err = _error(tmp_path, _doc(rows=rows))
    assert err.key == f"rows[1].{field}"


def test_row_count_must_match_the_header(tmp_path: Path) -> None:
    err = _error(tmp_path, _doc(row_count=177))
    assert err.key == "row_count"
    assert "177" in err.reason


def test_unknown_keys_are_rejected(tmp_path: Path) -> None:
    rows = [{"row": 1, "department": "a", "txet": "x病"}]
    err = _error(tmp_path, _doc(rows=rows, row_count=1))
    assert err.key == "rows[0]"


def test_region_must_match_file_name(tmp_path: Path) -> None:
    err = _error(tmp_path, _doc(), name="211300.yaml")
    assert err.key == "region"


def test_missing_header_key(tmp_path: Path) -> None:
    doc = _doc()
    del doc["version"]
    assert _error(tmp_path, doc).key == "<root>"


def test_broken_yaml(tmp_path: Path) -> None:
    path = tmp_path / "211200.yaml"
    path.write_text("rows: [unclosed", encoding="utf-8")
    with pytest.raises(PolicyFileError) as err:
        load_catalogue_file(path)
    assert err.value.key == "-"


def test_newer_version_file_wins_from_its_date(tmp_path: Path) -> None:
    _write(tmp_path, _doc())
    newer = _doc(version=2, effective={"from": date(2025, 1, 1), "source": "测试文件"})
    _write(tmp_path, newer, name="211200-2025.yaml")
    registry = load_registry(tmp_path)
    assert registry.get("211200").catalogue.version == 2
    assert registry.get("211200", date(2024, 6, 1)).catalogue.version == 1
