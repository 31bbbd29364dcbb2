"""Seed 001 四.1: "转诊至沈阳市的住院费用异地就医直接结算执行省直医保有关规定" — a 铁岭 employee's
referral stay in 沈阳 settles directly under the 省直 benefit policy (A-SET-09), at the desk and in
the batch alike; a manual claim keeps 铁岭's own standard (the same clause)."""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from yidi.domain.settlement.request import parse_request
from yidi.policy.loader import load_region
from yidi.service_layer.batch import reprice
from yidi.service_layer.desk import settle_request

REQ = {"insuplc_admdvs": "211200", "mdtrtarea_admvs": "210100", "insutype": "310", "psn_type": "11",
       "cvlserv_flag": "0", "filing_category": "referral", "hosp_lv": "3", "setl_time": "2026-03-01",
       "med_type": "21", "medfee_sumamt": "10000.00", "fulamt_ownpay_amt": "0.00", "overlmt_selfpay": "0.00",
       "preselfpay_amt": "0.00", "inscp_scp_amt": "10000.00", "acct_used_flag": "0", "acct_balc": "0.00"}  # fmt: skip


def test_the_desk_uses_the_provincial_policy_and_says_so():
    settled = settle_request(parse_request(REQ))
    assert settled.resolution.policy.region == "219900" and settled.amounts["act_pay_dedc"] == 150_000
    first = settled.result()["explanation"][0]
    assert first["field"] == "policy_region" and "执行省直医保有关规定" in first["rule"]
    assert first["assumption_id"] == "A-SET-09"


def test_a_given_policy_is_used_as_is():  # a manual claim passes the insured region's policy
    settled = settle_request(parse_request(REQ), load_region("211200"))
    assert settled.delegation is None and settled.amounts["act_pay_dedc"] == 175_000


def test_the_batch_delegates_the_same_rows():
    rows = [REQ, {**REQ, "mdtrtarea_admvs": "210200"}, {**REQ, "insutype": "390", "psn_type": "14", "hosp_lv": "3A"}]
    table = pa.table({k: [r[k] for r in rows] for k in REQ if k not in ("med_type",)})
    table = table.set_column(
        table.schema.get_field_index("setl_time"), "setl_time", pa.array([date.fromisoformat(r["setl_time"]) for r in rows])
    )
    out = reprice(table).table.column("out_act_pay_dedc").to_pylist()
    desk = [settle_request(parse_request(r)).amounts["act_pay_dedc"] for r in rows]
    assert [int(v * 100) for v in out] == desk == [150_000, 175_000, 200_000]
