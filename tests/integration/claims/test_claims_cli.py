"""``yidi claims …`` on a real database: the staff batch commands over the same services."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from claims_setup import INPATIENT, SHOCK, bill, person
from typer.testing import CliRunner

from yidi.entrypoints.cli import claims


@pytest.fixture
def cli(db_url: str, engine, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YIDI_DATABASE_URL", db_url)
    runner = CliRunner()
    root = typer.Typer()
    root.add_typer(claims.app, name="claims")

    def run(*args: str, code: int = 0) -> object:
        result = runner.invoke(root, ["claims", *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stdout) if code == 0 else json.loads(result.stderr)

    return run


def test_staff_batch_round_trip(cli, uow, new_id_number, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert len(cli("types")) == 6
    assert cli("materials", "account_refund")["materials"][1]["label"] == "《异地就医登记备案表》"
    idn = person(uow, new_id_number())
    request = tmp_path / "claim.json"
    body = {
        "id_number": idn,
        "claim_type": "inpatient_emergency",
        "bill": bill(),
        "evidence": SHOCK,
        "materials": INPATIENT,
    }
    request.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    cid = cli("submit", str(request), "--today", "2026-01-10")["id"]
    assert cli("accept", cid, "--actor", "staff:li", "--today", "2026-01-12")["promised_on"] == "2026-02-09"
    assert cli("review", cid, "--actor", "staff:li", "--today", "2026-01-13")["status"] == "reviewed"
    refused = cli("approve", cid, "--actor", "staff:li", code=2)
    assert refused["code"] == "SAME_REVIEWER"
    cli("approve", cid, "--actor", "staff:zhao", "--today", "2026-01-14")
    assert [o["claim_id"] for o in cli("overdue", "--today", "2026-02-10")["claims"]] == [cid]
    assert cli("pay", cid, "--actor", "staff:zhao", "--today", "2026-01-15")["paid"] == "6375.00"
    assert cli("overdue", "--today", "2026-02-10")["count"] == 0
    assert [c["id"] for c in cli("list", "--id-number", idn)] == [cid]
    assert len(cli("show", cid)["history"]) == 5
    assert cli("accept", "nope", code=2)["code"] == "NOT_FOUND"


def test_review_takes_the_evidence_read_from_the_record(cli, uow, new_id_number, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    idn = person(uow, new_id_number())
    request = tmp_path / "claim.json"
    body = {
        "id_number": idn, "claim_type": "inpatient_emergency", "bill": bill(), "materials": INPATIENT,
        "evidence": {"disease": "休克", "facts": {"systolic_bp": 78}},
    }  # fmt: skip
    request.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    cid = cli("submit", str(request))["id"]
    cli("accept", cid)
    undetermined = cli("review", cid, code=2)
    assert undetermined["code"] == "EVIDENCE_UNDETERMINED" and undetermined["params"]["missing"] == [
        "lactate"
    ]
    evidence = tmp_path / "evidence.json"
    evidence.write_text(
        json.dumps({"disease": "休克", "facts": {"systolic_bp": 78, "lactate": 2.0}}), encoding="utf-8"
    )
    reviewed = cli("review", cid, "--evidence", str(evidence))
    assert reviewed["route"] == "inpatient_relief" and reviewed["amounts"]["reimbursement"] == "4250.00"


def test_annual_subsidy_list_for_a_year(cli) -> None:  # type: ignore[no-untyped-def]
    """seed 000 三(一): the year's list (empty database: nobody), JSON on stdout."""
    assert cli("annual-subsidy", "--year", "2026") == {"year": 2026, "persons": []}
