"""就诊凭证 (mdtrt_cert_type / mdtrt_cert_no): which person a presented certificate names.

The national interface specification (1101 人员信息获取; see docs/national-interface.md) knows
three certificates: 01 医保电子凭证 (an e-voucher token issued by the national platform's app), 02
居民身份证 (the ID number) and 03 社会保障卡 (the card number, with ``card_sn``). yidi has no card
register yet, so a 03 card is resolved through the number printed on it, which for a card issued
to a citizen is the 公民身份号码; a 01 token is resolved by the e-voucher service the caller
passes (``service_layer/e_vouchers.verify``; without one, 01 is refused with what to present
instead). The hospital interface (1101) and the hospital desk's patient lookup both resolve
through here.
"""

from __future__ import annotations

from collections.abc import Callable

from yidi.domain.errors import InvalidInput
from yidi.domain.identifiers import IdNumber, parse_id_number
from yidi.domain.national.codes import MDTRT_CERT_TYPES

E_VOUCHER, ID_CARD, SOCIAL_SECURITY_CARD = "01", "02", "03"


def resolve_certificate(
    cert_type: str,
    cert_no: str,
    field: str,
    type_field: str = "",
    e_voucher: Callable[[str], str | None] | None = None,
) -> IdNumber:
    """The ID number a 就诊凭证 names; refusals name ``field`` (or ``type_field`` for the type).
    ``e_voucher`` resolves a 01 token to an ID number (None: invalid or expired)."""
    if cert_type not in MDTRT_CERT_TYPES:
        raise InvalidInput.of(
            type_field or field,
            f"就诊凭证类型应为 01 医保电子凭证、02 居民身份证或 03 社会保障卡，而不是“{cert_type}”",
            f"certificate type must be 01, 02 or 03, not {cert_type!r}",
        )
    if cert_type == E_VOUCHER and e_voucher is not None:
        found = e_voucher(cert_no) if cert_no.strip() else None
        if found is None:
            raise InvalidInput.of(
                field,
                "医保电子凭证无效或已过期，请在医保App中刷新后重新出示",
                "the e-voucher token is invalid or expired: refresh it in the app",
            )
        return parse_id_number(found, field)
    if cert_type == E_VOUCHER:
        raise InvalidInput.of(
            type_field or field,
            "暂不支持医保电子凭证令牌，请用 02 身份证或 03 社保卡",
            "the e-voucher token is not supported yet: present 02 ID card or 03 social security card",
        )
    if cert_type == SOCIAL_SECURITY_CARD:
        try:
            return parse_id_number(cert_no.upper(), field)
        except InvalidInput:
            raise InvalidInput.of(
                field,
                f"社会保障卡卡号“{cert_no.strip()}”未登记；请核对卡面上的社会保障号码（即公民身份号码）",
                f"social security card {cert_no.strip()!r} is not registered: use the number on the card",
            ) from None
    return parse_id_number(cert_no.upper(), field)
