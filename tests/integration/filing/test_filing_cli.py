"""``yidi filing …`` on a real database: thin commands over the same services."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from yidi.entrypoints.cli.main import app


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YIDI_DATABASE_URL", db_url)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> object:
        result = runner.invoke(app, ["filing", *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stdout) if code == 0 else json.loads(result.stderr)

    return run


def test_staff_scripting_round_trip(cli, new_id_number):  # type: ignore[no-untyped-def]
    assert cli("db", "upgrade")["revision"]
    idn = new_id_number()
    cli("person-add", idn, "赵六", "--insured-region", "211200", "--psn-type", "12")
    out = cli(
        "create", idn, "long_term_retiree", "110100", "--material", "residence_permit:JZZ-1:2027-12-31",
        "--phone", "13800000000", "--signed-by", "赵六", "--today", "2026-01-10",
    )  # fmt: skip
    fid = out["filing"]["id"]
    assert out["filing"]["status"] == "active" and out["filing"]["end_date"] == "2027-12-31"
    shown = cli("show", fid, "--history")
    assert shown["history"][0]["actor"].startswith("staff:") and shown["history"][0]["channel"] == "counter"
    assert [f["id"] for f in cli("list", idn)] == [fid]
    e = cli("eligibility", idn, "--date", "2026-02-01", "--region", "110100")
    assert e["covered"] and e["filing_id"] == fid
    err = cli("cancel", fid, "--today", "2026-02-01", code=2)
    assert err["code"] == "FILING_LOCKED" and err["clause"].endswith("一(一)")
    cli("cancel", fid, "--today", "2026-08-01")


def test_counter_form_missing_fields_exit_2(cli, new_id_number):  # type: ignore[no-untyped-def]
    cli("db", "upgrade")
    idn = new_id_number()
    cli("person-add", idn, "孙七", "--insured-region", "219900")
    err = cli("create", idn, "temporary", "110100", "--reason", "travel", code=2)
    assert err["problems"][0]["field"] == "form"


def test_run_deadlines_revokes_broken_commitments(cli, new_id_number):  # type: ignore[no-untyped-def]
    cli("db", "upgrade")
    idn = new_id_number()
    cli("person-add", idn, "周八", "--insured-region", "211200", "--psn-type", "12")
    out = cli(
        "create", idn, "long_term_retiree", "110100", "--channel", "self_service", "--actor", f"citizen:{idn}",
        "--today", "2026-01-10",
    )  # fmt: skip
    assert out["filing"]["status"] == "pending_commitment"
    assert cli("run-deadlines", "--today", "2026-06-10")["commitment_reminder"]
    job = cli("run-deadlines", "--today", "2026-07-11")
    assert [r["filing_id"] for r in job["revoke"]] == [out["filing"]["id"]]


def test_seed000_二二_window_third_city_with_the_附件1_form(cli, new_id_number):  # type: ignore[no-untyped-def]
    cli("db", "upgrade")
    idn = new_id_number()
    cli("person-add", idn, "吴九", "--insured-region", "211200", "--psn-type", "12")
    lt = cli(
        "create", idn, "long_term_retiree", "110100", "--material", "hukou:HK-1",
        "--phone", "13800000000", "--signed-by", "吴九", "--today", "2026-01-10",
    )["filing"]  # fmt: skip
    err = cli("third-city", lt["id"], "310100", "--admitted-on", "2026-03-02", "--today", "2026-03-02", code=2)
    assert err["problems"][0]["field"] == "form"
    out = cli(
        "third-city", lt["id"], "310100", "--admitted-on", "2026-03-02", "--phone", "13800000000",
        "--signed-by", "吴九", "--reason", "family_visit", "--today", "2026-03-02",
    )  # fmt: skip
    temp = out["filing"]
    assert (temp["category"], temp["treatment_region"], temp["linked_filing_id"]) == ("temporary", "310100", lt["id"])
    assert temp["form"] == {"phone": "13800000000", "signed_by": "吴九"} and temp["channel"] == "counter"
    assert out["ended"] == lt["id"]


def test_seed002_第十三条二_person_status_updates_filings_with_history(cli, new_id_number):  # type: ignore[no-untyped-def]
    cli("db", "upgrade")
    idn = new_id_number()
    cli("person-add", idn, "郑十", "--insured-region", "211200", "--psn-type", "11")
    f = cli(
        "create", idn, "posted_worker", "110100", "--material", "posting_proof:PZ-1",
        "--phone", "13800000000", "--signed-by", "郑十", "--today", "2026-01-10",
    )["filing"]  # fmt: skip
    out = cli("person-status", idn, "retire", "--today", "2026-03-01")
    assert out["person"]["psn_type"] == "12" and out["filings"][0]["filing"]["category"] == "long_term_retiree"
    out = cli("person-status", idn, "suspend", "--today", "2026-03-02")
    assert out["person"]["insurance_status"] == "suspended"
    e = cli("eligibility", idn, "--date", "2026-03-03", "--region", "110100")
    assert not e["covered"] and e["reasons"][0]["clause"] == "辽社险办〔2017〕29号 第十三条(二)"
    history = cli("show", f["id"], "--history")["history"]
    assert [h["action"] for h in history][-2:] == ["person_retire", "person_suspend"]
    out = cli("person-status", idn, "resume", "--today", "2026-03-04")
    assert out["person"]["insurance_status"] == "active"
