"""Loading the data files: broken files fail with the file, the key and the reason; versions
are chosen by date."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from yidi.domain.errors import PolicyFileError, PolicyUndecidable
from yidi.policy.criteria import data_root, load_criteria, load_directory


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    source = Path(str(data_root() / "liaoning-2020-13"))
    target = tmp_path / "liaoning-2020-13"
    shutil.copytree(source, target)
    return target


def _replace(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_copy_loads(copy: Path) -> None:
    assert len(load_directory(copy).diseases) == 56


@pytest.mark.parametrize(
    ("file", "old", "new", "key", "reason"),
    [
        ("01-circulatory.yaml", "compare: [lactate,", "compare: [lactic,", "diseases[5].rule.all[1].compare",
         "'lactic' is not a number fact"),
        ("01-circulatory.yaml", '[lactate, ">", 3]', '[lactate, "=>", 3]', "diseases[5].rule.all[1].compare",
         "operator '=>'"),
        ("01-circulatory.yaml", '[lactate, ">", 3]', '[lactate, ">", 300]', "diseases[5].rule.all[1].compare",
         "outside the range"),
        ("01-circulatory.yaml", "{has: [procedures, cpr]", "{has: [procedures, ecmo]", "diseases[0].rule.any[0].has",
         "'ecmo' is not a code"),
        ("01-circulatory.yaml", "{is: [papilledema, true]", "{is: [papilledema, 1]", "diseases[3].rule.all[1].is",
         "not a boolean/enum fact"),
        ("01-circulatory.yaml", "{has: [procedures, cpr], text", "{has: [procedures, cpr], when", "diseases[0].rule.any[0]",
         "unknown key"),
        ("01-circulatory.yaml", "      all:\n        - {compare: [systolic_bp", "      any:\n        - {compare: [systolic_bp",
         None, None),
        ("06-urinary.yaml", "{criterion: acute_renal_failure, text: 且伴", "{criterion: renal_failure, text: 且伴",
         "diseases[1].rule.all[2].criterion", "'renal_failure' is not a disease"),
        ("06-urinary.yaml", "    rule:\n      all:\n        - {compare: [creatinine_interval_hours",
         "    rule:\n      all:\n        - {criterion: acute_rhabdomyolysis}\n        - {compare: [creatinine_interval_hours",
         "criterion", "circular reference"),
        ("facts.yaml", "blood_ph: {label: 血 pH, type: number, unit: '', min: 6.5, max: 8.0}",
         "blood_ph: {label: 血 pH, type: number, unit: '', min: 8.5, max: 8.0}", "facts.blood_ph", "min 8.5 is above"),
        ("facts.yaml", "    formula: ratio\n    inputs: [pao2, fio2]", "    formula: quotient\n    inputs: [pao2, fio2]",
         "derived.pf_ratio.formula", "formula 'quotient'"),
        ("facts.yaml", "lactate: {label: 血乳酸, type: number", "lactate: {label: 血乳酸, type: float",
         "facts.lactate.type", "type 'float'"),
        ("02-respiratory.yaml", "code: ards", "code: ARDS-1", "diseases[3].code", "snake_case"),
        ("02-respiratory.yaml", "code: respiratory_failure", "code: severe_acute_asthma", "severe_acute_asthma",
         "duplicate disease code"),
        ("12-infectious.yaml", "diseases:", "diseases: [\n", "-", "not valid YAML"),
    ],
)  # fmt: skip
def test_broken_files_name_file_key_and_reason(
    copy: Path, file: str, old: str, new: str, key: str | None, reason: str | None
) -> None:
    _replace(copy / file, old, new)
    if key is None:  # a legal edit: the file still loads (turns shock into an any-of)
        assert load_directory(copy).find("休克").rule.kind == "any"
        return
    with pytest.raises(PolicyFileError) as excinfo:
        load_directory(copy)
    assert excinfo.value.key == key
    assert reason in excinfo.value.reason
    assert excinfo.value.file == f"liaoning-2020-13/{file}"


def test_missing_system_file(copy: Path) -> None:
    (copy / "08-injury.yaml").unlink()
    with pytest.raises(PolicyFileError) as excinfo:
        load_directory(copy)
    assert excinfo.value.file == "liaoning-2020-13/08-injury.yaml"
    assert excinfo.value.reason == "file not found"


def test_version_by_date() -> None:
    assert load_criteria(dt.date(2021, 6, 1)).version == "liaoning-2020-13"
    assert load_criteria().version == "liaoning-2020-13"
    with pytest.raises(PolicyUndecidable) as excinfo:
        load_criteria(dt.date(2021, 5, 31))
    assert excinfo.value.problem.field == "date"
