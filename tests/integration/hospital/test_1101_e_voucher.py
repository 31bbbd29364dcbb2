"""1101 accepts 医保电子凭证 (mdtrt_cert_type 01, the national interface: "为“01”时填写电子凭证令牌"):
the token resolves to the person through the one certificate resolution; a forged, altered or
expired token is refused beside ``mdtrt_cert_no``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from yidi.service_layer import e_vouchers


def info(hospital, token: str) -> dict:
    return hospital.call("1101", {"data": {"mdtrt_cert_type": "01", "mdtrt_cert_no": token, "psn_name": "张三"}})


def test_1101_resolves_an_e_voucher_token(hospital, person):
    idn = person()
    out = info(hospital, e_vouchers.issue(idn))
    assert out["infcode"] == 0, out["err_msg"]
    assert out["output"]["baseinfo"]["certno"] == idn
    assert out["output"]["baseinfo"]["psn_no"] == hospital.psn_no(idn) != idn  # one person number
    assert out["output"]["insuinfo"][0]["insuplc_admdvs"] == "211200"


def test_forged_altered_and_expired_tokens_are_refused(hospital, person):
    idn, other = person(), person()
    token = e_vouchers.issue(idn)
    body, mac = token[2:].split(".")
    swapped = "EC" + e_vouchers.issue(other)[2:].split(".")[0] + "." + mac  # another person, this signature
    for bad in ("EC" + body + ".AAAAAAAAAAAAAAAA", swapped, "token", ""):
        out = info(hospital, bad)
        assert out["infcode"] == -1 and "mdtrt_cert_no" in out["err_msg"], bad
    old = e_vouchers.issue(idn, datetime.now(UTC) - e_vouchers.LIFETIME - timedelta(minutes=1))
    assert e_vouchers.verify(old) is None and e_vouchers.verify(token) == idn
