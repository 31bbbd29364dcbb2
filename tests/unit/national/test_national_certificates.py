"""就诊凭证 resolution shared by 1101 and the hospital desk's patient lookup."""

from __future__ import annotations

import pytest

from yidi.domain.errors import InvalidInput
from yidi.domain.identifiers import check_char
from yidi.domain.national.certificates import resolve_certificate

BODY = "21010219550203002"
IDN = BODY + check_char(BODY)


def test_id_card_and_social_security_card_name_the_person() -> None:
    assert resolve_certificate("02", IDN, "cert_no").value == IDN
    assert resolve_certificate("03", IDN.lower(), "cert_no").value == IDN


def test_refusals_name_the_field_and_say_what_to_present() -> None:
    with pytest.raises(InvalidInput) as card:
        resolve_certificate("03", "A1234567", "cert_no")
    assert (
        card.value.problems[0].field == "cert_no"
        and "社会保障卡卡号“A1234567”未登记" in card.value.problems[0].zh
    )
    with pytest.raises(InvalidInput) as voucher:
        resolve_certificate("01", "token", "data.mdtrt_cert_no", "data.mdtrt_cert_type")
    assert (
        voucher.value.problems[0].field == "data.mdtrt_cert_type"
        and "电子凭证" in voucher.value.problems[0].zh
    )
    with pytest.raises(InvalidInput) as unknown:
        resolve_certificate("09", IDN, "cert_no")
    assert "01 医保电子凭证、02 居民身份证或 03 社会保障卡" in unknown.value.problems[0].zh
    with pytest.raises(InvalidInput) as bad:
        resolve_certificate("02", "2101", "cert_no")
    assert "18 位" in bad.value.problems[0].zh
