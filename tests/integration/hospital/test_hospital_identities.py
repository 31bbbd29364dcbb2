"""The identities hold on every settlement: random bills from the demo catalogue, random persons
(employee / resident, civil servant or not, with or without account), settled through 2304 and
reversed through 2305; the period's 3201 totals equal the sum of the settlements to the fen."""

from __future__ import annotations

import random
from decimal import Decimal

from hospital_flow import admission, fees, settle_data, total
from hospital_his import His
from tests.integration.hospital.conftest import add_hospital

from yidi.domain.national.identities import violations
from yidi.policy.catalogue import default_registry

CODES = sorted(default_registry().for_region("210100").items)


def test_identities_on_random_bills(hospital, person):
    rng = random.Random(20261123)
    settled = []
    for k in range(8):
        idn = person(balance=rng.choice([0, 50_000, 10_000_000]), civil_servant=rng.random() < 0.3)
        hospital.insuplc = "211200"
        mdtrt_id = hospital.ok("2401", admission(idn, ipt_no=f"R{k}"))["output"]["result"]["mdtrt_id"]
        lines = [
            (rng.choice(CODES), str(rng.randint(1, 20)), f"{rng.randint(1, 2_000_000) / 100:.2f}")
            for _ in range(rng.randint(1, 40))
        ]
        body = fees(idn, mdtrt_id, lines)
        hospital.ok("2301", body)
        out = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body), acct_used_flag=rng.choice("01")))[
            "output"
        ]
        assert violations(out["setlinfo"], out["setldetail"]) == []
        settled.append(out["setlinfo"])
        if rng.random() < 0.3:
            rev = hospital.ok(
                "2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": out["setlinfo"]["setl_id"], "psn_no": idn}}
            )
            assert violations(rev["output"]["setlinfo"], rev["output"]["setldetail"]) == []
            settled.append(rev["output"]["setlinfo"])

    def tot(key: str) -> str:
        return str(sum(Decimal(s[key]) for s in settled))

    recon = {"insutype": "310", "clr_type": "21", "setl_optins": "210100", "stmt_begndate": "2026-01-10",
             "stmt_enddate": "2026-01-10", "medfee_sumamt": tot("medfee_sumamt"), "fund_pay_sumamt": tot("fund_pay_sumamt"),
             "acct_pay": tot("acct_pay"), "fixmedins_setl_cnt": str(len(settled)), "refd_setl_flag": "1"}  # fmt: skip
    assert hospital.ok("3201", {"data": recon})["output"]["stmtinfo"]["stmt_rslt"] == "0"


def test_resident_scheme_settles_with_the_national_person_type(person, huow_factory):
    """The register's 13 居民 becomes the national 14/15/16 by age (the policy keys on those);
    Tieling's resident policy needs 三级甲/乙, so the hospital is 3A (a plain 3 is refused)."""
    add_hospital(huow_factory, "H21010000005", "3A")
    hospital = His(huow_factory, "H21010000005", "210100")
    hospital.sign_in()
    idn = person(insutype="390", psn_type="13", balance=0)
    hospital.insuplc = "211200"
    info = hospital.ok("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": idn}})["output"][
        "insuinfo"
    ][0]
    assert info["insutype"] == "390" and info["psn_type"] in ("14", "15", "16")
    body = admission(idn)
    body["mdtrtinfo"]["insutype"] = "390"
    mdtrt_id = hospital.ok("2401", body)["output"]["result"]["mdtrt_id"]
    bill = fees(idn, mdtrt_id)
    hospital.ok("2301", bill)
    out = hospital.ok("2304", settle_data(idn, mdtrt_id, total(bill), insutype="390", acct_used_flag="0"))[
        "output"
    ]
    assert (
        out["setlinfo"]["psn_type"] == info["psn_type"] and out["setldetail"][0]["fund_pay_type"] == "390100"
    )
    assert violations(out["setlinfo"], out["setldetail"]) == []
