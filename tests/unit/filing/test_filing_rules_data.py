"""Filing rules are dated data per pooling region; the loader fails loudly."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from yidi.domain.errors import PolicyFileError, PolicyUndecidable
from yidi.domain.filing.categories import Category
from yidi.policy.filing import DATA_DIR, load_rule_book


def test_packaged_rules_load_and_every_region_resolves_every_parameter(book):
    from yidi.policy.filing_values import PARAMETERS

    for region in [*book.regions, "210100"]:
        for name in PARAMETERS:
            book.for_region(region).get(name, date(2026, 1, 1))
    assert set(book.regions) >= {"219900", "211200"}


def test_the_later_document_governs_from_its_effective_date(book):
    r = book.for_region("219900")
    lock = "place_change_lock"
    assert r.get(lock, date(2021, 5, 31)).clause.document == "辽社险办〔2017〕29号"
    assert r.get(lock, date(2021, 6, 1)).clause.document == "辽医保中心发〔2021〕45号"
    assert "2025" in r.get(lock, date(2025, 1, 1)).clause.document
    assert r.get(lock, date(2019, 1, 1)).value["months"][Category.LONG_TERM_RETIREE] == 12  # type: ignore[index]


def test_assumptions_are_flagged_with_a_note(book):
    v = book.for_region("219900").get("commitment_reminder_days", date(2026, 1, 1))
    assert v.assumption and v.note


def test_no_value_before_any_document_is_undecidable(book):
    with pytest.raises(PolicyUndecidable):
        book.for_region("219900").get("materials", date(2010, 1, 1))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    for f in DATA_DIR.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def break_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "key"),
    [
        ("219900.yaml", "posted_worker_min_posting_months:", "posted_worker_min_posting_monthz:", "monthz"),
        ("219900.yaml", "value: 12, source: 辽社险办", "value: -1, source: 辽社险办", "value"),
        ("219900.yaml", "from: 2021-06-01, value: 6", "from: 2021-06-31, value: 6", "-"),
        ("219900.yaml", "source: 辽社险办〔2017〕29号 第八条(三)", "source: A-XYZ-99", "source"),
        ("211200.yaml", 'region: "211200"', 'region: "211300"', "region"),
        ("default.yaml", "  temporary_validity_months:", "  temporary_validity_monthsX:", "parameters"),
        (
            "211200.yaml",
            'assumption: A-DOC-02, note: "免申即享的自动备案服务; guide date assumed"}',
            "assumption: true}",
            "note",
        ),
        ("219900.yaml", "student: [id_card, student_card]", "student: [id_card, passport]", "value"),
    ],
)
def test_broken_files_fail_loudly_naming_file_and_key(data, file, old, new, key):
    break_file(data / file, old, new)
    with pytest.raises(PolicyFileError) as exc:
        load_rule_book(data)
    assert exc.value.file in (file, "default.yaml")
    assert key in str(exc.value)


def test_missing_default_file_fails(data):
    (data / "default.yaml").unlink()
    with pytest.raises(PolicyFileError, match="default"):
        load_rule_book(data)
