"""The claims policy files: the packaged data loads and says where it assumes; broken copies
fail with ``PolicyFileError`` naming the file, the key and the reason."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from yidi.domain.claims import ClaimType
from yidi.domain.claims.notice import notice
from yidi.domain.errors import PolicyFileError
from yidi.policy.claims import data_dir, load_from


def test_every_type_has_its_complete_list_and_clause(policy) -> None:
    for claim_type in ClaimType:
        n = notice(policy, claim_type)
        assert n["materials"] and n["clause"] and n["materials_clause"]
        assert "一次性告知" in n["text_zh"]
    outpatient = [m["label"] for m in notice(policy, ClaimType.EMERGENCY_OUTPATIENT)["materials"]]
    assert outpatient == [
        "病历原件",
        "有效医疗票据",
        "有效费用明细",
        "相关检查报告复印件",
        "处方复印件",
        "医保卡或身份证复印件",
    ]
    assert notice(policy, ClaimType.MATERNITY_OUT_OF_PROVINCE)["assumption"] is True


def test_assumed_parameters_carry_their_note(policy) -> None:
    promised = policy.param("promised_working_days", date(2026, 3, 1))
    assert promised.value == 20 and promised.assumption and "种子文件未规定" in promised.note
    assert policy.value("max_returns", date(2026, 3, 1)) == 1
    assert policy.value("clawback_deducted_from_claims", date(2024, 12, 31)) is None  # not yet in force
    assert policy.value("clawback_deducted_from_claims", date(2025, 1, 1)) is True
    relief = policy.spec(ClaimType.INPATIENT_RELIEF).settlement
    assert relief.assumption and relief.overlay["pooled_ratio"][0]["assumption"] is True


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for name in ("types.yaml", "parameters.yaml"):
        shutil.copy(data_dir() / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, fn) -> None:  # type: ignore[no-untyped-def]
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "edit", "key"),
    [
        ("types.yaml", lambda r: r["types"]["account_refund"]["materials"]["list"].append("passport"),
         "types.account_refund.materials.list[2]"),
        ("types.yaml", lambda r: r["types"]["chronic_outpatient"]["materials"].pop("clause"),
         "types.chronic_outpatient.materials.clause"),
        ("types.yaml", lambda r: r["types"]["inpatient_relief"]["settlement"].pop("note"),
         "types.inpatient_relief.settlement.note"),
        ("types.yaml", lambda r: r["types"]["inpatient_relief"]["requires"].update(magic=True),
         "types.inpatient_relief.requires.magic"),
        ("types.yaml", lambda r: r["types"].update(dental=r["types"]["inpatient_relief"]), "types.dental"),
        ("types.yaml", lambda r: r["types"].pop("account_refund"), "types"),
        ("types.yaml", lambda r: r["types"]["inpatient_relief"]["settlement"]["overlay"]["pooled_ratio"][0].update(value=1.5),
         "types.inpatient_relief.settlement.overlay"),
        ("types.yaml", lambda r: r["types"]["inpatient_relief"].update({"from": "2021-02-30"}), "types.inpatient_relief.from"),
        ("types.yaml", lambda r: r["types"]["inpatient_relief"].update(regions=["2199"]), "types.inpatient_relief.regions"),
        ("parameters.yaml", lambda r: r["parameters"].update(speed=[{"value": 1}]), "parameters.speed"),
        ("parameters.yaml", lambda r: r["parameters"]["max_returns"][0].update(value="once"),
         "parameters.max_returns[0].value"),
        ("parameters.yaml", lambda r: r["parameters"].pop("promised_working_days"), "parameters"),
        ("parameters.yaml", lambda r: r["parameters"]["max_returns"][0].pop("source"), "parameters.max_returns[0].source"),
    ],
)  # fmt: skip
def test_a_broken_file_names_file_key_and_reason(copy: Path, file, edit, key) -> None:
    _edit(copy / file, edit)
    with pytest.raises(PolicyFileError) as exc:
        load_from(copy)
    assert exc.value.file == file and exc.value.key == key and exc.value.reason


def test_a_later_dated_value_governs(copy: Path) -> None:
    _edit(copy / "parameters.yaml", lambda r: r["parameters"]["promised_working_days"].append(
        {"value": 15, "from": date(2026, 7, 1), "source": "省医保中心通知（测试）"}))  # fmt: skip
    policy = load_from(copy)
    assert policy.value("promised_working_days", date(2026, 6, 30)) == 20
    assert policy.value("promised_working_days", date(2026, 7, 1)) == 15
