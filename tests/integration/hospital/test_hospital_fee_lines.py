"""2301 keeps exactly what it says it took: a repeated ``feedetl_sn`` refuses the upload by name,
退单 lines (negative ``cnt`` + ``init_feedetl_sn``) net against their original, settled lines are
immutable, and the totals of the 2301 results are what 2303/2304 settle."""

from __future__ import annotations

from decimal import Decimal

from hospital_flow import admission, fee_line, fees, settle_data

BED = "001102000010000-110200001"  # 床位费 70.00, cap 60.00 per day
PCI = "003107010010000-310701001"  # 乙类 10 %


def err(resp):
    assert resp["infcode"] == -1, resp
    return resp["err_msg"]


def open_stay(hospital, person):
    idn = person()
    hospital.insuplc = "211200"
    return idn, hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]


def result_total(*responses):
    return sum(
        Decimal(r["det_item_fee_sumamt"])
        for resp in responses
        for r in resp["output"]["result"]
        if r["memo"] == ""
    )


def unsettled(huow_factory, mdtrt_id):
    with huow_factory() as uow:
        return {f.feedetl_sn: f for f in uow.hospital.fees(mdtrt_id, unsettled=True)}


def test_a_repeated_sn_in_one_upload_refuses_it_by_name(hospital, person, huow_factory):
    idn, mdtrt_id = open_stay(hospital, person)
    body = {
        "feedetail": [
            fee_line(idn, mdtrt_id, "F7", BED, "1", "70"),
            fee_line(idn, mdtrt_id, "F7", PCI, "1", "100"),
        ]
    }
    msg = err(hospital.call("2301", body))
    assert "F7" in msg and "重复" in msg and "feedetail[1].feedetl_sn" in msg
    assert unsettled(huow_factory, mdtrt_id) == {}


def test_reuploading_an_existing_sn_with_a_new_amount_is_refused(hospital, person, huow_factory):
    idn, mdtrt_id = open_stay(hospital, person)
    hospital.ok("2301", {"feedetail": [fee_line(idn, mdtrt_id, "F1", PCI, "1", "100")]})
    msg = err(hospital.call("2301", {"feedetail": [fee_line(idn, mdtrt_id, "F1", PCI, "1", "150")]}))
    assert "F1" in msg and "2302" in msg
    assert unsettled(huow_factory, mdtrt_id)["F1"].det_item_fee_sumamt == 10000
    # the documented way to change it: 2302 then upload again
    hospital.ok("2302", {"data": {"feedetl_sn": "F1", "mdtrt_id": mdtrt_id, "psn_no": idn}})
    hospital.ok("2301", {"feedetail": [fee_line(idn, mdtrt_id, "F1", PCI, "1", "150")]})
    hospital.ok("2303", settle_data(idn, mdtrt_id, "150.00"))


def test_refund_lines_net_against_their_original(hospital, person, huow_factory):
    idn, mdtrt_id = open_stay(hospital, person)
    up = hospital.ok("2301", {"feedetail": [fee_line(idn, mdtrt_id, "F1", BED, "10", "70"),
                                            fee_line(idn, mdtrt_id, "F2", PCI, "1", "100")]})  # fmt: skip
    back = hospital.ok("2301", {"feedetail": [
        fee_line(idn, mdtrt_id, "R1", BED, "-3", "70", init_feedetl_sn="F1"),
    ]})  # fmt: skip
    row = back["output"]["result"][0]
    assert row["memo"] == "" and Decimal(row["det_item_fee_sumamt"]) == Decimal("-210.00")
    assert Decimal(row["overlmt_amt"]) == Decimal("-30.00")  # 7 days over the cap instead of 10
    # the results' total is what 2303 settles: 700 + 100 − 210
    total = result_total(up, back)
    assert total == Decimal("590.00")
    pre = hospital.ok("2303", settle_data(idn, mdtrt_id, f"{total:.2f}"))["output"]["setlinfo"]
    assert Decimal(pre["medfee_sumamt"]) == total and Decimal(pre["overlmt_selfpay"]) == Decimal("70.00")
    # too much back, a refund of an unknown line, a refund without its original's code: row refusals
    more = hospital.ok("2301", {"feedetail": [
        fee_line(idn, mdtrt_id, "R2", BED, "-8", "70", init_feedetl_sn="F1"),
        fee_line(idn, mdtrt_id, "R3", BED, "-1", "70", init_feedetl_sn="F9"),
        fee_line(idn, mdtrt_id, "R4", PCI, "-1", "70", init_feedetl_sn="F1"),
    ]})  # fmt: skip
    memos = [r["memo"] for r in more["output"]["result"]]
    assert "超过" in memos[0] and "F9" in memos[1] and "相同" in memos[2]
    settled = hospital.ok("2304", settle_data(idn, mdtrt_id, f"{total:.2f}"))["output"]["setlinfo"]
    assert Decimal(settled["medfee_sumamt"]) == total
    # settled lines are immutable: no refund, no re-upload, no 2302
    late = hospital.ok(
        "2301", {"feedetail": [fee_line(idn, mdtrt_id, "R5", BED, "-1", "70", init_feedetl_sn="F1")]}
    )
    assert "已结算" in late["output"]["result"][0]["memo"]
    assert "F1" in err(hospital.call("2301", {"feedetail": [fee_line(idn, mdtrt_id, "F1", BED, "1", "70")]}))
    assert "2305" in err(
        hospital.call("2302", {"data": {"feedetl_sn": "F1", "mdtrt_id": mdtrt_id, "psn_no": idn}})
    )


def test_a_negative_count_needs_its_original_and_2302_takes_the_returns_along(hospital, person, huow_factory):
    idn, mdtrt_id = open_stay(hospital, person)
    msg = err(hospital.call("2301", {"feedetail": [fee_line(idn, mdtrt_id, "R1", BED, "-1", "70")]}))
    assert "init_feedetl_sn" in msg and "cnt" in msg
    hospital.ok("2301", fees(idn, mdtrt_id, [(BED, "2", "70")]))
    hospital.ok(
        "2301", {"feedetail": [fee_line(idn, mdtrt_id, "R1", BED, "-2", "70", init_feedetl_sn="F0001")]}
    )
    hospital.ok("2302", {"data": {"feedetl_sn": "F0001", "mdtrt_id": mdtrt_id, "psn_no": idn}})
    assert unsettled(huow_factory, mdtrt_id) == {}
