"""Patient lookup at the hospital desk by 就诊凭证: ID card or social security card (1101's resolution)."""

from __future__ import annotations

from yidi.service_layer.demo_seed import PERSONS


def test_hospital_finds_a_patient_by_social_security_card(login) -> None:
    desk = login("yiyuan")
    r = desk.get("/ui/desk/patient", params={"cert_type": "03", "cert_no": PERSONS[1].id_number.lower()})
    assert r.status_code == 200
    assert PERSONS[1].name in r.text and 'id="eligibility"' in r.text
    assert "职工基本医疗保险（310）" in r.text and "退休（12）" in r.text
    assert '<option value="03" selected>' in r.text


def test_hospital_finds_a_patient_by_e_voucher(login) -> None:  # seed 1101 mdtrt_cert_type 01 (issue 15)
    from yidi.service_layer import e_vouchers

    desk = login("yiyuan")
    token = e_vouchers.issue(PERSONS[1].id_number)
    r = desk.get("/ui/desk/patient", params={"cert_type": "01", "cert_no": token})
    assert r.status_code == 200 and PERSONS[1].name in r.text


def test_unknown_card_and_e_voucher_are_named_beside_the_number(login) -> None:
    desk = login("yiyuan")

    def error(**params: str) -> str:
        page = desk.get("/ui/desk/patient", params=params).text
        assert 'id="f-cert_no"' in page and 'aria-invalid="true" aria-describedby="e-cert_no"' in page
        return page.split('id="e-cert_no"', 1)[1].split("</small>", 1)[0]

    assert "社会保障卡卡号“A1234567”未登记" in error(cert_type="03", cert_no="A1234567")
    assert "未查询到此社会保障卡号码的参保登记" in error(cert_type="03", cert_no="11010519491231002X")
    assert "医保电子凭证无效或已过期" in error(cert_type="01", cert_no="ECforged.token")
    assert "身份证号应为 18 位" in error(cert_type="02", cert_no="2101")
