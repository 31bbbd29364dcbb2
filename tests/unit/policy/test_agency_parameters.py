"""Agency parameters (clearing, fund operations) are dated rule data in the one model: the packaged
files give every field of the domain's dataclass, with a source, and refuse what does not fit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from yidi.domain.clearing.parameters import DEFAULTS, ClearingParameters
from yidi.domain.errors import PolicyFileError
from yidi.domain.fund.compliance import Tolerances
from yidi.policy import agency
from yidi.policy.agency import citations_on, parameters_on
from yidi.policy.clearing import clearing_parameters, fund_tolerances


def test_packaged_clearing_values_are_the_documented_defaults() -> None:
    assert clearing_parameters(date(2026, 12, 1)) == DEFAULTS


def test_packaged_fund_tolerances_are_the_documented_defaults() -> None:
    assert fund_tolerances(date(2026, 1, 1)) == Tolerances(Fraction(1, 2), Fraction(5, 2))


def test_every_clearing_parameter_cites_its_assumption() -> None:
    cited = citations_on("clearing", ClearingParameters, date(2026, 1, 1))
    assert set(cited) == {f for f in ClearingParameters.__dataclass_fields__}
    assert all(c.assumption_id and c.assumption_id.startswith("A-CLR-") for c in cited.values())


def test_no_value_before_the_first_date_is_a_named_error() -> None:
    with pytest.raises(PolicyFileError) as err:
        fund_tolerances(date(2024, 12, 31))
    assert err.value.key.startswith("parameters.")


@dataclass(frozen=True)
class _Probe:
    days: int = 1
    share: Fraction = Fraction(1, 2)


def _area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "parameters.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(agency, "data_dir", lambda *parts: tmp_path.joinpath(*parts))
    agency._values.cache_clear()


ENTRY = "    - value: {v}\n      from: 2020-01-01\n      source: 辽社险办〔2017〕29号 第四条\n"


def test_a_missing_field_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _area(tmp_path, monkeypatch, "parameters:\n  days:\n" + ENTRY.format(v=3))
    with pytest.raises(PolicyFileError, match="share"):
        parameters_on("probe", _Probe, date(2021, 1, 1))
    agency._values.cache_clear()


def test_a_wrong_type_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _area(tmp_path, monkeypatch, "parameters:\n  days:\n" + ENTRY.format(v='"x"') + "  share:\n" + ENTRY.format(v='"1/3"'))
    with pytest.raises(PolicyFileError) as err:
        parameters_on("probe", _Probe, date(2021, 1, 1))
    assert err.value.key == "parameters.days[0].value"
    agency._values.cache_clear()


def test_values_change_on_their_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    later = "    - value: 7\n      from: 2022-01-01\n      source: 辽社险办〔2017〕29号 第四条\n"
    _area(tmp_path, monkeypatch, "parameters:\n  days:\n" + ENTRY.format(v=3) + later + "  share:\n" + ENTRY.format(v='"1/3"'))
    assert parameters_on("probe", _Probe, date(2021, 12, 31)) == _Probe(3, Fraction(1, 3))
    assert parameters_on("probe", _Probe, date(2022, 1, 1)).days == 7
    agency._values.cache_clear()
