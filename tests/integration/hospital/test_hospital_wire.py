"""What the wire must carry: JSON only, no repeated keys, char fields as strings, arrays as
arrays; 9102 answers the file itself. Each is refused by name."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from decimal import Decimal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hospital_flow import admission, fee_line, fees, settle_data
from hospital_his import HttpHis
from tests.integration.hospital.conftest import add_hospital

from yidi.domain.national.recon_file import DetailRow, upload_zip
from yidi.entrypoints.api import national


@pytest.fixture
def http_his(huow_factory):
    app = FastAPI()
    app.state.hospital_uow_factory = huow_factory
    app.include_router(national.router)
    cred = add_hospital(huow_factory, "H21010000003", "3A")
    his = HttpHis(TestClient(app), "H21010000003", "210100", cred["paasid"], cred["secret"])
    his.sign_in()
    return his


def post(his, body: bytes, **headers: str):
    return his.client.post("/fsi/api/callService", content=body, headers=his.headers(body, **headers))


def test_a_body_that_is_not_json_by_content_type_is_refused(http_his):
    body = json.dumps(http_his.envelope("1101", {"data": {}})).encode()
    resp = post(http_his, body, **{"content-type": "text/plain"})
    assert resp.json()["infcode"] == -1 and "Content-Type" in resp.json()["err_msg"]
    ok = post(http_his, body, **{"content-type": "application/json; charset=utf-8"})
    assert "Content-Type" not in ok.json()["err_msg"]


def test_duplicate_keys_are_refused_naming_the_key(http_his):
    env = json.dumps(http_his.envelope("1101", {"data": {"mdtrt_cert_type": "02"}}), ensure_ascii=False)
    body = env.replace('"mdtrt_cert_type": "02"', '"mdtrt_cert_type": "02", "mdtrt_cert_type": "03"').encode()
    resp = post(http_his, body).json()
    assert resp["infcode"] == -1 and "mdtrt_cert_type" in resp["err_msg"] and "重复" in resp["err_msg"]


def test_wrong_json_types_are_refused(hospital, person):
    idn = person()
    hospital.insuplc = "211200"
    numeric = hospital.send({**hospital.envelope("1101", {"data": {}}), "infno": 1101})
    assert numeric["infcode"] == -1 and "infno" in numeric["err_msg"] and "字符串" in numeric["err_msg"]
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    line = fee_line(idn, mdtrt_id, "F1", "001102000010000-110200001", "1", "70")
    as_object = hospital.call("2301", {"feedetail": line})
    assert (
        as_object["infcode"] == -1
        and "input.feedetail" in as_object["err_msg"]
        and "数组" in as_object["err_msg"]
    )
    as_number = hospital.call("2301", {"feedetail": [{**line, "med_type": 21}]})
    assert as_number["infcode"] == -1 and "med_type" in as_number["err_msg"]


def test_9102_answers_the_file_itself(http_his):
    content = upload_zip([DetailRow("S1", "M1", "P1", 100, 50, 0, "0")])
    up = http_his.ok(
        "9101",
        {"fsUploadIn": {"in": base64.b64encode(content).decode(), "filename": "d.zip",
                        "fixmedins_code": http_his.code}},
    )  # fmt: skip
    no = up["output"]["file_qury_no"]
    body = json.dumps(
        http_his.envelope(
            "9102",
            {"fsDownloadIn": {"file_qury_no": no, "filename": "d.zip", "fixmedins_code": http_his.code}},
        )
    ).encode()
    resp = post(http_his, body)
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/zip"
    assert resp.content == content and "d.zip" in resp.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(resp.content)) as z:
        assert z.read(z.namelist()[0]).decode().startswith("S1\t")


def test_numeric_fields_are_json_numbers_and_empty_ones_null(http_his, person):
    idn = person()
    http_his.insuplc = "211200"
    mdtrt_id = http_his.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id, [("001102000010000-110200001", "2", "70"), ("NOPE000001", "1", "10.00")])
    raw = post(http_his, json.dumps(http_his.envelope("2301", body)).encode())
    assert '"det_item_fee_sumamt":140.00' in raw.text and '"cnt":2.0000' in raw.text
    rows = raw.json()["output"]["result"]
    assert rows[1]["inscp_scp_amt"] is None and rows[1]["memo"]  # a refused line: no amounts, null
    env = http_his.envelope("2304", settle_data(idn, mdtrt_id, 140))  # a HIS may send numbers too
    text = post(http_his, json.dumps(env).encode()).text
    assert '"medfee_sumamt":140.00' in text and '"pool_prop_selfpay":' in text
    info = json.loads(text, parse_float=Decimal)["output"]["setlinfo"]
    assert info["medfee_sumamt"] == Decimal("140.00") and isinstance(info["setl_id"], str)
