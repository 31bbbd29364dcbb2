"""The HTTP endpoint with signed requests: both URL forms, and refused authentication
(bad signature, stale timestamp, replayed nonce, unknown paasid) — each logged."""

from __future__ import annotations

import json
import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hospital_flow import admission, fees, settle_data, total
from hospital_his import HttpHis
from tests.integration.hospital.conftest import add_hospital

from yidi.adapters.db import session_factory
from yidi.entrypoints.api import national
from yidi.entrypoints.api.app import create_app
from yidi.service_layer.hospital.auth import sign
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork


@pytest.fixture(params=["bare", "create_app"])
def client(request, huow_factory, engine, clock):
    """A bare app with a hospital unit of work, and the project's ``create_app`` with only the
    filing unit of work (the router derives its own from it), as app.py will include it."""
    if request.param == "bare":
        app = FastAPI()
        app.state.hospital_uow_factory = huow_factory
    else:
        sessions = session_factory(engine)
        app = create_app(uow_factory=lambda: SqlAlchemyUnitOfWork(sessions, clock=clock))
    app.include_router(national.router)
    return TestClient(app)


@pytest.fixture
def http_his(client, huow_factory):
    cred = add_hospital(huow_factory, "H21010000003", "3A")
    his = HttpHis(client, "H21010000003", "210100", cred["paasid"], cred["secret"])
    his.sign_in()
    return his


def auth_events(factory):
    with factory() as uow:
        return [r["outcome"] for r in uow.hospital.auth_events()]


def test_signed_flow_over_http(http_his, person):
    idn = person()
    http_his.insuplc = "211200"
    mdtrt_id = http_his.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    http_his.ok("2301", body)
    env = http_his.envelope("2304", settle_data(idn, mdtrt_id, total(body)))
    resp = http_his.send(env, url_infno="2304")  # POST /fsi/api/2304
    assert resp["infcode"] == 0 and resp["output"]["setlinfo"]["setl_id"]
    assert http_his.send(env) == resp  # same msgid through the other URL: the first answer


def test_url_code_must_match_the_envelope(http_his):
    resp = http_his.send(http_his.envelope("1101", {"data": {}}), url_infno="2304")
    assert resp["infcode"] == -1 and "infno" in resp["err_msg"]


def test_refused_authentication_is_logged(client, http_his, huow_factory):
    body = json.dumps(http_his.envelope("1101", {"data": {}})).encode()
    bad = http_his.headers(body, **{"x-tif-signature": "0" * 64})
    r = client.post("/fsi/api/callService", content=body, headers=bad)
    assert r.status_code == 401 and r.json()["infcode"] == -1 and "签名" in r.json()["err_msg"]
    stale = http_his.headers(body, **{"x-tif-timestamp": str(int(time.time()) - 3600)})
    stale["x-tif-signature"] = sign(http_his.secret, stale["x-tif-timestamp"], stale["x-tif-nonce"], body)
    assert client.post("/fsi/api/callService", content=body, headers=stale).status_code == 401
    good = http_his.headers(body)
    assert client.post("/fsi/api/callService", content=body, headers=good).status_code == 200
    assert client.post("/fsi/api/callService", content=body, headers=good).status_code == 401  # replay
    unknown = http_his.headers(body, **{"x-tif-paasid": "nobody"})
    assert client.post("/fsi/api/callService", content=body, headers=unknown).status_code == 401
    assert client.post("/fsi/api/callService", content=body).status_code == 401
    assert auth_events(huow_factory) == [
        "bad_signature",
        "stale_timestamp",
        "replayed_nonce",
        "unknown_paasid",
        "unknown_paasid",
    ]


def test_signature_covers_the_body(client, http_his):
    body = json.dumps(http_his.envelope("1101", {"data": {}})).encode()
    headers = http_his.headers(body)
    tampered = body.replace(b'"1101"', b'"2304"')
    assert client.post("/fsi/api/callService", content=tampered, headers=headers).status_code == 401


def test_a_hospital_cannot_act_for_another(client, http_his, huow_factory):
    other = add_hospital(huow_factory, "H21010000004", "2")
    env = http_his.envelope("1101", {"data": {}})  # fixmedins_code H21010000003, signed by H21010000004
    body = json.dumps(env).encode()
    spoof = HttpHis(client, "H21010000004", "210100", other["paasid"], other["secret"])
    r = client.post("/fsi/api/callService", content=body, headers=spoof.headers(body))
    assert r.status_code == 200 and r.json()["infcode"] == -1 and "fixmedins_code" in r.json()["err_msg"]


def test_malformed_json_is_a_national_failure(client, http_his):
    body = b"{not json"
    r = client.post("/fsi/api/callService", content=body, headers=http_his.headers(body))
    assert r.status_code == 200 and r.json()["infcode"] == -1 and "JSON" in r.json()["err_msg"]
