"""Supervision rule data: every rule parameter and workflow number dated with its source, the
values in force equal to the rulebook's documented defaults, item limits joined to a catalogue,
and a broken file refused naming file and key."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from yidi.domain.errors import PolicyFileError
from yidi.domain.supervision.rulebook import RULES
from yidi.policy.catalogue import default_registry
from yidi.policy.files import data_dir
from yidi.policy.filing import packaged_rule_book
from yidi.policy.supervision import SHARED, WORKFLOW, load_from, supervision_policy


def test_packaged_values_are_the_documented_defaults() -> None:
    p = supervision_policy()
    on = date(2026, 3, 1)
    assert p.rule_params(on) == {r.code: r.defaults() for r in RULES if r.params}
    own = {f"{r.code}.{x.name}" for r in RULES for x in r.params} - set(SHARED)
    assert own | set(WORKFLOW) == set(p.values)
    assert p.value("R-XC.threshold_fen", on, 0) == 3_000_000
    assert p.value("queue_random_rate_bp", on, 0) == 500


def test_seed001_三二_3_one_suspension_period_for_refusal_and_review() -> None:
    """铁岭指南 三(二).3 (暂停医保直接结算 for a credit defaulter): R-CRD reads the filing parameter
    ``credit_restriction_months`` (A-SET-17) — one value, no copy in the supervision data that
    could drift (A-SUP-01 refers to A-SET-17)."""
    on = date(2026, 3, 1)
    filing = packaged_rule_book().for_region("default").as_int("credit_restriction_months", on)
    assert supervision_policy().rule_params(on)["R-CRD"]["suspension_months"] == filing == 12
    assert "R-CRD.suspension_months" not in supervision_policy().values
    crd = next(r for r in RULES if r.code == "R-CRD")
    assert str(crd.params[0].basis) == "assumption A-SET-17"


def test_a_copy_of_a_shared_parameter_is_refused(tmp_path: Path) -> None:
    for f in ("parameters.yaml", "limits.yaml"):
        shutil.copy(data_dir("supervision") / f, tmp_path / f)
    text = (tmp_path / "parameters.yaml").read_text(encoding="utf-8")
    text += "  R-CRD.suspension_months:\n    - {value: 6, from: 2025-01-01, source: A-SET-17}\n"
    (tmp_path / "parameters.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PolicyFileError) as err:
        load_from(tmp_path)
    assert "R-CRD.suspension_months" in str(err.value)


def test_limits_join_the_catalogue() -> None:
    rows = supervision_policy().item_rows(default_registry().for_region("210100"), date(2026, 3, 1))
    cbc = next(r for r in rows if r["med_list_codg"] == "002501010010000-250101001")
    assert cbc["max_per_day"] == "3" and cbc["region"] == "210100"


@pytest.mark.parametrize(
    ("file", "old", "new", "key"),
    [
        ("parameters.yaml", "R-LOS.min_stays:", "R-LOS.min_stay:", "parameters.R-LOS.min_stay"),
        ("parameters.yaml", "value: 3000000", "value: -1", "parameters.R-XC.threshold_fen[0].value"),
        ("limits.yaml", 'max_per_day: "3"', 'max_per_day: "0"', "items[0].max_per_day"),
        ("limits.yaml", "sex: 1}", "sex: 3}", "items[2].sex"),
    ],
)
def test_a_broken_file_names_file_and_key(tmp_path: Path, file: str, old: str, new: str, key: str) -> None:
    for f in ("parameters.yaml", "limits.yaml"):
        shutil.copy(data_dir("supervision") / f, tmp_path / f)
    text = (tmp_path / file).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyFileError) as err:
        load_from(tmp_path)
    assert key in str(err.value)
