"""The request envelope and the response (the national interface specification, see
docs/national-interface.md: request envelope and response)."""

from __future__ import annotations

from datetime import datetime

import pytest

from yidi.domain.errors import InvalidInput
from yidi.domain.national.envelope import check_msgid, parse_envelope
from yidi.domain.national.errors import NationalError, translate
from yidi.domain.national.response import ref_msgid, respond

ENV = {
    "infno": "2304", "msgid": "H21010000001202601051059220001", "mdtrtarea_admvs": "210100",
    "insuplc_admdvs": "211200", "recer_sys_code": "01", "dev_no": "", "dev_safe_info": "", "cainfo": "",
    "signtype": "", "infver": "V1.0", "opter_type": "1", "opter": "001", "opter_name": "收费员",
    "inf_time": "2026-01-05 10:59:22", "fixmedins_code": "H21010000001", "fixmedins_name": "演示医院",
    "sign_no": "Q1", "input": {"data": {}},
}  # fmt: skip


def test_a_valid_envelope():
    env = parse_envelope(ENV)
    assert (
        env.infno == "2304" and env.inf_time == datetime(2026, 1, 5, 10, 59, 22) and env.input == {"data": {}}
    )


@pytest.mark.parametrize(
    "name",
    [
        "infno",
        "msgid",
        "mdtrtarea_admvs",
        "recer_sys_code",
        "infver",
        "opter_type",
        "opter",
        "opter_name",
        "inf_time",
        "fixmedins_code",
        "fixmedins_name",
        "input",
    ],
)
def test_required_fields_are_named(name):
    with pytest.raises(NationalError) as e:
        parse_envelope({k: v for k, v in ENV.items() if k != name})
    assert e.value.field == name and "缺少必填字段" in e.value.zh


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("infno", "23"),
        ("mdtrtarea_admvs", "21010"),
        ("insuplc_admdvs", "abcdef"),
        ("opter_type", "4"),
        ("fixmedins_code", "210100000001"),
        ("opter", "x" * 31),
        ("input", "[]"),
    ],
)
def test_bad_values_are_named(name, value):
    with pytest.raises(NationalError) as e:
        parse_envelope({**ENV, name: value})
    assert e.value.field == name


def test_msgid_format():
    check_msgid("H21010000001202601051059220001", "H21010000001")
    for bad in (
        "H21010000001202601051059221",
        "H21010000002202601051059220001",
        "H21010000001202613051059220001",
    ):
        with pytest.raises(NationalError):
            check_msgid(bad, "H21010000001")


def test_url_infno():
    assert parse_envelope({**ENV, "infno": ""}, url_infno="2304").infno == "2304"
    with pytest.raises(NationalError):
        parse_envelope(ENV, url_infno="2301")


def test_response_shape():
    at = datetime(2026, 1, 5, 10, 59, 22, 123000)
    ok = respond(infcode=0, refmsgid=ref_msgid("210100", at, 42), received=at, responded=at, output={"a": 1})
    assert ok["inf_refmsgid"] == "210100202601051059220000000042" and len(ok["inf_refmsgid"]) == 30
    assert ok["err_msg"] == "成功" and ok["refmsg_time"] == "20260105105922123"
    assert set(ok) == {
        "infcode",
        "inf_refmsgid",
        "refmsg_time",
        "respond_time",
        "err_msg",
        "warn_msg",
        "output",
    }


def test_errors_translate_with_field_and_chinese():
    err = translate(InvalidInput.of("certno", "证件号码校验位错误", "bad check digit"), "input.data.")
    assert err.field == "input.data.certno" and err.err_msg.startswith("FSI-证件号码校验位错误")
    assert len(NationalError("x", "长" * 500).err_msg) == 200
